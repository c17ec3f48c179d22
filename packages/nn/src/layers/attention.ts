import { type Generator, rand, type Tensor, tensor, where, zeros } from '@plasticity/core';
import { fail, fmtShape, requirePositiveInt, requireRange, requireTensor } from '../errors';
import { xavierUniform_ } from '../init';
import { Module } from '../module';
import { Linear } from './linear';

/** Options of `MultiheadAttention` (PyTorch's names and defaults). */
export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights in training (default 0). */
  dropout?: number;
  bias?: boolean;
  /** Tensors are [batch, seq, embed] instead of PyTorch's default [seq, batch, embed]. */
  batchFirst?: boolean;
  generator?: Generator;
}

/** Per-call options of `MultiheadAttention.forward`. */
export interface AttentionCallOptions {
  /**
   * [L, S] (or [N·heads, L, S]) mask: bool, where true means "may not attend"; or float, added to the
   * scores (−Infinity blocks).
   */
  attnMask?: Tensor;
  /** [N, S] bool: true marks padding keys to ignore. */
  keyPaddingMask?: Tensor;
  /** Return the attention weights (default true). */
  needWeights?: boolean;
  /** Average the returned weights over heads (default true, as PyTorch); false gives [N, heads, L, S]. */
  averageAttnWeights?: boolean;
  /** Apply a causal mask: position i attends only to positions ≤ i. */
  isCausal?: boolean;
}

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017) as PyTorch's `nn.MultiheadAttention`:
 * parameters `in_proj_weight` [3E, E], `in_proj_bias` [3E] and `out_proj` (a Linear), so PyTorch state
 * dicts load directly. `call(query, key?, value?, options?)` returns [output, weights]; `lastAttention`
 * keeps the per-head weights [N, heads, L, S] of the last call for visualisation.
 */
export class MultiheadAttention extends Module<
  [Tensor, Tensor?, Tensor?, AttentionCallOptions?],
  [Tensor, Tensor | null]
