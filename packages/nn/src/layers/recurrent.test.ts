import { Generator, gradcheck, manualSeed, randn, type Tensor, tensor, tidy } from '@plasticity/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fit } from '../fit';
import { bceWithLogitsLoss } from '../losses/classification';
import { Module } from '../module';
import { Adam } from '../optim/adam';
import { Linear } from './linear';
import { GRU, LSTM, RNN } from './recurrent';

const flat = (t: Tensor | tf.Tensor) => Array.from(t.dataSync() as Float32Array);
const tfT = (t: Tensor) => tf.tensor(flat(t), t.shape as number[]);
const param = (m: Module<any, any>, name: string) => (m as unknown as Record<string, Tensor>)[name];

function expectClose(a: number[], b: number[], digits = 4) {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    expect(v).toBeCloseTo(b[i], digits);
  });
}

/** PyTorch weight [G·H, in] → tfjs kernel [in, G·H]; biases ih + hh folded into one. */
const kernel = (m: Module<any, any>, name: string) => tfT(param(m, name)).transpose();
const foldedBias = (m: Module<any, any>) => tfT(param(m, 'bias_ih_l0')).add(tfT(param(m, 'bias_hh_l0')));

describe('recurrent layers', () => {
  const x = randn([2, 5, 3], { generator: new Generator(1) });

  it('RNN equals tfjs simpleRNN', () => {
    const rnn = new RNN(3, 4, { batchFirst: true, generator: new Generator(2) });
    const layer = tf.layers.simpleRNN({ units: 4, returnSequences: true, returnState: true });
    layer.apply(tfT(x)); // builds the layer (an explicit build() makes RNN layers add their weights twice)
    layer.setWeights([kernel(rnn, 'weight_ih_l0'), kernel(rnn, 'weight_hh_l0'), foldedBias(rnn)]);
    const [seq, h] = layer.apply(tfT(x)) as tf.Tensor[];
    const [out, hn] = rnn.call(x);
    expect(out.shape).toEqual([2, 5, 4]);
    expect(hn.shape).toEqual([1, 2, 4]);
    expectClose(flat(out), flat(seq));
    expectClose(flat(hn), flat(h));
  });

  it('LSTM equals tfjs lstm (gate order i, f, g, o)', () => {
    const lstm = new LSTM(3, 4, { batchFirst: true, generator: new Generator(3) });
    const layer = tf.layers.lstm({
      units: 4,
      returnSequences: true,
      returnState: true,
      recurrentActivation: 'sigmoid',
    });
    layer.apply(tfT(x)); // builds the layer (an explicit build() makes RNN layers add their weights twice)
    layer.setWeights([kernel(lstm, 'weight_ih_l0'), kernel(lstm, 'weight_hh_l0'), foldedBias(lstm)]);
    const [seq, h, c] = layer.apply(tfT(x)) as tf.Tensor[];
    const [out, [hn, cn]] = lstm.call(x);
    expectClose(flat(out), flat(seq));
    expectClose(flat(hn), flat(h));
    expectClose(flat(cn), flat(c));
  });

  it('GRU equals PyTorch’s reset-after formula computed with tfjs ops', () => {
    // tfjs's GRU layer only implements reset-before (it refuses resetAfter), so the reference is written
    // with tfjs ops: r, z = σ(…); n = tanh(Wᵢₙx + bᵢₙ + r·(Wₕₙh + bₕₙ)); h = (1 − z)n + zh.
    const gru = new GRU(3, 4, { batchFirst: true, generator: new Generator(4) });
    const [wih, whh, bih, bhh] = ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map((n) =>
      tfT(param(gru, n)),
    );
    let h: tf.Tensor = tf.zeros([2, 4]);
    const outs: tf.Tensor[] = [];
    for (let t = 0; t < 5; t++) {
      const xt = tfT(x).slice([0, t, 0], [2, 1, 3]).reshape([2, 3]);
      const gx = tf.matMul(xt, wih, false, true).add(bih);
      const gh = tf.matMul(h, whh, false, true).add(bhh);
      const [xr, xz, xn] = tf.split(gx, 3, 1);
      const [hr, hz, hn] = tf.split(gh, 3, 1);
      const r = tf.sigmoid(xr.add(hr));
      const z = tf.sigmoid(xz.add(hz));
      const n = tf.tanh(xn.add(r.mul(hn)));
      h = tf.scalar(1).sub(z).mul(n).add(z.mul(h));
      outs.push(h);
    }
    const [out, hn] = gru.call(x);
    expectClose(flat(out), flat(tf.stack(outs, 1)));
    expectClose(flat(hn), flat(h));
  });

  it('stacked layers equal single layers chained, and seq-first is the default layout', () => {
    const two = new LSTM(3, 4, { numLayers: 2, generator: new Generator(5) });
    const first = new LSTM(3, 4);
    const second = new LSTM(4, 4);
    for (const n of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) {
      param(first, `${n}_l0`)
        .detach()
        .copy_(param(two, `${n}_l0`));
      param(second, `${n}_l0`)
        .detach()
        .copy_(param(two, `${n}_l1`));
    }
    const xs = x.transpose(0, 1);
    const [out, [h]] = two.call(xs);
    const [mid, [h1]] = first.call(xs);
    const [end, [h2]] = second.call(mid);
    expectClose(flat(out), flat(end));
    expectClose(flat(h), [...flat(h1), ...flat(h2)]);
    expect(Object.keys(two.stateDict())).toEqual([
      'weight_ih_l0',
      'weight_hh_l0',
      'bias_ih_l0',
      'bias_hh_l0',
      'weight_ih_l1',
      'weight_hh_l1',
      'bias_ih_l1',
      'bias_hh_l1',
    ]);
  });

  it('pass gradcheck through time', () => {
    const small = randn([3, 2, 2], { generator: new Generator(6) });
    for (const layer of [
      new RNN(2, 3, { generator: new Generator(7) }),
      new GRU(2, 3, { generator: new Generator(8) }),
    ]) {
      expect(
        gradcheck((a: Tensor) => (layer.call(a) as [Tensor, Tensor])[0].square().sum(), [small]).ok,
      ).toBe(true);
    }
    const lstm = new LSTM(2, 3, { generator: new Generator(9) });
    const h0 = randn([1, 2, 3], { generator: new Generator(10) });
    const c0 = randn([1, 2, 3], { generator: new Generator(11) });
    expect(
      gradcheck((a: Tensor, h: Tensor, c: Tensor) => lstm.call(a, [h, c])[0].square().sum(), [small, h0, c0])
        .ok,
    ).toBe(true);
  });

  it('name the layer and expected shapes on bad input', () => {
    const lstm = new LSTM(3, 4);
    expect(() => lstm.call(randn([5, 2, 2]))).toThrow(
      'LSTM(3, 4).forward(x): expected input of shape [seq, batch, 3], got [5,2,2]',
    );
    expect(() => lstm.call(randn([5, 2, 3]), [randn([1, 3, 4]), randn([1, 2, 4])])).toThrow(
      /expected h0 of shape \[1,2,4\], got \[1,3,4\]/,
    );
    expect(() => new GRU(3, 4, { batchFirst: true }).call(randn([2, 3]))).toThrow(/\[batch, seq, 3\]/);
  });

  it('an LSTM learns to recall the first element of a sequence (seeded)', async () => {
    manualSeed(12);
    class Recall extends Module {
      readonly lstm = this.registerModule('lstm', new LSTM(1, 8, { batchFirst: true }));
      readonly head = this.registerModule('head', new Linear(8, 1));
      forward(seq: Tensor): Tensor {
        const [, [h]] = this.lstm.call(seq);
        return this.head.call(h.select(0, 0));
      }
    }
    const g = new Generator(13);
    const make = (n: number) => {
      const xs = Array.from({ length: n }, () =>
        Array.from({ length: 6 }, () => [g.uniform() < 0.5 ? -1 : 1]),
      );
      return [tensor(xs), tensor(xs.map((s) => [s[0][0] > 0 ? 1 : 0]))] as [Tensor, Tensor];
    };
    const train = Array.from({ length: 8 }, () => make(32));
    const model = new Recall();
    const t0 = performance.now();
    await fit(model, {
      data: train,
      loss: bceWithLogitsLoss,
      optimizer: new Adam(model.parameters(), { lr: 0.03 }),
      epochs: 25,
    });
    console.info(`LSTM recall: ${(performance.now() - t0).toFixed(0)} ms for 25 epochs of 8 batches`);
    const [tx, ty] = make(200);
    const acc = tidy(() => model.call(tx).gt(0).float().eq(ty).float().mean().item());
    expect(acc).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
});
