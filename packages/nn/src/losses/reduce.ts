import type { Tensor } from '@plasticity/core';
import { fail, fmtShape, requireTensor } from '../errors';

/** How a loss combines per-element losses: their mean (default), their sum, or none (the per-element tensor). */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every loss accepts. */
export interface LossOptions {
  reduction?: Reduction;
}

/** @internal */
export function reduceLoss(op: string, loss: Tensor, reduction: Reduction = 'mean'): Tensor {
  switch (reduction) {
    case 'mean':
      return loss.mean();
    case 'sum':
      return loss.sum();
    case 'none':
      return loss;
    default:
      return fail(op, `reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`);
  }
}

/** @internal Checks input and target are float tensors of the same shape. */
export function checkPair(op: string, input: unknown, target: unknown): asserts input is Tensor {
  requireTensor(op, 'input', input);
  requireTensor(op, 'target', target);
  const t = target as Tensor;
  if (input.dtype !== 'float32') fail(op, `input must be float32, got ${input.dtype}`);
  if (t.dtype !== 'float32') fail(op, `target must be float32 (cast it with .float()), got ${t.dtype}`);
  if (input.shape.length !== t.shape.length || input.shape.some((d, i) => d !== t.shape[i])) {
    fail(op, `input ${fmtShape(input.shape)} and target ${fmtShape(t.shape)} must have the same shape`);
  }
}

/**
 * @internal Checks every element of `t` is within [lo, hi]. That needs the values on the host, so it
 * runs only on backends that read synchronously (the CPU); on WebGPU the dtype and shape checks still
 * run but value ranges are not checked (check the data on the CPU before moving it).
 */
export function checkValues(op: string, name: string, t: Tensor, lo: number, hi: number, what: string): void {
  if (!t.backend.canReadSync) return;
  const data = t.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(v >= lo && v <= hi)) fail(op, `${name} must hold ${what}, found ${v} at flat index ${i}`);
  }
}
