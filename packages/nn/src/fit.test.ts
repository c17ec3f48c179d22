import { Generator, manualSeed, memory, type Tensor, tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { accuracy, type Batch, evaluate, fit } from './fit';
import { ReLU, Tanh } from './layers/activations';
import { Linear } from './layers/linear';
import { bceWithLogitsLoss, crossEntropyLoss } from './losses/classification';
import { mseLoss } from './losses/regression';
import { Adam } from './optim/adam';
import { SGD } from './optim/sgd';
import { Sequential } from './sequential';

/** CS231n's spiral: `classes` interleaved arms of `perClass` noisy points. */
function spiral(perClass: number, classes: number, seed: number): { x: number[][]; y: number[] } {
  const g = new Generator(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const r = i / perClass;
      const t = c * 4 + 4 * r + g.normal() * 0.2;
      x.push([r * Math.sin(t), r * Math.cos(t)]);
      y.push(c);
    }
  }
  return { x, y };
}

function batches(x: number[][], y: number[], size: number, g: Generator): Batch[] {
  const order = g.shuffle(x.map((_, i) => i));
  const out: Batch[] = [];
  for (let i = 0; i < order.length; i += size) {
    const idx = order.slice(i, i + size);
    out.push([
      tensor(idx.map((j) => x[j])),
      tensor(
        idx.map((j) => y[j]),
        { dtype: 'int32' },
      ),
    ]);
  }
  return out;
}

