import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricUndefinedError } from '../errors';
import {
  accuracy,
  balancedAccuracy,
  f1Score,
  fbetaScore,
  precision,
  precisionRecallFscoreSupport,
  recall,
} from './scores';

// Binary case used throughout: pairs (1,1) (1,0) (0,1) (0,1) → TP 1, FN 1, FP 2, TN 0.
const T = [1, 1, 0, 0];
const P = [1, 0, 1, 1];

// Multiclass (scikit-learn's example): true [0 1 2 0 1 2], pred [0 2 1 0 0 1].
// class 0: TP 2, FP 1, FN 0 → P 2/3, R 1, F1 0.8; class 1: TP 0, FP 2, FN 2; class 2: TP 0, FP 1, FN 2.
const MT = [0, 1, 2, 0, 1, 2];
const MP = [0, 2, 1, 0, 0, 1];

describe('accuracy and balanced accuracy', () => {
  it('accuracy is the (weighted) share of correct predictions', () => {
    expect(accuracy([0, 1, 1, 0], [0, 1, 0, 0])).toBe(0.75);
    expect(accuracy(['a', 'b'], ['a', 'a'])).toBe(0.5);
    // weights 3 on the one mistake: 1 / (1 + 3)
    expect(accuracy([0, 1], [0, 0], { sampleWeight: [1, 3] })).toBe(0.25);
  });

  it('balanced accuracy averages per-class recall', () => {
    expect(balancedAccuracy([0, 0, 0, 1], [0, 0, 0, 0])).toBe(0.5);
    expect(balancedAccuracy([0, 0, 0, 1], [0, 0, 0, 0], { adjusted: true })).toBe(0);
    // recalls: class 0 → 1, class 1 → 0, class 2 → 0: mean 1/3
    expect(balancedAccuracy(MT, MP)).toBeCloseTo(1 / 3, 12);
    // a class only predicted, never true, has no recall and is left out
    expect(balancedAccuracy([0, 0, 1], [0, 2, 1])).toBeCloseTo((1 / 2 + 1) / 2, 12);
  });
});

