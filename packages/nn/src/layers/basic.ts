import { cast, type Generator, rand, type Tensor } from '@plasticity/core';
import { fail, fmtShape, requireRange, requireTensor } from '../errors';
import { Module } from '../module';

/** Flattens dims `startDim..endDim` (default 1..−1: everything but the batch), as PyTorch's `nn.Flatten`. */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    requireTensor('Flatten.forward(x)', 'x', x);
    const nd = x.ndim;
    const s = this.startDim < 0 ? this.startDim + nd : this.startDim;
    const e = this.endDim < 0 ? this.endDim + nd : this.endDim;
    if (s < 0 || e >= nd || s > e) {
      fail(
        `Flatten(startDim=${this.startDim}, endDim=${this.endDim}).forward(x)`,
        `expected input with more than ${Math.max(s, e)} dims, got ${fmtShape(x.shape)}`,
      );
    }
    return x.flatten(s, e);
  }
}

/** Options of `Dropout`. */
export interface DropoutOptions {
  /** Draw the masks from this generator instead of the global one. */
  generator?: Generator;
}

/**
 * Inverted dropout (Srivastava et al. 2014): in training, zeroes each element with probability p and
 * scales the rest by 1/(1 − p); in eval mode it is the identity.
 */
export class Dropout extends Module {
  readonly p: number;
  readonly #generator: Generator | undefined;

  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    this.p = requireRange('Dropout(p)', 'p', p, 0, 1, true);
    this.#generator = options.generator;
  }

  override describe(): string {
    return `Dropout(p=${this.p})`;
  }

  forward(x: Tensor): Tensor {
    requireTensor('Dropout.forward(x)', 'x', x);
    if (!this.training || this.p === 0) return x;
    const mask = cast(
      rand(x.shape, { generator: this.#generator, backend: x.backend }).ge(this.p),
      'float32',
    );
    return x.mul(mask).div(1 - this.p);
  }
}
