import type { Tensor } from '@plasticity/core';
import { fail, requirePositiveInt } from '../errors';
import { Module } from '../module';
import { MultiheadAttention } from './attention';
import { Dropout } from './basic';
import { Linear } from './linear';
import { LayerNorm } from './norm';

/** Options of `TransformerEncoderLayer` (PyTorch's names and defaults). */
export interface TransformerEncoderLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: 'relu' | 'gelu';
  layerNormEps?: number;
  batchFirst?: boolean;
  /** Pre-norm (LayerNorm before each sub-layer) instead of the original post-norm. */
  normFirst?: boolean;
  bias?: boolean;
}

/** Per-call masks of `TransformerEncoderLayer.forward`. */
export interface EncoderCallOptions {
  srcMask?: Tensor;
  srcKeyPaddingMask?: Tensor;
  isCausal?: boolean;
}

/**
 * One transformer encoder block (Vaswani et al. 2017) as PyTorch's `nn.TransformerEncoderLayer`, with
 * its sub-module names (`self_attn`, `linear1`, `linear2`, `norm1`, `norm2`, …):
 * post-norm x ← norm1(x + SA(x)); x ← norm2(x + FF(x)), or pre-norm x ← x + SA(norm1(x)); x ← x + FF(norm2(x)).
 */
export class TransformerEncoderLayer extends Module<[Tensor, EncoderCallOptions?]> {
  readonly self_attn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly normFirst: boolean;
  readonly activation: 'relu' | 'gelu';

  constructor(
    readonly dModel: number,
    readonly nhead: number,
    options: TransformerEncoderLayerOptions = {},
  ) {
    super();
    requirePositiveInt('TransformerEncoderLayer(dModel, nhead)', 'dModel', dModel);
    const ff = requirePositiveInt(
      'TransformerEncoderLayer(options.dimFeedforward)',
      'dimFeedforward',
      options.dimFeedforward ?? 2048,
    );
    const p = options.dropout ?? 0.1;
    const bias = options.bias ?? true;
    const eps = options.layerNormEps ?? 1e-5;
    this.activation = options.activation ?? 'relu';
    if (this.activation !== 'relu' && this.activation !== 'gelu') {
      fail(
        'TransformerEncoderLayer(options.activation)',
        `expected 'relu' or 'gelu', got ${JSON.stringify(this.activation)}`,
      );
    }
    this.normFirst = options.normFirst ?? false;
    this.self_attn = this.registerModule(
      'self_attn',
      new MultiheadAttention(dModel, nhead, { dropout: p, bias, batchFirst: options.batchFirst }),
    );
    this.linear1 = this.registerModule('linear1', new Linear(dModel, ff, { bias }));
    this.dropout = this.registerModule('dropout', new Dropout(p));
    this.linear2 = this.registerModule('linear2', new Linear(ff, dModel, { bias }));
    this.norm1 = this.registerModule('norm1', new LayerNorm(dModel, { eps, bias }));
    this.norm2 = this.registerModule('norm2', new LayerNorm(dModel, { eps, bias }));
    this.dropout1 = this.registerModule('dropout1', new Dropout(p));
    this.dropout2 = this.registerModule('dropout2', new Dropout(p));
  }

  override describe(): string {
    return `TransformerEncoderLayer(dModel=${this.dModel}, nhead=${this.nhead})`;
  }

  #sa(x: Tensor, options: EncoderCallOptions): Tensor {
    const [out] = this.self_attn.call(x, x, x, {
      attnMask: options.srcMask,
      keyPaddingMask: options.srcKeyPaddingMask,
      isCausal: options.isCausal,
      needWeights: false,
    });
    return this.dropout1.call(out);
  }

  #ff(x: Tensor): Tensor {
    const h = this.linear1.call(x);
    const act = this.activation === 'relu' ? h.relu() : h.gelu();
    return this.dropout2.call(this.linear2.call(this.dropout.call(act)));
  }

  forward(src: Tensor, options: EncoderCallOptions = {}): Tensor {
    let x = src;
    if (this.normFirst) {
      x = x.add(this.#sa(this.norm1.call(x), options));
      return x.add(this.#ff(this.norm2.call(x)));
    }
    x = this.norm1.call(x.add(this.#sa(x, options)));
    return this.norm2.call(x.add(this.#ff(x)));
  }
}