describe('precision, recall, F-scores', () => {
  it('binary, by hand', () => {
    expect(precision(T, P)).toBeCloseTo(1 / 3, 12);
    expect(recall(T, P)).toBe(0.5);
    expect(f1Score(T, P)).toBeCloseTo(0.4, 12); // 2·1 / (2·1 + 2 + 1)
    expect(fbetaScore(T, P, { beta: 2 })).toBeCloseTo(5 / 11, 12); // 5·1 / (5·1 + 4·1 + 2)
    expect(fbetaScore(T, P, { beta: 0 })).toBeCloseTo(1 / 3, 12); // β = 0 is precision
  });

  it('honours posLabel (strings, and the other class)', () => {
    expect(recall(['y', 'y', 'n', 'n'], ['y', 'n', 'y', 'y'], { posLabel: 'y' })).toBe(0.5);
    // class 0 as positive: TP 0 (no (0,0) pair), FN 2, FP 1
    expect(recall(T, P, { posLabel: 0 })).toBe(0);
    expect(precision(T, P, { posLabel: 0 })).toBe(0);
  });

  it('multiclass averages, by hand (scikit-learn example)', () => {
    expect(precision(MT, MP, { average: 'macro' })).toBeCloseTo(2 / 9, 12);
    expect(precision(MT, MP, { average: 'micro' })).toBeCloseTo(1 / 3, 12);
    expect(precision(MT, MP, { average: 'weighted' })).toBeCloseTo(2 / 9, 12);
    expect(recall(MT, MP, { average: 'macro' })).toBeCloseTo(1 / 3, 12);
    expect(f1Score(MT, MP, { average: 'macro' })).toBeCloseTo(0.8 / 3, 12);
    expect(f1Score(MT, MP, { average: 'weighted' })).toBeCloseTo(0.8 / 3, 12);
    const per = precisionRecallFscoreSupport(MT, MP);
    expect(per.labels).toEqual([0, 1, 2]);
    expect(per.precision).toEqual([2 / 3, 0, 0]);
    expect(per.recall).toEqual([1, 0, 0]);
    expect(per.fScore[0]).toBeCloseTo(0.8, 12);
    expect(per.support).toEqual([2, 2, 2]);
  });

  it('weighted averages by support', () => {
    // true [0 0 0 1], pred [0 0 1 1]: recall class 0 = 2/3 (support 3), class 1 = 1 (support 1)
    expect(recall([0, 0, 0, 1], [0, 0, 1, 1], { average: 'weighted' })).toBeCloseTo(
      (3 * (2 / 3) + 1) / 4,
      12,
    );
    expect(recall([0, 0, 0, 1], [0, 0, 1, 1], { average: 'macro' })).toBeCloseTo((2 / 3 + 1) / 2, 12);
  });

  it('F1 is the harmonic mean of precision and recall (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 50 }),
        (pairs) => {
          const t = pairs.map((p) => p[0]);
          const p = pairs.map((q) => q[1]);
          const tp = pairs.filter(([a, b]) => a && b).length;
          fc.pre(tp > 0);
          const pr = precision(t, p);
          const rc = recall(t, p);
          expect(f1Score(t, p)).toBeCloseTo((2 * pr * rc) / (pr + rc), 12);
        },
      ),
    );
  });

  it('micro-averaged precision, recall and F1 equal accuracy for single-label multiclass (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), {
          minLength: 1,
          maxLength: 50,
        }),
        (pairs) => {
          const t = pairs.map((p) => p[0]);
          const p = pairs.map((q) => q[1]);
          const acc = accuracy(t, p);
          expect(precision(t, p, { average: 'micro' })).toBeCloseTo(acc, 12);
          expect(recall(t, p, { average: 'micro' })).toBeCloseTo(acc, 12);
          expect(f1Score(t, p, { average: 'micro' })).toBeCloseTo(acc, 12);
        },
      ),
    );
  });

  it('says which metric is undefined and why, instead of NaN', () => {
    expect(() => recall([0, 0, 0], [0, 1, 0])).toThrow(
      new MetricUndefinedError('recall', 'it has no positive labels (0 of 3)'),
    );
    expect(() => recall([0, 0, 0], [0, 1, 0])).toThrow(
      'recall is undefined: it has no positive labels (0 of 3)',
    );
    expect(() => precision([1, 0], [0, 0])).toThrow(
      'precision is undefined: nothing was predicted positive (0 of 2 predictions are 1)',
    );
    expect(() => f1Score([0, 0], [0, 0])).toThrow(
      'f1Score is undefined: there are no positive labels and no positive predictions',
    );
    // F1 is defined (0) when precision alone is undefined: 2·0 / (0 + 0 + 1)
    expect(f1Score([1, 0], [0, 0])).toBe(0);
    expect(() => precision([0, 1, 1], [0, 1, 1], { average: 'macro', labels: [0, 1, 2] })).toThrow(
      'precision is undefined: no sample was predicted as class 2 (0 of 3)',
    );
  });

  it('substitutes 0, 1 or NaN only when asked, and reports it', () => {
    const seen: MetricUndefinedError[] = [];
    const onUndefined = (w: MetricUndefinedError) => seen.push(w);
    expect(recall([0, 0], [0, 1], { zeroDivision: 0, onUndefined })).toBe(0);
    expect(recall([0, 0], [0, 1], { zeroDivision: 1, onUndefined })).toBe(1);
    expect(recall([0, 0], [0, 1], { zeroDivision: 'nan', onUndefined })).toBeNaN();
    expect(seen.map((w) => w.metric)).toEqual(['recall', 'recall', 'recall']);
    // macro with an unseen class: its precision is substituted by 0
    expect(
      precision([0, 1, 1], [0, 1, 1], { average: 'macro', labels: [0, 1, 2], zeroDivision: 0 }),
    ).toBeCloseTo(2 / 3, 12);
    expect(() => recall([0], [0], { zeroDivision: 2 as never })).toThrow(
      "recall(options.zeroDivision): expected 'error', 0, 1 or 'nan', got 2",
    );
  });

  it('rejects bad options and shapes', () => {
    expect(() => precision(MT, MP)).toThrow(
      'expected binary labels, got 3 classes [0, 1, 2]; pass options.average',
    );
    expect(() => precision(MT, MP, { average: 'samples' as never })).toThrow(
      "precision(options.average): expected 'binary', 'micro', 'macro' or 'weighted', got 'samples'",
    );
    expect(() => precision(MT, MP, { average: 'macro', posLabel: 1 })).toThrow(
      "is only used with average 'binary'",
    );
    expect(() => fbetaScore(T, P, { beta: -1 })).toThrow(
      'fbetaScore(options.beta): expected a number ≥ 0, got -1',
    );
    expect(() => recall([0, 1, 3], [0, 1, 1], { labels: [0, 1] })).toThrow(
      'recall(yTrue): expected labels among the declared classes [0, 1], got 3 at index 2',
    );
  });
});