describe('fit', () => {
  it('an MLP learns XOR (seeded)', async () => {
    manualSeed(1);
    const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[0], [1], [1], [0]]);
    const t0 = performance.now();
    const history = await fit(model, {
      data: [[x, y]],
      loss: (out, target) => bceWithLogitsLoss(out, target),
      optimizer: new Adam(model.parameters(), { lr: 0.05 }),
      epochs: 300,
      metrics: { accuracy },
    });
    console.info(`XOR: ${(performance.now() - t0).toFixed(0)} ms for 300 epochs`);
    expect(history.metrics.accuracy.at(-1)).toBe(1);
    expect(history.loss.at(-1)!).toBeLessThan(0.05);
    expect(history.loss).toHaveLength(300);
  }, 60_000);

  it('an MLP learns the 3-arm spiral to ≥ 99% train accuracy with flat memory (seeded)', async () => {
    manualSeed(2);
    const { x, y } = spiral(100, 3, 3);
    const g = new Generator(4);
    const model = new Sequential(
      new Linear(2, 64),
      new ReLU(),
      new Linear(64, 64),
      new ReLU(),
      new Linear(64, 3),
    );
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    const data = batches(x, y, 50, g);
    const counts: number[] = [];
    const t0 = performance.now();
    await fit(model, {
      data,
      loss: (out, target) => crossEntropyLoss(out, target),
      optimizer: opt,
      epochs: 150,
      onEpochEnd: () => {
        counts.push(memory().tensors);
      },
    });
    console.info(`spiral: ${(performance.now() - t0).toFixed(0)} ms for 150 epochs`);
    const all = tensor(x);
    const acc = accuracy(model.call(all), tensor(y, { dtype: 'int32' }));
    expect(acc).toBeGreaterThanOrEqual(0.99);
    // Memory is flat after the first epoch (which creates the optimizer state).
    expect(new Set(counts.slice(1)).size).toBe(1);
  }, 60_000);

  it('runs callbacks, validation, metrics and a progress bar', async () => {
    manualSeed(5);
    const model = new Linear(1, 1);
    const x = tensor([[0], [1], [2], [3]]);
    const y = tensor([[1], [3], [5], [7]]);
    const seen: string[] = [];
    let written = '';
    const history = await fit(model, {
      data: [[x.narrow(0, 0, 2), y.narrow(0, 0, 2)], { x: x.narrow(0, 2, 2), y: y.narrow(0, 2, 2) }],
      validation: [[x, y]],
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 0.05 }),
      epochs: 3,
      metrics: { mae: (o, t) => o.sub(t).abs().mean().item() },
      onBatchEnd: (b) => {
        seen.push(`b${b.epoch}.${b.batch}@${b.step}`);
      },
      onEpochEnd: async (e) => {
        seen.push(`e${e.epoch}`);
        expect(e.valLoss).toBeGreaterThan(0);
      },
      progress: { write: (s: string) => (written += s) },
    });
    expect(seen).toEqual(['b0.0@1', 'b0.1@2', 'e0', 'b1.0@3', 'b1.1@4', 'e1', 'b2.0@5', 'b2.1@6', 'e2']);
    expect(history.valLoss).toHaveLength(3);
    expect(history.valMetrics.mae).toHaveLength(3);
    expect(history.steps).toBe(6);
    expect(written).toMatch(/epoch 3\/3 {2}loss \d+\.\d{4} {2}val \d+\.\d{4} {2}mae/);
    const ev = await evaluate(model, [[x, y]], mseLoss);
    expect(ev.loss).toBeCloseTo(history.valLoss[2], 5);
    expect(model.training).toBe(true);
  });

  it('stops early and restores the best weights', async () => {
    manualSeed(6);
    const model = new Linear(1, 1);
    const x = tensor([[1], [2]]);
    const y = tensor([[2], [4]]);
    const valX = tensor([[3]]);
    // A learning rate this large diverges: the first epoch is the best one.
    let firstWeights: number[] = [];
    const history = await fit(model, {
      data: [[x, y]],
      validation: [[valX, tensor([[6]])]],
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 0.6 }),
      epochs: 50,
      earlyStopping: { patience: 2 },
      onEpochEnd: (e) => {
        if (e.epoch === 0) firstWeights = Array.from(model.weight.dataSync());
      },
    });
    expect(history.stoppedEarly).toBe(true);
    expect(history.bestEpoch).toBe(0);
    expect(history.loss).toHaveLength(3);
    expect(Array.from(model.weight.dataSync())).toEqual(firstWeights);
  });

  it('checkpoints to the CPU every N steps and frees lazily made batches', async () => {
    manualSeed(7);
    const model = new Linear(2, 1);
    const steps: number[] = [];
    function* gen(): IterableIterator<Batch> {
      for (let i = 0; i < 5; i++) yield [tensor([[i, 1]]), tensor([[i]])];
    }
    const before = memory().tensors;
    const history = await fit(model, {
      data: () => gen(),
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 0.01 }),
      epochs: 2,
      checkpoint: {
        everySteps: 3,
        onCheckpoint: (state, step) => {
          steps.push(step);
          expect(state['weight'].backend.name).toBe('cpu');
          expect(Array.from(state['weight'].dataSync())).toEqual(Array.from(model.weight.dataSync()));
        },
      },
    });
    expect(steps).toEqual([3, 6, 9]);
    expect(Object.keys(history.checkpoint!)).toEqual(['weight', 'bias']);
    // Only the last checkpoint (2 tensors) outlives fit: every batch and gradient was freed.
    model.zeroGrad();
    expect(memory().tensors - before).toBe(2);
  });

  it('refuses bad options with clear errors', async () => {
    const model = new Linear(1, 1);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    const base = {
      data: [[tensor([[1]]), tensor([[1]])] as [Tensor, Tensor]],
      loss: mseLoss,
      optimizer: opt,
    };
    await expect(fit(model, { ...base, epochs: 0 })).rejects.toThrow(
      /options\.epochs: expected a positive integer, got 0/,
    );
    await expect(
      fit(model, { ...base, epochs: 1, data: [[tensor([1])] as unknown as Batch] }),
    ).rejects.toThrow(/every batch must be \[input, target\]/);
    const once = [[tensor([[1]]), tensor([[1]])] as [Tensor, Tensor]][Symbol.iterator]();
    await expect(fit(model, { ...base, epochs: 2, data: { [Symbol.iterator]: () => once } })).rejects.toThrow(
      /epoch 1 had no batches/,
    );
    await expect(
      fit(model, { ...base, epochs: 1, earlyStopping: { patience: 1, monitor: 'valLoss' } }),
    ).rejects.toThrow(/'valLoss' needs options\.validation/);
    await expect(fit(model, { ...base, epochs: 1, loss: (o) => o })).resolves.toBeDefined();
    await expect(fit(model, { ...base, epochs: 1, loss: (o) => o.mul(tensor([[1, 1]])) })).rejects.toThrow(
      /must return a scalar tensor/,
    );
  });

  it('stops when its signal is aborted', async () => {
    const model = new Linear(1, 1);
    const controller = new AbortController();
    const history = await fit(model, {
      data: [[tensor([[1]]), tensor([[1]])]],
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 0.1 }),
      epochs: 100,
      signal: controller.signal,
      onEpochEnd: (e) => {
        if (e.epoch === 4) controller.abort();
      },
    });
    expect(history.loss).toHaveLength(5);
  });
});

describe('fit and the event loop', () => {
  it('yields to the event loop while training, so timers (a page’s rendering) still run', async () => {
    const model = new Linear(1, 1);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let ticksDuringTraining = 0;
    await fit(model, {
      data: [[tensor([[1]]), tensor([[1]])]],
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 0.01 }),
      epochs: 40,
      yieldEveryMs: 0,
      onEpochEnd: () => {
        ticksDuringTraining = ticks;
      },
    });
    clearInterval(timer);
    expect(ticksDuringTraining).toBeGreaterThan(5);
  });
});
