import type { BinarySpec, DType, KernelView, UnarySpec } from '@plasticity/core';
import { erfApprox } from '@plasticity/core';
import type { Binding, GpuBuffer, GpuRuntime, Kernel } from '../runtime';
import {
  bindings,
  type Collapsed,
  collapse,
  convert,
  intSafe,
  literal,
  MAIN_1D,
  MAX_RANK,
  prelude,
  STORAGE,
  sizeOf,
  specialCases,
} from '../wgsl';
import { gpuSafe } from './safe-expr';

export type View = KernelView<GpuBuffer>;

/** Compute type of an operand inside an elementwise function: f32, or i32 when the expression allows. */
type ComputeType = 'f32' | 'i32';

const NAMES = ['A', 'B', 'C', 'D'];

/**
 * The one strided loop every elementwise kernel shares (map, copy, where, assign). Operand j is read at
 * offset `o<j>`, walked through `shape` with its own strides (0 on broadcast axes, negative when flipped);
 * `body` is WGSL that writes the output, given those offsets. When `outView` is set the output is
 * written through that strided view (assign) and is the last operand; otherwise at `oi`, contiguous.
 *
 * When a buffer is larger than one storage binding the work is split into chunks of output indices,
 * each binding only the range of every buffer that chunk touches (params: [6] the chunk's first index,
 * [7] where the output's bound range starts relative to it).
 */
function stridedMap(
  rt: GpuRuntime,
  label: string,
  inputs: readonly View[],
  out: GpuBuffer,
  outView: View | null,
  body: (names: readonly string[]) => string,
  decls = '',
): void {
  const operands = outView === null ? inputs : [...inputs, outView];
  const shape = operands[0].shape;
  const n = sizeOf(shape);
  if (n === 0) return;
  const c = collapse(
    shape,
    operands.map((v) => v.strides),
  );
  if (c.shape.length > MAX_RANK) {
    throw new Error(
      `webgpu backend: ${label}: views of rank ${c.shape.length} after merging axes exceed ${MAX_RANK}`,
    );
  }
  const contiguous = c.shape.length <= 1 && c.strides.every((s) => s.length === 0 || s[0] === 1);
  const k = operands.length;
  if (k > 4) throw new Error(`webgpu backend: internal error: ${label} has ${k} operands`);
  const names = NAMES.slice(0, inputs.length);
  const dtypes = [...inputs.map((v) => v.dtype), outView === null ? out.dtype : outView.dtype];
  const offsets = operands.map((_, j) => `var o${j} = P(${2 + j}u);`).join(' ');
  const walk = contiguous
    ? operands.map((_, j) => `o${j} += i32(g);`).join(' ')
    : `var rem = g;
  for (var d = i32(P(1u)) - 1; d >= 0; d--) {
    let s = PU(8u + u32(d));
    let c = i32(rem % s);
    rem = rem / s;
    ${operands.map((_, j) => `o${j} += c * P(${16 + 8 * j}u + u32(d));`).join(' ')}
  }`;
  const code = `${prelude(inputs.length + 1)}
${bindings([...names, 'OUT'], dtypes)}
${decls}
${MAIN_1D}
  if (i >= PU(0u)) { return; }
  let g = i + PU(6u);
  let oi = i + PU(7u);
  ${offsets}
  ${walk}
  ${body(names)}
}`;
  const kernel = rt.kernel(code, inputs.length + 1);
  const params = new Int32Array(48);
  params[1] = c.shape.length;
  operands.forEach((_, j) => {
    c.strides[j].forEach((s, d) => {
      params[16 + 8 * j + d] = s;
    });
  });
  c.shape.forEach((d, i) => {
    params[8 + i] = d;
  });
  const buffers = [...inputs.map((v) => v.buffer), out];
  if (buffers.every((b) => b.capacity <= rt.maxBinding)) {
    params[0] = n;
    operands.forEach((v, j) => {
      params[2 + j] = v.offset;
    });
    rt.dispatch(kernel, buffers, params, rt.grid(n));
    return;
  }
  splitDispatch(rt, kernel, params, c, operands, out, outView === null, n);
}

/**
 * Dispatches `n` output indices in chunks whose every binding fits `rt.maxBinding`: a chunk starts as
 * large as the output allows and halves until the ranges its operands touch fit (a single index always
 * does). Those ranges are bounded by the box of multi-indices the chunk spans, a superset of what it reads.
 */
