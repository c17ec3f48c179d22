import type { Tensor } from '../tensor';
import {
  add,
  cos,
  div,
  erf,
  exp,
  greater,
  greaterEqual,
  lessEqual,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  sigmoid,
  sign,
  sin,
  square,
  sub,
  where,
  zerosLike,
} from './api';
import { applyBinary } from './elementwise';
import { binarySpec, unarySpec } from './elementwise-spec';

// One kernel for the gradients of tanh and sigmoid (instead of three): binary specs of (g, y) whose own
// VJPs keep double backward exact.
const TANH_GRAD = binarySpec({
  name: 'tanhGrad',
  js: 'a * (1 - b * b)',
  wgsl: 'a * (1.0 - b * b)',
  dtype: 'float',
  vjp: [(h, _g, y) => mul(h, sub(1, square(y))), (h, g, y) => mul(h, mul(mul(g, y), -2))],
});
const SIGMOID_GRAD = binarySpec({
  name: 'sigmoidGrad',
  js: 'a * b * (1 - b)',
  wgsl: 'a * b * (1.0 - b)',
  dtype: 'float',
  vjp: [(h, _g, y) => mul(h, mul(y, sub(1, y))), (h, g, y) => mul(h, mul(g, sub(1, mul(y, 2))))],
});

/**
 * σ(x) from primitives without overflow: each branch exponentiates only a non-positive number, and
 * maximum/minimum (not abs) clamp it, so the gradient at exactly 0 is σ'(0) = ¼ and no masked branch
 * produces inf·0 in a backward pass.
 */
function stableSigmoid(x: Tensor): Tensor {
  const positive = div(1, add(1, exp(neg(maximum(x, 0)))));
  const expNegative = exp(minimum(x, 0));
  return where(greaterEqual(x, 0), positive, div(expNegative, add(1, expNegative)));
}

// Primitive unary ops: every backend implements these (from the generated kernels).
export const NEG = unarySpec({ name: 'neg', js: '-x', wgsl: '-x', dtype: 'same', vjp: (g) => neg(g) });
export const ABS = unarySpec({
  name: 'abs',
  js: 'Math.abs(x)',
  wgsl: 'abs(x)',
  dtype: 'same',
  vjp: (g, x) => mul(g, sign(x)),
});
export const SIGN = unarySpec({
  name: 'sign',
  js: '(x > 0 ? 1 : x < 0 ? -1 : 0)',
  wgsl: 'sign(x)',
  dtype: 'same',
  vjp: (g) => zerosLike(g),
});
export const EXP = unarySpec({
  name: 'exp',
  js: 'Math.exp(x)',
  wgsl: 'exp(x)',
  dtype: 'float',
  vjp: (g, _x, y) => mul(g, y),
});
export const EXPM1 = unarySpec({
  name: 'expm1',
  js: 'Math.expm1(x)',
  wgsl: 'select(exp(x) - 1.0, x + 0.5 * x * x, abs(x) < 1e-5)',
  dtype: 'float',
  vjp: (g, _x, y) => mul(g, add(y, 1)),
});
export const LOG = unarySpec({
  name: 'log',
  js: 'Math.log(x)',
  wgsl: 'log(x)',
  dtype: 'float',
  vjp: (g, x) => div(g, x),
});
export const LOG1P = unarySpec({
  name: 'log1p',
  js: 'Math.log1p(x)',
  wgsl: 'select(log(1.0 + x), x - 0.5 * x * x, abs(x) < 1e-5)',
  dtype: 'float',
  vjp: (g, x) => div(g, add(x, 1)),
});
export const SQRT = unarySpec({
  name: 'sqrt',
  js: 'Math.sqrt(x)',
  wgsl: 'sqrt(x)',
  dtype: 'float',
  vjp: (g, _x, y) => div(g, mul(y, 2)),
});
export const RSQRT = unarySpec({
  name: 'rsqrt',
  js: '1 / Math.sqrt(x)',
  wgsl: 'inverseSqrt(x)',
  dtype: 'float',
  vjp: (g, x, y) => mul(g, div(mul(y, -0.5), x)),
});
export const RECIPROCAL = unarySpec({
  name: 'reciprocal',
  js: '1 / x',
  wgsl: '1.0 / x',
  dtype: 'float',
  vjp: (g, _x, y) => neg(mul(g, square(y))),
});
export const SIN = unarySpec({
  name: 'sin',
  js: 'Math.sin(x)',
  wgsl: 'sin(x)',
  dtype: 'float',
  vjp: (g, x) => mul(g, cos(x)),
});
export const COS = unarySpec({
  name: 'cos',
  js: 'Math.cos(x)',
  wgsl: 'cos(x)',
  dtype: 'float',
  vjp: (g, x) => neg(mul(g, sin(x))),
});
export const ERF = unarySpec({
  name: 'erf',
  // Numerical Recipes' erfc Chebyshev fit (fractional error < 1.2e-7), exact enough for float32;
  // backends supply `erfApprox` / `erf_approx` (see cpu/codegen.ts).
  js: 'erfApprox(x)',
  wgsl: 'erf_approx(x)',
  dtype: 'float',
  vjp: (g, x) => mul(g, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))),
});
export const FLOOR = unarySpec({
  name: 'floor',
  js: 'Math.floor(x)',
  wgsl: 'floor(x)',
  dtype: 'same',
  vjp: (g) => zerosLike(g),
});
export const CEIL = unarySpec({
  name: 'ceil',
  js: 'Math.ceil(x)',
  wgsl: 'ceil(x)',
  dtype: 'same',
  vjp: (g) => zerosLike(g),
});
export const ROUND = unarySpec({
  name: 'round',
  // Round half to even, as NumPy, PyTorch and WGSL's round() do.
  js: '(Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x))',
  wgsl: 'round(x)',
  dtype: 'same',
  vjp: (g) => zerosLike(g),
});
// Truth is `x != 0`, so NaN counts as true — as a cast to bool does, in PyTorch and tfjs alike.
export const LOGICAL_NOT = unarySpec({
  name: 'logicalNot',
  js: '(x !== 0 ? 0 : 1)',
  wgsl: 'x == 0.0',
  dtype: 'bool',
});
export const IS_NAN = unarySpec({ name: 'isnan', js: '(x !== x ? 1 : 0)', wgsl: 'x != x', dtype: 'bool' });
export const IS_FINITE = unarySpec({
  name: 'isfinite',
  js: '(Number.isFinite(x) ? 1 : 0)',
  wgsl: '(x == x) && (abs(x) <= 3.4028234663852886e38)',
  dtype: 'bool',
});

