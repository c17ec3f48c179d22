import type { Tensor, TensorLike } from '../tensor';
import * as B from './binary-ops';
import { applyBinary, applyUnary } from './elementwise';
import * as U from './unary-ops';

// Binary arithmetic — NumPy broadcasting, type promotion bool < int32 < float32.

/** a + b, elementwise with broadcasting. */
export const add = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.ADD, a, b);
/** a − b, elementwise with broadcasting. */
export const sub = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.SUB, a, b);
/** a · b, elementwise with broadcasting (not the matrix product: see `matmul`). */
export const mul = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.MUL, a, b);
/** a / b, true division: always float32, as PyTorch's `/`. */
export const div = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.DIV, a, b);
/** a to the power b, elementwise. */
export const pow = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.POW, a, b);
/** Remainder with the sign of the divisor (Python's `%`, PyTorch's `remainder`). */
export const remainder = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.MOD, a, b);
/** Elementwise larger of a and b (NaN if either is NaN). */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.MAXIMUM, a, b);
/** Elementwise smaller of a and b (NaN if either is NaN). */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.MINIMUM, a, b);
/** The angle of the point (b, a): atan(a/b) in the right quadrant. */
export const atan2 = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.ATAN2, a, b);

// Comparisons and logic — results are bool tensors, with no gradient.

/** a == b, elementwise (bool). */
export const equal = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.EQ, a, b);
/** a ≠ b, elementwise (bool). */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.NE, a, b);
/** a < b, elementwise (bool). */
export const less = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.LT, a, b);
/** a ≤ b, elementwise (bool). */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.LE, a, b);
/** a > b, elementwise (bool). */
export const greater = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.GT, a, b);
/** a ≥ b, elementwise (bool). */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.GE, a, b);
/** Alias of `equal` (PyTorch's `torch.eq`). */
export const eq = equal;
/** Alias of `notEqual` (PyTorch's `torch.ne`). */
export const ne = notEqual;
/** Alias of `less` (PyTorch's `torch.lt`). */
export const lt = less;
/** Alias of `lessEqual` (PyTorch's `torch.le`). */
export const le = lessEqual;
/** Alias of `greater` (PyTorch's `torch.gt`). */
export const gt = greater;
/** Alias of `greaterEqual` (PyTorch's `torch.ge`). */
export const ge = greaterEqual;
/** Logical and of truth values (non-zero is true). */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.LOGICAL_AND, a, b);
/** Logical or of truth values (non-zero is true). */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.LOGICAL_OR, a, b);
/** Logical exclusive or of truth values (non-zero is true). */
export const logicalXor = (a: TensorLike, b: TensorLike): Tensor => applyBinary(B.LOGICAL_XOR, a, b);
/** Logical not (non-zero is true). */
export const logicalNot = (x: TensorLike): Tensor => applyUnary(U.LOGICAL_NOT, x);
/** True where x is NaN. */
export const isnan = (x: TensorLike): Tensor => applyUnary(U.IS_NAN, x);
/** True where x is neither NaN nor ±Infinity. */
export const isfinite = (x: TensorLike): Tensor => applyUnary(U.IS_FINITE, x);

// Unary math.

/** −x. */
export const neg = (x: TensorLike): Tensor => applyUnary(U.NEG, x);
/** |x|; its gradient at 0 is 0 (the subgradient PyTorch picks). */
export const abs = (x: TensorLike): Tensor => applyUnary(U.ABS, x);
/** −1, 0 or 1 by the sign of x. */
export const sign = (x: TensorLike): Tensor => applyUnary(U.SIGN, x);
/** eˣ. */
export const exp = (x: TensorLike): Tensor => applyUnary(U.EXP, x);
/** eˣ − 1, accurate for small x. */
export const expm1 = (x: TensorLike): Tensor => applyUnary(U.EXPM1, x);
/** Natural logarithm. */
export const log = (x: TensorLike): Tensor => applyUnary(U.LOG, x);
/** ln(1 + x), accurate for small x. */
export const log1p = (x: TensorLike): Tensor => applyUnary(U.LOG1P, x);
/** √x. */
export const sqrt = (x: TensorLike): Tensor => applyUnary(U.SQRT, x);
/** 1/√x. */
export const rsqrt = (x: TensorLike): Tensor => applyUnary(U.RSQRT, x);
/** 1/x. */
export const reciprocal = (x: TensorLike): Tensor => applyUnary(U.RECIPROCAL, x);
/** x². */
export const square = (x: TensorLike): Tensor => applyUnary(U.SQUARE, x);
/** sin x (radians). */
export const sin = (x: TensorLike): Tensor => applyUnary(U.SIN, x);
/** cos x (radians). */
export const cos = (x: TensorLike): Tensor => applyUnary(U.COS, x);
/** The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt. */
export const erf = (x: TensorLike): Tensor => applyUnary(U.ERF, x);
/** Largest integer ≤ x (gradient 0). */
export const floor = (x: TensorLike): Tensor => applyUnary(U.FLOOR, x);
/** Smallest integer ≥ x (gradient 0). */
export const ceil = (x: TensorLike): Tensor => applyUnary(U.CEIL, x);
/** Nearest integer, halves to even (gradient 0). */
export const round = (x: TensorLike): Tensor => applyUnary(U.ROUND, x);

// Activations (composites with fused kernels where the backend has them).

/** Hyperbolic tangent, (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ); derivative 1 − tanh². */
export const tanh = (x: TensorLike): Tensor => applyUnary(U.TANH, x);
/** Logistic sigmoid 1/(1 + e⁻ˣ); derivative σ(1 − σ). */
export const sigmoid = (x: TensorLike): Tensor => applyUnary(U.SIGMOID, x);
/** Rectified linear unit max(x, 0); its gradient at 0 is 0. */
export const relu = (x: TensorLike): Tensor => applyUnary(U.RELU, x);
/** Softplus ln(1 + eˣ), a smooth relu. */
export const softplus = (x: TensorLike): Tensor => applyUnary(U.SOFTPLUS, x);
/** SiLU (swish) x·σ(x). */
export const silu = (x: TensorLike): Tensor => applyUnary(U.SILU, x);
/** GELU x·Φ(x) with the exact normal CDF (PyTorch's default, not the tanh approximation). */
export const gelu = (x: TensorLike): Tensor => applyUnary(U.GELU, x);
