import type { Tensor } from '@plasticity/core';
import { requirePositiveInt } from '../errors';
import { defaultUniform, type InitOptions } from '../init';
import { Module } from '../module';
import { checkInput } from './check';

/** Options of `Linear`. */
export interface LinearOptions extends InitOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/**
 * y = x·Wᵀ + b, as PyTorch's `nn.Linear`: weight [out, in], bias [out], both initialised from
 * U(−1/√in, 1/√in). Accepts any leading batch dimensions: [..., in] → [..., out].
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Tensor;
  bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = requirePositiveInt('Linear(inFeatures, outFeatures)', 'inFeatures', inFeatures);
    this.outFeatures = requirePositiveInt('Linear(inFeatures, outFeatures)', 'outFeatures', outFeatures);
    this.weight = this.registerParameter(
      'weight',
      defaultUniform([outFeatures, inFeatures], inFeatures, options),
    );
    this.bias = this.registerParameter(
      'bias',
      options.bias === false ? null : defaultUniform([outFeatures], inFeatures, options),
    );
  }

  override describe(): string {
    return `Linear(in=${this.inFeatures}, out=${this.outFeatures}${this.bias === null ? ', bias=false' : ''})`;
  }

  forward(x: Tensor): Tensor {
    checkInput(
      this.describe(),
      x,
      `[..., ${this.inFeatures}]`,
      (s) => s.length >= 1 && s[s.length - 1] === this.inFeatures,
    );
    const y = x.matmul(this.weight.transpose(0, 1));
    return this.bias === null ? y : y.add(this.bias);
  }
}

/** Returns its input unchanged (stands in for a layer in a `Sequential`, as PyTorch's `nn.Identity`). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
