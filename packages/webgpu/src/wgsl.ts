import type { DType, KernelView } from '@plasticity/core';

/** WGSL storage type per dtype: bool lives as u32 (0 or 1) on the GPU. */
export const STORAGE: Record<DType, 'f32' | 'i32' | 'u32'> = { float32: 'f32', int32: 'i32', bool: 'u32' };

/** Largest rank a strided kernel walks (after merging axes that are contiguous in every operand). */
export const MAX_RANK = 8;

/**
 * Declarations every kernel shares: the params uniform (up to 64 i32 per dispatch, read with `P(i)`),
 * the helpers core's WGSL expressions call (`erf_approx`, `tanh_stable`, `pow_signed`), conversions, and
 * the NaN/Infinity-safe helpers below.
 *
 * SwiftShader compiles shaders assuming no NaN and no Infinity (fast-math): `x != x`, `x < 0.0` or
 * `x == inf` on such values may be folded or give the wrong answer. So every test for NaN, ±Infinity,
 * zero or sign here reads the bit pattern, and the NaN/Infinity constants are made from bits at run time.
 */
export function prelude(paramsBinding: number): string {
  return /* wgsl */ `
struct Params { v: array<vec4<i32>, 16> }
@group(0) @binding(${paramsBinding}) var<uniform> params: Params;
fn P(i: u32) -> i32 { return params.v[i >> 2u][i & 3u]; }
fn PU(i: u32) -> u32 { return u32(params.v[i >> 2u][i & 3u]); }
fn nan_f32() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }
fn inf_f32() -> f32 { var bits = 0x7f800000u; return bitcast<f32>(bits); }
fn is_nan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
fn is_pos_inf(v: f32) -> bool { return bitcast<u32>(v) == 0x7f800000u; }
fn is_neg_inf(v: f32) -> bool { return bitcast<u32>(v) == 0xff800000u; }
// NaN or ±Infinity.
fn is_nonfinite(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) >= 0x7f800000u; }
// JS truth of a number: non-zero, NaN counting as true (-0 is false).
fn truthy_f32(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) != 0u; }
// Bits above +Infinity's are a NaN of either sign or a negative number other than -0: outside the
// domain of log and sqrt, where JS gives NaN (WGSL leaves it indeterminate; SwiftShader gives log|x|).
fn outside_nonneg(v: f32) -> bool { return bitcast<u32>(v) > 0x7f800000u; }
fn log_f32(v: f32) -> f32 {
  if (!truthy_f32(v)) { return -inf_f32(); }
  if (outside_nonneg(v)) { return nan_f32(); }
  if (is_pos_inf(v)) { return v; }
  return log(v);
}
// Math.sqrt: ±0 and +Infinity are their own roots.
fn sqrt_f32(v: f32) -> f32 {
  if (!truthy_f32(v) || is_pos_inf(v)) { return v; }
  if (outside_nonneg(v)) { return nan_f32(); }
  return sqrt(v);
}
// 1 / Math.sqrt(v): ±0 give ±Infinity, +Infinity gives 0.
fn rsqrt_f32(v: f32) -> f32 {
  if (!truthy_f32(v)) { return select(inf_f32(), -inf_f32(), bitcast<u32>(v) != 0u); }
  if (outside_nonneg(v)) { return nan_f32(); }
  if (is_pos_inf(v)) { return 0.0; }
  return inverseSqrt(v);
}
// Float → int truncates toward zero, as core's CPU kernels do; NaN and ±Infinity give 0 (JS ToInt32).
// Beyond ±2³¹ the value wraps modulo 2³² as ToInt32 does (exact in f32: such values are integers).
fn f2i(v: f32) -> i32 {
  if (is_nonfinite(v)) { return 0; }
  let t = trunc(v);
  if (abs(t) < 2147483648.0) { return i32(t); }
  var r = t - floor(t / 4294967296.0) * 4294967296.0;
  if (r >= 2147483648.0) { r = r - 4294967296.0; }
  return i32(r);
}
fn erf_approx(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return select(r - 1.0, 1.0 - r, x >= 0.0);
}
fn tanh_stable(x: f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}
// Math.pow semantics: negative bases with integer exponents keep their sign; other negative bases give NaN.
fn pow_signed(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  if (a == 0.0) { return select(0.0, inf_f32(), b < 0.0); }
  let m = pow(abs(a), b);
  if (a >= 0.0) { return m; }
  if (floor(b) != b) { return nan_f32(); }
  return select(m, -m, b - 2.0 * floor(b * 0.5) == 1.0);
}
fn gid(wid: vec3<u32>, nwg: vec3<u32>, lid: u32, size: u32) -> u32 { return (wid.y * nwg.x + wid.x) * size + lid; }
`;
}

