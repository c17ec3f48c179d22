/// <reference types="@webgpu/types" />
import { type Backend, type DType, registerBackend, type TypedArray, UNARY_SPECS } from '@plasticity/core';
import { conv2d, conv2dInputGrad, conv2dWeightGrad, pool2d, pool2dGrad } from './kernels/conv';
import { assign, binary, copy, unary, type View, where } from './kernels/elementwise';
import { matmul } from './kernels/matmul';
import { concat, gather, pad, scatterAdd } from './kernels/movement';
import { argReduce, reduce } from './kernels/reduce';
import { softmax } from './kernels/softmax';
import { type DeviceLostDetail, type GpuBuffer, type GpuMemoryInfo, GpuRuntime } from './runtime';
import { isRowMajor, sizeOf } from './wgsl';

/** Where the backend gets its GPU: a `GPU` object (Node: `create([])` from the `webgpu` package), an adapter or a device. */
export interface WebGPUBackendOptions {
  /** Defaults to `navigator.gpu` in the browser. */
  gpu?: GPU;
  adapter?: GPUAdapter;
  /** Use this device as is (its limits decide how large a tensor may be). */
  device?: GPUDevice;
  /** Registered name (default 'webgpu'). */
  name?: string;
  /**
   * Composites run as one fused kernel. Defaults to every elementwise composite plus softmax and
   * logSoftmax; pass [] to run them as their primitive decompositions.
   */
  fused?: readonly string[];
  /**
   * Caps the bytes one storage binding may span below the device's `maxStorageBufferBindingSize` (a
   * multiple of 4, at least `minStorageBufferOffsetAlignment`). Tensors may still be larger: elementwise
   * ops, copy/cast, assign and read split them into bound ranges; other kernels throw naming the op and
   * the limit. Mainly for testing that splitting on small tensors; by default the device's limit holds.
   */
  maxBindingBytes?: number;
}

/** The error a missing adapter produces; callers catch it and fall back to the CPU. */
export const NO_ADAPTER_MESSAGE =
  'webgpu backend: no WebGPU adapter available (navigator.gpu missing or requestAdapter() returned null); ' +
  "fall back with setBackend('cpu')";

/** Composites the WebGPU backend fuses by default (the same list as the CPU's). */
export const WEBGPU_FUSABLE: readonly string[] = [
  ...Object.values(UNARY_SPECS)
    .filter((s) => s.decompose !== undefined)
    .map((s) => s.name),
  'softmax',
  'logSoftmax',
];

/** Core's `Backend` over GPU buffers, plus what only a GPU has: a device that can be lost, and a pool. */
export interface WebGPUBackend extends Backend<GpuBuffer> {
  readonly device: GPUDevice;
  /** 'lost' once the device is gone; every later op throws a clear error instead of hanging. */
  readonly state: 'ready' | 'lost';
  /** Settles when the device is lost (destroyed, driver reset, …). */
  readonly lost: Promise<DeviceLostDetail>;
  /** Calls `listener` when the device is lost; returns a function that removes it. */
  onDeviceLost(listener: (detail: DeviceLostDetail) => void): () => void;
  /** GPU buffers and bytes: in use by tensors, pooled for reuse, and their sum. */
  memory(): GpuMemoryInfo;
  /** Submits the recorded work now (reads and `sync()` do this themselves). */
  flush(): void;
  /** Destroys pooled (unused) buffers. */
  trimPool(): void;
  /** Destroys the device; the backend reports itself lost afterwards. */
  destroy(): void;
}

/**
 * The GPU objects behind a device. Held for the backend's lifetime: in Node (Dawn) a collected `GPU`
 * instance tears down the native instance under a live device.
 */
interface DeviceHandles {
  gpu?: GPU;
  adapter?: GPUAdapter;
  device: GPUDevice;
}

