import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc, averagePrecision, precisionRecallCurve, rocAuc, rocCurve } from './curves';

const T = [0, 0, 1, 1];
const S = [0.1, 0.4, 0.35, 0.8];

/** Mann–Whitney by brute force: share of (positive, negative) pairs ranked right, ties one half. */
function pairwiseAuc(t: boolean[], s: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < t.length; i++) {
    for (let j = 0; j < t.length; j++) {
      if (!t[i] || t[j]) continue;
      den++;
      num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return num / den;
}

/** AP as the mean over positives of the precision at their own score (ties share a threshold). */
function apByPositives(t: boolean[], s: number[]): number {
  const pos = t.filter(Boolean).length;
  let sum = 0;
  for (let i = 0; i < t.length; i++) {
    if (!t[i]) continue;
    const above = s.map((_, j) => j).filter((j) => s[j] >= s[i]);
    sum += above.filter((j) => t[j]).length / above.length;
  }
  return sum / pos;
}

const labelled = fc
  .array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 6 })), { minLength: 2, maxLength: 40 })
  .filter((pairs) => pairs.some((p) => p[0]) && pairs.some((p) => !p[0]));

describe('rocCurve and rocAuc', () => {
  it('the scikit-learn example, by hand', () => {
    // by score: 0.8 (+), 0.4 (−), 0.35 (+), 0.1 (−)
    expect(rocCurve(T, S)).toEqual({
      fpr: [0, 0, 0.5, 0.5, 1],
      tpr: [0, 0.5, 0.5, 1, 1],
      thresholds: [Number.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1],
    });
    expect(rocAuc(T, S)).toBeCloseTo(0.75, 12);
    expect(auc([0, 0, 0.5, 0.5, 1], [0, 0.5, 0.5, 1, 1])).toBeCloseTo(0.75, 12);
  });

  it('drops collinear points when asked, as scikit-learn (before the origin is prepended)', () => {
    // scores 4,3,2,1 with labels +,+,−,−: (fp, tp) = (0,1) (0,2) (1,2) (2,2); (1,2) lies between (0,2) and (2,2)
    const c = rocCurve([1, 1, 0, 0], [4, 3, 2, 1], { dropIntermediate: true });
    expect(c.fpr).toEqual([0, 0, 0, 1]);
    expect(c.tpr).toEqual([0, 0.5, 1, 1]);
    expect(c.thresholds).toEqual([Number.POSITIVE_INFINITY, 4, 3, 1]);
    expect(rocCurve([1, 1, 0, 0], [4, 3, 2, 1]).fpr).toEqual([0, 0, 0, 0.5, 1]);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 for a constant score', () => {
    expect(rocAuc([0, 0, 1, 1], [1, 2, 3, 4])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [4, 3, 2, 1])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [7, 7, 7, 7])).toBe(0.5);
  });

  it('counts ties one half: equals the Mann–Whitney statistic (property)', () => {
    fc.assert(
      fc.property(labelled, (pairs) => {
        const t = pairs.map((p) => p[0]);
        const s = pairs.map((p) => p[1]);
        expect(rocAuc(t, s)).toBeCloseTo(pairwiseAuc(t, s), 12);
        const c = rocCurve(t, s);
        expect(auc(c.fpr, c.tpr)).toBeCloseTo(pairwiseAuc(t, s), 12);
      }),
    );
  });

  it('integer weights equal repeated samples (property)', () => {
    fc.assert(
      fc.property(
        labelled,
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 40, maxLength: 40 }),
        (pairs, w) => {
          const t = pairs.map((p) => p[0]);
          const s = pairs.map((p) => p[1]);
          const weights = w.slice(0, t.length);
          const rt = t.flatMap((v, i) => new Array(weights[i]).fill(v));
          const rs = s.flatMap((v, i) => new Array(weights[i]).fill(v));
          expect(rocAuc(t, s, { sampleWeight: weights })).toBeCloseTo(rocAuc(rt, rs), 12);
          expect(averagePrecision(t, s, { sampleWeight: weights })).toBeCloseTo(averagePrecision(rt, rs), 12);
        },
      ),
    );
  });

  it('one-vs-rest AUC for multiclass scores, by hand', () => {
    const t = [0, 1, 2, 2];
    const s = [
      [0.6, 0.3, 0.1], // class 0
      [0.2, 0.5, 0.3], // class 1
      [0.2, 0.2, 0.6], // class 2
      [0.5, 0.1, 0.4], // class 2
    ];
    // class 0 vs rest: 0.6 beats 0.2, 0.2, 0.5 → 1; class 1: 0.5 beats all → 1;
    // class 2 (0.6, 0.4) vs (0.1, 0.3): all 4 pairs right → 1
    expect(rocAuc(t, s)).toBe(1);
    const s2 = s.map((r) => r.slice());
    s2[3] = [0.5, 0.4, 0.1]; // class 2's second sample now scores 0.1 on class 2: pairs vs 0.1 (tie), 0.3 (lose)
    // class 2 AUC = (2 + 0.5 + 0) / 4 = 0.625; class 1 (0.5 vs 0.3, 0.2, 0.4) → 1; class 0 (0.6 vs 0.2, 0.2, 0.5) → 1
    expect(rocAuc(t, s2)).toBeCloseTo((1 + 1 + 0.625) / 3, 12);
    // weighted by prevalence 1, 1, 2
    expect(rocAuc(t, s2, { average: 'weighted' })).toBeCloseTo((1 + 1 + 2 * 0.625) / 4, 12);
  });

  it('is undefined without positives or negatives', () => {
    expect(() => rocAuc([0, 0], [0.1, 0.2])).toThrow(
      'rocAuc is undefined: yTrue has no positive labels (0 of 2 are 1); it compares positives with negatives',
    );
    expect(() => rocCurve([1, 1], [0.1, 0.2])).toThrow(
      'rocCurve is undefined: yTrue has no negative labels (all 2 are 1)',
    );
    expect(() => rocAuc([0, 1], [0.1, Number.NaN])).toThrow(
      'rocAuc(yScore): expected finite numbers, got NaN at index 1',
    );
  });

  it('auc needs monotonic x', () => {
    expect(auc([1, 0.5, 0], [1, 1, 1])).toBe(1);
    expect(() => auc([0, 1, 0.5], [0, 1, 1])).toThrow(
      'auc(x): expected monotonic x, got a change of direction at index 2',
    );
  });
});

