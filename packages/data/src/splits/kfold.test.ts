import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, type DataRecord } from '../dataset';
import { groupKFold, kFold, stratifiedKFold, timeSeriesSplit, validationTail } from './kfold';
import type { DataWarning } from './warnings';

type Rec = DataRecord<number[], number>;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sorted = (a: readonly number[]) => [...a].sort((p, q) => p - q);

function data(
  n: number,
  label: (i: number) => number = () => 0,
  group?: (i: number) => string,
): ArrayDataset<Rec> {
  return new ArrayDataset(
    range(n).map((i) => (group ? { x: [i], y: label(i), group: group(i) } : { x: [i], y: label(i) })),
  );
}

describe('kFold', () => {
  it('cuts folds of ⌊n/k⌋ or ⌈n/k⌉ whose test parts partition the indices (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 200 }),
        fc.integer({ min: 2, max: 12 }),
        fc.boolean(),
        fc.integer(),
        (n, k, shuffle, seed) => {
          fc.pre(k <= n);
          const folds = kFold(
            data(n, (i) => i % 3),
            { k, shuffle, seed, onWarning: () => {} },
          );
          expect(folds).toHaveLength(k);
          expect(sorted(folds.flatMap((f) => f.testIndices))).toEqual(range(n));
          folds.forEach((f, i) => {
            expect(f.testIndices.length).toBe(Math.floor(n / k) + (i < n % k ? 1 : 0));
            expect(sorted([...f.trainIndices, ...f.testIndices])).toEqual(range(n));
            expect(f.train.length + f.test.length).toBe(n);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('unshuffled, fold i is the i-th contiguous block', () => {
    const folds = kFold(
      data(10, (i) => i % 2),
      { k: 3, shuffle: false },
    );
    expect(folds.map((f) => f.testIndices)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
  });

  it('repeats with a seed and differs across seeds', () => {
    const d = data(30);
    expect(kFold(d, { seed: 1 }).map((f) => f.testIndices)).toEqual(
      kFold(d, { seed: 1 }).map((f) => f.testIndices),
    );
    expect(kFold(d, { seed: 1 })[0].testIndices).not.toEqual(kFold(d, { seed: 2 })[0].testIndices);
  });

  it('warns over all folds when groups are split across train and test', () => {
    const warnings: DataWarning[] = [];
    const folds = kFold(
      data(
        40,
        () => 0,
        (i) => `g${i % 10}`,
      ),
      { k: 4, seed: 0, onWarning: (w) => warnings.push(w) },
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0].code).toBe('group-leakage');
    expect(warnings[0].message).toMatch(/Use groupKFold/);
    expect(folds.warnings).toEqual(warnings);
  });

  it('rejects bad k', () => {
    expect(() => kFold(data(5), { k: 1 })).toThrow('kFold(options.k): expected an integer >= 2, got 1');
    expect(() => kFold(data(5), { k: 6 })).toThrow(
      'kFold(options.k): expected at most 5 folds for 5 samples, got 6',
    );
    expect(() => kFold(data(5), { k: 2.5 })).toThrow(/got 2.5/);
  });
});

describe('stratifiedKFold', () => {
  it('gives each fold ⌊n_c/k⌋ or ⌈n_c/k⌉ of every class and fold sizes within one (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 5, max: 40 }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer(),
        (counts, k, seed) => {
          const labels = counts.flatMap((c, cls) => Array(c).fill(cls) as number[]);
          const d = data(labels.length, (i) => labels[i]);
          const folds = stratifiedKFold(d, { k, seed });
          expect(sorted(folds.flatMap((f) => f.testIndices))).toEqual(range(labels.length));
          const sizes = folds.map((f) => f.testIndices.length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          for (const f of folds) {
            counts.forEach((count, cls) => {
              const m = f.testIndices.filter((i) => labels[i] === cls).length;
              expect(m === Math.floor(count / k) || m === Math.ceil(count / k)).toBe(true);
            });
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('accepts explicit labels', () => {
    const folds = stratifiedKFold(data(12), {
      k: 3,
      labels: range(12).map((i) => (i < 6 ? 'a' : 'b')),
      seed: 0,
    });
    for (const f of folds) expect(f.testIndices.filter((i) => i < 6)).toHaveLength(2);
  });

  it('refuses a class smaller than k', () => {
    const d = data(12, (i) => (i < 10 ? 0 : 1));
    expect(() => stratifiedKFold(d, { k: 3 })).toThrow(
      'stratifiedKFold(data, options): class 1 has only 2 samples, too few to stratify: 3-fold stratification needs at least 3 per class',
    );
  });
});

describe('groupKFold', () => {
  it('puts every group in exactly one test fold and never on both sides', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 4, maxLength: 30 }),
        fc.integer({ min: 2, max: 4 }),
        (sizes, k) => {
          const group = sizes.flatMap((s, g) => Array(s).fill(`g${g}`) as string[]);
          const d = data(
            group.length,
            () => 0,
            (i) => group[i],
          );
          const folds = groupKFold(d, { k });
          expect(sorted(folds.flatMap((f) => f.testIndices))).toEqual(range(group.length));
          const foldOf = new Map<string, number>();
          folds.forEach((f, fi) => {
            const trainGroups = new Set(f.trainIndices.map((i) => group[i]));
            for (const i of f.testIndices) {
              expect(trainGroups.has(group[i])).toBe(false);
              expect(foldOf.get(group[i]) ?? fi).toBe(fi);
              foldOf.set(group[i], fi);
            }
          });
          expect(foldOf.size).toBe(sizes.length);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('balances folds greedily, largest group first', () => {
    const group = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'd'];
    const folds = groupKFold(data(10), { k: 2, groups: group });
    // a(4) → fold 0, b(3) → fold 1, c(2) → fold 1, d(1) → fold 0 (4+1=5 vs 3+2=5)
    expect(folds.map((f) => f.testIndices)).toEqual([
      [0, 1, 2, 3, 9],
      [4, 5, 6, 7, 8],
    ]);
  });

  it('needs group ids and at least k groups', () => {
    expect(() => groupKFold(data(6), { k: 2 })).toThrow(/record 0 has no group id/);
    expect(() =>
      groupKFold(
        data(
          6,
          () => 0,
          (i) => `g${i % 2}`,
        ),
        { k: 3 },
      ),
    ).toThrow('groupKFold(options.k): expected at most 2 folds for 2 groups, got 3');
  });
});

describe('timeSeriesSplit', () => {
  it('trains only on the past, with consecutive test windows (scikit-learn layout)', () => {
    const folds = timeSeriesSplit(data(12), { nSplits: 3 });
    expect(folds.map((f) => [f.trainIndices, f.testIndices])).toEqual([
      [range(3), [3, 4, 5]],
      [range(6), [6, 7, 8]],
      [range(9), [9, 10, 11]],
    ]);
  });

  it('respects gap, testSize and maxTrainSize, and the past-only rule always holds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 100 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        (n, nSplits, gap, maxTrainSize) => {
          const testSize = Math.max(1, Math.floor((n - gap) / (nSplits + 2)));
          const folds = timeSeriesSplit(data(n), { nSplits, gap, testSize, maxTrainSize });
          expect(folds).toHaveLength(nSplits);
          folds.forEach((f, i) => {
            expect(f.testIndices).toHaveLength(testSize);
            expect(f.testIndices[testSize - 1]).toBe(n - 1 - (nSplits - 1 - i) * testSize);
            expect(Math.max(...f.trainIndices)).toBe(f.testIndices[0] - gap - 1);
            if (maxTrainSize !== undefined) expect(f.trainIndices.length).toBeLessThanOrEqual(maxTrainSize);
            if (i > 0) expect(f.testIndices[0]).toBe(folds[i - 1].testIndices[testSize - 1] + 1);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects windows that do not fit', () => {
    expect(() => timeSeriesSplit(data(5), { nSplits: 5 })).toThrow(
      /options.testSize\): expected an integer >= 1, got 0/,
    );
    expect(() => timeSeriesSplit(data(10), { nSplits: 3, testSize: 3, gap: 2 })).toThrow(
      'timeSeriesSplit(data, options): 10 samples cannot hold 3 test windows of 3 after a gap of 2 and leave training data',
    );
  });
});

describe('validationTail', () => {
  it('takes the unshuffled tail, like tfjs validationSplit, and warns on class-sorted data', () => {
    const warnings: DataWarning[] = [];
    const d = data(30, (i) => Math.floor(i / 10));
    const s = validationTail(d, 0.2, { onWarning: (w) => warnings.push(w) });
    expect(s.validation.rootIndices()).toEqual(range(6).map((i) => 24 + i));
    expect(s.train.length).toBe(24);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/held-out tail has no samples of class 0, 1/);
  });

  it('stays quiet when the data are well mixed', () => {
    const warnings: DataWarning[] = [];
    validationTail(
      data(30, (i) => i % 3),
      0.2,
      { onWarning: (w) => warnings.push(w) },
    );
    expect(warnings).toEqual([]);
  });
});
