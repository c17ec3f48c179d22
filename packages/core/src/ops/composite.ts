import { record } from '../autograd';
import { fail, fmtShape } from '../errors';
import { normalizeAxes, normalizeAxis } from '../shape';
import { inGroup } from '../state';
import { Tensor } from '../tensor';
import {
  abs,
  add,
  cast,
  contiguous,
  div,
  equal,
  exp,
  expm1,
  greater,
  log,
  max,
  maximum,
  minimum,
  mul,
  pow,
  reshape,
  sqrt,
  square,
  sub,
  sum,
  unsqueeze,
  where,
} from './api';
import { requireFloat } from './elementwise';

// Composite ops: written once from primitives, so every backend runs them and autograd differentiates
// them for free. A backend may list one in `backend.fused` to run it as a single kernel instead.

/** Arithmetic mean over `dim` (all dims when omitted). Integer inputs give float32. */
export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return inGroup('mean', () => {
    const axes = normalizeAxes('mean(x, dim)', dim, x.ndim);
    const count = axes.reduce((n, a) => n * x.shape[a], 1);
    if (count === 0)
      fail('mean(x, dim)', `the mean over an empty dimension is undefined (shape ${fmtShape(x.shape)})`);
    return mul(sum(x.dtype === 'float32' ? x : cast(x, 'float32'), axes, keepdim), 1 / count);
  });
}

export interface VarOptions {
  /** Bessel's correction: divide by N − correction (PyTorch's default 1: the unbiased sample variance). */
  correction?: number;
  keepdim?: boolean;
}

/** Variance over `dim`; by default the unbiased sample variance (N − 1), as PyTorch. */
export function variance(x: Tensor, dim?: number | readonly number[], options: VarOptions = {}): Tensor {
  return inGroup('var', () => {
    const { correction = 1, keepdim = false } = options;
    const axes = normalizeAxes('var(x, dim)', dim, x.ndim);
    const count = axes.reduce((n, a) => n * x.shape[a], 1);
    if (count - correction <= 0) {
      fail(
        'var(x, dim)',
        `needs more than ${correction} element(s) per group for correction=${correction}, got ${count}`,
      );
    }
    const centered = sub(x, mean(x, axes, true));
    return div(sum(square(centered), axes, keepdim), count - correction);
  });
}

/** Standard deviation: √var (see `variance` for the correction). */
export function std(x: Tensor, dim?: number | readonly number[], options: VarOptions = {}): Tensor {
  return inGroup('std', () => sqrt(variance(x, dim, options)));
}

/** log Σ exp(x) over `dim`, computed stably by subtracting the maximum first. */
export function logsumexp(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return inGroup('logsumexp', () => {
    requireFloat('logsumexp(x)', x);
    const axes = normalizeAxes('logsumexp(x, dim)', dim, x.ndim);
    if (axes.some((a) => x.shape[a] === 0)) {
      // The log of an empty sum: −∞, as PyTorch gives.
      const shape = keepdim
        ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
        : x.shape.filter((_, i) => !axes.includes(i));
      return add(mul(sum(x, axes, keepdim), 0), Number.NEGATIVE_INFINITY).reshape(shape);
    }
    // The shift is a constant for the gradient (it cancels), so it is detached.
    const shift = max(x, axes, true).detach();
    const safeShift = where(equal(abs(shift), Number.POSITIVE_INFINITY), 0, shift);
    const out = add(log(sum(exp(sub(x, safeShift)), axes, true)), safeShift);
    return keepdim
      ? out
      : reshape(
          out,
          x.shape.filter((_, i) => !axes.includes(i)),
        );
  });
}

