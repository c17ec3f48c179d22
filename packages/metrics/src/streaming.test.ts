import { tensor } from '@plasticity/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohenKappa, matthewsCorrcoef } from './classification/agreement';
import { confusionMatrix } from './classification/confusion';
import { accuracy, balancedAccuracy, f1Score, precision, recall } from './classification/scores';
import { rocAuc } from './curves';
import { MetricUndefinedError } from './errors';
import { explainedVarianceScore, meanAbsoluteError, meanSquaredError, r2Score } from './regression';
import {
  StreamingAccuracy,
  StreamingConfusionMatrix,
  StreamingMean,
  StreamingRegression,
  StreamingRocAuc,
} from './streaming';

/** Splits an array at the given cut points (sorted, deduplicated) into batches. */
function batches<T>(xs: T[], cuts: number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (xs.length + 1)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let start = 0;
  for (const p of [...points, xs.length]) {
    if (p > start) out.push(xs.slice(start, p));
    start = Math.max(start, p);
  }
  return out;
}

const labelPairs = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), {
  minLength: 1,
  maxLength: 60,
});
const cuts = fc.array(fc.nat(60), { maxLength: 6 });

describe('streaming metrics equal the one-shot metrics (property)', () => {
  it('StreamingAccuracy and StreamingConfusionMatrix', () => {
    fc.assert(
      fc.property(labelPairs, cuts, (pairs, cut) => {
        const t = pairs.map((p) => p[0]);
        const p = pairs.map((q) => q[1]);
        const acc = new StreamingAccuracy();
        const cm = new StreamingConfusionMatrix({ zeroDivision: 0 });
        for (const b of batches(pairs, cut)) {
          acc.update(
            b.map((x) => x[0]),
            b.map((x) => x[1]),
          );
          cm.update(
            b.map((x) => x[0]),
            b.map((x) => x[1]),
          );
        }
        expect(acc.compute()).toBeCloseTo(accuracy(t, p), 12);
        expect(acc.count).toBe(pairs.length);
        expect(cm.compute()).toEqual(confusionMatrix(t, p));
        expect(cm.accuracy()).toBeCloseTo(accuracy(t, p), 12);
        expect(cm.balancedAccuracy()).toBeCloseTo(balancedAccuracy(t, p), 12);
        for (const average of ['micro', 'macro', 'weighted'] as const) {
          expect(cm.precision({ average })).toBeCloseTo(precision(t, p, { average, zeroDivision: 0 }), 12);
          expect(cm.recall({ average })).toBeCloseTo(recall(t, p, { average, zeroDivision: 0 }), 12);
          expect(cm.f1Score({ average })).toBeCloseTo(f1Score(t, p, { average, zeroDivision: 0 }), 12);
        }
        expect(cm.matthewsCorrcoef()).toBeCloseTo(matthewsCorrcoef(t, p, { zeroDivision: 0 }), 12);
        expect(cm.cohenKappa()).toBeCloseTo(cohenKappa(t, p, { zeroDivision: 0 }), 12);
      }),
    );
  });

  it('StreamingRegression and StreamingMean', () => {
    const values = fc.array(
      fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })),
      {
        minLength: 2,
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(values, cuts, (pairs, cut) => {
        const y = pairs.map((p) => p[0] / 10);
        const p = pairs.map((q) => q[1] / 10);
        fc.pre(new Set(y).size > 1);
        const reg = new StreamingRegression();
        const m = new StreamingMean();
        for (const b of batches(pairs, cut)) {
          reg.update(
            b.map((x) => x[0] / 10),
            b.map((x) => x[1] / 10),
          );
          m.update(b.map((x) => x[0] / 10));
        }
        expect(reg.meanSquaredError()).toBeCloseTo(meanSquaredError(y, p), 8);
        expect(reg.meanAbsoluteError()).toBeCloseTo(meanAbsoluteError(y, p), 8);
        expect(reg.r2Score()).toBeCloseTo(r2Score(y, p), 8);
        expect(reg.explainedVarianceScore()).toBeCloseTo(explainedVarianceScore(y, p), 8);
        expect(reg.compute().rootMeanSquaredError).toBeCloseTo(Math.sqrt(meanSquaredError(y, p)), 8);
        expect(m.compute()).toBeCloseTo(y.reduce((a, b) => a + b, 0) / y.length, 9);
        expect(m.count).toBe(y.length);
      }),
    );
  });

  it('StreamingRocAuc', () => {
    const scored = fc
      .array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 })), { minLength: 2, maxLength: 50 })
      .filter((xs) => xs.some((x) => x[0]) && xs.some((x) => !x[0]));
    fc.assert(
      fc.property(scored, cuts, (pairs, cut) => {
        const s = new StreamingRocAuc();
        for (const b of batches(pairs, cut)) {
          s.update(
            b.map((x) => x[0]),
            b.map((x) => x[1]),
          );
        }
        expect(s.compute()).toBeCloseTo(
          rocAuc(
            pairs.map((x) => x[0]),
            pairs.map((x) => x[1]),
          ),
          12,
        );
      }),
    );
  });
});

