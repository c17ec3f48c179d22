import { Generator } from '@plasticity/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averageOddsDifference,
  demographicParityDifference,
  demographicParityRatio,
  disparateImpact,
  equalizedOddsDifference,
  equalizedOddsRatio,
  equalOpportunityDifference,
  groupRates,
  predictiveParity,
} from './disparity';

// group a: true [1 1 0 0 1], pred [1 0 1 0 1] → TP 2, FN 1, FP 1, TN 1: TPR 2/3, FPR 1/2, PPV 2/3, selection 3/5
// group b: true [1 0 0 0 1], pred [1 0 0 0 0] → TP 1, FN 1, FP 0, TN 3: TPR 1/2, FPR 0,   PPV 1,   selection 1/5
const yTrue = [1, 1, 0, 0, 1, 1, 0, 0, 0, 1];
const yPred = [1, 0, 1, 0, 1, 1, 0, 0, 0, 0];
const group = ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b'];
const base = { yTrue, yPred, sensitiveFeatures: group };
const signed = { privileged: 'a', unprivileged: 'b' } as const;

describe('group fairness measures, by hand', () => {
  it('demographic parity', () => {
    expect(demographicParityDifference(base)).toBeCloseTo(0.4, 12);
    expect(demographicParityRatio(base)).toBeCloseTo(1 / 3, 12);
    expect(demographicParityDifference({ ...base, method: signed })).toBeCloseTo(-0.4, 12);
    expect(demographicParityDifference({ yPred, sensitiveFeatures: group })).toBeCloseTo(0.4, 12);
  });

  it('equalized odds, equal opportunity and average odds', () => {
    // TPR gap 1/6, FPR gap 1/2
    expect(equalizedOddsDifference(base)).toBeCloseTo(0.5, 12);
    expect(equalizedOddsRatio(base)).toBe(0); // FPR ratio 0 / (1/2)
    expect(equalOpportunityDifference(base)).toBeCloseTo(1 / 6, 12);
    expect(equalOpportunityDifference({ ...base, method: signed })).toBeCloseTo(-1 / 6, 12);
    expect(equalizedOddsDifference({ ...base, method: signed })).toBeCloseTo(-0.5, 12);
    expect(averageOddsDifference({ ...base, method: signed })).toBeCloseTo((-1 / 6 - 0.5) / 2, 12);
  });

  it('disparate impact with the four-fifths rule', () => {
    const di = disparateImpact({ ...base, method: signed });
    expect(di.ratio).toBeCloseTo(1 / 3, 12);
    expect(di.passesFourFifthsRule).toBe(false);
    expect(di.selectionRates).toEqual({ a: 0.6, b: 0.2 });
    // a 4/5 vs b 5/5: ratio exactly 0.8 passes; a 3/5 vs b 4/5: 0.75 fails
    const at = (a: number[], b: number[], method?: typeof signed) =>
      disparateImpact({ yPred: [...a, ...b], sensitiveFeatures: group, method });
    expect(at([1, 1, 1, 1, 0], [1, 1, 1, 1, 1]).ratio).toBeCloseTo(0.8, 12);
    expect(at([1, 1, 1, 1, 0], [1, 1, 1, 1, 1]).passesFourFifthsRule).toBe(true);
    expect(at([1, 1, 1, 0, 0], [1, 1, 1, 1, 0]).passesFourFifthsRule).toBe(false);
    // signed: the unprivileged group favoured 5/3 times over also fails (its inverse 0.6 < 0.8)
    const favoured = at([1, 1, 1, 0, 0], [1, 1, 1, 1, 1], signed);
    expect(favoured.ratio).toBeCloseTo(5 / 3, 12);
    expect(favoured.passesFourFifthsRule).toBe(false);
  });

  it('predictive parity', () => {
    const pp = predictiveParity(base);
    expect(pp.byGroup).toEqual({ a: 2 / 3, b: 1 });
    expect(pp.difference).toBeCloseTo(1 / 3, 12);
    expect(pp.ratio).toBeCloseTo(2 / 3, 12);
  });

  it('groupRates gives the whole table', () => {
    const t = groupRates({ ...base, minGroupSize: 0 });
    const a = t.group('a').values;
    expect([a.size, a.baseRate, a.selectionRate, a.accuracy]).toEqual([5, 0.6, 0.6, 0.6]);
    expect([a.truePositiveRate, a.falsePositiveRate, a.trueNegativeRate, a.falseNegativeRate]).toEqual([
      2 / 3,
      0.5,
      0.5,
      1 / 3,
    ]);
    expect([a.positivePredictiveValue, a.negativePredictiveValue]).toEqual([2 / 3, 0.5]);
    const b = t.group('b').values;
    expect([
      b.truePositiveRate,
      b.falsePositiveRate,
      b.positivePredictiveValue,
      b.negativePredictiveValue,
    ]).toEqual([0.5, 0, 1, 0.75]);
  });

  it('needs true labels for error-rate measures and names the group without positives', () => {
    expect(() => equalizedOddsDifference({ yPred, sensitiveFeatures: group } as never)).toThrow(
      'equalizedOddsDifference(options.yTrue): expected the true labels: this measure compares error rates',
    );
    expect(() =>
      equalOpportunityDifference({
        yTrue: [1, 0, 0, 0],
        yPred: [1, 0, 1, 0],
        sensitiveFeatures: ['a', 'a', 'b', 'b'],
      }),
    ).toThrow("truePositiveRate is undefined for group 'b': it has no positive labels (0 of 2)");
  });
});

describe('a classifier that ignores the sensitive feature, on exchangeable groups', () => {
  it('has every difference near 0 (property over seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const g = new Generator(seed);
        const n = 20000;
        const yT: number[] = [];
        const yP: number[] = [];
        const grp: string[] = [];
        for (let i = 0; i < n; i++) {
          const y = g.uniform() < 0.4 ? 1 : 0;
          yT.push(y);
          yP.push(0.35 * y + 0.65 * g.uniform() >= 0.5 ? 1 : 0); // noisy, group-blind score
          grp.push(g.uniform() < 0.5 ? 'a' : 'b'); // drawn independently: groups are exchangeable
        }
        const o = { yTrue: yT, yPred: yP, sensitiveFeatures: grp };
        expect(demographicParityDifference(o)).toBeLessThan(0.03);
        expect(equalizedOddsDifference(o)).toBeLessThan(0.04);
        expect(equalOpportunityDifference(o)).toBeLessThan(0.04);
        expect(predictiveParity(o).difference).toBeLessThan(0.05);
        expect(disparateImpact(o).passesFourFifthsRule).toBe(true);
      }),
      { numRuns: 5 },
    );
  });
});
