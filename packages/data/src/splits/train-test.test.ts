import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, type DataRecord } from '../dataset';
import { loadIris } from '../shipped/loaders';
import { trainTestSplit, trainValTestSplit } from './train-test';
import type { DataWarning } from './warnings';

function labelled(
  counts: readonly number[],
  groups?: (i: number) => string,
): ArrayDataset<DataRecord<number[], number>> {
  const records: DataRecord<number[], number>[] = [];
  counts.forEach((count, c) => {
    for (let i = 0; i < count; i++) {
      const index = records.length;
      records.push(groups ? { x: [index], y: c, group: groups(index) } : { x: [index], y: c });
    }
  });
  return new ArrayDataset(records);
}

const sorted = (a: readonly number[]) => [...a].sort((p, q) => p - q);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const quiet = { onWarning: () => {} };

describe('trainTestSplit', () => {
  it('gives the test set ⌈testSize·n⌉ samples and the rest to training, disjoint and complete', () => {
    const data = labelled([10, 10, 3]);
    const s = trainTestSplit(data, { testSize: 0.3, seed: 1 });
    expect(s.testIndices).toHaveLength(7); // ⌈0.3 · 23⌉
    expect(s.trainIndices).toHaveLength(16);
    expect(sorted([...s.trainIndices, ...s.testIndices])).toEqual(range(23));
    expect(s.train.length).toBe(16);
    expect(s.test.get(0)).toBe(data.get(s.testIndices[0]));
    expect(s.train.role).toBe('train');
    expect(s.test.role).toBe('test');
  });

  it('is a partition for any size and fraction (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 300 }),
        fc.double({ min: 0.01, max: 0.9, noNaN: true }),
        fc.integer(),
        (n, t, seed) => {
          fc.pre(Math.ceil(t * n - 1e-9) < n);
          const s = trainTestSplit(labelled([n]), { testSize: t, seed });
          expect(s.testIndices.length).toBe(Math.ceil(t * n - 1e-9));
          expect(sorted([...s.trainIndices, ...s.testIndices])).toEqual(range(n));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('repeats with the same seed and differs with another', () => {
    const data = labelled([50, 50]);
    const a = trainTestSplit(data, { seed: 7 });
    const b = trainTestSplit(data, { seed: 7 });
    const c = trainTestSplit(data, { seed: 8 });
    expect(b.testIndices).toEqual(a.testIndices);
    expect(sorted(c.testIndices)).not.toEqual(sorted(a.testIndices));
  });

  it('keeps every class within one sample of its exact share when stratified', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 40 }), { minLength: 2, maxLength: 5 }),
        fc.double({ min: 0.1, max: 0.6, noNaN: true }),
        fc.integer(),
        (counts, t, seed) => {
          const n = counts.reduce((a, b) => a + b, 0);
          const nTest = Math.ceil(t * n - 1e-9);
          fc.pre(nTest >= counts.length && n - nTest >= counts.length);
          // The guarantee yields only where keeping one sample of a tiny class for training forbids it.
          fc.pre(counts.every((c) => Math.ceil(c * t) < c));
          const data = labelled(counts);
          const s = trainTestSplit(data, { testSize: t, stratify: true, seed });
          expect(s.testIndices).toHaveLength(nTest);
          expect(sorted([...s.trainIndices, ...s.testIndices])).toEqual(range(n));
          counts.forEach((count, c) => {
            const inTest = s.testIndices.filter((i) => data.get(i).y === c).length;
            expect(Math.abs(inTest - count * t)).toBeLessThan(1 + 1e-9);
            expect(inTest).toBeLessThan(count); // at least one left to train on
          });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('keeps one sample of every class for training, even when the exact share would take them all', () => {
    const data = labelled([16, 2, 2]);
    const s = trainTestSplit(data, { testSize: 0.6, stratify: true, seed: 0 });
    for (const c of [1, 2]) expect(s.trainIndices.filter((i) => data.get(i).y === c)).toHaveLength(1);
    expect(s.testIndices).toHaveLength(12);
  });

  it('stratifies Iris 80/20 into exactly 40/10 per species', () => {
    const iris = loadIris().dataset;
    const s = trainTestSplit(iris, { testSize: 0.2, stratify: true, seed: 3 });
    for (const c of [0, 1, 2]) {
      expect(s.testIndices.filter((i) => iris.get(i).y === c)).toHaveLength(10);
      expect(s.trainIndices.filter((i) => iris.get(i).y === c)).toHaveLength(40);
    }
  });

  it('accepts explicit stratification labels and plain arrays of records', () => {
    const records = range(20).map((i) => ({ x: [i], y: i }));
    const labels = range(20).map((i) => (i < 10 ? 'a' : 'b'));
    const s = trainTestSplit(records, { testSize: 0.5, stratify: labels, seed: 0 });
    expect(s.testIndices.filter((i) => i < 10)).toHaveLength(5);
  });

  it('without shuffling, holds out the tail and warns when the data are sorted by class', () => {
    const warnings: DataWarning[] = [];
    const s = trainTestSplit(labelled([10, 10]), {
      testSize: 0.25,
      shuffle: false,
      onWarning: (w) => warnings.push(w),
    });
    expect(s.testIndices).toEqual(range(5).map((i) => 15 + i));
    expect(warnings.map((w) => w.code)).toEqual(['sorted-validation-tail']);
    expect(s.warnings).toEqual(warnings);
    expect(warnings[0].message).toMatch(/sorted by class/);
    expect(warnings[0].classes).toEqual([0]);
  });

  it('warns when one group lands on both sides, and keeps groups whole with { groups: true }', () => {
    const data = labelled([40, 40], (i) => `patient-${Math.floor(i / 4)}`);
    const warnings: DataWarning[] = [];
    trainTestSplit(data, { seed: 1, onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].code).toBe('group-leakage');
    expect(warnings[0].groups!.length).toBeGreaterThan(0);
    const safe = trainTestSplit(data, { seed: 1, groups: true, onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    const trainGroups = new Set(safe.trainIndices.map((i) => data.get(i).group));
    expect(safe.testIndices.some((i) => trainGroups.has(data.get(i).group))).toBe(false);
    expect(sorted([...safe.trainIndices, ...safe.testIndices])).toEqual(range(80));
    expect(safe.testIndices.length).toBeGreaterThanOrEqual(20);
    expect(safe.testIndices.length).toBeLessThan(24 + 1);
  });

  it('unshuffled with groups, holds out the last groups whole', () => {
    const data = labelled([12], (i) => `g${Math.floor(i / 3)}`);
    const s = trainTestSplit(data, { testSize: 0.25, shuffle: false, groups: true });
    expect(sorted(s.testIndices)).toEqual([9, 10, 11]);
  });

  it('prints warnings with console.warn when no handler is given', () => {
    const seen: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => seen.push(args.join(' '));
    try {
      trainTestSplit(labelled([5, 5]), { shuffle: false, testSize: 0.3 });
    } finally {
      console.warn = original;
    }
    expect(seen).toHaveLength(1);
    expect(String(seen[0])).toMatch(/^@plasticity\/data: trainTestSplit:/);
  });

  it('rejects bad input with clear errors', () => {
    const data = labelled([5, 5]);
    expect(() => trainTestSplit(data, { testSize: 1.5 })).toThrow(
      'trainTestSplit(options.testSize): expected a number in (0, 1), got 1.5',
    );
    expect(() => trainTestSplit(data, { testSize: 0 })).toThrow(/expected a number in \(0, 1\), got 0/);
    expect(() => trainTestSplit(data, { testSize: Number.NaN })).toThrow(/got NaN/);
    expect(() => trainTestSplit(labelled([9, 1]), { stratify: true, ...quiet })).toThrow(
      /class 1 has only 1 sample, too few to stratify/,
    );
    expect(() => trainTestSplit(labelled([2, 2, 2]), { testSize: 0.2, stratify: true })).toThrow(
      /the test set would get 2 samples, fewer than the 3 classes/,
    );
    expect(() => trainTestSplit(data, { stratify: true, shuffle: false })).toThrow(/needs shuffle: true/);
    expect(() => trainTestSplit(labelled([1]))).toThrow(/cannot split 1 sample/);
    expect(() => trainTestSplit(data, { seed: 1.5 })).toThrow(
      'trainTestSplit(options.seed): expected an integer seed',
    );
    expect(() => trainTestSplit({ length: 3 } as never)).toThrow(
      /trainTestSplit\(data\): expected a Dataset/,
    );
    expect(() =>
      trainTestSplit(
        new ArrayDataset([
          { x: [1], y: [1, 2] },
          { x: [2], y: [3, 4] },
        ]),
        { stratify: true },
      ),
    ).toThrow(/needs a class label in each record's y, record 0 has an array/);
  });
});

describe('trainValTestSplit', () => {
  it('makes three disjoint parts of the stated sizes that cover the data', () => {
    const data = labelled([30, 30, 40]);
    const s = trainValTestSplit(data, { validationSize: 0.2, testSize: 0.1, seed: 4 });
    expect(s.validationIndices).toHaveLength(20);
    expect(s.testIndices).toHaveLength(10);
    expect(s.trainIndices).toHaveLength(70);
    expect(sorted([...s.trainIndices, ...s.validationIndices, ...s.testIndices])).toEqual(range(100));
    expect(s.validation.role).toBe('validation');
  });

  it('stratifies validation and test within one sample of exact (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 3, max: 40 }), { minLength: 2, maxLength: 4 }),
        fc.double({ min: 0.1, max: 0.3, noNaN: true }),
        fc.double({ min: 0.1, max: 0.3, noNaN: true }),
        fc.integer(),
        (counts, v, t, seed) => {
          const n = counts.reduce((a, b) => a + b, 0);
          const k = counts.length;
          const size = (f: number) => Math.ceil(f * n - 1e-9);
          fc.pre(size(v) >= k && size(t) >= k && n - size(v) - size(t) >= k);
          fc.pre(counts.every((c) => Math.ceil(c * t) + Math.ceil(c * v) < c));
          const data = labelled(counts);
          const s = trainValTestSplit(data, { validationSize: v, testSize: t, stratify: true, seed });
          expect(sorted([...s.trainIndices, ...s.validationIndices, ...s.testIndices])).toEqual(range(n));
          counts.forEach((count, c) => {
            const of = (idx: readonly number[]) => idx.filter((i) => data.get(i).y === c).length;
            expect(Math.abs(of(s.testIndices) - count * t)).toBeLessThan(1 + 1e-9);
            expect(Math.abs(of(s.validationIndices) - count * v)).toBeLessThan(1 + 1e-9);
            expect(of(s.trainIndices)).toBeGreaterThan(0);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects sizes that leave no training data', () => {
    expect(() => trainValTestSplit(labelled([10]), { validationSize: 0.5, testSize: 0.5 })).toThrow(
      'trainValTestSplit(options): validationSize + testSize must be below 1 to leave training data, got 0.5 + 0.5',
    );
    expect(() => trainValTestSplit(labelled([10]), { validationSize: -0.1 })).toThrow(
      'trainValTestSplit(options.validationSize): expected a number in (0, 1), got -0.1',
    );
  });
});