// Composites: defined from primitives by `decompose`; a backend may fuse them (both CPU and WebGPU do,
// from the same `js`/`wgsl` expressions). The VJP is written with ops, so it is differentiable again.
export const TANH = unarySpec({
  name: 'tanh',
  js: 'Math.tanh(x)',
  wgsl: 'tanh_stable(x)',
  dtype: 'float',
  vjp: (g, _x, y) => applyBinary(TANH_GRAD, g, y),
  // tanh x = 2σ(2x) − 1, through the stable sigmoid below (keeps the derivative 1 at x = 0).
  decompose: (x) => sub(mul(stableSigmoid(mul(x, 2)), 2), 1),
});
export const SIGMOID = unarySpec({
  name: 'sigmoid',
  js: '(x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))',
  wgsl: 'select(exp(x) / (1.0 + exp(x)), 1.0 / (1.0 + exp(-x)), x >= 0.0)',
  dtype: 'float',
  vjp: (g, _x, y) => applyBinary(SIGMOID_GRAD, g, y),
  decompose: (x) => stableSigmoid(x),
});
export const RELU = unarySpec({
  name: 'relu',
  // NaN passes through (as PyTorch and tfjs): `x > 0` alone would turn it into 0.
  js: '(x > 0 || x !== x ? x : 0)',
  wgsl: 'select(x, 0.0, x <= 0.0)',
  dtype: 'same',
  vjp: (g, x) => where(greater(x, 0), g, 0),
  decompose: (x) => where(lessEqual(x, 0), 0, x),
});
export const SOFTPLUS = unarySpec({
  name: 'softplus',
  js: '(x > 20 ? x : Math.log1p(Math.exp(x)))',
  wgsl: 'select(log(1.0 + exp(x)), x, x > 20.0)',
  dtype: 'float',
  vjp: (g, x) => mul(g, sigmoid(x)),
  // Each branch only exponentiates a non-positive number; no abs(), so the derivative at 0 is exactly ½.
  decompose: (x) =>
    where(greaterEqual(x, 0), add(x, log1p(exp(neg(maximum(x, 0))))), log1p(exp(minimum(x, 0)))),
});
export const SILU = unarySpec({
  name: 'silu',
  js: '(x >= 0 ? x / (1 + Math.exp(-x)) : x * Math.exp(x) / (1 + Math.exp(x)))',
  wgsl: 'x * select(exp(x) / (1.0 + exp(x)), 1.0 / (1.0 + exp(-x)), x >= 0.0)',
  dtype: 'float',
  vjp: (g, x) => {
    const s = sigmoid(x);
    return mul(g, mul(s, add(1, mul(x, sub(1, s)))));
  },
  decompose: (x) => mul(x, sigmoid(x)),
});
export const GELU = unarySpec({
  name: 'gelu',
  // The exact GELU, x·Φ(x), as PyTorch's default (approximate='none').
  js: '0.5 * x * (1 + erfApprox(x * 0.7071067811865476))',
  wgsl: '0.5 * x * (1.0 + erf_approx(x * 0.7071067811865476))',
  dtype: 'float',
  vjp: (g, x) => {
    const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return mul(g, add(cdf, mul(x, pdf)));
  },
  decompose: (x) => mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1)),
});
const SQUARE_GRAD = binarySpec({
  name: 'squareGrad',
  js: '2 * a * b',
  wgsl: '2.0 * a * b',
  dtype: 'float',
  vjp: [(h, _g, x) => mul(h, mul(x, 2)), (h, g) => mul(h, mul(g, 2))],
});
export const SQUARE = unarySpec({
  name: 'square',
  js: 'x * x',
  wgsl: 'x * x',
  dtype: 'same',
  vjp: (g, x) => applyBinary(SQUARE_GRAD, g, x),
  decompose: (x) => mul(x, x),
});

// Used by the decomposition tests to reach into every composite.
export const UNARY_SPECS = {
  neg: NEG,
  abs: ABS,
  sign: SIGN,
  exp: EXP,
  expm1: EXPM1,
  log: LOG,
  log1p: LOG1P,
  sqrt: SQRT,
  rsqrt: RSQRT,
  reciprocal: RECIPROCAL,
  sin: SIN,
  cos: COS,
  erf: ERF,
  floor: FLOOR,
  ceil: CEIL,
  round: ROUND,
  logicalNot: LOGICAL_NOT,
  isnan: IS_NAN,
  isfinite: IS_FINITE,
  tanh: TANH,
  sigmoid: SIGMOID,
  relu: RELU,
  softplus: SOFTPLUS,
  silu: SILU,
  gelu: GELU,
  square: SQUARE,
} as const;
