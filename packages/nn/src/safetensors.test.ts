import { Generator, randn, tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { ReLU } from './layers/activations';
import { Linear } from './layers/linear';
import {
  loadModelSafetensors,
  loadSafetensors,
  parseSafetensorsHeader,
  saveSafetensors,
  saveSafetensorsSync,
} from './safetensors';
import { Sequential } from './sequential';

/**
 * A safetensors file assembled by hand from the spec, as PyTorch's `safetensors.torch.save_file` writes
 * `nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).state_dict()`: u64 LE header length,
 * JSON header, then the raw little-endian float32 data.
 */
function handWritten(header: string, floats: number[], extraBytes: number[] = []): Uint8Array {
  const json = Array.from(header, (c) => c.charCodeAt(0));
  const out: number[] = [];
  let n = json.length;
  for (let i = 0; i < 8; i++) {
    out.push(n & 0xff);
    n = Math.floor(n / 256);
  }
  out.push(...json);
  for (const f of floats) {
    const dv = new DataView(new ArrayBuffer(4));
    dv.setFloat32(0, f, true);
    out.push(dv.getUint8(0), dv.getUint8(1), dv.getUint8(2), dv.getUint8(3));
  }
  out.push(...extraBytes);
  return Uint8Array.from(out);
}

const W0 = [0.5, -1, 2, 0.25, -0.75, 1.5];
const B0 = [0.1, -0.2, 0.3];
const W2 = [1, -2, 0.5];
const B2 = [0.05];
const PT_HEADER =
  '{"0.bias":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"0.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[12,36]},' +
  '"2.bias":{"dtype":"F32","shape":[1],"data_offsets":[36,40]},"2.weight":{"dtype":"F32","shape":[1,3],"data_offsets":[40,52]},' +
  '"__metadata__":{"format":"pt"}}';
const ptFile = () => handWritten(PT_HEADER, [...B0, ...W0, ...B2, ...W2]);

const mlp = () => new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));

