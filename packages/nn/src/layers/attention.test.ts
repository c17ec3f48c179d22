import { Generator, gradcheck, randn, type Tensor, tensor } from '@plasticity/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MultiheadAttention } from './attention';
import { TransformerEncoderLayer } from './transformer';

const flat = (t: Tensor | tf.Tensor) => Array.from(t.dataSync() as Float32Array);
const tfT = (t: Tensor) => tf.tensor(flat(t), t.shape as number[]);

function expectClose(a: number[], b: number[], digits = 4) {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    expect(v).toBeCloseTo(b[i], digits);
  });
}

/** Scaled dot-product attention written with tfjs ops from the same weights ([N, L, E] layout). */
function tfReference(mha: MultiheadAttention, q: Tensor, k: Tensor, v: Tensor, mask?: number[][]) {
  const E = mha.embedDim;
  const h = mha.numHeads;
  const d = E / h;
  const w = tfT(mha.in_proj_weight);
  const b = tfT(mha.in_proj_bias!);
  const proj = (x: Tensor, i: number) =>
    tf.matMul(tfT(x), w.slice([i * E, 0], [E, E]), false, true).add(b.slice([i * E], [E]));
  const split = (x: tf.Tensor) =>
    x.reshape([x.shape[0] as number, x.shape[1] as number, h, d]).transpose([0, 2, 1, 3]);
  const [Q, K, V] = [split(proj(q, 0)), split(proj(k, 1)), split(proj(v, 2))];
  let scores = tf.matMul(Q, K, false, true).div(Math.sqrt(d));
  if (mask) scores = scores.add(tf.tensor2d(mask));
  const weights = tf.softmax(scores, -1);
  const ctx = tf.matMul(weights, V).transpose([0, 2, 1, 3]).reshape([q.shape[0], q.shape[1], E]);
  const out = tf.matMul(ctx, tfT(mha.out_proj.weight), false, true).add(tfT(mha.out_proj.bias!));
  return { out, weights };
}

describe('MultiheadAttention', () => {
  const g = new Generator(1);
  const mha = new MultiheadAttention(8, 2, { batchFirst: true, generator: g });
  // Non-zero biases, so the test sees them.
  mha.in_proj_bias!.detach().copy_(randn([24], { generator: g }));
  mha.out_proj.bias!.detach().copy_(randn([8], { generator: g }));
  const q = randn([2, 3, 8], { generator: g });
  const kv = randn([2, 4, 8], { generator: g });

  it('equals scaled dot-product attention computed with tfjs ops, and exposes its weights', () => {
    const [out, weights] = mha.call(q, kv, kv, { averageAttnWeights: false });
    const ref = tfReference(mha, q, kv, kv);
    expectClose(flat(out), flat(ref.out));
    expect(weights!.shape).toEqual([2, 2, 3, 4]);
    expectClose(flat(weights!), flat(ref.weights));
    const [, averaged] = mha.call(q, kv, kv);
    expectClose(flat(averaged!), flat(ref.weights.mean(1)));
    expect(mha.lastAttention!.shape).toEqual([2, 2, 3, 4]);
    expect(Object.keys(mha.stateDict())).toEqual([
      'in_proj_weight',
      'in_proj_bias',
      'out_proj.weight',
      'out_proj.bias',
    ]);
  });

  it('applies causal, additive and key-padding masks', () => {
    const x = randn([1, 3, 8], { generator: g });
    const inf = Number.NEGATIVE_INFINITY;
    const causalRef = tfReference(mha, x, x, x, [
      [0, inf, inf],
      [0, 0, inf],
      [0, 0, 0],
    ]);
    const [causal, w] = mha.call(x, x, x, { isCausal: true, averageAttnWeights: false });
    expectClose(flat(causal), flat(causalRef.out));
    expect(flat(w!).filter((_, i) => [1, 2, 5].includes(i % 9))).toEqual([0, 0, 0, 0, 0, 0]);
    const [bool] = mha.call(x, x, x, {
      attnMask: tensor([
        [false, true, true],
        [false, false, true],
        [false, false, false],
      ]),
    });
    expectClose(flat(bool), flat(causalRef.out));
    const [pad, pw] = mha.call(x, x, x, { keyPaddingMask: tensor([[false, false, true]]) });
    expectClose(
      flat(pad),
      flat(
        tfReference(mha, x, x, x, [
          [0, 0, inf],
          [0, 0, inf],
          [0, 0, inf],
        ]).out,
      ),
    );
    expect(flat(pw!).filter((_, i) => i % 3 === 2)).toEqual([0, 0, 0]);
  });

  it('uses PyTorch’s [seq, batch, embed] layout by default', () => {
    const seqFirst = new MultiheadAttention(8, 2);
    seqFirst.loadStateDict(mha.stateDict());
    const [a] = seqFirst.call(q.transpose(0, 1), kv.transpose(0, 1), kv.transpose(0, 1));
    const [b] = mha.call(q, kv, kv);
    expectClose(flat(a.transpose(0, 1)), flat(b));
  });

  it('passes gradcheck and refuses bad shapes', () => {
    const small = new MultiheadAttention(4, 2, { batchFirst: true, generator: new Generator(2) });
    const x = randn([1, 3, 4], { generator: new Generator(3) });
    expect(gradcheck((a: Tensor) => small.call(a)[0].square().sum(), [x]).ok).toBe(true);
    expect(() => new MultiheadAttention(6, 4)).toThrow(/embedDim 6 must be divisible by numHeads 4/);
    expect(() => small.call(randn([1, 3, 5]))).toThrow(
      'MultiheadAttention(embedDim=4, numHeads=2).forward(query, key, value): expected query of shape [batch, seq, 4] (float32), got float32 [1,3,5]',
    );
    expect(() => small.call(x, x, x, { keyPaddingMask: tensor([[true]]) })).toThrow(
      /keyPaddingMask must be \[1, 3\]/,
    );
  });
});

