import type { Tensor } from '@plasticity/core';
import { fail } from './errors';
import { Module } from './module';

/** A tensor-to-tensor module, the kind `Sequential` chains. */
export type Layer = Module<[Tensor], Tensor>;

/**
 * Runs its modules one after another, as PyTorch's `nn.Sequential`. Children are named '0', '1', …, so
 * parameters are `0.weight`, `0.bias`, … exactly as in PyTorch (a state dict moves between the two).
 */
export class Sequential extends Module {
  #count = 0;

  constructor(...modules: Layer[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) fail('Sequential(...modules)', `argument ${i} is not a Module`);
      this.append(m);
    });
  }

  /** Adds a module at the end (named by its index). */
  append(module: Layer): this {
    this.registerModule(String(this.#count), module);
    this.#count++;
    return this;
  }

  /** The number of modules. */
  get length(): number {
    return this.#count;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Layer {
    const i = index < 0 ? this.#count + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#count)
      fail(`Sequential.at(${index})`, `index out of range for ${this.#count} modules`);
    return (this as unknown as Record<string, Layer>)[String(i)];
  }

  forward(x: Tensor): Tensor {
    let out = x;
    for (const m of this.children()) out = (m as Layer).call(out);
    return out;
  }
}

/** A residual block: `x + module(x)` (He et al. 2016), the composition behind ResNets and transformers. */
export class Residual extends Module {
  readonly body: Layer;

  constructor(body: Layer) {
    super();
    if (!(body instanceof Module)) fail('Residual(body)', 'body must be a Module');
    this.body = this.registerModule('body', body);
  }

  forward(x: Tensor): Tensor {
    const y = this.body.call(x);
    if (y.shape.length !== x.shape.length || y.shape.some((d, i) => d !== x.shape[i])) {
      fail(
        'Residual.forward(x)',
        `the body maps [${x.shape.join(',')}] to [${y.shape.join(',')}]; a residual needs the same shape`,
      );
    }
    return x.add(y);
  }
}
