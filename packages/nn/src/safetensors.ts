import { type DType, isTensor, type Tensor, tensor } from '@plasticity/core';
import { fail, fmtShape } from './errors';
import type { LoadStateDictOptions, LoadStateDictResult, Module } from './module';

/** The safetensors dtypes this library reads; it writes F32, I32 and BOOL. */
export type SafetensorsDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

const ITEM_SIZE: Record<SafetensorsDType, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};
const TARGET: Record<SafetensorsDType, DType> = {
  F64: 'float32',
  F32: 'float32',
  F16: 'float32',
  BF16: 'float32',
  I64: 'int32',
  I32: 'int32',
  I16: 'int32',
  I8: 'int32',
  U8: 'int32',
  BOOL: 'bool',
};
const WRITE: Record<DType, SafetensorsDType> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };

/** Refuse headers past 100 MB, as the reference implementation does: a corrupt length must not allocate gigabytes. */
const MAX_HEADER = 100_000_000;

/** One entry of a safetensors header. */
export interface SafetensorsEntry {
  dtype: SafetensorsDType;
  shape: number[];
  dataOffsets: [number, number];
}

/** A parsed and validated header: entries by name, and the optional string metadata. */
export interface SafetensorsHeader {
  entries: Record<string, SafetensorsEntry>;
  metadata: Record<string, string>;
  /** Byte offset of the data buffer in the file (8 + header length). */
  dataStart: number;
}

/** Options of `saveSafetensors`. */
export interface SaveSafetensorsOptions {
  /** String key–values stored under `__metadata__` (e.g. `{ format: 'pt' }`). */
  metadata?: Record<string, string>;
}

/**
 * Serialises named tensors to the safetensors format (huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of JSON `{ name: { dtype, shape, data_offsets } }` padded with spaces to a
 * multiple of 8, then the little-endian data of each tensor in name order. Works on every backend.
 */
export async function saveSafetensors(
  tensors: Record<string, Tensor> | Module<any, any>,
  options: SaveSafetensorsOptions = {},
): Promise<Uint8Array> {
  const op = 'saveSafetensors(tensors)';
  const dict = toDict(op, tensors);
  const names = Object.keys(dict).sort();
  const data = await Promise.all(names.map((n) => dict[n].data()));
  return encode(
    op,
    names,
    names.map((n) => dict[n]),
    data,
    options,
  );
}

/** Like `saveSafetensors`, synchronously (CPU tensors only). */
export function saveSafetensorsSync(
  tensors: Record<string, Tensor> | Module<any, any>,
  options: SaveSafetensorsOptions = {},
): Uint8Array {
  const op = 'saveSafetensorsSync(tensors)';
  const dict = toDict(op, tensors);
  const names = Object.keys(dict).sort();
  return encode(
    op,
    names,
    names.map((n) => dict[n]),
    names.map((n) => dict[n].dataSync()),
    options,
  );
}

function toDict(op: string, tensors: Record<string, Tensor> | Module<any, any>): Record<string, Tensor> {
  if (tensors === null || typeof tensors !== 'object') fail(op, 'expected an object of tensors or a Module');
  const dict =
    typeof (tensors as Module<any, any>).stateDict === 'function'
      ? (tensors as Module<any, any>).stateDict()
      : (tensors as Record<string, Tensor>);
  for (const [name, t] of Object.entries(dict)) {
    if (!isTensor(t)) fail(op, `'${name}' is not a tensor`);
    t.assertLive(op);
    if (name === '__metadata__' || name === '') fail(op, `'${name}' is not a valid tensor name`);
  }
  return dict;
}

