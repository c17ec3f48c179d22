import { type Backend, noGrad, type Tensor, tensor, tidy } from '@plasticity/core';
import { assertClose, assertFlat, assertFlatMemory } from '../guards';
import { PEERS, type PeerName, peerTensors, tf, usePeer } from '../peers';
import { measure } from '../timing';
import type { BenchCase, BenchContext, CaseResult } from '../types';
import { normalArray, seeded, uniformArray } from './data';

/** An MLP training problem, stated once and built identically on both sides. */
export interface MlpSpec {
  name: string;
  /** Layer widths, input first: [2, 8, 8, 1] is two hidden layers of 8. */
  sizes: readonly number[];
  batch: number;
  /** Activation of every hidden layer; the output layer is linear. */
  hidden: 'tanh' | 'relu';
  /** 'mse': regression on float targets; 'xent': softmax cross-entropy on integer class labels. */
  loss: 'mse' | 'xent';
  lr: number;
  target?: { peer: PeerName; minRatio: number };
}

/** The playground's network: 2-8-8-1 tanh, MSE, batch 10. Goal from the issue: ≥ 20× tfjs cpu. */
export const TINY_MLP: MlpSpec = {
  name: 'mlp 2-8-8-1 tanh, batch 10',
  sizes: [2, 8, 8, 1],
  batch: 10,
  hidden: 'tanh',
  loss: 'mse',
  lr: 0.1,
  target: { peer: 'tfjs-cpu', minRatio: 20 },
};

/** An MNIST-sized classifier: 784-128-10, relu, softmax cross-entropy, batch 64. */
export const MNIST_MLP: MlpSpec = {
  name: 'mlp 784-128-10 relu, batch 64',
  sizes: [784, 128, 10],
  batch: 64,
  hidden: 'relu',
  loss: 'xent',
  lr: 0.05,
};

/** Initial weights (W: [in, out], b: [out], tfjs's Dense layout too) and one batch, as plain arrays. */
export interface MlpData {
  weights: { w: Float32Array; b: Float32Array; fanIn: number; fanOut: number }[];
  x: Float32Array;
  /** mse: targets [batch, out]; xent: class labels [batch]. */
  y: Float32Array | Int32Array;
}

/** Seeded weights and batch for `spec`, the same numbers for us and for the peer. */
export function makeData(spec: MlpSpec): MlpData {
  const g = seeded(spec.sizes.reduce((a, b) => a * 31 + b, spec.batch));
  const weights = spec.sizes.slice(1).map((fanOut, i) => {
    const fanIn = spec.sizes[i];
    return {
      w: normalArray(g, fanIn * fanOut, Math.sqrt((spec.hidden === 'relu' ? 2 : 1) / fanIn)),
      b: normalArray(g, fanOut, 0.1),
      fanIn,
      fanOut,
    };
  });
  const x = uniformArray(g, spec.batch * spec.sizes[0], spec.loss === 'xent' ? 0 : -1, 1);
  const outputs = spec.sizes[spec.sizes.length - 1];
  const y =
    spec.loss === 'mse'
      ? uniformArray(g, spec.batch * outputs)
      : Int32Array.from({ length: spec.batch }, () => g.integer(0, outputs));
  return { weights, x, y };
}

/**
 * Matmul FLOPs of one training step: the forward products, every weight gradient, and the input gradient
 * of every layer but the first (the batch needs none). Elementwise work is left out: a nominal count, the
 * same for both sides, for GFLOP/s.
 */
export function mlpFlops(spec: MlpSpec): number {
  const products = spec.sizes.slice(1).map((fanOut, i) => 2 * spec.batch * spec.sizes[i] * fanOut);
  const all = products.reduce((a, b) => a + b, 0);
  return 2 * all + (all - products[0]);
}

/**
 * Our side: parameters, batch and one full training step (forward, loss, backward, SGD, zeroGrad), with
 * every tensor on `backend` (default: the current backend).
 */
