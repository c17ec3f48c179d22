import type { DType } from '@plasticity/core';
import type { GpuBuffer, GpuRuntime } from '../runtime';
import { bindings, MAIN_1D, MAX_RANK, prelude, rowMajor, STORAGE, sizeOf } from '../wgsl';
import { assign, type View } from './elementwise';

function checkRank(label: string, rank: number): void {
  if (rank > MAX_RANK) throw new Error(`webgpu backend: ${label}: rank ${rank} exceeds ${MAX_RANK}`);
}

/** Raw bits of `value` in dtype's storage, so the kernel can bitcast it back. */
function bitsOf(value: number, dtype: DType): number {
  if (dtype === 'float32') return new Int32Array(new Float32Array([value]).buffer)[0];
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  return value | 0;
}

// Params: [0] n [1] rank [2] x offset [3] value bits, out shape @8, before @16, x shape @24, x strides @32.
export function pad(
  rt: GpuRuntime,
  x: View,
  padding: readonly (readonly [number, number])[],
  value: number,
): GpuBuffer {
  const shape = x.shape.map((d, i) => d + padding[i][0] + padding[i][1]);
  const n = sizeOf(shape);
  const out = rt.acquire(n, x.dtype);
  if (n === 0) return out;
  checkRank('pad', shape.length);
  const params = new Int32Array(40);
  params.set([n, shape.length, x.offset, bitsOf(value, x.dtype)]);
  params.set(shape, 8);
  params.set(
    padding.map((p) => p[0]),
    16,
  );
  params.set(x.shape, 24);
  params.set(x.strides, 32);
  const t = STORAGE[x.dtype];
  const code = `${prelude(2)}
${bindings(['X', 'OUT'], [x.dtype, x.dtype])}
${MAIN_1D}
  if (i >= PU(0u)) { return; }
  var rem = i;
  var off = P(2u);
  var inside = true;
  for (var d = i32(P(1u)) - 1; d >= 0; d--) {
    let s = PU(8u + u32(d));
    let c = i32(rem % s) - P(16u + u32(d));
    rem = rem / s;
    if (c < 0 || c >= P(24u + u32(d))) { inside = false; }
    off += c * P(32u + u32(d));
  }
  if (inside) { OUT[i] = X[off]; } else { OUT[i] = bitcast<${t}>(P(3u)); }
}`;
  rt.dispatch(rt.kernel(code, 2), [x.buffer, out], params, rt.grid(n));
  return out;
}

/** Concatenation: each input is assigned into its slab of the output, one strided copy per input. */
export function concat(rt: GpuRuntime, xs: readonly View[], axis: number): GpuBuffer {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
  const out = rt.acquire(sizeOf(shape), xs[0].dtype);
  const strides = rowMajor(shape);
  let at = 0;
  for (const x of xs) {
    assign(
      rt,
      { buffer: out, shape: x.shape, strides, offset: at * (strides[axis] ?? 0), dtype: out.dtype },
      x,
    );
    at += x.shape[axis];
  }
  return out;
}

// Params: [0] n [1] rank [2] index offset [3] x offset [4] axis, index shape @8, index strides @16, x strides @24.
export function gather(rt: GpuRuntime, x: View, axis: number, index: View): GpuBuffer {
  const n = sizeOf(index.shape);
  const out = rt.acquire(n, x.dtype);
  if (n === 0) return out;
  checkRank('gather', index.shape.length);
  const params = new Int32Array(32);
  params.set([n, index.shape.length, index.offset, x.offset, axis]);
  params.set(index.shape, 8);
  params.set(index.strides, 16);
  params.set(x.strides, 24);
  const code = `${prelude(3)}
${bindings(['X', 'I', 'OUT'], [x.dtype, index.dtype, x.dtype])}
${MAIN_1D}
  if (i >= PU(0u)) { return; }
  var rem = i;
  var oi = P(2u);
  var ox = P(3u);
  let axis = P(4u);
  for (var d = i32(P(1u)) - 1; d >= 0; d--) {
    let s = PU(8u + u32(d));
    let c = i32(rem % s);
    rem = rem / s;
    oi += c * P(16u + u32(d));
    if (d != axis) { ox += c * P(24u + u32(d)); }
  }
  OUT[i] = X[ox + i32(I[oi]) * P(24u + u32(axis))];
}`;
  rt.dispatch(rt.kernel(code, 3), [x.buffer, index.buffer, out], params, rt.grid(n));
  return out;
}

/**
 * scatter_add into zeros(shape) without float atomics: each output element loops over the index
 * positions that could land on it and sums the matching sources, in the CPU's order.
 */
// Params: [0] n [1] rank [2] axis [3] index offset [4] src offset, out shape @8, index shape @16,
// index strides @24, src strides @32.
export function scatterAdd(
  rt: GpuRuntime,
  shape: readonly number[],
  axis: number,
  index: View,
  src: View,
): GpuBuffer {
  const n = sizeOf(shape);
  const dtype = src.dtype;
  const out = rt.acquire(n, dtype);
  if (n === 0) return out;
  checkRank('scatterAdd', shape.length);
  const params = new Int32Array(40);
  params.set([n, shape.length, axis, index.offset, src.offset]);
  params.set(shape, 8);
  params.set(index.shape, 16);
  params.set(index.strides, 24);
  params.set(src.strides, 32);
  const acc = dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32';
  const code = `${prelude(3)}
${bindings(['I', 'S', 'OUT'], [index.dtype, src.dtype, dtype])}
${MAIN_1D}
  if (i >= PU(0u)) { return; }
  let axis = P(2u);
  var rem = i;
  var oi = P(3u);
  var os = P(4u);
  var want = 0;
  var reachable = true;
  for (var d = i32(P(1u)) - 1; d >= 0; d--) {
    let s = PU(8u + u32(d));
    let c = i32(rem % s);
    rem = rem / s;
    if (d == axis) { want = c; continue; }
    if (c >= P(16u + u32(d))) { reachable = false; }
    oi += c * P(24u + u32(d));
    os += c * P(32u + u32(d));
  }
  var total = ${acc}(0);
  if (reachable) {
    let len = P(16u + u32(axis));
    for (var j = 0; j < len; j++) {
      if (i32(I[oi + j * P(24u + u32(axis))]) == want) { total = total + ${acc}(S[os + j * P(32u + u32(axis))]); }
    }
  }
  OUT[i] = total;
}`;
  rt.dispatch(rt.kernel(code, 3), [index.buffer, src.buffer, out], params, rt.grid(n));
  return out;
}
