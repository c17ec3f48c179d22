import { tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import {
  explainedVarianceScore,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression';

// scikit-learn's example: residuals y − ŷ = (0.5, −0.5, 0, −1)
const Y = [3, -0.5, 2, 7];
const P = [2.5, 0, 2, 8];

describe('regression metrics', () => {
  it('by hand', () => {
    expect(meanSquaredError(Y, P)).toBeCloseTo(0.375, 12); // (0.25 + 0.25 + 0 + 1) / 4
    expect(rootMeanSquaredError(Y, P)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(meanAbsoluteError(Y, P)).toBeCloseTo(0.5, 12);
    // ȳ = 2.875, Σ(y − ȳ)² = 29.1875
    expect(r2Score(Y, P)).toBeCloseTo(1 - 1.5 / 29.1875, 12);
    // Var(residual) = 1.25 / 4 (mean −0.25), Var(y) = 29.1875 / 4
    expect(explainedVarianceScore(Y, P)).toBeCloseTo(1 - 1.25 / 29.1875, 12);
    // 0.5/3 + 0.5/0.5 + 0 + 1/7, over 4
    expect(meanAbsolutePercentageError(Y, P)).toBeCloseTo((0.5 / 3 + 1 + 1 / 7) / 4, 12);
  });

  it('explained variance ignores a constant bias, R² does not', () => {
    const y = [1, 2, 3, 4];
    const shifted = y.map((v) => v + 1);
    expect(explainedVarianceScore(y, shifted)).toBe(1);
    expect(r2Score(y, shifted)).toBeCloseTo(1 - 4 / 5, 12); // Σ(y − ȳ)² = 5
  });

  it('weights and tensors', () => {
    expect(meanAbsoluteError([0, 0], [1, 3], { sampleWeight: [3, 1] })).toBeCloseTo(1.5, 12);
    expect(meanSquaredError(tensor(Y), tensor(P))).toBeCloseTo(0.375, 6);
  });

  it('is undefined, not NaN, for a constant target or a zero target in MAPE', () => {
    expect(() => r2Score([2, 2], [1, 3])).toThrow(
      'r2Score is undefined: yTrue is constant (every value is 2)',
    );
    expect(r2Score([2, 2], [1, 3], { zeroDivision: 0 })).toBe(0);
    expect(() => explainedVarianceScore([2, 2], [1, 3])).toThrow('explainedVarianceScore is undefined');
    expect(() => meanAbsolutePercentageError([1, 0], [1, 1])).toThrow(
      'meanAbsolutePercentageError is undefined: yTrue[1] is 0, so its percentage error divides by zero',
    );
  });

  it('rejects bad input', () => {
    expect(() => meanSquaredError([1, 2], [1])).toThrow(
      'meanSquaredError(yTrue, yPred): expected the same number of samples, got 2 and 1',
    );
    expect(() => meanSquaredError([1, Number.POSITIVE_INFINITY], [1, 2])).toThrow(
      'meanSquaredError(yTrue): expected finite numbers, got Infinity at index 1',
    );
  });
});
