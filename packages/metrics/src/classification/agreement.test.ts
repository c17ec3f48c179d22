import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohenKappa, matthewsCorrcoef } from './agreement';

describe('matthewsCorrcoef', () => {
  it('binary, by hand', () => {
    // TP 1, FN 1, TN 2, FP 0: (1·2 − 0·1) / √(1·2·2·3)
    expect(matthewsCorrcoef([1, 1, 0, 0], [1, 0, 0, 0])).toBeCloseTo(2 / Math.sqrt(12), 12);
    expect(matthewsCorrcoef([1, 0, 1, 0], [1, 0, 1, 0])).toBe(1);
    expect(matthewsCorrcoef([1, 0, 1, 0], [0, 1, 0, 1])).toBe(-1);
  });

  it('multiclass (Gorodkin), by hand', () => {
    // C = [[2,0,0],[0,1,1],[0,0,2]]: c = 5, s = 6, t = (2,2,2), p = (2,1,3)
    // (5·6 − 12) / √((36 − 14)(36 − 12)) = 18 / √528
    expect(matthewsCorrcoef([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2])).toBeCloseTo(18 / Math.sqrt(528), 12);
  });

  it('matches the binary formula on random binary data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 2, maxLength: 40 }),
        (pairs) => {
          const c = (a: boolean, b: boolean) => pairs.filter(([x, y]) => x === a && y === b).length;
          const [tp, fn, fp, tn] = [c(true, true), c(true, false), c(false, true), c(false, false)];
          const den = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
          fc.pre(den > 0);
          const mcc = matthewsCorrcoef(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
          );
          expect(mcc).toBeCloseTo((tp * tn - fp * fn) / den, 12);
        },
      ),
    );
  });

  it('is undefined when one side has a single class', () => {
    expect(() => matthewsCorrcoef([1, 0, 1], [1, 1, 1])).toThrow(
      'matthewsCorrcoef is undefined: every label in yPred is the same class (1), so it has no variance to correlate',
    );
    expect(matthewsCorrcoef([1, 0, 1], [1, 1, 1], { zeroDivision: 0 })).toBe(0);
  });
});

describe('cohenKappa', () => {
  it('unweighted, by hand', () => {
    // p_o = 3/4; p_e = (2·3 + 2·1)/16 = 1/2 → 0.5
    expect(cohenKappa([0, 0, 1, 1], [0, 0, 0, 1])).toBeCloseTo(0.5, 12);
    // C = [[1,0,0],[0,0,1],[0,1,1]], rows (1,1,2), cols (1,1,2): p_o = 1/2, p_e = 6/16 → 0.125/0.625
    expect(cohenKappa([0, 1, 2, 2], [0, 2, 2, 1])).toBeCloseTo(0.2, 12);
  });

  it('linear and quadratic weights, by hand', () => {
    // observed disagreement Σ w O / n = 2/4 for both; expected Σ w r c / n² = 14/16 (linear), 22/16 (quadratic)
    expect(cohenKappa([0, 1, 2, 2], [0, 2, 2, 1], { weights: 'linear' })).toBeCloseTo(
      1 - 0.5 / (14 / 16),
      12,
    );
    expect(cohenKappa([0, 1, 2, 2], [0, 2, 2, 1], { weights: 'quadratic' })).toBeCloseTo(7 / 11, 12);
  });

  it('is 1 for perfect agreement and undefined when chance agreement is already perfect', () => {
    expect(cohenKappa(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(1);
    expect(() => cohenKappa([1, 1], [1, 1])).toThrow(
      'cohenKappa is undefined: chance agreement is already perfect',
    );
    expect(() => cohenKappa([0, 1], [0, 1], { weights: 'cubic' as never })).toThrow(
      "cohenKappa(options.weights): expected 'linear' or 'quadratic', got 'cubic'",
    );
  });
});
