import type { ArgReduceOp, DType, ReduceOp } from '@plasticity/core';
import type { GpuBuffer, GpuRuntime } from '../runtime';
import { bindings, collapse, MAIN_1D, MAX_RANK, prelude, STORAGE, sizeOf } from '../wgsl';
import type { View } from './elementwise';

// Params: [0] outputs [1] kept rank [2] reduced rank [3] x offset [4] reduced count,
// kept shape @8, kept strides @16, reduced shape @24, reduced strides @32.

/** WGSL that walks `rank` axes of `shape`/`strides` at params `shapeAt`/`strideAt`, from index `idx`. */
function offsetOf(idx: string, rankAt: number, shapeAt: number, strideAt: number): string {
  return `{
    var rem = ${idx};
    for (var d = i32(P(${rankAt}u)) - 1; d >= 0; d--) {
      let s = PU(${shapeAt}u + u32(d));
      off += i32(rem % s) * P(${strideAt}u + u32(d));
      rem = rem / s;
    }
  }`;
}

function accumulate(
  op: ReduceOp,
  float: boolean,
): { init: string; decl?: string; step: string; finish: string; combine: string } {
  const acc = float ? 'f32' : 'i32';
  switch (op) {
    case 'sum':
      if (!float)
        return { init: 'i32(0)', step: 'acc = acc + v;', finish: 'acc', combine: 'acc = acc + other;' };
      // Compensated (Neumaier) summation: `comp` collects what each f32 addition rounds away, so a
      // long sum is about as accurate as the CPU's (which adds in float64 and rounds once). Without it
      // the rounding noise of a plain f32 sum swamps finite differences taken through it. A NaN or
      // ±Infinity total is taken as is (its compensation would be ∞ − ∞).
      return {
        init: '0.0',
        decl: 'var comp = 0.0;',
        step: `let t = acc + v;
    if (abs(acc) >= abs(v)) { comp = comp + ((acc - t) + v); } else { comp = comp + ((v - t) + acc); }
    acc = t;`,
        finish: 'select(acc + comp, acc, is_nonfinite(acc))',
        combine: 'acc = acc + other;',
      };
    case 'prod':
      return { init: `${acc}(1)`, step: 'acc = acc * v;', finish: 'acc', combine: 'acc = acc * other;' };
    case 'max':
    case 'min': {
      const cmp = op === 'max' ? '>' : '<';
      const init = float
        ? `${op === 'max' ? '-' : ''}inf_f32()`
        : op === 'max'
          ? 'i32(-2147483647 - 1)'
          : 'i32(2147483647)';
      // NaN propagates, as on the CPU: a flag survives the tree combine through the value itself.
      return {
        init,
        step: float
          ? `if (is_nan(v)) { nan = true; } else if (v ${cmp} acc) { acc = v; }`
          : `if (v ${cmp} acc) { acc = v; }`,
        finish: float ? 'select(acc, nan_f32(), nan)' : 'acc',
        combine: float
          ? `if (is_nan(other) || is_nan(acc)) { acc = nan_f32(); } else if (other ${cmp} acc) { acc = other; }`
          : `if (other ${cmp} acc) { acc = other; }`,
      };
    }
  }
}

/**
 * Reduces `x` over `axes`. Few long reductions get one 64-thread workgroup per output with a tree
 * combine in workgroup memory; many short ones get one thread per output.
 */