/** The entry point signature of a 1-D kernel; `i` is the thread's global index. */
export const MAIN_1D = /* wgsl */ `@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = gid(wid, nwg, lid, 64u);`;

/** Declares `names[i]` as storage binding i of dtype `dtypes[i]`; the last one is written. */
export function bindings(names: readonly string[], dtypes: readonly DType[]): string {
  return names
    .map((n, i) => {
      const access = i === names.length - 1 ? 'read_write' : 'read';
      return `@group(0) @binding(${i}) var<storage, ${access}> ${n}: array<${STORAGE[dtypes[i]]}>;`;
    })
    .join('\n');
}

/** WGSL converting `expr` (of storage type `from`) into storage type `to`, with core's cast rules. */
export function convert(expr: string, from: DType, to: DType): string {
  if (from === to) return expr;
  switch (to) {
    case 'float32':
      return `f32(${expr})`;
    case 'int32':
      return from === 'float32' ? `f2i(${expr})` : `i32(${expr})`;
    case 'bool':
      // NaN is true, as in JS; read from the bits since SwiftShader folds NaN != 0 to false.
      return from === 'float32'
        ? `select(0u, 1u, truthy_f32(${expr}))`
        : `select(0u, 1u, ${expr} != ${STORAGE[from]}(0))`;
  }
}

/** A view with axes of size 1 dropped and axes merged where every operand walks them contiguously. */
export interface Collapsed {
  shape: number[];
  strides: number[][];
}

export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): Collapsed {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, j) => outStrides[j][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, j) => {
        outStrides[j][last] = s[d];
      });
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, j) => {
        outStrides[j].push(s[d]);
      });
    }
  }
  return { shape: outShape, strides: outStrides };
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function rowMajor(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** True when a view walks its buffer in row-major order (size-1 axes may have any stride). */
export function isRowMajor(view: Pick<KernelView, 'shape' | 'strides'>): boolean {
  let expected = 1;
  for (let i = view.shape.length - 1; i >= 0; i--) {
    if (view.shape[i] !== 1 && view.strides[i] !== expected) return false;
    expected *= view.shape[i];
  }
  return true;
}

/**
 * Whether a spec's WGSL expression type-checks on i32 operands: no float literals and no calls other
 * than the integer-capable builtins. Otherwise int operands are computed in f32 and converted back.
 */
export function intSafe(expr: string): boolean {
  if (/\d\.\d|\d\.(?!\w)|\.\d|\de[+-]?\d/.test(expr)) return false;
  const calls = expr.match(/[A-Za-z_]\w*(?=\s*\()/g) ?? [];
  return calls.every((c) => c === 'abs' || c === 'sign' || c === 'max' || c === 'min' || c === 'select');
}

/** A WGSL literal for a JS number or truth value (NaN and infinities through the prelude's helpers). */
export function literal(value: number, type: 'f32' | 'bool'): string {
  if (type === 'bool') return value ? 'true' : 'false';
  if (Number.isNaN(value)) return 'nan_f32()';
  if (value === Number.POSITIVE_INFINITY) return 'inf_f32()';
  if (value === Number.NEGATIVE_INFINITY) return '-inf_f32()';
  const s = String(Math.fround(value));
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/**
 * The op's results at non-finite inputs, taken from its JS expression (the reference semantics):
 * WGSL leaves NaN and infinity handling to the implementation (SwiftShader drops NaN through exp,
 * log and comparisons), so the generated kernels decide those inputs on the host's terms.
 */
export function specialCases(
  js: string,
  arity: 1 | 2,
  helpers: Record<string, unknown>,
): { nan?: number; posInf?: number; negInf?: number; zero?: number; negZero?: number } {
  const names = Object.keys(helpers);
  const f = new Function(...names, `return function (${arity === 1 ? 'x' : 'a, b'}) { return ${js}; };`)(
    ...names.map((n) => helpers[n]),
  ) as (a: number, b?: number) => number;
  if (arity === 1) {
    // At ±0 only a non-finite result needs deciding here (log(0) = -Infinity, 1 / -0 = -Infinity;
    // WGSL leaves it open).
    const zero = f(0);
    const negZero = f(-0);
    return {
      nan: f(Number.NaN),
      posInf: f(Number.POSITIVE_INFINITY),
      negInf: f(Number.NEGATIVE_INFINITY),
      ...(Number.isFinite(zero) ? {} : { zero }),
      ...(Number.isFinite(negZero) ? {} : { negZero }),
    };
  }
  // A binary NaN rule holds only when it does not depend on the other operand.
  const probes = [0, 1, -1, 2.5, Number.NaN];
  const outs = probes.flatMap((p) => [f(Number.NaN, p), f(p, Number.NaN)]);
  const first = outs[0];
  const same = outs.every((o) => Object.is(o, first) || (Number.isNaN(o) && Number.isNaN(first)));
  return same ? { nan: first } : {};
}
