import { Generator } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { blobs, classification, moons } from './classic';
import { DEFAULT_POLYNOMIAL, evaluatePolynomial, noisyPolynomial } from './polynomial';

describe('moons', () => {
  it('puts noiseless points on the two arcs, ⌊n/2⌋ on the upper one', () => {
    const data = moons({ n: 101, seed: 1 });
    const upper = data.records.filter((r) => r.y === 0);
    const lower = data.records.filter((r) => r.y === 1);
    expect(upper).toHaveLength(50);
    expect(lower).toHaveLength(51);
    for (const { x } of upper) {
      expect(Math.hypot(x[0], x[1])).toBeCloseTo(1, 12);
      expect(x[1]).toBeGreaterThanOrEqual(-1e-12);
    }
    for (const { x } of lower) {
      expect(Math.hypot(x[0] - 1, x[1] - 0.5)).toBeCloseTo(1, 12);
      expect(x[1]).toBeLessThanOrEqual(0.5 + 1e-12);
    }
    const xs = data.records.map((r) => r.x[0]);
    expect(Math.min(...xs)).toBeCloseTo(-1, 12);
    expect(Math.max(...xs)).toBeCloseTo(2, 12);
  });

  it('adds Gaussian noise of the given standard deviation, reproducibly', () => {
    const clean = moons({ n: 2000, seed: 2, shuffle: false });
    const noisy = moons({ n: 2000, seed: 2, shuffle: false, noise: 0.1 });
    const d = noisy.records.flatMap((r, i) => [
      r.x[0] - clean.records[i].x[0],
      r.x[1] - clean.records[i].x[1],
    ]);
    const sd = Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length);
    expect(sd).toBeCloseTo(0.1, 2);
    expect(moons({ n: 20, seed: 3, noise: 0.1 }).records).toEqual(
      moons({ n: 20, seed: 3, noise: 0.1 }).records,
    );
    expect(moons({ n: 20, seed: 3 }).records).not.toEqual(moons({ n: 20, seed: 4 }).records);
  });
});

describe('blobs', () => {
  it('shares samples evenly between centres drawn in the box, with the given spread', () => {
    const data = blobs({ n: 3001, centers: 3, nFeatures: 4, noise: 0.5, seed: 5 });
    expect(data.centers).toHaveLength(3);
    for (const c of data.centers) for (const v of c) expect(Math.abs(v)).toBeLessThanOrEqual(10);
    const counts = [0, 1, 2].map((c) => data.records.filter((r) => r.y === c).length);
    expect(counts).toEqual([1001, 1000, 1000]);
    const first = data.records.filter((r) => r.y === 0);
    const dev = first.flatMap((r) => r.x.map((v, j) => v - data.centers[0][j]));
    expect(Math.sqrt(dev.reduce((s, v) => s + v * v, 0) / dev.length)).toBeCloseTo(0.5, 1);
    expect(data.records[0].x).toHaveLength(4);
  });

  it('takes explicit centres and a Generator', () => {
    const data = blobs({
      n: 4,
      centers: [
        [0, 0],
        [10, 10],
      ],
      noise: 0,
      seed: new Generator(1),
      shuffle: false,
    });
    expect(data.records.map((r) => r.x)).toEqual([
      [0, 0],
      [0, 0],
      [10, 10],
      [10, 10],
    ]);
    expect(() => blobs({ centers: [[0, 0], [1]] })).toThrow(
      'blobs(options.centers): centre 1: expected 2 finite numbers, got an array of length 1',
    );
  });
});

describe('classification', () => {
  it('balances n classes around distinct hypercube vertices', () => {
    const data = classification({ n: 3000, nClasses: 3, nFeatures: 3, classSep: 2, noise: 0.3, seed: 6 });
    const means = [0, 1, 2].map((c) => {
      const xs = data.records.filter((r) => r.y === c).map((r) => r.x);
      expect(xs).toHaveLength(1000);
      return [0, 1, 2].map((j) => xs.reduce((s, x) => s + x[j], 0) / xs.length);
    });
    for (const m of means) for (const v of m) expect(Math.abs(Math.abs(v) - 2)).toBeLessThan(0.05);
    expect(new Set(means.map((m) => m.map(Math.sign).join())).size).toBe(3);
  });

  it('flips about a fraction flipY·(k−1)/k of labels', () => {
    const noisy = classification({ n: 4000, nClasses: 2, classSep: 3, noise: 0.1, seed: 7, flipY: 0.2 });
    // Clusters are far apart, so the sign pattern of x tells the true cluster; its majority label is its class.
    const votes = new Map<string, number[]>();
    for (const r of noisy.records) {
      const key = r.x.map(Math.sign).join();
      const v = votes.get(key) ?? [0, 0];
      v[r.y]++;
      votes.set(key, v);
    }
    expect(votes.size).toBe(2);
    const wrong = [...votes.values()].reduce((s, v) => s + Math.min(...v), 0);
    expect(wrong / 4000).toBeGreaterThan(0.07);
    expect(wrong / 4000).toBeLessThan(0.13);
    const clean = classification({ n: 4000, nClasses: 2, classSep: 3, noise: 0.1, seed: 7 });
    const cleanVotes = new Map<string, Set<number>>();
    for (const r of clean.records)
      cleanVotes.set(
        r.x.map(Math.sign).join(),
        (cleanVotes.get(r.x.map(Math.sign).join()) ?? new Set()).add(r.y),
      );
    expect([...cleanVotes.values()].every((labels) => labels.size === 1)).toBe(true);
  });

  it('refuses more clusters than vertices', () => {
    expect(() => classification({ nFeatures: 2, nClasses: 5 })).toThrow(
      'classification(options): 5 classes × 1 clusters need 5 hypercube vertices, but 2 features give only 4',
    );
  });
});

describe('noisyPolynomial', () => {
  it('samples the default cubic on [−1, 1], sorted, with Gaussian noise of the given spread', () => {
    const data = noisyPolynomial({ n: 5000, noise: 0.2, seed: 8 });
    const xs = data.records.map((r) => r.x[0]);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...xs)).toBeLessThan(1);
    const residuals = data.records.map((r) => r.y - evaluatePolynomial(DEFAULT_POLYNOMIAL, r.x[0]));
    const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
    const sd = Math.sqrt(residuals.reduce((s, v) => s + (v - mean) ** 2, 0) / residuals.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(sd).toBeCloseTo(0.2, 1);
    expect(data.truth(0)).toBe(0.5);
    expect(data.info?.task).toBe('regression');
  });

  it('evaluates by Horner and spaces evenly on request', () => {
    expect(evaluatePolynomial([1, 2, 3], 2)).toBe(17);
    const even = noisyPolynomial({ n: 5, noise: 0, spacing: 'even', range: [0, 2], coefficients: [0, 0, 1] });
    expect(even.records).toEqual([0, 0.5, 1, 1.5, 2].map((x) => ({ x: [x], y: x * x })));
    expect(() => noisyPolynomial({ range: [1, 0] })).toThrow(
      'noisyPolynomial(options.range): expected [low, high] with low < high',
    );
  });
});