function encode(
  op: string,
  names: string[],
  ts: Tensor[],
  data: ArrayLike<number>[],
  options: SaveSafetensorsOptions,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (options.metadata !== undefined) {
    for (const [k, v] of Object.entries(options.metadata))
      if (typeof v !== 'string') fail(op, `metadata value '${k}' must be a string, got ${typeof v}`);
    header.__metadata__ = options.metadata;
  }
  let offset = 0;
  names.forEach((name, i) => {
    const dtype = WRITE[ts[i].dtype];
    const bytes = ts[i].size * ITEM_SIZE[dtype];
    header[name] = { dtype, shape: [...ts[i].shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  });
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  names.forEach((name, i) => {
    const values = data[i];
    const dtype = WRITE[ts[i].dtype];
    for (let j = 0; j < values.length; j++) {
      if (dtype === 'F32') view.setFloat32(at, values[j], true);
      else if (dtype === 'I32') view.setInt32(at, values[j], true);
      else view.setUint8(at, values[j] ? 1 : 0);
      at += ITEM_SIZE[dtype];
    }
    void name;
  });
  return out;
}

function bad(detail: string): never {
  return fail('loadSafetensors(bytes)', `not a valid safetensors file: ${detail}`);
}

/** Parses and validates a safetensors header without reading the tensors. */
export function parseSafetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  if (!(bytes instanceof Uint8Array))
    fail('loadSafetensors(bytes)', `expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length < 8) bad(`${bytes.length} bytes is shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) bad(`header length ${n} exceeds the ${MAX_HEADER}-byte limit`);
  const headerLength = Number(n);
  if (8 + headerLength > bytes.length)
    bad(`header length ${headerLength} runs past the end of the ${bytes.length}-byte file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    return bad('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) bad("the header does not start with '{'");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return bad(`the header is not valid JSON (${(error as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) bad('the header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const entries: Record<string, SafetensorsEntry> = {};
  let metadata: Record<string, string> = {};
  const spans: [number, number, string][] = [];
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        bad('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(value as object))
        if (typeof v !== 'string') bad(`__metadata__.${k} must be a string`);
      metadata = value as Record<string, string>;
      continue;
    }
    const e = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e === null || typeof e !== 'object') bad(`entry '${name}' is not an object`);
    const dtype = e.dtype as SafetensorsDType;
    if (typeof dtype !== 'string' || !(dtype in ITEM_SIZE))
      bad(
        `entry '${name}' has unsupported dtype ${JSON.stringify(e.dtype)} (supported: ${Object.keys(ITEM_SIZE).join(', ')})`,
      );
    if (!Array.isArray(e.shape) || e.shape.some((d) => !Number.isSafeInteger(d) || d < 0))
      bad(`entry '${name}' has an invalid shape ${JSON.stringify(e.shape)}`);
    const offsets = e.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      offsets.some((o) => !Number.isSafeInteger(o) || o < 0) ||
      offsets[0] > offsets[1]
    ) {
      bad(`entry '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const shape = e.shape as number[];
    const [begin, end] = offsets as [number, number];
    const expected = shape.reduce((a, b) => a * b, 1) * ITEM_SIZE[dtype];
    if (end - begin !== expected)
      bad(
        `entry '${name}' (${dtype} ${fmtShape(shape)}) needs ${expected} bytes, its data_offsets span ${end - begin}`,
      );
    if (end > dataLength)
      bad(
        `entry '${name}' data_offsets [${begin}, ${end}] run past the ${dataLength}-byte data buffer (truncated file?)`,
      );
    entries[name] = { dtype, shape, dataOffsets: [begin, end] };
    spans.push([begin, end, name]);
  }
  // The spec requires the buffer to be covered exactly: no overlaps and no holes (no polyglot files).
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cursor = 0;
  for (const [begin, end, name] of spans) {
    if (begin < cursor) bad(`entry '${name}' overlaps the previous tensor's bytes`);
    if (begin > cursor) bad(`bytes ${cursor}..${begin} of the data buffer belong to no tensor`);
    cursor = end;
  }
  if (cursor !== dataLength)
    bad(`the data buffer has ${dataLength - cursor} trailing bytes that belong to no tensor`);
  return { entries, metadata, dataStart };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function decode(
  name: string,
  entry: SafetensorsEntry,
  view: DataView,
  start: number,
): Float32Array | Int32Array | Uint8Array {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const size = ITEM_SIZE[entry.dtype];
  const target = TARGET[entry.dtype];
  const out =
    target === 'float32'
      ? new Float32Array(count)
      : target === 'int32'
        ? new Int32Array(count)
        : new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const at = start + i * size;
    switch (entry.dtype) {
      case 'F32':
        out[i] = view.getFloat32(at, true);
        break;
      case 'F64':
        out[i] = view.getFloat64(at, true);
        break;
      case 'F16':
        out[i] = halfToFloat(view.getUint16(at, true));
        break;
      case 'BF16': {
        const f = new DataView(new ArrayBuffer(4));
        f.setUint32(0, view.getUint16(at, true) << 16);
        out[i] = f.getFloat32(0);
        break;
      }
      case 'I64': {
        const v = view.getBigInt64(at, true);
        if (v > 2147483647n || v < -2147483648n)
          fail('loadSafetensors(bytes)', `'${name}' holds the int64 value ${v}, which does not fit in int32`);
        out[i] = Number(v);
        break;
      }
      case 'I32':
        out[i] = view.getInt32(at, true);
        break;
      case 'I16':
        out[i] = view.getInt16(at, true);
        break;
      case 'I8':
        out[i] = view.getInt8(at);
        break;
      case 'U8':
        out[i] = view.getUint8(at);
        break;
      case 'BOOL': {
        const b = view.getUint8(at);
        if (b > 1) fail('loadSafetensors(bytes)', `'${name}' holds the byte ${b}, not a boolean (0 or 1)`);
        out[i] = b;
        break;
      }
    }
  }
  return out;
}

/**
 * Reads every tensor of a safetensors file (validated first: lengths, offsets, dtypes, coverage).
 * F32/I32/BOOL load exactly; F64, F16 and BF16 become float32; I64, I16, I8 and U8 become int32
 * (I64 values outside int32 are refused). Returns the tensors and the metadata.
 */
export function loadSafetensors(bytes: Uint8Array): {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
} {
  const header = parseSafetensorsHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoded: [string, SafetensorsEntry, ArrayLike<number>][] = [];
  // Decode everything before making any tensor, so a bad value leaves nothing half-built.
  for (const [name, entry] of Object.entries(header.entries)) {
    decoded.push([name, entry, decode(name, entry, view, header.dataStart + entry.dataOffsets[0])]);
  }
  const tensors: Record<string, Tensor> = {};
  for (const [name, entry, data] of decoded) {
    tensors[name] = tensor(data as Float32Array, { shape: entry.shape, dtype: TARGET[entry.dtype] });
  }
  return { tensors, metadata: header.metadata };
}

/**
 * Loads a safetensors file into `model` by parameter name (`0.weight`, `0.bias`, …, as PyTorch's
 * `state_dict` names them). The file is parsed and checked against the model in full before any weight
 * changes: a corrupt or mismatched file is refused with a clear error and the model keeps its weights.
 */
export function loadModelSafetensors(
  model: Module<any, any>,
  bytes: Uint8Array,
  options: LoadStateDictOptions = {},
): LoadStateDictResult {
  const { tensors } = loadSafetensors(bytes);
  try {
    return model.loadStateDict(tensors, options);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
