// nn on a backend that reads only asynchronously (as WebGPU): the CPU's kernels behind `canReadSync: false`,
// so every result must equal the plain CPU's exactly, and any synchronous read left in nn would throw.
import { type Backend, manualSeed, memory, type Tensor, tensor, tidy } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { accuracy, accuracyTensor, type Batch, evaluate, type FitOptions, fit, type History } from './fit';
import { Tanh } from './layers/activations';
import { Embedding } from './layers/embedding';
import { Linear } from './layers/linear';
import { BatchNorm1d } from './layers/norm';
import { LSTM } from './layers/recurrent';
import { crossEntropyLoss, hingeLoss, multiMarginLoss, nllLoss } from './losses/classification';
import { mseLoss } from './losses/regression';
import type { Module } from './module';
import { Adam } from './optim/adam';
import { clipGradNorm_, clipGradNormTensor_ } from './optim/clip';
import { SGD } from './optim/sgd';
import { Sequential } from './sequential';
import { createAsyncCpuBackend } from './test-support/async-cpu';

const gpuLike = createAsyncCpuBackend();
const on = (t: Tensor, backend: Backend | 'cpu') =>
  tensor(t.dataSync(), { shape: t.shape, dtype: t.dtype, backend });
const read = async (t: Tensor) => Array.from(await t.data());
const logits = tensor([
  [1.5, -0.3, 0.2],
  [0.1, 2.0, -1.0],
  [-0.5, 0.4, 0.9],
  [0.3, 0.3, 0.3],
]);

/**
 * Trains a seeded XOR classifier; `tensors` is how many more tensors live after fit than before (core
 * caches a few constants per backend on first use, so a one-epoch run warms the backend up first).
 */
