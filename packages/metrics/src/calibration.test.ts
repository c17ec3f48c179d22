import { describe, expect, it } from 'vitest';
import { calibrationCurve, expectedCalibrationError } from './calibration';

describe('calibrationCurve', () => {
  it('bins equal-width, by hand', () => {
    const c = calibrationCurve([0, 1, 1, 1], [0.1, 0.3, 0.7, 0.9], { nBins: 2 });
    expect(c.bins).toEqual([
      { lower: 0, upper: 0.5, count: 2, meanPredicted: 0.2, fractionPositive: 0.5 },
      { lower: 0.5, upper: 1, count: 2, meanPredicted: 0.8, fractionPositive: 1 },
    ]);
    expect(c.probTrue).toEqual([0.5, 1]);
    expect(c.probPred).toEqual([0.2, 0.8]);
  });

  it('puts an edge value in the lower bin and 0 in the first, and leaves empty bins out', () => {
    const c = calibrationCurve([0, 1, 1], [0, 0.5, 1], { nBins: 4 });
    // 0 → [0, .25]; 0.5 → (.25, .5]; 1 → (.75, 1]; (.5, .75] is empty
    expect(c.bins.map((b) => [b.lower, b.upper, b.count])).toEqual([
      [0, 0.25, 1],
      [0.25, 0.5, 1],
      [0.75, 1, 1],
    ]);
  });

  it('quantile bins hold equal numbers of samples', () => {
    const p = [0.05, 0.1, 0.15, 0.2, 0.8, 0.85, 0.9, 0.95];
    const c = calibrationCurve([0, 0, 1, 0, 1, 1, 0, 1], p, { nBins: 2, strategy: 'quantile' });
    expect(c.bins.map((b) => b.count)).toEqual([4, 4]);
    expect(c.probTrue).toEqual([0.25, 0.75]);
  });

  it('rejects bad bins, strategies and probabilities', () => {
    expect(() => calibrationCurve([0, 1], [0.1, 0.2], { nBins: 0 })).toThrow(
      'calibrationCurve(options.nBins): expected an integer ≥ 1, got 0',
    );
    expect(() => calibrationCurve([0, 1], [0.1, 0.2], { strategy: 'kmeans' as never })).toThrow(
      "calibrationCurve(options.strategy): expected 'uniform' or 'quantile', got 'kmeans'",
    );
    expect(() => calibrationCurve([0, 1], [0.1, 1.2])).toThrow(
      'calibrationCurve(yProb): expected probabilities in [0, 1], got 1.2 at index 1',
    );
  });
});

describe('expectedCalibrationError', () => {
  it('weights each bin by its count, by hand', () => {
    // bins: (mean .2, 1/2 positive) and (mean .8, all positive): (2·0.3 + 2·0.2) / 4
    expect(expectedCalibrationError([0, 1, 1, 1], [0.1, 0.3, 0.7, 0.9], { nBins: 2 })).toBeCloseTo(0.25, 12);
  });

  it('is 0 for predictions matching the frequency in every bin', () => {
    // bin around 0.25: 1 of 4 positive; bin around 0.75: 3 of 4 positive
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const p = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    expect(expectedCalibrationError(y, p)).toBeCloseTo(0, 12);
  });

  it('top-label ECE for class probabilities (Guo et al.), by hand', () => {
    // sample 1: confidence 0.8, correct; sample 2: confidence 0.6, predicted 0 but is 1
    const ece = expectedCalibrationError(
      [0, 1],
      [
        [0.8, 0.2],
        [0.6, 0.4],
      ],
    );
    expect(ece).toBeCloseTo(0.5 * 0.2 + 0.5 * 0.6, 12);
  });
});
