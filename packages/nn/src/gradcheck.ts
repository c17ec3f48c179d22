import {
  Generator,
  type GradcheckOptions,
  type GradcheckReport,
  gradcheck,
  noGrad,
  randn,
  type Tensor,
  tidy,
} from '@plasticity/core';
import { fail } from './errors';
import type { Module } from './module';

/** Options of `gradcheckModule`. */
export interface GradcheckModuleOptions extends GradcheckOptions {
  /** Maps the module's output to a scalar (default: Σ output·r for a fixed random r, so no gradient cancels). */
  reduce?: (output: Tensor) => Tensor;
}

/**
 * Checks a module's autograd gradients against finite differences, for every input and every parameter
 * (each parameter is swapped for a perturbed copy through its field, then put back). Throws on a mismatch
 * (unless `raise: false`) and returns one report per checked tensor, named `input 0`, `weight`, `0.bias`, ….
 * Run it in eval mode for layers with randomness (dropout).
 */
export function gradcheckModule(
  module: Module<any, Tensor>,
  inputs: readonly Tensor[],
  options: GradcheckModuleOptions = {},
): Record<string, GradcheckReport> {
  if (module === null || typeof module?.call !== 'function')
    fail('gradcheckModule(module, inputs)', 'module must be a Module');
  return tidy(() => {
    // Made here, in this scope, so gradcheck's own inner scopes do not free it between evaluations.
    const shape = noGrad(() => module.call(...inputs)).shape;
    const r = randn(shape, { generator: new Generator(options.seed ?? 0) });
    const reduce = options.reduce ?? ((out: Tensor) => out.mul(r).sum());
    const reports: Record<string, GradcheckReport> = {};
    const floatInputs = inputs.map((x, i) => [x, i] as const).filter(([x]) => x.dtype === 'float32');
    for (const [x, i] of floatInputs) {
      reports[`input ${i}`] = gradcheck(
        (xi: Tensor) => reduce(module.call(...inputs.map((orig, j) => (j === i ? xi : orig)))),
        [x],
        options,
      );
    }
    for (const [prefix, owner] of module.namedModules()) {
      for (const [local, p] of owner.namedParameters()) {
        if (local.includes('.')) continue;
        const slot = owner as unknown as Record<string, Tensor>;
        reports[prefix === '' ? local : `${prefix}.${local}`] = gradcheck(
          (pi: Tensor) => {
            slot[local] = pi;
            try {
              return reduce(module.call(...inputs));
            } finally {
              slot[local] = p;
            }
          },
          [p.detach()],
          options,
        );
      }
    }
    return reports;
  });
}
