import type { KernelView } from '../backend';
import type { Tensor } from '../tensor';
import { reshape, sum } from './api';

/** A view of `t` broadcast to `shape`: broadcast axes get stride 0, so nothing is copied. */
export function broadcastView(t: Tensor, shape: readonly number[]): KernelView {
  if (t.shape.length === shape.length) {
    let same = true;
    for (let i = 0; i < shape.length; i++) if (t.shape[i] !== shape[i]) same = false;
    if (same) return t;
  }
  const lead = shape.length - t.shape.length;
  const strides = new Array<number>(shape.length);
  for (let i = 0; i < shape.length; i++) {
    const j = i - lead;
    strides[i] = j < 0 || (t.shape[j] === 1 && shape[i] !== 1) ? 0 : t.strides[j];
  }
  return { buffer: t.buffer, shape, strides, offset: t.offset, dtype: t.dtype };
}

/**
 * Sums a gradient computed at a broadcast shape back down to the operand's own `shape`:
 * the adjoint of broadcasting, used by every binary op's VJP.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  // Only leading (new) axes: summing them away already gives `shape`, no reshape needed.
  if (axes.length === lead) return sum(g, axes, false);
  const reduced = axes.length > 0 ? sum(g, axes, true) : g;
  return reshape(reduced, shape);
}