describe('streaming in a training loop', () => {
  it('takes tensor batches and a [batch, classes] matrix of scores (argmax)', () => {
    const acc = new StreamingAccuracy();
    acc.update(
      tensor([0, 1]),
      tensor([
        [2.0, -1.0],
        [0.1, 0.3],
      ]),
    );
    acc.update([1], [[0.9, 0.1]]);
    expect(acc.compute()).toBeCloseTo(2 / 3, 12);
    const cm = new StreamingConfusionMatrix({ labels: [0, 1, 2] });
    cm.update(
      tensor([2, 0]),
      tensor([
        [0, 0, 1],
        [0, 1, 0],
      ]),
    );
    expect(cm.compute().matrix).toEqual([
      [0, 1, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
  });

  it('weighted mean with compensated summation', () => {
    const m = new StreamingMean();
    m.update([1, 3], [3, 1]);
    expect(m.compute()).toBe(1.5);
    const big = new StreamingMean();
    for (let i = 0; i < 1000; i++) big.update([1e16, 1, -1e16]);
    expect(big.compute()).toBeCloseTo(1 / 3, 12);
  });

  it('reset starts over, and compute before any update is undefined (not NaN)', () => {
    const acc = new StreamingAccuracy();
    acc.update([1, 0], [1, 1]);
    acc.reset();
    expect(() => acc.compute()).toThrow(MetricUndefinedError);
    expect(() => acc.compute()).toThrow(
      'StreamingAccuracy is undefined: no samples have been added since the last reset',
    );
    expect(new StreamingAccuracy({ zeroDivision: 0 }).compute()).toBe(0);
    acc.update([1], [1]);
    expect(acc.compute()).toBe(1);
    const reg = new StreamingRegression();
    reg.update([1, 2], [1, 2]).reset();
    expect(() => reg.meanSquaredError()).toThrow(
      'meanSquaredError is undefined: no samples have been added since the last reset',
    );
    const cm = new StreamingConfusionMatrix();
    cm.update([0], [1]).reset();
    expect(() => cm.compute()).toThrow('StreamingConfusionMatrix.compute(): expected some updates first');
    const roc = new StreamingRocAuc();
    roc.update([0, 1], [0.2, 0.8]).reset().update([1, 0], [0.2, 0.8]);
    expect(roc.compute()).toBe(0);
  });

  it('checks every batch', () => {
    const cm = new StreamingConfusionMatrix({ labels: [0, 1] });
    expect(() => cm.update([0, 2], [0, 1])).toThrow(
      'StreamingConfusionMatrix.update(yTrue): expected labels among the declared classes [0, 1], got 2 at index 1',
    );
    const loose = new StreamingConfusionMatrix();
    loose.update([0], [1]);
    expect(() => loose.update(['a'], ['b'])).toThrow(
      'StreamingConfusionMatrix.update(yTrue): expected number labels like the earlier batches',
    );
    expect(() => new StreamingAccuracy().update([0, 1], [0])).toThrow(
      'StreamingAccuracy.update(yTrue, yPred): expected the same number of samples, got 2 and 1',
    );
    expect(() => new StreamingRegression().update([1], [Number.NaN])).toThrow(
      'StreamingRegression.update(yPred): expected finite numbers',
    );
  });
});