describe('TransformerEncoderLayer', () => {
  it('has PyTorch’s parameter names', () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
    expect(Object.keys(layer.stateDict())).toEqual([
      'self_attn.in_proj_weight',
      'self_attn.in_proj_bias',
      'self_attn.out_proj.weight',
      'self_attn.out_proj.bias',
      'linear1.weight',
      'linear1.bias',
      'linear2.weight',
      'linear2.bias',
      'norm1.weight',
      'norm1.bias',
      'norm2.weight',
      'norm2.bias',
    ]);
  });

  it('computes norm2(x + FF(norm1(x + SA(x)))) in eval mode, and the pre-norm variant', () => {
    for (const normFirst of [false, true]) {
      const layer = new TransformerEncoderLayer(8, 2, {
        dimFeedforward: 16,
        batchFirst: true,
        normFirst,
        activation: 'gelu',
      }).eval();
      const x = randn([2, 5, 8], { generator: new Generator(4) });
      const sa = (t: Tensor) => layer.self_attn.call(t)[0];
      const ff = (t: Tensor) => layer.linear2.call(layer.linear1.call(t).gelu());
      let expected: Tensor;
      if (normFirst) {
        const h = x.add(sa(layer.norm1.call(x)));
        expected = h.add(ff(layer.norm2.call(h)));
      } else {
        const h = layer.norm1.call(x.add(sa(x)));
        expected = layer.norm2.call(h.add(ff(h)));
      }
      expectClose(flat(layer.call(x)), flat(expected), 5);
    }
  });

  it('is permutation-equivariant without a mask and causal with one', () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true }).eval();
    const x = randn([1, 4, 8], { generator: new Generator(5) });
    const perm = [2, 0, 3, 1];
    const permuted = x.indexSelect(1, perm);
    expectClose(flat(layer.call(permuted)), flat(layer.call(x).indexSelect(1, perm)), 4);
    const firstThree = x.narrow(1, 0, 3).clone();
    const y1 = layer.call(x, { isCausal: true }).narrow(1, 0, 3);
    const y2 = layer.call(firstThree, { isCausal: true });
    expectClose(flat(y1), flat(y2), 5);
  });

  it('passes gradcheck', () => {
    const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 6, batchFirst: true }).eval();
    const x = randn([1, 3, 4], { generator: new Generator(6) });
    expect(
      gradcheck(
        (a: Tensor) =>
          layer
            .call(a)
            .mul(tensor([1, -1, 2, 0.5]))
            .sum(),
        [x],
      ).ok,
    ).toBe(true);
  });
});
