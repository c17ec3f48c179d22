import { Generator, memory, type Tensor, tensor, zeros } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { hebbianUpdate, ojaUpdate, Perceptron, trainPerceptron } from './rules';

describe('perceptron rule', () => {
  it('applies w ← w + η(y − ŷ)x on a mistake only', () => {
    const p = new Perceptron(2);
    expect(p.learn(tensor([1, 2]), 0)).toBe(true); // step(0) = 1, label 0
    expect(Array.from(p.weight.dataSync())).toEqual([-1, -2]);
    expect(p.bias.item()).toBe(-1);
    expect(p.learn(tensor([1, 2]), 0)).toBe(false);
    expect(() => p.learn(tensor([1, 2]), 2)).toThrow(/y must be 0 or 1, got 2/);
    expect(() => p.call(tensor([[1, 2, 3]]))).toThrow(
      'Perceptron(2).forward(x): expected input of shape [N, 2], got [1,3]',
    );
  });

  it('separates a linearly separable set (AND and a random separable cloud)', () => {
    const and = new Perceptron(2);
    const x = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    const report = trainPerceptron(and, x, [0, 0, 0, 1]);
    expect(report.converged).toBe(true);
    expect(Array.from(and.call(tensor(x)).dataSync())).toEqual([0, 0, 0, 1]);

    const g = new Generator(1);
    const pts = Array.from({ length: 60 }, () => [g.uniform() * 4 - 2, g.uniform() * 4 - 2]);
    const kept = pts.filter(([a, b]) => Math.abs(2 * a - b + 0.5) > 0.2);
    const labels = kept.map(([a, b]) => (2 * a - b + 0.5 > 0 ? 1 : 0));
    const p = new Perceptron(2);
    expect(trainPerceptron(p, kept, labels, { maxEpochs: 500 }).converged).toBe(true);
    expect(Array.from(p.call(tensor(kept)).dataSync())).toEqual(labels);
  });

  it('provably fails XOR: the weights enter a cycle with a mistake in every epoch', () => {
    const p = new Perceptron(2);
    const before = memory().tensors;
    const report = trainPerceptron(
      p,
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      [0, 1, 1, 0],
      { maxEpochs: 1000 },
    );
    expect(report.converged).toBe(false);
    expect(report.cycled).toBe(true);
    expect(report.errors.every((e) => e > 0)).toBe(true);
    expect(memory().tensors).toBe(before);
  });
});

describe('Hebbian learning', () => {
  it('stores associations that orthonormal keys recall exactly', () => {
    const keys = tensor([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 1],
    ]);
    const values = tensor([
      [1, -1],
      [2, 0.5],
      [-3, 1],
    ]);
    const w = zeros([2, 4]);
    hebbianUpdate(w, keys, values);
    expect(w.matmul(keys.transpose(0, 1)).transpose(0, 1).toArraySync()).toEqual(values.toArraySync());
    expect(() => hebbianUpdate(w, keys, tensor([[1, 2, 3]]))).toThrow(
      /expected weight \[out, in\], x \[N, in\], y \[N, out\]/,
    );
  });

  it("Oja's rule finds the first principal component", () => {
    const g = new Generator(2);
    // Data stretched along (1, 1)/√2: variance 4 there, 0.25 across.
    const w = tensor([0.3, -0.8]);
    const samples: Tensor[] = [];
    for (let i = 0; i < 1500; i++) {
      const a = 2 * g.normal();
      const b = 0.5 * g.normal();
      samples.push(tensor([(a - b) / Math.SQRT2, (a + b) / Math.SQRT2]));
    }
    for (const s of samples) ojaUpdate(w, s, 0.01);
    const [w0, w1] = Array.from(w.dataSync());
    expect(Math.hypot(w0, w1)).toBeCloseTo(1, 1);
    expect(Math.abs(w0 * Math.SQRT1_2 + w1 * Math.SQRT1_2)).toBeGreaterThan(0.98);
  });
});