describe('precisionRecallCurve and averagePrecision', () => {
  it('the scikit-learn example, by hand', () => {
    const c = precisionRecallCurve(T, S);
    expect(c.precision).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(c.recall).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(c.thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
    // Σ (R_n − R_{n−1}) P_n = 0.5·1 + 0·0.5 + 0.5·(2/3) + 0·0.5
    expect(averagePrecision(T, S)).toBeCloseTo(0.5 + 1 / 3, 12);
  });

  it('is step-wise (no interpolation): the mean precision at each positive (property)', () => {
    fc.assert(
      fc.property(labelled, (pairs) => {
        const t = pairs.map((p) => p[0]);
        const s = pairs.map((p) => p[1]);
        expect(averagePrecision(t, s)).toBeCloseTo(apByPositives(t, s), 12);
      }),
    );
  });

  it('is 1 for a perfect ranking and undefined without positives', () => {
    expect(averagePrecision([0, 1, 1], [0.1, 0.8, 0.9])).toBe(1);
    expect(() => averagePrecision([0, 0], [0.1, 0.2])).toThrow(
      'averagePrecision is undefined: yTrue has no positive labels (0 of 2 are 1)',
    );
    expect(averagePrecision([0, 0], [0.1, 0.2], { zeroDivision: 0 })).toBe(0);
  });
});
