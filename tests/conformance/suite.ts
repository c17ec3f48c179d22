import type { Backend } from '@plasticity/core';
import { beforeAll, describe } from 'vitest';
import { registerConvolution } from './conv';
import { registerCopying } from './copying';
import { registerCreation } from './creation';
import { registerElementwise } from './elementwise';
import { registerGradients } from './grads';
import { DEFAULT_TOLERANCE, SuiteContext, type Tolerance, tf } from './harness';
import { registerReductions } from './reduce';
import { registerSecondOrder } from './second-order';
import { registerViews } from './views';

export type { Tolerance } from './harness';

/**
 * Registers the whole op conformance suite for one backend: every exported op of @plasticity/core,
 * forward against tfjs (its CPU backend) and gradients against finite differences and `tf.grads`.
 * Written once; each backend's test file calls it with its own factory (and, for a GPU, a looser tolerance).
 *
 * Every tensor is created on the backend under test by passing it explicitly, while the global current
 * backend stays whatever it was: an op that quietly creates a helper tensor on the default backend then
 * fails with core's "tensors live on different backends" error instead of passing by accident.
 */
export function defineOpSuite(
  name: string,
  makeBackend: () => Backend | Promise<Backend>,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): void {
  describe(name, () => {
    const ctx = new SuiteContext(name, tolerance);
    beforeAll(async () => {
      ctx.backend = await makeBackend();
      await tf.setBackend('cpu');
    });
    registerCreation(ctx);
    registerElementwise(ctx);
    registerReductions(ctx);
    registerViews(ctx);
    registerCopying(ctx);
    registerConvolution(ctx);
    registerGradients(ctx);
    registerSecondOrder(ctx);
  });
}
