import { Generator, manualSeed, type Tensor, tensor, tidy } from '@plasticity/core';
import { loadDigits } from '@plasticity/data';
import { describe, expect, it } from 'vitest';
import { accuracy, type Batch, fit } from './fit';
import { ReLU } from './layers/activations';
import { Flatten } from './layers/basic';
import { Conv2d } from './layers/conv';
import { Linear } from './layers/linear';
import { MaxPool2d } from './layers/pool';
import { crossEntropyLoss } from './losses/classification';
import { Adam } from './optim/adam';
import { Sequential } from './sequential';

describe('a small CNN on the shipped 8×8 digits', () => {
  it('reaches ≥ 95% test accuracy (seeded)', async () => {
    manualSeed(0);
    const digits = loadDigits();
    const order = new Generator(1).shuffle(digits.x.map((_, i) => i));
    const testIdx = order.slice(0, 360);
    const trainIdx = order.slice(360);
    const images = (idx: number[]) =>
      tensor(
        idx.map((i) => digits.x[i].map((p) => p / 16)),
        { shape: [idx.length, 1, 8, 8] },
      );
    const labels = (idx: number[]) =>
      tensor(
        idx.map((i) => digits.y[i]),
        { dtype: 'int32' },
      );
    const shuffler = new Generator(2);
    // A fresh shuffle every epoch; these batches are made lazily, so fit frees each after its step.
    function* epochBatches(): IterableIterator<Batch> {
      const idxs = shuffler.shuffle([...trainIdx]);
      for (let i = 0; i < idxs.length; i += 32) {
        const idx = idxs.slice(i, i + 32);
        yield [images(idx), labels(idx)];
      }
    }
    const model = new Sequential(
      new Conv2d(1, 8, 3, { padding: 1 }),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(8, 16, 3, { padding: 1 }),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(64, 10),
    );
    const t0 = performance.now();
    await fit(model, {
      data: epochBatches,
      loss: (o: Tensor, t: Tensor) => crossEntropyLoss(o, t),
      optimizer: new Adam(model.parameters(), { lr: 0.01 }),
      epochs: 12,
    });
    console.info(
      `digits CNN: ${(performance.now() - t0).toFixed(0)} ms for 12 epochs over ${trainIdx.length} images`,
    );
    model.eval();
    const acc = tidy(() => accuracy(model.call(images(testIdx)), labels(testIdx)));
    console.info(`digits CNN test accuracy: ${(acc * 100).toFixed(1)}%`);
    expect(acc).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
});
