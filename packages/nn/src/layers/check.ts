import type { Tensor } from '@plasticity/core';
import { fail, fmtShape, requireTensor } from '../errors';

/**
 * Refuses an input whose rank or trailing sizes do not fit the layer, naming the layer and the shape it
 * expects: `Linear(in=3, out=2).forward(x): expected input of shape [..., 3], got [4,5]`.
 */
export function checkInput(
  layer: string,
  x: unknown,
  expected: string,
  ok: (shape: readonly number[]) => boolean,
  dtype: 'float32' | 'int32' = 'float32',
): asserts x is Tensor {
  const op = `${layer}.forward(x)`;
  requireTensor(op, 'x', x);
  if (!ok(x.shape)) fail(op, `expected input of shape ${expected}, got ${fmtShape(x.shape)}`);
  if (x.dtype !== dtype) fail(op, `expected a ${dtype} input, got ${x.dtype}`);
}
