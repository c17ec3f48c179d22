import { noGrad, ones, type Tensor, zeros } from '@plasticity/core';
import { fail, fmtShape, requirePositiveInt } from '../errors';
import { Module } from '../module';
import { checkInput } from './check';

/** Options of the batch-norm layers (PyTorch's names and defaults). */
export interface BatchNormOptions {
  eps?: number;
  /** Weight of the new batch in the running averages (null: cumulative average). Default 0.1. */
  momentum?: number | null;
  /** Learn a scale (weight) and shift (bias) per channel. Default true. */
  affine?: boolean;
  /** Keep running statistics for eval mode. Default true. */
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  weight: Tensor | null;
  bias: Tensor | null;
  // PyTorch's buffer names, so state dicts move between the two libraries unchanged.
  running_mean: Tensor | null = null;
  running_var: Tensor | null = null;
  num_batches_tracked: Tensor | null = null;
  /**
   * Training steps seen, kept on the host so the cumulative average (momentum null) never reads the
   * buffer (a GPU cannot read synchronously); null after a state dict was loaded on such a backend.
   */
  #tracked: number | null = 0;

  constructor(
    readonly numFeatures: number,
    options: BatchNormOptions,
  ) {
    super();
    requirePositiveInt(`${new.target.name}(numFeatures)`, 'numFeatures', numFeatures);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    const affine = options.affine ?? true;
    this.weight = this.registerParameter('weight', affine ? ones([numFeatures]) : null);
    this.bias = this.registerParameter('bias', affine ? zeros([numFeatures]) : null);
    if (options.trackRunningStats ?? true) {
      this.running_mean = this.registerBuffer('running_mean', zeros([numFeatures]));
      this.running_var = this.registerBuffer('running_var', ones([numFeatures]));
      this.num_batches_tracked = this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32' }));
    }
  }

  protected abstract checkShape(x: Tensor): void;

  override describe(): string {
    return `${this.constructor.name}(${this.numFeatures})`;
  }

  forward(x: Tensor): Tensor {
    this.checkShape(x);
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const statShape = x.shape.map((d, i) => (i === 1 ? d : 1));
    const useBatch = this.training || this.running_mean === null;
    let mean: Tensor;
    let variance: Tensor;
    if (useBatch) {
      const count = axes.reduce((n, a) => n * x.shape[a], 1);
      if (this.training && count < 2) {
        fail(
          `${this.describe()}.forward(x)`,
          `expected more than 1 value per channel when training, got input ${fmtShape(x.shape)}`,
        );
      }
      mean = x.mean(axes, true);
      variance = x.sub(mean).square().mean(axes, true);
      if (this.training && this.running_mean !== null) this.#updateRunning(mean, variance, count);
    } else {
      mean = this.running_mean!.reshape(statShape);
      variance = this.running_var!.reshape(statShape);
    }
    let y = x.sub(mean).div(variance.add(this.eps).sqrt());
    if (this.weight !== null) y = y.mul(this.weight.reshape(statShape));
    if (this.bias !== null) y = y.add(this.bias.reshape(statShape));
    return y;
  }

  #updateRunning(mean: Tensor, variance: Tensor, count: number): void {
    noGrad(() => {
      this.num_batches_tracked!.add_(1);
      if (this.#tracked !== null) this.#tracked++;
      const m = this.momentum ?? 1 / this.#batchesTracked();
      // The running variance is unbiased (N − 1), as PyTorch's, though normalisation uses the biased one.
      const unbiased = variance.reshape([this.numFeatures]).mul(count / (count - 1));
      this.running_mean!.mul_(1 - m).add_(mean.reshape([this.numFeatures]), m);
      this.running_var!.mul_(1 - m).add_(unbiased, m);
    });
  }

  #batchesTracked(): number {
    if (this.#tracked === null) {
      const b = this.num_batches_tracked!;
      if (!b.backend.canReadSync) {
        fail(
          `${this.describe()}.forward(x)`,
          `momentum null (a cumulative average) needs num_batches_tracked on the host, but it was loaded on '${b.backend.name}', which reads asynchronously: load the state dict on the CPU, then move the model with to()`,
        );
      }
      this.#tracked = b.item();
    }
    return this.#tracked;
  }

  protected override stateLoaded(): void {
    const b = this.num_batches_tracked;
    this.#tracked = b?.backend.canReadSync ? b.item() : null;
  }
}

/** Batch normalisation (Ioffe & Szegedy 2015) over x [N, C] or [N, C, L], per feature C. */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected checkShape(x: Tensor): void {
    checkInput(
      this.describe(),
      x,
      `[N, ${this.numFeatures}] or [N, ${this.numFeatures}, L]`,
      (s) => (s.length === 2 || s.length === 3) && s[1] === this.numFeatures,
    );
  }
}

/** Batch normalisation over x [N, C, H, W], per channel C. */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected checkShape(x: Tensor): void {
    checkInput(
      this.describe(),
      x,
      `[N, ${this.numFeatures}, H, W]`,
      (s) => s.length === 4 && s[1] === this.numFeatures,
    );
  }
}

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  eps?: number;
  elementwiseAffine?: boolean;
  bias?: boolean;
}

/**
 * Layer normalisation (Ba et al. 2016) over the last dims `normalizedShape`, per example — what
 * transformers use. Weight and bias have shape `normalizedShape`.
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  weight: Tensor | null;
  bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    for (const d of this.normalizedShape)
      requirePositiveInt('LayerNorm(normalizedShape)', 'normalizedShape', d);
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    this.weight = this.registerParameter('weight', affine ? ones(this.normalizedShape) : null);
    this.bias = this.registerParameter(
      'bias',
      affine && options.bias !== false ? zeros(this.normalizedShape) : null,
    );
  }

  override describe(): string {
    return `LayerNorm(${fmtShape(this.normalizedShape)})`;
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    checkInput(
      this.describe(),
      x,
      `[..., ${this.normalizedShape.join(', ')}]`,
      (s) => s.length >= k && this.normalizedShape.every((d, i) => s[s.length - k + i] === d),
    );
    const axes = this.normalizedShape.map((_, i) => x.ndim - k + i);
    const mean = x.mean(axes, true);
    const variance = x.sub(mean).square().mean(axes, true);
    let y = x.sub(mean).div(variance.add(this.eps).sqrt());
    if (this.weight !== null) y = y.mul(this.weight);
    if (this.bias !== null) y = y.add(this.bias);
    return y;
  }
}