async function getDevice(options: WebGPUBackendOptions): Promise<DeviceHandles> {
  if (options.device !== undefined)
    return { device: options.device, gpu: options.gpu, adapter: options.adapter };
  let adapter = options.adapter ?? null;
  const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (adapter === null) {
    if (gpu === undefined) throw new Error(NO_ADAPTER_MESSAGE);
    adapter = await gpu.requestAdapter();
    if (adapter === null) throw new Error(NO_ADAPTER_MESSAGE);
  }
  const limits = adapter.limits;
  // Ask for the adapter's largest buffers: the defaults (128 MiB bindings) are far below what most GPUs allow.
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
    },
  });
  return { gpu, adapter, device };
}

function toGpuArray(data: TypedArray, dtype: DType): ArrayBufferView {
  if (dtype === 'float32') return data instanceof Float32Array ? data : new Float32Array(data);
  if (dtype === 'int32') return data instanceof Int32Array ? data : new Int32Array(data);
  return Uint32Array.from(data, (v) => (v !== 0 ? 1 : 0));
}

function fromGpu(raw: ArrayBuffer, dtype: DType): TypedArray {
  if (dtype === 'float32') return new Float32Array(raw);
  if (dtype === 'int32') return new Int32Array(raw);
  return Uint8Array.from(new Uint32Array(raw));
}

/**
 * A WebGPU backend for core. Every primitive runs as a WGSL kernel (elementwise ones generated from
 * core's op specs); dispatches collect in one command encoder and are submitted when data is read,
 * on `sync()`, or every 256 dispatches. Rejects with {@link NO_ADAPTER_MESSAGE} when there is no GPU.
 *
 * @example
 * ```ts
 * import { create, globals } from 'webgpu'; // Node; in the browser omit `gpu`
 * Object.assign(globalThis, globals);
 * const backend = await createWebGPUBackend({ gpu: create([]) });
 * ```
 */
