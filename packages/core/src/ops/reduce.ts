import { record } from '../autograd';
import type { ReduceOp } from '../backend';
import type { DType } from '../dtype';
import { fail, fmtShape } from '../errors';
import { normalizeAxes, normalizeAxis } from '../shape';
import { Tensor } from '../tensor';
import { cast, div, equal, expand, logicalAnd, mul, reshape, sum as sumOp, where } from './api';

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reduceWith(
  op: ReduceOp,
  x: Tensor,
  dim: number | readonly number[] | undefined,
  keepdim: boolean,
): Tensor {
  const label = () => `${op}(x${dim === undefined ? '' : `, ${JSON.stringify(dim)}`})`;
  if (x.disposed) x.assertLive(label());
  const axes = normalizeAxes(label, dim, x.ndim);
  let input = x;
  let dtype: DType = x.dtype;
  if (op === 'sum' || op === 'prod') {
    if (x.dtype === 'bool') {
      input = cast(x, 'int32');
      dtype = 'int32';
    }
  }
  if ((op === 'max' || op === 'min') && axes.some((a) => x.shape[a] === 0)) {
    fail(label(), `cannot take the ${op} over an empty dimension (shape ${fmtShape(x.shape)})`);
  }
  const reducedShape = x.shape.filter((_, i) => !axes.includes(i));
  const buffer = input.backend.reduce(op, input, axes);
  let out = Tensor.fromBuffer(input.backend, buffer, reducedShape, dtype);
  out = record(op, out, [input], dtype !== 'float32' ? null : (g) => [reduceVjp(op, input, out, g, axes)], {
    axes,
  });
  return keepdim ? reshape(out, keptShape(x.shape, axes)) : out;
}

function reduceVjp(op: ReduceOp, x: Tensor, y: Tensor, g: Tensor, axes: readonly number[]): Tensor {
  const kept = keptShape(x.shape, axes);
  // Reducing only leading axes: g already lines up with x's trailing dims, so expand needs no reshape.
  const leading = axes.every((a, i) => a === i);
  const gk = expand(leading ? g : reshape(g, kept), x.shape);
  switch (op) {
    case 'sum':
      return gk;
    case 'prod': {
      // ∂(∏x)/∂xᵢ = ∏_{j≠i} xⱼ. Dividing ∏x by xᵢ fails at zeros, so count them: with none it is ∏x/xᵢ;
      // with one, only the zero's own entry is non-zero (the product of the others); with more, all are 0.
      const isZero = equal(x, 0);
      const nonZero = where(isZero, 1, x);
      const productOfNonZeros = expand(prod(nonZero, [...axes], true), x.shape);
      const zeros = expand(sumOp(cast(isZero, 'int32'), [...axes], true), x.shape);
      const others = where(
        equal(zeros, 0),
        div(productOfNonZeros, nonZero),
        where(logicalAnd(isZero, equal(zeros, 1)), productOfNonZeros, 0),
      );
      return mul(gk, others);
    }
    case 'max':
    case 'min': {
      // Ties share the gradient equally (PyTorch's amax/amin rule), so the gradient stays symmetric.
      const mask = cast(equal(x, expand(reshape(y, kept), x.shape)), 'float32');
      const count = sumOp(mask, [...axes], true);
      return where(mask, div(gk, count), 0);
    }
  }
}

/** Sum over `dim` (all dims when omitted); `keepdim` keeps reduced dims with size 1. */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduceWith('sum', x, dim, keepdim);
}

/** Product over `dim` (all dims when omitted). */
export function prod(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduceWith('prod', x, dim, keepdim);
}

/**
 * Largest value over `dim` (all dims when omitted) — PyTorch's `amax`. Use `argmax` for the index.
 * The gradient is shared equally between tied maxima.
 */
export function max(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduceWith('max', x, dim, keepdim);
}

/** Smallest value over `dim` (all dims when omitted) — PyTorch's `amin`. */
export function min(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduceWith('min', x, dim, keepdim);
}

function argReduce(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  const label = `${op}(x${dim === undefined ? '' : `, ${dim}`})`;
  x.assertLive(label);
  if (dim === undefined) {
    if (x.size === 0) fail(label, `cannot take the ${op} of an empty tensor ${fmtShape(x.shape)}`);
    const flat = reshape(x, [x.size]);
    const out = Tensor.fromBuffer(x.backend, x.backend.argReduce(op, flat, 0), [], 'int32');
    record(op, out, [flat], null);
    return keepdim
      ? reshape(
          out,
          x.shape.map(() => 1),
        )
      : out;
  }
  const axis = normalizeAxis(label, dim, x.ndim);
  if (x.ndim === 0) return cast(mul(x, 0), 'int32');
  if (x.shape[axis] === 0)
    fail(
      label,
      `cannot take the ${op} over dimension ${axis}, which has size 0 (shape ${fmtShape(x.shape)})`,
    );
  const shape = x.shape.filter((_, i) => i !== axis);
  const out = Tensor.fromBuffer(x.backend, x.backend.argReduce(op, x, axis), shape, 'int32');
  record(op, out, [x], null, { axis });
  return keepdim ? reshape(out, keptShape(x.shape, [axis])) : out;
}

/** Index of the first largest value along `dim` (of the flattened tensor when omitted), int32. */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce('argmax', x, dim, keepdim);
}

/** Index of the first smallest value along `dim` (of the flattened tensor when omitted), int32. */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce('argmin', x, dim, keepdim);
}