function splitDispatch(
  rt: GpuRuntime,
  kernel: Kernel,
  params: Int32Array,
  c: Collapsed,
  operands: readonly View[],
  out: GpuBuffer,
  contiguousOut: boolean,
  n: number,
): void {
  const align = rt.bindingAlign;
  const limit = rt.maxBinding;
  // Bound ranges start up to `align` bytes before the first element they need.
  const maxChunk = Math.max(1, Math.floor((limit - align) / 4));
  const bind = (buffer: GpuBuffer, first: number, last: number): { range: Binding; start: number } | null => {
    if (buffer.capacity <= limit) return { range: buffer, start: 0 };
    const offset = Math.floor((first * 4) / align) * align;
    const size = (last + 1) * 4 - offset;
    if (size > limit) return null;
    return { range: { buffer, offset, size }, start: offset / 4 };
  };
  let s = 0;
  let len = Math.min(n, maxChunk);
  while (s < n) {
    len = Math.min(len, n - s);
    const bound: Binding[] = [];
    let fits = true;
    for (let j = 0; j < operands.length && fits; j++) {
      const v = operands[j];
      const [lo, hi] = span(c, j, v.offset, s, s + len - 1);
      const b = bind(v.buffer, lo, hi);
      if (b === null) fits = false;
      else {
        bound.push(b.range);
        params[2 + j] = v.offset - b.start;
      }
    }
    if (fits && contiguousOut) {
      const b = bind(out, s, s + len - 1);
      if (b === null) fits = false;
      else {
        bound.push(b.range);
        params[7] = s - b.start;
      }
    }
    if (!fits) {
      // A single index binds at most `align + 4` bytes per operand, and the cap is at least `align`.
      if (len === 1) throw new Error(`webgpu backend: internal error: ${rt.op}: cannot bind one element`);
      len = Math.ceil(len / 2);
      continue;
    }
    if (!contiguousOut) params[7] = 0;
    params[0] = len;
    params[6] = s;
    rt.dispatch(kernel, bound, params, rt.grid(len));
    s += len;
  }
}

/**
 * Smallest and largest element offsets operand `j` may read for output indices first..last: axes
 * before the first one on which the two indices differ are fixed, that axis spans their coordinates,
 * later axes span their whole extent.
 */
function span(c: Collapsed, j: number, offset: number, first: number, last: number): [number, number] {
  const rank = c.shape.length;
  const a = new Array<number>(rank);
  const b = new Array<number>(rank);
  let x = first;
  let y = last;
  for (let d = rank - 1; d >= 0; d--) {
    a[d] = x % c.shape[d];
    b[d] = y % c.shape[d];
    x = Math.floor(x / c.shape[d]);
    y = Math.floor(y / c.shape[d]);
  }
  let lo = offset;
  let hi = offset;
  let varying = false;
  for (let d = 0; d < rank; d++) {
    const st = c.strides[j][d];
    const from = varying ? 0 : a[d];
    const to = varying ? c.shape[d] - 1 : b[d];
    if (a[d] !== b[d]) varying = true;
    lo += Math.min(st * from, st * to);
    hi += Math.max(st * from, st * to);
  }
  return [lo, hi];
}

/** Stores a function result `r` of type `rt` (or a WGSL bool) into storage of `to`. */
function store(r: string, type: ComputeType | 'bool', to: DType): string {
  if (type === 'bool') {
    return to === 'bool'
      ? `select(0u, 1u, ${r})`
      : to === 'float32'
        ? `select(0.0, 1.0, ${r})`
        : `select(0, 1, ${r})`;
  }
  return convert(r, type === 'f32' ? 'float32' : 'int32', to);
}

const guardCache = new Map<string, string>();

/** WGSL early returns giving the spec's JS results at NaN (and, for unary ops, ±Infinity and ±0) inputs. */
function guards(js: string, arity: 1 | 2, result: ComputeType | 'bool'): string {
  const key = `${arity}:${result}:${js}`;
  let code = guardCache.get(key);
  if (code === undefined) {
    const type = result === 'bool' ? 'bool' : 'f32';
    const s = specialCases(js, arity, { erfApprox });
    code = '';
    if (s.nan !== undefined) {
      code += ` if (${arity === 1 ? 'is_nan(x)' : 'is_nan(a) || is_nan(b)'}) { return ${literal(s.nan, type)}; }`;
    }
    // Bit tests: a compiler assuming finite values may fold `x == inf` (see the prelude).
    if (s.posInf !== undefined) code += ` if (is_pos_inf(x)) { return ${literal(s.posInf, type)}; }`;
    if (s.negInf !== undefined) code += ` if (is_neg_inf(x)) { return ${literal(s.negInf, type)}; }`;
    if (s.zero !== undefined) code += ` if (bitcast<u32>(x) == 0u) { return ${literal(s.zero, type)}; }`;
    if (s.negZero !== undefined) {
      code += ` if (bitcast<u32>(x) == 0x80000000u) { return ${literal(s.negZero, type)}; }`;
    }
    guardCache.set(key, code);
  }
  return code;
}

function computeType(dtype: DType, expr: string): ComputeType {
  return dtype === 'int32' && intSafe(expr) ? 'i32' : 'f32';
}