export function buildOurs(spec: MlpSpec, data: MlpData, backend?: Backend) {
  const params: Tensor[] = [];
  const layers = data.weights.map(({ w, b, fanIn, fanOut }) => {
    const W = tensor(w, { shape: [fanIn, fanOut], backend }).requiresGrad_();
    const B = tensor(b, { shape: [fanOut], backend }).requiresGrad_();
    params.push(W, B);
    return { W, B };
  });
  const x = tensor(data.x, { shape: [spec.batch, spec.sizes[0]], backend });
  const outputs = spec.sizes[spec.sizes.length - 1];
  const y =
    spec.loss === 'mse'
      ? tensor(data.y, { shape: [spec.batch, outputs], backend })
      : tensor(data.y, { shape: [spec.batch, 1], dtype: 'int32', backend });

  const forwardLoss = (): Tensor => {
    let h = x;
    layers.forEach(({ W, B }, i) => {
      h = h.matmul(W).add(B);
      if (i < layers.length - 1) h = spec.hidden === 'tanh' ? h.tanh() : h.relu();
    });
    if (spec.loss === 'mse') return h.sub(y).square().mean();
    return h.logSoftmax(-1).gather(1, y).mean().neg();
  };

  const update = () => {
    for (const p of params) {
      noGrad(() => p.sub_(p.grad!, spec.lr));
      p.zeroGrad();
    }
  };

  /** One SGD step; returns the loss before the update, as tfjs's `trainOnBatch` does. */
  const step = (): number =>
    tidy(() => {
      const loss = forwardLoss();
      loss.backward();
      update();
      return loss.item();
    });

  /**
   * The same step where reads are asynchronous (WebGPU): the loss is read with `await data()`, which
   * submits the step's recorded dispatches and waits for them, so every step really finishes on the GPU.
   */
  const stepAsync = (): Promise<number> =>
    tidy(async () => {
      const loss = forwardLoss();
      loss.backward();
      update();
      return (await loss.data())[0];
    });

  const dispose = () => {
    for (const t of [...params, x, y]) t.dispose();
  };
  return { step, stepAsync, forwardLoss, params, dispose };
}

/**
 * The peer: a tf.sequential with the same layers and weights, trained with `trainOnBatch` and plain SGD,
 * on tfjs's current backend.
 */
export function buildPeer(spec: MlpSpec, data: MlpData) {
  const model = tf.sequential();
  data.weights.forEach(({ fanIn, fanOut }, i) => {
    const last = i === data.weights.length - 1;
    model.add(
      tf.layers.dense({
        units: fanOut,
        activation: last ? 'linear' : spec.hidden,
        ...(i === 0 ? { inputShape: [fanIn] } : {}),
      }),
    );
  });
  const initial = data.weights.flatMap(({ w, b, fanIn, fanOut }) => [
    tf.tensor2d(w, [fanIn, fanOut]),
    tf.tensor1d(b),
  ]);
  model.setWeights(initial);
  tf.dispose(initial);
  // Cross-entropy on logits, as ours (logSoftmax + gather): tfjs's own softmaxCrossEntropy, mean over the batch.
  const loss =
    spec.loss === 'mse'
      ? 'meanSquaredError'
      : (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred);
  model.compile({ optimizer: tf.train.sgd(spec.lr), loss });
  const outputs = spec.sizes[spec.sizes.length - 1];
  const x = tf.tensor2d(data.x, [spec.batch, spec.sizes[0]]);
  const y =
    spec.loss === 'mse'
      ? tf.tensor2d(data.y as Float32Array, [spec.batch, outputs])
      : tf.tidy(() => tf.oneHot(tf.tensor1d(data.y as Int32Array, 'int32'), outputs).toFloat());

  const step = async (): Promise<number> => {
    const result = await model.trainOnBatch(x, y);
    return Array.isArray(result) ? result[0] : result;
  };
  const dispose = () => {
    model.dispose();
    tf.dispose([x, y]);
  };
  return { step, dispose };
}

/**
 * One training step of an MLP: ours against tfjs `trainOnBatch`. Before timing, both sides take two
 * steps from the same weights on the same batch and must report the same losses (the second loss also
 * proves the SGD updates agree).
 */
export function mlpCase(spec: MlpSpec): BenchCase {
  return { name: spec.name, run: (ctx) => runMlp(spec, ctx) };
}

async function runMlp(spec: MlpSpec, ctx: BenchContext): Promise<CaseResult> {
  const data = makeData(spec);

  const reference = buildOurs(spec, data);
  const expected = [reference.step(), reference.step()];
  reference.dispose();

  const ours = buildOurs(spec, data);
  ctx.log(`${spec.name}: ours`);
  const oursTiming = await assertFlatMemory(`${spec.name} (ours)`, () => measure(ours.step, ctx.timing));
  ours.dispose();

  const peers: CaseResult['peers'] = [];
  for (const peer of PEERS) {
    await usePeer(peer);
    const model = buildPeer(spec, data);
    const got = [await model.step(), await model.step()];
    assertClose(`${spec.name} vs ${peer}, loss of step 1`, expected[0], got[0]);
    assertClose(`${spec.name} vs ${peer}, loss of step 2`, expected[1], got[1]);
    ctx.log(`${spec.name}: ${peer}`);
    const t = await assertFlat(`${spec.name} (${peer})`, 'tf.memory().numTensors', peerTensors, () =>
      measure(model.step, ctx.timing),
    );
    peers.push({ peer, ms: t.medianMs });
    model.dispose();
  }
  return {
    name: spec.name,
    oursMs: oursTiming.medianMs,
    peers,
    flops: mlpFlops(spec),
    target: spec.target,
  };
}