async function trainXor(
  backend: Backend | null,
  extra: Partial<FitOptions> = {},
  warm = true,
): Promise<{ history: History; model: Module; tensors: number; reads: number }> {
  if (warm) {
    const quiet = {
      ...extra,
      epochs: 1,
      onBatchEnd: extra.onBatchEnd && (() => {}),
      onEpochEnd: extra.onEpochEnd && (() => {}),
    };
    (await trainXor(backend, quiet, false)).model.dispose();
  }
  manualSeed(11);
  const model = new Sequential(new Linear(2, 6), new Tanh(), new Linear(6, 2));
  if (backend !== null) model.to(backend);
  const x = tensor(
    [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    backend === null ? {} : { backend },
  );
  const y = tensor([0, 1, 1, 0], { dtype: 'int32', ...(backend === null ? {} : { backend }) });
  const batches: Batch[] = [[x, y], { x: x.narrow(0, 1, 2), y: y.narrow(0, 1, 2) }];
  const before = memory().tensors;
  const reads = gpuLike.reads;
  const history = await fit(model, {
    data: batches,
    loss: (o, t) => crossEntropyLoss(o, t),
    optimizer: new Adam(model.parameters(), { lr: 0.05 }),
    epochs: 30,
    metrics: { accuracy, mass: (o) => o.softmax(1).sum().div(o.shape[0]) },
    ...extra,
  });
  return { history, model, tensors: memory().tensors - before, reads: gpuLike.reads - reads };
}

/** Equal up to float32 rounding: the device sums the epoch in float32, the host in float64. */
function expectClose(a: number[], b: number[]) {
  expect(a).toHaveLength(b.length);
  a.forEach((v, i) => {
    expect(Math.abs(v - b[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b[i])));
  });
}

describe('fit and evaluate on a backend that reads only asynchronously', () => {
  it('read every batch when a callback takes the loss: exactly the CPU history, checkpoints and best weights', async () => {
    const batchLosses: number[][] = [[], []];
    const options = (k: number): Partial<FitOptions> => ({
      validation: [
        [
          tensor([[0, 1]], k === 1 ? { backend: gpuLike } : {}),
          tensor([1], { dtype: 'int32', ...(k === 1 ? { backend: gpuLike } : {}) }),
        ],
      ],
      earlyStopping: { patience: 100 },
      checkpoint: { everySteps: 7 },
      onBatchEnd: (b) => {
        batchLosses[k].push(b.loss);
      },
    });
    const cpu = await trainXor(null, options(0));
    const gpu = await trainXor(gpuLike, options(1));
    expect(batchLosses[1]).toEqual(batchLosses[0]);
    expect(batchLosses[1]).toHaveLength(60);
    expect(gpu.history.loss).toEqual(cpu.history.loss);
    expect(gpu.history.valLoss).toEqual(cpu.history.valLoss);
    expect(gpu.history.metrics).toEqual(cpu.history.metrics);
    expect(gpu.history.valMetrics).toEqual(cpu.history.valMetrics);
    expect(gpu.history.metrics.mass.every((m) => Math.abs(m - 1) < 1e-6)).toBe(true);
    expect(gpu.history.bestEpoch).toBe(cpu.history.bestEpoch);
    // Checkpoints come back to the CPU from the asynchronous backend.
    const ckpt = gpu.history.checkpoint!;
    expect(ckpt['0.weight'].backend.name).toBe('cpu');
    expect(Array.from(ckpt['0.weight'].dataSync())).toEqual(
      Array.from(cpu.history.checkpoint!['0.weight'].dataSync()),
    );
    for (const p of gpu.model.parameters()) expect(p.backend).toBe(gpuLike);
    expect(gpu.tensors).toBe(cpu.tensors);
  });

  it('read once per epoch when only epoch callbacks need values', async () => {
    const cpu = await trainXor(null, { onEpochEnd: () => {} });
    const seen: number[] = [];
    const gpu = await trainXor(gpuLike, {
      onEpochEnd: (e) => {
        seen.push(e.loss);
      },
    });
    expect(gpu.reads).toBe(30);
    expect(seen).toEqual(gpu.history.loss);
    expectClose(gpu.history.loss, cpu.history.loss);
    expectClose(gpu.history.metrics.accuracy, cpu.history.metrics.accuracy);
    expect(gpu.tensors).toBe(cpu.tensors);
  });

  it('read once at the end when nothing needs values sooner, and free the device sums', async () => {
    const cpu = await trainXor(null);
    const gpu = await trainXor(gpuLike);
    expect(gpu.reads).toBe(1);
    expect(gpu.history.epochs).toEqual(cpu.history.epochs);
    expectClose(gpu.history.loss, cpu.history.loss);
    expectClose(gpu.history.metrics.accuracy, cpu.history.metrics.accuracy);
    expectClose(gpu.history.metrics.mass, cpu.history.metrics.mass);
    expect(gpu.tensors).toBe(cpu.tensors);

    const x = tensor([
      [0, 1],
      [1, 1],
      [0, 0],
    ]);
    const y = tensor([1, 0, 0], { dtype: 'int32' });
    const ce = (o: Tensor, t: Tensor) => crossEntropyLoss(o, t);
    const evReads = gpuLike.reads;
    const ev = await evaluate(
      gpu.model,
      [
        [on(x, gpuLike), on(y, gpuLike)],
        [on(x, gpuLike).narrow(0, 0, 1), on(y, gpuLike).narrow(0, 0, 1)],
      ],
      ce,
      { accuracy },
    );
    expect(gpuLike.reads - evReads).toBe(1);
    const evCpu = await evaluate(
      cpu.model,
      [
        [x, y],
        [x.narrow(0, 0, 1), y.narrow(0, 0, 1)],
      ],
      ce,
      { accuracy },
    );
    expect(ev.loss).toBeCloseTo(evCpu.loss, 6);
    expect(ev.metrics.accuracy).toBeCloseTo(evCpu.metrics.accuracy, 6);
  });

  it('refuses a metric that returns neither a number nor a one-element tensor', async () => {
    const model = new Linear(1, 1);
    await expect(
      fit(model, {
        data: [[tensor([[1], [2]]), tensor([[1], [2]])]],
        loss: mseLoss,
        optimizer: new SGD(model.parameters(), { lr: 0.1 }),
        epochs: 1,
        metrics: { err: (o, t) => o.sub(t) },
      }),
    ).rejects.toThrow(
      /options\.metrics\.err: must return a number or a one-element tensor, got a tensor of shape \[2, 1\]/,
    );
  });

  it('accuracyTensor is accuracy, kept on the device', async () => {
    const y = tensor([0, 1, 2, 1], { dtype: 'int32' });
    expect(accuracy(logits, y)).toBe(0.75);
    const t = accuracyTensor(on(logits, gpuLike), on(y, gpuLike));
    expect(t.backend).toBe(gpuLike);
    expect(await read(t)).toEqual([0.75]);
    expect(() => accuracy(on(logits, gpuLike), on(y, gpuLike))).toThrow(/reads asynchronously/);
  });
});

describe('losses without reading the target', () => {
  const target = tensor([0, 1, -100, 2], { dtype: 'int32' });
  const weight = tensor([0.5, 2, 1]);
  const cases: [string, (i: Tensor, t: Tensor, w: Tensor) => Tensor][] = [
    ['crossEntropyLoss', (i, t) => crossEntropyLoss(i, t)],
    ['crossEntropyLoss with weight', (i, t, w) => crossEntropyLoss(i, t, { weight: w })],
    [
      'crossEntropyLoss with smoothing',
      (i, t, w) => crossEntropyLoss(i, t, { weight: w, labelSmoothing: 0.2 }),
    ],
    ['crossEntropyLoss, sum', (i, t) => crossEntropyLoss(i, t, { reduction: 'sum' })],
    ['crossEntropyLoss, none', (i, t) => crossEntropyLoss(i, t, { reduction: 'none' })],
    ['nllLoss with weight', (i, t, w) => nllLoss(i.logSoftmax(1), t, { weight: w })],
    ['multiMarginLoss', (i, t) => multiMarginLoss(i, t.clamp(0, null))],
  ];
  for (const [name, loss] of cases) {
    it(`${name} equals the CPU's, ignored rows included`, async () => {
      const cpu = loss(logits, target, weight);
      const dev = loss(on(logits, gpuLike), on(target, gpuLike), on(weight, gpuLike));
      expect(dev.backend).toBe(gpuLike);
      expect(await read(dev)).toEqual(Array.from(cpu.dataSync()));
    });
  }

  it('class weights on the CPU are moved to the device', async () => {
    const cpu = crossEntropyLoss(logits, target, { weight });
    const dev = crossEntropyLoss(on(logits, gpuLike), on(target, gpuLike), { weight });
    expect(await read(dev)).toEqual(Array.from(cpu.dataSync()));
  });

  it('an out-of-range class throws on the CPU and makes the loss NaN on the device, which fit reports', async () => {
    const bad = tensor([0, 3, 1, 2], { dtype: 'int32' });
    expect(() => crossEntropyLoss(logits, bad)).toThrow(/target class 3 at index 1 is outside 0\.\.2/);
    const perRow = await read(crossEntropyLoss(on(logits, gpuLike), on(bad, gpuLike), { reduction: 'none' }));
    expect(perRow.map(Number.isNaN)).toEqual([false, true, false, false]);
    const model = new Linear(3, 3).to(gpuLike);
    await expect(
      fit(model, {
        data: [[on(logits, gpuLike), on(bad, gpuLike)]],
        loss: (o, t) => crossEntropyLoss(o, t),
        optimizer: new SGD(model.parameters(), { lr: 0.1 }),
        epochs: 1,
      }),
    ).rejects.toThrow(/the loss became NaN during epoch 0: lower the learning rate or check the data/);
  });

  it('hingeLoss checks its labels on the CPU and computes the same loss on the device', async () => {
    const scores = tensor([0.5, -2, 1.5]);
    const labels = tensor([1, -1, -1]);
    expect(() => hingeLoss(scores, tensor([1, 0, -1]))).toThrow(/labels −1 or \+1, found 0 at flat index 1/);
    expect(await read(hingeLoss(on(scores, gpuLike), on(labels, gpuLike)))).toEqual(
      Array.from(hingeLoss(scores, labels).dataSync()),
    );
  });
});

describe('Module.to and toAsync', () => {
  it('to() refuses to read from an asynchronous backend; toAsync() brings the model back', async () => {
    manualSeed(3);
    const model = new Sequential(new Linear(2, 3), new BatchNorm1d(3));
    const values = Object.fromEntries(
      Object.entries(model.stateDict()).map(([k, t]) => [k, Array.from(t.dataSync())]),
    );
    model.to(gpuLike);
    expect(() => model.to('cpu')).toThrow(
      /Sequential\.to\('cpu'\): '0\.weight' lives on 'nn-async-cpu', which reads asynchronously: use await model\.toAsync\('cpu'\)/,
    );
    expect(await model.toAsync('cpu')).toBe(model);
    for (const [k, t] of Object.entries(model.stateDict())) {
      expect(t.backend.name).toBe('cpu');
      expect(Array.from(t.dataSync())).toEqual(values[k]);
    }
    expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(model.stateDict()['1.num_batches_tracked'].dtype).toBe('int32');
    model.dispose();
  });

  it('batch norm counts steps on the host, so the cumulative average needs no read', async () => {
    const x = tensor([
      [1, 2],
      [3, 5],
      [0, -1],
    ]);
    const cpu = new BatchNorm1d(2, { momentum: null });
    const dev = new BatchNorm1d(2, { momentum: null }).to(gpuLike);
    for (let i = 0; i < 3; i++) {
      cpu.call(x.mul(i + 1));
      dev.call(on(x, gpuLike).mul(i + 1));
    }
    expect(await read(dev.running_mean!)).toEqual(Array.from(cpu.running_mean!.dataSync()));
    expect(await read(dev.running_var!)).toEqual(Array.from(cpu.running_var!.dataSync()));
    expect(await read(dev.num_batches_tracked!)).toEqual([3]);

    // Loaded on the CPU, the count is read there and survives the move.
    const loaded = new BatchNorm1d(2, { momentum: null });
    loaded.loadStateDict(cpu.stateDict());
    loaded.to(gpuLike);
    loaded.call(on(x, gpuLike));
    cpu.call(x);
    expect(await read(loaded.running_mean!)).toEqual(Array.from(cpu.running_mean!.dataSync()));

    // Loaded on the device, the count is unknown on the host: a clear error rather than a wrong average.
    const late = new BatchNorm1d(2, { momentum: null }).to(gpuLike);
    late.loadStateDict(cpu.stateDict());
    expect(() => late.call(on(x, gpuLike))).toThrow(
      /BatchNorm1d\(2\)\.forward\(x\): momentum null .* load the state dict on the CPU, then move the model with to\(\)/,
    );
    // With a fixed momentum the count is not needed.
    const fixed = new BatchNorm1d(2).to(gpuLike);
    fixed.loadStateDict(new BatchNorm1d(2).stateDict());
    fixed.call(on(x, gpuLike));
    expect(await read(fixed.num_batches_tracked!)).toEqual([1]);
  });

  it('Embedding with a padding index and LSTM with a zero state run on the model’s backend', async () => {
    manualSeed(4);
    const cpuEmb = new Embedding(5, 3, { paddingIdx: 1 });
    manualSeed(4);
    const devEmb = new Embedding(5, 3, { paddingIdx: 1 }).to(gpuLike);
    expect(Array.from(cpuEmb.weight.dataSync().slice(3, 6))).toEqual([0, 0, 0]);
    const idx = tensor([[0, 1, 4]], { dtype: 'int32' });
    const out = devEmb.call(on(idx, gpuLike));
    expect(out.shape).toEqual([1, 3, 3]);
    expect(await read(out)).toEqual(Array.from(cpuEmb.call(idx).dataSync()));
    out.sum().backward();
    expect((await read(devEmb.weight.grad!)).slice(3, 6)).toEqual([0, 0, 0]);
    expect(() => cpuEmb.call(tensor([5], { dtype: 'int32' }))).toThrow(
      /index 5 at flat position 0 is outside 0\.\.4/,
    );

    manualSeed(5);
    const cpuLstm = new LSTM(2, 3, { batchFirst: true });
    manualSeed(5);
    const devLstm = new LSTM(2, 3, { batchFirst: true }).to(gpuLike);
    const seq = tensor([
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
    ]);
    const [cpuOut] = cpuLstm.call(seq);
    const [devOut, [h]] = devLstm.call(on(seq, gpuLike));
    expect(h.backend).toBe(gpuLike);
    expect(await read(devOut)).toEqual(Array.from(cpuOut.dataSync()));
  });
});

describe('gradient clipping on the device', () => {
  function withGrads(backend: Backend | 'cpu'): Tensor[] {
    const a = tensor([3, -4], { backend }).requiresGrad_();
    const b = tensor([[12]], { backend }).requiresGrad_();
    a.square().sum().div(2).add(b.square().sum().div(2)).backward();
    return [a, b];
  }

  for (const [normType, total] of [
    [2, 13],
    [1, 19],
    [Number.POSITIVE_INFINITY, 12],
  ] as const) {
    it(`clipGradNormTensor_ (norm ${normType}) matches clipGradNorm_ without reading`, async () => {
      const cpu = withGrads('cpu');
      const dev = withGrads(gpuLike);
      expect(clipGradNorm_(cpu, 6.5, normType)).toBeCloseTo(total, 5);
      const norm = tidy(() => clipGradNormTensor_(dev, 6.5, normType));
      expect(norm.backend).toBe(gpuLike);
      expect((await read(norm))[0]).toBeCloseTo(total, 5);
      for (let i = 0; i < 2; i++) {
        const want = Array.from(cpu[i].grad!.dataSync());
        (await read(dev[i].grad!)).forEach((v, j) => {
          expect(v).toBeCloseTo(want[j], 5);
        });
      }
    });
  }

  it('clipGradNorm_ on an asynchronous backend points to clipGradNormTensor_; a small norm is left alone', async () => {
    const dev = withGrads(gpuLike);
    expect(() => clipGradNorm_(dev, 1)).toThrow(
      /clipGradNorm_\(params, maxNorm\): the gradients live on 'nn-async-cpu', which reads asynchronously: use clipGradNormTensor_/,
    );
    clipGradNormTensor_(dev, 100);
    expect(await read(dev[0].grad!)).toEqual([3, -4]);
    expect(() => clipGradNormTensor_([tensor([1])], 1)).toThrow(/no parameter has a gradient/);
  });
});
