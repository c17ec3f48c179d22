import { describe, expect, it } from 'vitest';
import { compasSynthetic } from '../compas-synthetic';
import { groupRates } from './disparity';
import { thresholdSweep } from './sweep';

// a: scores .2 .9 .6, true 0 1 1; b: scores .4 .7 .1, true 0 1 0
const base = {
  yTrue: [0, 1, 1, 0, 1, 0],
  scores: [0.2, 0.9, 0.6, 0.4, 0.7, 0.1],
  sensitiveFeatures: ['a', 'a', 'a', 'b', 'b', 'b'],
};

describe('thresholdSweep', () => {
  it('reports accuracy and every fairness measure per threshold, by hand', () => {
    const sweep = thresholdSweep({ ...base, thresholds: [0.95, 0.5, 0.3] });
    expect(sweep.groups).toEqual(['a', 'b']);
    expect(sweep.sizes).toEqual({ a: 3, b: 3 });
    expect(sweep.points.map((p) => p.threshold)).toEqual([0.3, 0.5, 0.95]);
    const at5 = sweep.points[1];
    // 0.5: a selects .9 .6 (both positive), b selects .7 (positive): all correct
    expect(at5.accuracy).toBe(1);
    expect(at5.selectionRate).toBe(0.5);
    expect(at5.byGroup.a).toEqual({
      selectionRate: 2 / 3,
      accuracy: 1,
      truePositiveRate: 1,
      falsePositiveRate: 0,
      falseNegativeRate: 0,
      positivePredictiveValue: 1,
    });
    expect(at5.demographicParityDifference).toBeCloseTo(1 / 3, 12);
    expect(at5.demographicParityRatio).toBeCloseTo(0.5, 12);
    expect(at5.equalizedOddsDifference).toBe(0);
    expect(at5.predictiveParityDifference).toBe(0);
    // 0.3: b also selects .4 (negative): b's FPR 1/2, PPV 1/2
    const at3 = sweep.points[0];
    expect(at3.byGroup.b.falsePositiveRate).toBe(0.5);
    expect(at3.equalizedOddsDifference).toBe(0.5);
    expect(at3.predictiveParityDifference).toBe(0.5);
    // 0.95: nobody selected — PPV and the selection ratio have no value, reported as null (never NaN)
    const at95 = sweep.points[2];
    expect(at95.byGroup.a.positivePredictiveValue).toBeNull();
    expect(at95.predictiveParityDifference).toBeNull();
    expect(at95.demographicParityRatio).toBeNull();
    expect(at95.demographicParityDifference).toBe(0);
  });

  it('uses the signed convention when asked', () => {
    const p = thresholdSweep({ ...base, thresholds: [0.5], method: { privileged: 'a', unprivileged: 'b' } })
      .points[0];
    expect(p.demographicParityDifference).toBeCloseTo(-1 / 3, 12);
    expect(p.demographicParityRatio).toBeCloseTo(0.5, 12);
  });

  it('defaults to the distinct scores, thinned evenly to maxThresholds', () => {
    expect(thresholdSweep(base).points.map((p) => p.threshold)).toEqual([0.1, 0.2, 0.4, 0.6, 0.7, 0.9]);
    const d = compasSynthetic();
    const thin = thresholdSweep({
      yTrue: d.twoYearRecid,
      scores: d.decileScore,
      sensitiveFeatures: d.race,
      maxThresholds: 4,
    });
    expect(thin.points.map((p) => p.threshold)).toEqual([1, 4, 7, 10]);
  });

  it('agrees with groupRates at every threshold (COMPAS-like data)', () => {
    const d = compasSynthetic();
    const sweep = thresholdSweep({
      yTrue: d.twoYearRecid,
      scores: d.decileScore,
      sensitiveFeatures: { race: d.race },
    });
    for (const point of sweep.points) {
      const yPred = d.decileScore.map((s) => (s >= point.threshold ? 1 : 0));
      // at threshold 1 nobody is predicted negative: NPV has no value, so let it be NaN (and reported)
      const t = groupRates({
        yTrue: d.twoYearRecid,
        yPred,
        sensitiveFeatures: { race: d.race },
        zeroDivision: 'nan',
      });
      expect(t.warnings.every((w) => w.metric === 'negativePredictiveValue')).toBe(true);
      expect(point.accuracy).toBeCloseTo(t.overall.accuracy, 12);
      for (const g of t.byGroup) {
        expect(point.byGroup[g.key].falsePositiveRate).toBeCloseTo(g.values.falsePositiveRate, 12);
        expect(point.byGroup[g.key].selectionRate).toBeCloseTo(g.values.selectionRate, 12);
      }
    }
  });

  it('names a group without positives instead of producing NaN', () => {
    expect(() => thresholdSweep({ ...base, yTrue: [0, 1, 1, 0, 0, 0] })).toThrow(
      "truePositiveRate is undefined for group 'b': it has no positive labels (0 of 3)",
    );
    expect(() => thresholdSweep({ ...base, maxThresholds: 1 })).toThrow(
      'thresholdSweep(options.maxThresholds): expected an integer ≥ 2, got 1',
    );
  });
});
