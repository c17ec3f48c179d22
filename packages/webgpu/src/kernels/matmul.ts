import type { GpuBuffer, GpuRuntime } from '../runtime';
import { bindings, collapse, MAIN_1D, MAX_RANK, prelude, sizeOf } from '../wgsl';
import type { View } from './elementwise';

// Params: [0] m [1] k [2] n [3] batch rank [4] a offset [5] b offset [6] a row stride [7] a k stride
// [8] b k stride [9] b col stride [10] batch count [11] first batch of this dispatch,
// batch shape @16, a batch strides @24, b batch strides @32.

const BATCH_OFFSETS = /* wgsl */ `
fn batch_offsets(batch: u32) -> vec2<i32> {
  var rem = batch;
  var oa = P(4u);
  var ob = P(5u);
  for (var d = i32(P(3u)) - 1; d >= 0; d--) {
    let s = PU(16u + u32(d));
    let c = i32(rem % s);
    rem = rem / s;
    oa += c * P(24u + u32(d));
    ob += c * P(32u + u32(d));
  }
  return vec2<i32>(oa, ob);
}`;

/** Small or skinny products: one thread per output element, a plain loop over k. */
const SMALL = /* wgsl */ `${prelude(3)}
${bindings(['A', 'B', 'OUT'], ['float32', 'float32', 'float32'])}
${BATCH_OFFSETS}
${MAIN_1D}
  let m = PU(0u); let k = PU(1u); let n = PU(2u);
  if (i >= m * n * PU(10u)) { return; }
  let batch = i / (m * n);
  let r = (i / n) % m;
  let c = i % n;
  let base = batch_offsets(batch);
  var pa = base.x + i32(r) * P(6u);
  var pb = base.y + i32(c) * P(9u);
  var acc = 0.0;
  for (var p = 0u; p < k; p++) {
    acc = acc + A[pa] * B[pb];
    pa += P(7u);
    pb += P(8u);
  }
  OUT[i] = acc;
}`;

/**
 * Tiled: a 32×32 output tile per 64-thread workgroup, 4×4 outputs per thread, 32×16 / 16×32 tiles of A
 * and B staged in workgroup memory so each loaded element feeds many multiply-adds.
 */
const TILED = /* wgsl */ `${prelude(3)}
${bindings(['A', 'B', 'OUT'], ['float32', 'float32', 'float32'])}
${BATCH_OFFSETS}
var<workgroup> As: array<f32, 512>;
var<workgroup> Bs: array<f32, 512>;
@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let m = PU(0u); let k = PU(1u); let n = PU(2u);
  let batch = wid.z + PU(11u);
  let base = batch_offsets(batch);
  let row0 = wid.y * 32u;
  let col0 = wid.x * 32u;
  var acc: array<f32, 16>;
  for (var t = 0u; t < k; t += 16u) {
    for (var e = 0u; e < 8u; e++) {
      let idx = li + e * 64u;
      let r = idx / 16u;
      let kk = idx % 16u;
      var v = 0.0;
      if (row0 + r < m && t + kk < k) { v = A[base.x + i32(row0 + r) * P(6u) + i32(t + kk) * P(7u)]; }
      As[kk * 32u + r] = v;
      let kb = idx / 32u;
      let cb = idx % 32u;
      var w = 0.0;
      if (t + kb < k && col0 + cb < n) { w = B[base.y + i32(t + kb) * P(8u) + i32(col0 + cb) * P(9u)]; }
      Bs[kb * 32u + cb] = w;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) {
      let a = vec4<f32>(As[kk * 32u + lid.y * 4u], As[kk * 32u + lid.y * 4u + 1u],
                        As[kk * 32u + lid.y * 4u + 2u], As[kk * 32u + lid.y * 4u + 3u]);
      let b = vec4<f32>(Bs[kk * 32u + lid.x * 4u], Bs[kk * 32u + lid.x * 4u + 1u],
                        Bs[kk * 32u + lid.x * 4u + 2u], Bs[kk * 32u + lid.x * 4u + 3u]);
      for (var r = 0u; r < 4u; r++) {
        for (var c = 0u; c < 4u; c++) { acc[r * 4u + c] = acc[r * 4u + c] + a[r] * b[c]; }
      }
    }
    workgroupBarrier();
  }
  let outBase = batch * m * n;
  for (var r = 0u; r < 4u; r++) {
    let row = row0 + lid.y * 4u + r;
    for (var c = 0u; c < 4u; c++) {
      let col = col0 + lid.x * 4u + c;
      if (row < m && col < n) { OUT[outBase + row * n + col] = acc[r * 4u + c]; }
    }
  }
}`;

/** Batched matmul of strided views: a [...batch, m, k] @ b [...batch, k, n] → contiguous [...batch, m, n]. */
export function matmul(rt: GpuRuntime, a: View, b: View): GpuBuffer {
  const nd = a.shape.length;
  const m = a.shape[nd - 2];
  const k = a.shape[nd - 1];
  const n = b.shape[nd - 1];
  const batchShape = a.shape.slice(0, nd - 2);
  const batches = sizeOf(batchShape);
  const out = k === 0 ? rt.zeros(batches * m * n, 'float32') : rt.acquire(batches * m * n, 'float32');
  if (batches * m * n === 0 || k === 0) return out;
  const c = collapse(batchShape, [a.strides.slice(0, nd - 2), b.strides.slice(0, nd - 2)]);
  if (c.shape.length > MAX_RANK) throw new Error(`webgpu backend: matmul: batch rank exceeds ${MAX_RANK}`);
  const params = new Int32Array(40);
  params.set([m, k, n, c.shape.length, a.offset, b.offset, a.strides[nd - 2], a.strides[nd - 1]]);
  params.set([b.strides[nd - 2], b.strides[nd - 1], batches, 0], 8);
  params.set(c.shape, 16);
  params.set(c.strides[0], 24);
  params.set(c.strides[1], 32);
  const tiled = m >= 16 && n >= 16 && m * n >= 1024;
  if (!tiled) {
    rt.dispatch(rt.kernel(SMALL, 3), [a.buffer, b.buffer, out], params, rt.grid(batches * m * n));
    return out;
  }
  const kernel = rt.kernel(TILED, 3);
  const gx = Math.ceil(n / 32);
  const gy = Math.ceil(m / 32);
  const max = rt.limits.maxComputeWorkgroupsPerDimension;
  if (gx > max || gy > max)
    throw new Error(`webgpu backend: matmul: ${m}×${n} output exceeds the dispatch limits`);
  // Batches beyond the z limit go in further dispatches, each starting at its own batch.
  for (let start = 0; start < batches; start += max) {
    params[11] = start;
    rt.dispatch(kernel, [a.buffer, b.buffer, out], params, [gx, gy, Math.min(max, batches - start)]);
  }
  return out;
}