describe('safetensors', () => {
  it('loads a file written from the spec into a model with PyTorch names', () => {
    const model = mlp();
    loadModelSafetensors(model, ptFile());
    expect(Array.from(model.stateDict()['0.weight'].dataSync())).toEqual(Array.from(new Float32Array(W0)));
    // forward by hand: h = relu(W0 x + b0), y = W2 h + b2, at x = [1, 2]
    const h = [0, 1, 2].map((i) => Math.max(0, W0[2 * i] * 1 + W0[2 * i + 1] * 2 + B0[i]));
    const y = W2.reduce((s, w, i) => s + w * h[i], B2[0]);
    expect(model.call(tensor([[1, 2]])).item()).toBeCloseTo(y, 5);
    expect(parseSafetensorsHeader(ptFile()).metadata).toEqual({ format: 'pt' });
  });

  it('round-trips exactly, for every dtype, sync and async', async () => {
    const g = new Generator(1);
    const tensors = {
      a: randn([3, 4], { generator: g }),
      b: tensor(
        [
          [1, -2147483648],
          [2147483647, 0],
        ],
        { dtype: 'int32' },
      ),
      c: tensor([true, false, true]),
      d: tensor(3.5),
      e: randn([0, 2]),
    };
    const bytes = saveSafetensorsSync(tensors, { metadata: { author: 'plasticity' } });
    expect(await saveSafetensors(tensors, { metadata: { author: 'plasticity' } })).toEqual(bytes);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const { tensors: back, metadata } = loadSafetensors(bytes);
    expect(metadata).toEqual({ author: 'plasticity' });
    for (const [name, t] of Object.entries(tensors)) {
      expect(back[name].dtype).toBe(t.dtype);
      expect(back[name].shape).toEqual(t.shape);
      expect(Array.from(back[name].dataSync())).toEqual(Array.from(t.dataSync()));
    }
    const model = mlp();
    const copy = mlp();
    loadModelSafetensors(copy, saveSafetensorsSync(model));
    for (const [k, t] of Object.entries(model.stateDict()))
      expect(copy.stateDict()[k].toArraySync()).toEqual(t.toArraySync());
  });

  it('converts F16, BF16, F64, I64 and U8 on load', () => {
    const header =
      '{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"bf":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]},"pad":{"dtype":"U8","shape":[2],"data_offsets":[6,8]},"d":{"dtype":"F64","shape":[1],"data_offsets":[8,16]},"i":{"dtype":"I64","shape":[1],"data_offsets":[16,24]}}';
    const d = new DataView(new ArrayBuffer(8));
    d.setFloat64(0, 0.1, true);
    const bytes = handWritten(
      header,
      [],
      [
        0x00,
        0x3c,
        0x00,
        0xc0, // F16 1.0, -2.0
        0xc0,
        0x3f, // BF16 1.5
        7,
        255, // U8
        ...new Uint8Array(d.buffer),
        0xfe,
        0xff,
        0xff,
        0xff,
        0xff,
        0xff,
        0xff,
        0xff, // I64 -2
      ],
    );
    const { tensors } = loadSafetensors(bytes);
    expect(Array.from(tensors.h.dataSync())).toEqual([1, -2]);
    expect(tensors.bf.item()).toBe(1.5);
    expect(Array.from(tensors.pad.dataSync())).toEqual([7, 255]);
    expect(tensors.d.item()).toBeCloseTo(0.1, 7);
    expect(tensors.i.dtype).toBe('int32');
    expect(tensors.i.item()).toBe(-2);
  });

  it('refuses corrupt files with a clear error', () => {
    const good = ptFile();
    const cases: [Uint8Array, RegExp][] = [
      [good.slice(0, 5), /shorter than the 8-byte header length/],
      [good.slice(0, good.length - 4), /run past the 48-byte data buffer \(truncated file\?\)/],
      [Uint8Array.from([...good, 0, 0, 0, 0]), /4 trailing bytes that belong to no tensor/],
      [
        handWritten('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [1, 2]),
        /needs 8 bytes, its data_offsets span 4/,
      ],
      [
        handWritten('{"a":{"dtype":"Q8","shape":[1],"data_offsets":[0,1]}}', [], [1]),
        /unsupported dtype "Q8"/,
      ],
      [
        handWritten(
          '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
          [1],
        ),
        /overlaps/,
      ],
      [
        handWritten('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', [1, 2]),
        /bytes 0\.\.4 of the data buffer belong to no tensor/,
      ],
      [handWritten('{"a":', []), /not valid JSON/],
      [handWritten('[1,2]', []), /does not start with '\{'/],
      [handWritten('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}', []), /invalid shape/],
      [handWritten('{"__metadata__":{"v":1}}', []), /__metadata__\.v must be a string/],
      [
        handWritten('{"a":{"dtype":"BOOL","shape":[1],"data_offsets":[0,1]}}', [], [2]),
        /holds the byte 2, not a boolean/,
      ],
      [Uint8Array.from([255, 255, 255, 255, 255, 255, 255, 255, 0]), /exceeds the 100000000-byte limit/],
    ];
    for (const [bytes, message] of cases) expect(() => loadSafetensors(bytes)).toThrow(message);
  });

  it('refuses a mismatched file and keeps the previous weights', () => {
    const model = new Sequential(new Linear(2, 4), new ReLU(), new Linear(4, 1));
    const before = model.parameters().map((p) => p.toArraySync());
    expect(() => loadModelSafetensors(model, ptFile())).toThrow(
      /'0\.weight' has shape \[3,2\], the model expects \[4,2\].*no weights were changed/,
    );
    const wrongNames = new Sequential(new Linear(2, 3), new Linear(3, 1));
    expect(() => loadModelSafetensors(wrongNames, ptFile())).toThrow(
      /missing keys: 1\.weight, 1\.bias; unexpected keys: 2\.bias, 2\.weight/,
    );
    const corrupt = ptFile().slice(0, 60);
    expect(() => loadModelSafetensors(model, corrupt)).toThrow(/not a valid safetensors file/);
    expect(model.parameters().map((p) => p.toArraySync())).toEqual(before);
  });
});
