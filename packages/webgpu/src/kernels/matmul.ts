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

/** Rows per thread (one vec4 of A), vec4 column blocks per thread, threads along x and y, k-tile depth. */
const RM = 4;
const CN = 2;
const WGX = 4;
const WGY = 8;
const TK = 16;
const TR = WGY * RM;
const TC = WGX * CN * 4;

/**
 * Tiled: a TR×TC output tile per WGX×WGY workgroup, RM×4·CN outputs per thread held in vec4 registers.
 * TK-deep slices of A and B are staged in workgroup memory as vec4s (A packed down its rows, B along its
 * columns) so the fully unrolled inner loop reads one vec4 of A and CN of B per k step, all at constant
 * offsets. Loads are bounds-checked only in the tiles that cross an edge, where they pad with zeros.
 * SwiftShader runs invocations on CPU SIMD lanes, so fewer threads doing more work each win there.
 */
function tiledSource(): string {
  const nt = WGX * WGY;
  const tr4 = TR / 4;
  const tc4 = TC / 4;
  const aLoads = (TK * tr4) / nt;
  const bLoads = (TK * tc4) / nt;
  const load = (checked: boolean): string => {
    const lines: string[] = [];
    for (let e = 0; e < aLoads; e++) {
      lines.push(`{ let idx = li + ${e * nt}u; let kk = idx / ${tr4}u; let g = idx % ${tr4}u;`);
      lines.push(`  let r = row0 + g * 4u; let kq = t + kk;`);
      lines.push(`  let p = base.x + i32(r) * sar + i32(kq) * sak;`);
      if (checked) {
        lines.push(`  var v = vec4<f32>(0.0);`);
        lines.push(`  if (kq < k) {`);
        for (let q = 0; q < 4; q++) lines.push(`    if (r + ${q}u < m) { v[${q}] = A[p + ${q} * sar]; }`);
        lines.push(`  }`);
        lines.push(`  As[idx] = v; }`);
      } else {
        lines.push(`  As[idx] = vec4<f32>(A[p], A[p + sar], A[p + 2 * sar], A[p + 3 * sar]); }`);
      }
    }
    for (let e = 0; e < bLoads; e++) {
      lines.push(`{ let idx = li + ${e * nt}u; let kk = idx / ${tc4}u; let g = idx % ${tc4}u;`);
      lines.push(`  let c = col0 + g * 4u; let kq = t + kk;`);
      lines.push(`  let p = base.y + i32(kq) * sbk + i32(c) * sbc;`);
      if (checked) {
        lines.push(`  var v = vec4<f32>(0.0);`);
        lines.push(`  if (kq < k) {`);
        for (let q = 0; q < 4; q++) lines.push(`    if (c + ${q}u < n) { v[${q}] = B[p + ${q} * sbc]; }`);
        lines.push(`  }`);
        lines.push(`  Bs[idx] = v; }`);
      } else {
        lines.push(`  Bs[idx] = vec4<f32>(B[p], B[p + sbc], B[p + 2 * sbc], B[p + 3 * sbc]); }`);
      }
    }
    return lines.join('\n');
  };
  const comps = ['x', 'y', 'z', 'w'];
  const decl: string[] = [];
  for (let i = 0; i < RM; i++) for (let j = 0; j < CN; j++) decl.push(`var acc${i}_${j} = vec4<f32>(0.0);`);
  const inner: string[] = [];
  for (let kk = 0; kk < TK; kk++) {
    inner.push(`{ let a = As[${kk * tr4}u + ly];`);
    for (let j = 0; j < CN; j++) inner.push(`  let b${j} = Bs[${kk * tc4}u + bx + ${j}u];`);
    for (let i = 0; i < RM; i++)
      for (let j = 0; j < CN; j++) inner.push(`  acc${i}_${j} = acc${i}_${j} + a.${comps[i]} * b${j};`);
    inner.push('}');
  }
  const store = (checked: boolean): string => {
    const lines: string[] = [];
    for (let i = 0; i < RM; i++) {
      lines.push(`{ let row = orow + ${i}u;`);
      if (checked) lines.push('  if (row < m) {');
      for (let j = 0; j < CN; j++) {
        for (let q = 0; q < 4; q++) {
          const col = `ocol + ${j * 4 + q}u`;
          const st = `OUT[outBase + row * n + ${col}] = acc${i}_${j}.${comps[q]};`;
          lines.push(checked ? `    if (${col} < n) { ${st} }` : `  ${st}`);
        }
      }
      if (checked) lines.push('  }');
      lines.push('}');
    }
    return lines.join('\n');
  };
  return /* wgsl */ `${prelude(3)}
${bindings(['A', 'B', 'OUT'], ['float32', 'float32', 'float32'])}
${BATCH_OFFSETS}
var<workgroup> As: array<vec4<f32>, ${TK * tr4}>;
var<workgroup> Bs: array<vec4<f32>, ${TK * tc4}>;
@compute @workgroup_size(${WGX}, ${WGY})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let m = PU(0u); let k = PU(1u); let n = PU(2u);
  let sar = P(6u); let sak = P(7u); let sbk = P(8u); let sbc = P(9u);
  let batch = wid.z + PU(11u);
  let base = batch_offsets(batch);
  let row0 = wid.y * ${TR}u;
  let col0 = wid.x * ${TC}u;
  let ly = lid.y;
  let bx = lid.x * ${CN}u;
  let inside = row0 + ${TR}u <= m && col0 + ${TC}u <= n;
  ${decl.join('\n  ')}
  for (var t = 0u; t < k; t += ${TK}u) {
    if (inside && t + ${TK}u <= k) {
${load(false)}
    } else {
${load(true)}
    }
    workgroupBarrier();
${inner.join('\n')}
    workgroupBarrier();
  }
  let outBase = batch * m * n;
  let orow = row0 + ly * ${RM}u;
  let ocol = col0 + bx * 4u;
  if (inside) {
${store(false)}
  } else {
${store(true)}
  }
}`;
}

const TILED = tiledSource();

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
  const gx = Math.ceil(n / TC);
  const gy = Math.ceil(m / TR);
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