/**
 * The body of `fn op`: host-decided results at special inputs, then the spec's expression (made
 * GPU-safe for f32 operands: out-of-domain inputs and NaN truth values, see `GPU_SAFE_REWRITES`).
 */
function opBody(
  js: string,
  wgsl: string,
  arity: 1 | 2,
  ct: ComputeType,
  result: ComputeType | 'bool',
): string {
  return ct === 'f32' ? `${guards(js, arity, result)} return ${gpuSafe(wgsl)};` : ` return ${wgsl};`;
}

/** A unary op generated from its spec's WGSL expression in `x`. */
export function unary(rt: GpuRuntime, spec: UnarySpec, x: View, outDtype: DType): GpuBuffer {
  const out = rt.acquire(sizeOf(x.shape), outDtype);
  const ct: ComputeType = spec.dtype === 'same' ? computeType(x.dtype, spec.wgsl) : 'f32';
  const result = spec.dtype === 'bool' ? 'bool' : ct;
  const fn = `fn op(x: ${ct}) -> ${result} {${opBody(spec.js, spec.wgsl, 1, ct, result)} }`;
  stridedMap(
    rt,
    spec.name,
    [x],
    out,
    null,
    ([A]) => `OUT[oi] = ${store(`op(${ct}(${A}[o0]))`, result, outDtype)};`,
    fn,
  );
  return out;
}

/** A binary op generated from its spec's WGSL expression in `a` and `b` (already broadcast views). */
export function binary(rt: GpuRuntime, spec: BinarySpec, a: View, b: View, outDtype: DType): GpuBuffer {
  const out = rt.acquire(sizeOf(a.shape), outDtype);
  const floatOnly = spec.dtype === 'float' || spec.dtype === 'logical';
  const bothInt = a.dtype === 'int32' && b.dtype === 'int32';
  const ct: ComputeType = floatOnly ? 'f32' : computeType(bothInt ? 'int32' : 'float32', spec.wgsl);
  const result = spec.dtype === 'bool' || spec.dtype === 'logical' ? 'bool' : ct;
  const fn = `fn op(a: ${ct}, b: ${ct}) -> ${result} {${opBody(spec.js, spec.wgsl, 2, ct, result)} }`;
  stridedMap(
    rt,
    spec.name,
    [a, b],
    out,
    null,
    ([A, B]) => `OUT[oi] = ${store(`op(${ct}(${A}[o0]), ${ct}(${B}[o1]))`, result, outDtype)};`,
    fn,
  );
  return out;
}

/** `cond ? a : b` elementwise over three views broadcast to one shape. */
export function where(rt: GpuRuntime, cond: View, a: View, b: View, outDtype: DType): GpuBuffer {
  const out = rt.acquire(sizeOf(a.shape), outDtype);
  stridedMap(rt, 'where', [cond, a, b], out, null, ([C, A, B]) => {
    const va = convert(`${A}[o1]`, a.dtype, outDtype);
    const vb = convert(`${B}[o2]`, b.dtype, outDtype);
    return `OUT[oi] = select(${vb}, ${va}, ${C}[o0] != ${STORAGE[cond.dtype]}(0));`;
  });
  return out;
}

/** A contiguous copy of a view, converted to `outDtype` (float → int truncates; non-zero → true). */
export function copy(rt: GpuRuntime, x: View, outDtype: DType): GpuBuffer {
  const out = rt.acquire(sizeOf(x.shape), outDtype);
  stridedMap(rt, 'copy', [x], out, null, ([A]) => `OUT[oi] = ${convert(`${A}[o0]`, x.dtype, outDtype)};`);
  return out;
}

/** Writes `src` (broadcast to dst's shape) through the strided view `dst`, in place. */
export function assign(rt: GpuRuntime, dst: View, src: View): void {
  stridedMap(
    rt,
    'assign',
    [src],
    dst.buffer,
    dst,
    ([A]) => `OUT[o1] = ${convert(`${A}[o0]`, src.dtype, dst.dtype)};`,
  );
}

/** The view itself when row-major from offset 0, else a contiguous copy (to release after use). */
export function contiguous(rt: GpuRuntime, x: View): { view: View; temp: GpuBuffer | null } {
  let expected = 1;
  let rowMajor = true;
  for (let i = x.shape.length - 1; i >= 0; i--) {
    if (x.shape[i] !== 1 && x.strides[i] !== expected) rowMajor = false;
    expected *= x.shape[i];
  }
  if (rowMajor) return { view: x, temp: null };
  const temp = copy(rt, x, x.dtype);
  const strides: number[] = [];
  let acc = 1;
  for (let i = x.shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= x.shape[i];
  }
  return { view: { buffer: temp, shape: x.shape, strides, offset: 0, dtype: x.dtype }, temp };
}
