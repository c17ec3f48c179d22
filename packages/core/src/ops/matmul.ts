import { record } from '../autograd';
import type { Backend, KernelView } from '../backend';
import { fail, fmtShape } from '../errors';
import { broadcastShapes } from '../shape';
import { state } from '../state';
import { Tensor } from '../tensor';
import { cast, matmul as mm, reshape, sumToShape, transpose } from './api';
import { broadcastView } from './broadcast';
import { sameBackend } from './convert';

/**
 * Matrix product with NumPy's rules: 2-D × 2-D is the matrix product; 1-D operands are treated as a
 * row (left) or column (right) vector and that dimension is removed; leading dims are batch dims and
 * broadcast. Transposed views are multiplied without a copy.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const label = 'matmul(a, b)';
  a.assertLive(label);
  b.assertLive(label);
  if (a.ndim === 0 || b.ndim === 0) {
    fail(
      label,
      `both operands need at least one dimension: a is ${fmtShape(a.shape)}, b is ${fmtShape(b.shape)} (use mul for scalars)`,
    );
  }
  const backend = sameBackend(label, [a, b]);
  if (a.ndim === 1)
    return reshape(
      matmul(reshape(a, [1, a.shape[0]]), b),
      dropAt(b.ndim === 1 ? [1, 1] : [...b.shape.slice(0, -2), 1, b.shape[b.ndim - 1]], -2, b.ndim === 1),
    );
  if (b.ndim === 1) return reshape(matmul(a, reshape(b, [b.shape[0], 1])), a.shape.slice(0, -1));
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const k2 = b.shape[b.ndim - 2];
  const n = b.shape[b.ndim - 1];
  if (k !== k2) {
    fail(
      label,
      `inner dimensions differ: a is ${fmtShape(a.shape)}, b is ${fmtShape(b.shape)} (${k} ≠ ${k2})`,
    );
  }
  const batch = broadcastShapes(label, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const ta = a.dtype === 'float32' ? a : cast(a, 'float32');
  const tb = b.dtype === 'float32' ? b : cast(b, 'float32');
  const buffer = backend.matmul(broadcastView(ta, [...batch, m, k]), broadcastView(tb, [...batch, k, n]));
  const out = Tensor.fromBuffer(backend, buffer, [...batch, m, n], 'float32');
  return record('matmul', out, [ta, tb], (g) => {
    if (state.gradEnabled) {
      // Building a graph for double backward: go through the differentiable ops.
      return [
        ta.requiresGrad ? sumToShape(mm(g, transpose(tb)), ta.shape) : null,
        tb.requiresGrad ? sumToShape(mm(transpose(ta), g), tb.shape) : null,
      ];
    }
    // Plain backward: multiply by transposed *views* straight away, without making transpose tensors.
    const full = [...batch, m, n];
    return [
      ta.requiresGrad
        ? sumToShape(
            product(backend, broadcastView(g, full), swapLast(broadcastView(tb, [...batch, k, n])), [
              ...batch,
              m,
              k,
            ]),
            ta.shape,
          )
        : null,
      tb.requiresGrad
        ? sumToShape(
            product(backend, swapLast(broadcastView(ta, [...batch, m, k])), broadcastView(g, full), [
              ...batch,
              k,
              n,
            ]),
            tb.shape,
          )
        : null,
    ];
  });
}

/** The same view with its last two axes swapped (a transpose without a tensor). */
function swapLast(v: KernelView): KernelView {
  const nd = v.shape.length;
  const shape = [...v.shape];
  const strides = [...v.strides];
  [shape[nd - 2], shape[nd - 1]] = [shape[nd - 1], shape[nd - 2]];
  [strides[nd - 2], strides[nd - 1]] = [strides[nd - 1], strides[nd - 2]];
  return { buffer: v.buffer, shape, strides, offset: v.offset, dtype: v.dtype };
}

function product(backend: Backend, a: KernelView, b: KernelView, shape: number[]): Tensor {
  return Tensor.fromBuffer(backend, backend.matmul(a, b), shape, 'float32');
}

function dropAt(shape: number[], at: number, both: boolean): number[] {
  const out = [...shape];
  out.splice(out.length + at, 1);
  if (both) out.pop();
  return out;
}