export function reduce(rt: GpuRuntime, op: ReduceOp, x: View, axes: readonly number[]): GpuBuffer {
  const outDtype: DType = x.dtype === 'float32' ? 'float32' : 'int32';
  const float = outDtype === 'float32';
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const nOut = sizeOf(kept.map((i) => x.shape[i]));
  const out = rt.acquire(nOut, outDtype);
  if (nOut === 0) return out;
  const k = collapse(
    kept.map((i) => x.shape[i]),
    [kept.map((i) => x.strides[i])],
  );
  const r = collapse(
    axes.map((i) => x.shape[i]),
    [axes.map((i) => x.strides[i])],
  );
  const nRed = sizeOf(axes.map((i) => x.shape[i]));
  if (k.shape.length > MAX_RANK || r.shape.length > MAX_RANK) {
    throw new Error(
      `webgpu backend: reduce: rank ${x.shape.length} views exceed ${MAX_RANK} axes after merging`,
    );
  }
  const params = new Int32Array(40);
  params.set([nOut, k.shape.length, r.shape.length, x.offset, nRed]);
  params.set(k.shape, 8);
  params.set(k.strides[0], 16);
  params.set(r.shape, 24);
  params.set(r.strides[0], 32);
  const a = accumulate(op, float);
  const accType = float ? 'f32' : 'i32';
  const load = `let v = ${accType}(X[red + off]);`;
  const head = `${prelude(2)}\n${bindings(['X', 'OUT'], [x.dtype, outDtype])}`;
  const nanDecl = `${float ? 'var nan = false;' : ''} ${a.decl ?? ''}`;
  const useGroups = nRed >= 256 && nOut < 4096;
  let code: string;
  if (!useGroups) {
    code = `${head}
${MAIN_1D}
  if (i >= PU(0u)) { return; }
  var off = P(3u);
  ${offsetOf('i', 1, 8, 16)}
  let red = off;
  var acc = ${a.init};
  ${nanDecl}
  for (var j = 0u; j < PU(4u); j++) {
    off = 0;
    ${offsetOf('j', 2, 24, 32)}
    ${load}
    ${a.step}
  }
  OUT[i] = ${a.finish};
}`;
  } else {
    code = `${head}
var<workgroup> part: array<${accType}, 64>;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let o = wid.y * nwg.x + wid.x;
  let live = o < PU(0u);
  var off = P(3u);
  ${offsetOf('o', 1, 8, 16)}
  let red = off;
  var acc = ${a.init};
  ${nanDecl}
  if (live) {
    for (var j = lid; j < PU(4u); j += 64u) {
      off = 0;
      ${offsetOf('j', 2, 24, 32)}
      ${load}
      ${a.step}
    }
  }
  part[lid] = ${a.finish};
  workgroupBarrier();
  for (var s = 32u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      acc = part[lid];
      let other = part[lid + s];
      ${a.combine}
      part[lid] = acc;
    }
    workgroupBarrier();
  }
  if (live && lid == 0u) { OUT[o] = part[0]; }
}`;
  }
  const kernel = rt.kernel(code, 2);
  rt.dispatch(kernel, [x.buffer, out], params, useGroups ? rt.grid(nOut, 1) : rt.grid(nOut));
  return out;
}

/** Index of the first extreme along `axis` (NaN counts as the extreme: the first NaN wins). */
export function argReduce(rt: GpuRuntime, op: ArgReduceOp, x: View, axis: number): GpuBuffer {
  const kept = x.shape.map((_, i) => i).filter((i) => i !== axis);
  const nOut = sizeOf(kept.map((i) => x.shape[i]));
  const out = rt.acquire(nOut, 'int32');
  if (nOut === 0) return out;
  const k = collapse(
    kept.map((i) => x.shape[i]),
    [kept.map((i) => x.strides[i])],
  );
  if (k.shape.length > MAX_RANK)
    throw new Error(`webgpu backend: argReduce: rank exceeds ${MAX_RANK} after merging`);
  const params = new Int32Array(24);
  params.set([nOut, k.shape.length, x.offset, x.shape[axis], x.strides[axis]]);
  params.set(k.shape, 8);
  params.set(k.strides[0], 16);
  const t = STORAGE[x.dtype];
  const float = x.dtype === 'float32';
  const cmp = op === 'argmax' ? '>' : '<';
  const code = `${prelude(2)}
${bindings(['X', 'OUT'], [x.dtype, 'int32'])}
${MAIN_1D}
  if (i >= PU(0u)) { return; }
  var off = P(2u);
  ${offsetOf('i', 1, 8, 16)}
  var best: ${t} = X[off];
  var at = 0;
  ${float ? 'if (!is_nan(best)) {' : '{'}
    for (var j = 1; j < P(3u); j++) {
      let v = X[off + j * P(4u)];
      ${float ? 'if (is_nan(v)) { at = j; break; }' : ''}
      if (v ${cmp} best) { best = v; at = j; }
    }
  }
  OUT[i] = at;
}`;
  rt.dispatch(rt.kernel(code, 2), [x.buffer, out], params, rt.grid(nOut));
  return out;
}