> {
  readonly headDim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  in_proj_weight: Tensor;
  in_proj_bias: Tensor | null;
  readonly out_proj: Linear;
  /** Per-head attention weights [N, heads, L, S] of the last forward (owned by the caller's tidy). */
  lastAttention: Tensor | null = null;
  readonly #generator: Generator | undefined;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    options: MultiheadAttentionOptions = {},
  ) {
    super();
    const op = 'MultiheadAttention(embedDim, numHeads)';
    requirePositiveInt(op, 'embedDim', embedDim);
    requirePositiveInt(op, 'numHeads', numHeads);
    if (embedDim % numHeads !== 0) fail(op, `embedDim ${embedDim} must be divisible by numHeads ${numHeads}`);
    this.headDim = embedDim / numHeads;
    this.dropout = requireRange(op, 'options.dropout', options.dropout ?? 0, 0, 1, true);
    this.batchFirst = options.batchFirst ?? false;
    this.#generator = options.generator;
    const bias = options.bias ?? true;
    this.in_proj_weight = this.registerParameter(
      'in_proj_weight',
      xavierUniform_(zeros([3 * embedDim, embedDim]), 1, options),
    );
    this.in_proj_bias = this.registerParameter('in_proj_bias', bias ? zeros([3 * embedDim]) : null);
    this.out_proj = this.registerModule(
      'out_proj',
      new Linear(embedDim, embedDim, { bias, generator: options.generator }),
    );
    if (this.out_proj.bias !== null) this.out_proj.bias.detach().zero_();
  }

  override describe(): string {
    return `MultiheadAttention(embedDim=${this.embedDim}, numHeads=${this.numHeads})`;
  }

  #check(name: string, t: Tensor, e: number): void {
    requireTensor(`${this.describe()}.forward(query, key, value)`, name, t);
    if (t.ndim !== 3 || t.shape[2] !== e || t.dtype !== 'float32') {
      const layout = this.batchFirst ? `[batch, seq, ${e}]` : `[seq, batch, ${e}]`;
      fail(
        `${this.describe()}.forward(query, key, value)`,
        `expected ${name} of shape ${layout} (float32), got ${t.dtype} ${fmtShape(t.shape)}`,
      );
    }
  }

  forward(
    query: Tensor,
    key: Tensor = query,
    value: Tensor = key,
    options: AttentionCallOptions = {},
  ): [Tensor, Tensor | null] {
    const E = this.embedDim;
    const label = `${this.describe()}.forward(query, key, value)`;
    this.#check('query', query, E);
    this.#check('key', key, E);
    this.#check('value', value, E);
    // Work in [N, L, E].
    const q0 = this.batchFirst ? query : query.transpose(0, 1);
    const k0 = this.batchFirst ? key : key.transpose(0, 1);
    const v0 = this.batchFirst ? value : value.transpose(0, 1);
    const [n, l] = q0.shape;
    const s = k0.shape[1];
    if (k0.shape[0] !== n || v0.shape[0] !== n || v0.shape[1] !== s) {
      fail(
        label,
        `batch and sequence sizes disagree: query ${fmtShape(query.shape)}, key ${fmtShape(key.shape)}, value ${fmtShape(value.shape)}`,
      );
    }
    const proj = (x: Tensor, i: number) => {
      const w = this.in_proj_weight.narrow(0, i * E, E);
      const y = x.matmul(w.transpose(0, 1));
      return this.in_proj_bias === null ? y : y.add(this.in_proj_bias.narrow(0, i * E, E));
    };
    const heads = (x: Tensor, len: number) =>
      x.reshape([n, len, this.numHeads, this.headDim]).permute(0, 2, 1, 3);
    const q = heads(proj(q0, 0), l);
    const k = heads(proj(k0, 1), s);
    const v = heads(proj(v0, 2), s);
    let scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(this.headDim));
    scores = this.#mask(label, scores, options, n, l, s);
    let weights = scores.softmax(-1);
    this.lastAttention = weights;
    if (this.training && this.dropout > 0) {
      const keepMask = rand(weights.shape, { generator: this.#generator, backend: weights.backend })
        .ge(this.dropout)
        .float();
      weights = weights.mul(keepMask).div(1 - this.dropout);
    }
    const context = weights.matmul(v).permute(0, 2, 1, 3).reshape([n, l, E]);
    let out = this.out_proj.call(context);
    if (!this.batchFirst) out = out.transpose(0, 1);
    if (options.needWeights === false) return [out, null];
    const returned = options.averageAttnWeights === false ? this.lastAttention : this.lastAttention.mean(1);
    return [out, returned];
  }

  #mask(
    label: string,
    scores: Tensor,
    options: AttentionCallOptions,
    n: number,
    l: number,
    s: number,
  ): Tensor {
    let out = scores;
    const { attnMask, keyPaddingMask, isCausal } = options;
    if (isCausal) {
      const causal = new Uint8Array(l * s);
      for (let i = 0; i < l; i++) for (let j = i + 1; j < s; j++) causal[i * s + j] = 1;
      out = where(
        tensor(causal, { shape: [l, s], dtype: 'bool', backend: out.backend }),
        Number.NEGATIVE_INFINITY,
        out,
      );
    }
    if (attnMask !== undefined) {
      requireTensor(label, 'options.attnMask', attnMask);
      let m = attnMask;
      if (m.ndim === 3) {
        if (m.shape[0] !== n * this.numHeads || m.shape[1] !== l || m.shape[2] !== s)
          fail(
            label,
            `attnMask must be [${l}, ${s}] or [${n * this.numHeads}, ${l}, ${s}], got ${fmtShape(m.shape)}`,
          );
        m = m.reshape([n, this.numHeads, l, s]);
      } else if (m.ndim !== 2 || m.shape[0] !== l || m.shape[1] !== s)
        fail(
          label,
          `attnMask must be [${l}, ${s}] or [${n * this.numHeads}, ${l}, ${s}], got ${fmtShape(m.shape)}`,
        );
      out = m.dtype === 'bool' ? where(m, Number.NEGATIVE_INFINITY, out) : out.add(m.float());
    }
    if (keyPaddingMask !== undefined) {
      requireTensor(label, 'options.keyPaddingMask', keyPaddingMask);
      if (keyPaddingMask.ndim !== 2 || keyPaddingMask.shape[0] !== n || keyPaddingMask.shape[1] !== s) {
        fail(label, `keyPaddingMask must be [${n}, ${s}], got ${fmtShape(keyPaddingMask.shape)}`);
      }
      const km = keyPaddingMask.reshape([n, 1, 1, s]);
      out = keyPaddingMask.dtype === 'bool' ? where(km, Number.NEGATIVE_INFINITY, out) : out.add(km.float());
    }
    return out;
  }
}
