// The data → nn → metrics path a lecture uses: a Playground data set, a seeded split, a DataLoader fed
// straight into nn's fit, and the result scored with @plasticity/metrics.
import { manualSeed, memory, noGrad, tensor, tidy } from '@plasticity/core';
import { DataLoader, Pipeline, StandardScaler, spiral, trainTestSplit } from '@plasticity/data';
import { accuracy } from '@plasticity/metrics';
import { Adam, crossEntropyLoss, fit, Linear, ReLU, Sequential } from '@plasticity/nn';
import { describe, expect, it } from 'vitest';

describe('fit consumes a DataLoader', () => {
  it('learns the Playground spiral from loader batches, scored by metrics on a held-out split', async () => {
    manualSeed(5);
    const data = spiral({ n: 400, noise: 0, seed: 1 });
    const split = trainTestSplit(data, { testSize: 0.25, seed: 2, stratify: true });
    const scaler = new Pipeline([new StandardScaler()]).fit(split.train);
    const loader = new DataLoader(scaler.transform(split.train), { batchSize: 32, shuffle: true, seed: 3 });
    const model = new Sequential(
      new Linear(2, 32),
      new ReLU(),
      new Linear(32, 32),
      new ReLU(),
      new Linear(32, 2),
    );
    const memoryPerEpoch: number[] = [];
    const history = await fit(model, {
      data: loader,
      loss: (out, target) => crossEntropyLoss(out, target),
      optimizer: new Adam(model.parameters(), { lr: 0.02 }),
      epochs: 60,
      onEpochEnd: () => {
        memoryPerEpoch.push(memory().tensors);
      },
    });
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]);
    expect(new Set(memoryPerEpoch.slice(1)).size).toBe(1);

    const test = scaler.transform(split.test);
    const xs = Array.from({ length: test.length }, (_, i) => test.get(i).x as number[]);
    const ys = Array.from({ length: test.length }, (_, i) => Number(test.get(i).y));
    const predicted = tidy(() => noGrad(() => Array.from(model.call(tensor(xs)).argmax(1).dataSync())));
    expect(accuracy(ys, predicted)).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
});