export async function createWebGPUBackend(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
  const cap = options.maxBindingBytes;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 256 && cap % 4 === 0)) {
    throw new Error(
      `createWebGPUBackend(options.maxBindingBytes): expected an integer number of bytes, a multiple of 4 and at least 256, got ${cap}`,
    );
  }
  const handles = await getDevice(options);
  const device = handles.device;
  if (cap !== undefined && cap < device.limits.minStorageBufferOffsetAlignment) {
    throw new Error(
      `createWebGPUBackend(options.maxBindingBytes): expected at least the device's minStorageBufferOffsetAlignment (${device.limits.minStorageBufferOffsetAlignment}), got ${cap}`,
    );
  }
  const rt = new GpuRuntime(device, cap);
  const listeners = new Set<(detail: DeviceLostDetail) => void>();
  const lost = device.lost.then((info) => {
    const detail: DeviceLostDetail = { reason: String(info.reason ?? 'unknown'), message: info.message };
    rt.lost = detail;
    for (const listener of listeners) listener(detail);
    return detail;
  });
  // Surface validation errors (a bad kernel is a bug here) instead of letting them pass silently.
  device.addEventListener?.('uncapturederror', (event) => {
    console.error(`webgpu backend: ${(event as GPUUncapturedErrorEvent).error.message}`);
  });

  const guard = (name: string) => rt.check(name);

  const backend: WebGPUBackend = {
    name: options.name ?? 'webgpu',
    canReadSync: false,
    fused: new Set(options.fused ?? WEBGPU_FUSABLE),
    device,
    get state() {
      return rt.lost === null ? 'ready' : 'lost';
    },
    lost,
    onDeviceLost(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    memory: () => rt.memory(),
    flush: () => rt.flush(),
    trimPool: () => rt.trimPool(),
    // Referencing `handles` here keeps the GPU instance and adapter reachable as long as the backend is.
    destroy: () => handles.device.destroy(),
    sync: () => rt.sync(),

    alloc(size, dtype) {
      guard('alloc');
      return rt.zeros(size, dtype);
    },
    upload(data, dtype) {
      guard('upload');
      return rt.upload(toGpuArray(data, dtype), data.length, dtype);
    },
    async read(view) {
      guard('read');
      const n = sizeOf(view.shape);
      if (isRowMajor(view)) return fromGpu(await rt.read(view.buffer, view.offset, n), view.dtype);
      const temp = copy(rt, view, view.dtype);
      const pending = rt.read(temp, 0, n);
      rt.release(temp);
      return fromGpu(await pending, view.dtype);
    },
    readSync() {
      throw new Error(
        'webgpu backend: readSync is not possible on the GPU; use await t.data() (or t.toArray())',
      );
    },
    free(buffer) {
      rt.release(buffer);
    },
    byteSize: (buffer) => buffer.size * 4,

    unary(spec, x, outDtype) {
      guard(spec.name);
      return unary(rt, spec, x, outDtype);
    },
    fusedUnary(spec, x, outDtype) {
      guard(spec.name);
      return unary(rt, spec, x, outDtype);
    },
    binary(spec, a, b, outDtype) {
      guard(spec.name);
      return binary(rt, spec, a, b, outDtype);
    },
    where(c, a, b, outDtype) {
      guard('where');
      return where(rt, c, a, b, outDtype);
    },
    reduce(op, x, axes) {
      guard(op);
      return reduce(rt, op, x, axes);
    },
    argReduce(op, x, axis) {
      guard(op);
      return argReduce(rt, op, x, axis);
    },
    matmul(a, b) {
      guard('matmul');
      return matmul(rt, a, b);
    },
    copy(x, outDtype) {
      guard('copy');
      return copy(rt, x, outDtype);
    },
    assign(dst, src) {
      guard('assign');
      // A buffer cannot be read and written by one dispatch: copy an aliasing source first.
      if (src.buffer === dst.buffer) {
        const temp = copy(rt, src, src.dtype);
        const view: View = {
          buffer: temp,
          shape: src.shape,
          strides: rowMajorOf(src.shape),
          offset: 0,
          dtype: src.dtype,
        };
        assign(rt, dst, view);
        rt.release(temp);
        return;
      }
      assign(rt, dst, src);
    },
    pad(x, padding, value) {
      guard('pad');
      return pad(rt, x, padding, value);
    },
    concat(xs, axis) {
      guard('concat');
      return concat(rt, xs, axis);
    },
    gather(x, axis, index) {
      guard('gather');
      return gather(rt, x, axis, index);
    },
    scatterAdd(shape, axis, index, src) {
      guard('scatterAdd');
      return scatterAdd(rt, shape, axis, index, src);
    },
    conv2d(x, w, p) {
      guard('conv2d');
      return conv2d(rt, x, w, p);
    },
    conv2dInputGrad(dy, w, shape, p) {
      guard('conv2dInputGrad');
      return conv2dInputGrad(rt, dy, w, shape, p);
    },
    conv2dWeightGrad(x, dy, shape, p) {
      guard('conv2dWeightGrad');
      return conv2dWeightGrad(rt, x, dy, shape, p);
    },
    pool2d(kind, x, p) {
      guard('pool2d');
      return pool2d(rt, kind, x, p);
    },
    pool2dGrad(kind, x, dy, p) {
      guard('pool2dGrad');
      return pool2dGrad(rt, kind, x, dy, p);
    },
    fusedSoftmax(x, log) {
      guard(log ? 'logSoftmax' : 'softmax');
      return softmax(rt, x, log);
    },
  };
  return backend;
}

function rowMajorOf(shape: readonly number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/**
 * Registers the backend with core under `options.name` ('webgpu'). The device is requested on first
 * use, so `await setBackend('webgpu')` rejects with {@link NO_ADAPTER_MESSAGE} when there is no GPU:
 * `await setBackend('webgpu').catch(() => setBackend('cpu'))`.
 */
export function registerWebGPU(options: WebGPUBackendOptions = {}): void {
  registerBackend(options.name ?? 'webgpu', () => createWebGPUBackend(options));
}