function softmaxLike(x: Tensor, dim: number, logarithm: boolean): Tensor {
  const name = logarithm ? 'logSoftmax' : 'softmax';
  const label = `${name}(x, ${dim})`;
  x.assertLive(label);
  requireFloat(label, x);
  const axis = normalizeAxis(label, dim, x.ndim);
  // Over an empty dimension there is nothing to normalise: the result is empty too.
  if (x.size === 0) return mul(x, 1);
  const backend = x.backend;
  if (backend.fused.has(name) && backend.fusedSoftmax && axis === x.ndim - 1 && x.ndim > 0) {
    const input = contiguous(x);
    const out = Tensor.fromBuffer(backend, backend.fusedSoftmax(input, logarithm), x.shape, 'float32');
    return record(name, out, [input], (g) =>
      logarithm
        ? [sub(g, mul(exp(out), sum(g, axis, true)))]
        : [mul(out, sub(g, sum(mul(g, out), axis, true)))],
    );
  }
  return inGroup(name, () => {
    const shifted = sub(x, max(x, axis, true).detach());
    if (logarithm) return sub(shifted, log(sum(exp(shifted), axis, true)));
    const e = exp(shifted);
    return div(e, sum(e, axis, true));
  });
}

/** Softmax along `dim`: exp(x) / Σ exp(x), computed stably. */
export function softmax(x: Tensor, dim = -1): Tensor {
  return softmaxLike(x, dim, false);
}

/** log(softmax(x)) along `dim`, computed stably (use with NLL for cross-entropy). */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  return softmaxLike(x, dim, true);
}

/** Leaky ReLU: x for x > 0, negativeSlope·x otherwise. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return inGroup('leakyRelu', () => where(greater(x, 0), x, mul(x, negativeSlope)));
}

/** ELU: x for x > 0, α(eˣ − 1) otherwise. */
export function elu(x: Tensor, alpha = 1): Tensor {
  return inGroup('elu', () => where(greater(x, 0), x, mul(expm1(minimum(x, 0)), alpha)));
}

/** Limits values to [min, max] (either may be null); the gradient is 1 inside and 0 outside. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  if (min != null && max != null && min > max)
    fail('clamp(x, min, max)', `min ${min} is greater than max ${max}`);
  return inGroup('clamp', () => {
    let out = x;
    if (min != null) out = maximum(out, min);
    if (max != null) out = minimum(out, max);
    return out;
  });
}

/** The p-norm over `dim` (all elements when omitted): (Σ|x|ᵖ)^(1/p); p = Infinity gives max |x|. */
export function norm(x: Tensor, p = 2, dim?: number | readonly number[], keepdim = false): Tensor {
  if (!(p > 0)) fail('norm(x, p)', `p must be positive, got ${p}`);
  return inGroup('norm', () => {
    if (p === Number.POSITIVE_INFINITY) return max(abs(x), dim, keepdim);
    if (p === 2) return sqrt(sum(square(x), dim, keepdim));
    if (p === 1) return sum(abs(x), dim, keepdim);
    return pow(sum(pow(abs(x), p), dim, keepdim), 1 / p);
  });
}

/**
 * One-hot encoding of int32 class indices: shape [...x.shape, numClasses], float32.
 * `numClasses` defaults to max(x) + 1; an index outside 0..numClasses−1 is an error.
 */
export function oneHot(x: Tensor, numClasses?: number): Tensor {
  const label = `oneHot(x${numClasses === undefined ? '' : `, ${numClasses}`})`;
  x.assertLive(label);
  if (x.dtype !== 'int32') fail(label, `expected int32 class indices, got ${x.dtype}`);
  let classes = numClasses;
  if (x.backend.canReadSync) {
    const data = x.backend.readSync(x);
    let hi = -1;
    for (let i = 0; i < data.length; i++) {
      if (data[i] < 0 || (classes !== undefined && data[i] >= classes)) {
        fail(label, `class index ${data[i]} is outside 0..${(classes ?? 0) - 1}`);
      }
      hi = Math.max(hi, data[i]);
    }
    classes ??= hi + 1;
  }
  if (classes === undefined) fail(label, 'numClasses is required on backends that cannot read synchronously');
  const range = Tensor.fromBuffer(
    x.backend,
    x.backend.upload(
      Int32Array.from({ length: classes }, (_, i) => i),
      'int32',
    ),
    [classes],
    'int32',
  );
  return cast(equal(unsqueeze(x, -1), range), 'float32');
}
