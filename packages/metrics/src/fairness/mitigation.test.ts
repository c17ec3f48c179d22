import { Generator } from '@plasticity/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compasSynthetic } from '../compas-synthetic';
import { MetricUndefinedError } from '../errors';
import { demographicParityDifference, equalizedOddsDifference, predictiveParity } from './disparity';
import { metricFrame } from './metric-frame';
import { baseRate } from './rates';
import { reweighing } from './reweighing';
import { optimizeGroupThresholds } from './threshold-optimizer';

describe('reweighing (Kamiran & Calders)', () => {
  it('weights w(g, y) = P(g)P(y)/P(g, y), by hand', () => {
    // a: labels 1 1 1 0; b: 1 0 0 0. P(g) = P(y) = 1/2; P(a,1) = P(b,0) = 3/8, P(a,0) = P(b,1) = 1/8
    const r = reweighing({
      yTrue: [1, 1, 1, 0, 1, 0, 0, 0],
      sensitiveFeatures: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
    });
    expect(r.weights).toEqual([2 / 3, 2 / 3, 2 / 3, 2, 2, 2 / 3, 2 / 3, 2 / 3]);
    expect(r.cells).toEqual([
      { group: 'a', positive: true, count: 3, weight: 2 / 3 },
      { group: 'a', positive: false, count: 1, weight: 2 },
      { group: 'b', positive: true, count: 1, weight: 2 },
      { group: 'b', positive: false, count: 3, weight: 2 / 3 },
    ]);
    expect(r.before).toEqual({ baseRates: { a: 0.75, b: 0.25 }, difference: 0.5 });
    expect(r.after.baseRates.a).toBeCloseTo(0.5, 12);
    expect(r.after.baseRates.b).toBeCloseTo(0.5, 12);
    expect(r.after.difference).toBeCloseTo(0, 12);
    expect(
      reweighing({
        yTrue: [1, 1, 1, 0, 1, 0, 0, 0],
        sensitiveFeatures: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
        method: { privileged: 'a', unprivileged: 'b' },
      }).before.difference,
    ).toBe(-0.5);
  });

  it('makes every weighted base rate the overall one and keeps the total weight n (property)', () => {
    const data = fc
      .array(fc.tuple(fc.boolean(), fc.constantFrom('a', 'b', 'c')), { minLength: 6, maxLength: 80 })
      .filter((rows) =>
        ['a', 'b', 'c'].every(
          (g) => rows.some((r) => r[1] === g && r[0]) && rows.some((r) => r[1] === g && !r[0]),
        ),
      );
    fc.assert(
      fc.property(data, (rows) => {
        const yTrue = rows.map((r) => (r[0] ? 1 : 0));
        const groups = rows.map((r) => r[1]);
        const r = reweighing({ yTrue, sensitiveFeatures: groups });
        const overall = yTrue.filter((v) => v === 1).length / rows.length;
        for (const v of Object.values(r.after.baseRates)) expect(v).toBeCloseTo(overall, 12);
        expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(rows.length, 9);
        // the same through a weighted metric frame
        const f = metricFrame({
          metrics: { baseRate },
          yTrue,
          yPred: yTrue,
          sensitiveFeatures: groups,
          sampleWeight: r.weights,
        });
        expect(f.difference().baseRate).toBeCloseTo(0, 12);
      }),
    );
  });

  it('equalises the COMPAS-like base rates (51.4 % vs 39.2 %)', () => {
    const d = compasSynthetic();
    const r = reweighing({ yTrue: d.twoYearRecid, sensitiveFeatures: { race: d.race } });
    expect(r.before.difference).toBeCloseTo(1900 / 3700 - 980 / 2500, 12);
    expect(r.after.difference).toBeCloseTo(0, 12);
  });

  it('names a group that lacks a label', () => {
    const run = () => reweighing({ yTrue: [1, 0, 0, 0], sensitiveFeatures: ['a', 'a', 'b', 'b'] });
    expect(run).toThrow(MetricUndefinedError);
    expect(run).toThrow("reweighing is undefined for group 'b': it has no positive labels (0 of 2)");
  });
});

describe('optimizeGroupThresholds', () => {
  // a: .9 .7 positive, .3 .1 negative; b: .45 .4 positive, .35 .3 negative — b's scores are shifted down
  const small = {
    yTrue: [1, 1, 0, 0, 1, 1, 0, 0],
    scores: [0.9, 0.7, 0.3, 0.1, 0.45, 0.4, 0.35, 0.3],
    sensitiveFeatures: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
  };

  it('finds per-group thresholds and reports before and after, by hand', () => {
    for (const constraint of ['demographic_parity', 'equalized_odds'] as const) {
      const r = optimizeGroupThresholds({ ...small, constraint });
      // baseline 0.5: a selects 2 of 4 (all right), b none (2 wrong) → accuracy 6/8, selection gap 1/2
      expect(r.before.accuracy).toBe(0.75);
      expect(r.before.demographicParityDifference).toBe(0.5);
      expect(r.before.equalizedOddsDifference).toBe(1); // TPR 1 vs 0
      expect(r.thresholds).toEqual({ a: 0.7, b: 0.4 });
      expect(r.after.accuracy).toBe(1);
      expect(r.after.disparity).toBe(0);
      expect(r.satisfied).toBe(true);
      expect(r.predict(small.scores, small.sensitiveFeatures)).toEqual(small.yTrue);
    }
  });

  function synthetic(seed: number) {
    const g = new Generator(seed);
    const yTrue: number[] = [];
    const scores: number[] = [];
    const group: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = g.uniform() < 0.5;
      const y = g.uniform() < (a ? 0.5 : 0.3) ? 1 : 0;
      group.push(a ? 'a' : 'b');
      yTrue.push(y);
      scores.push(Math.round((0.3 * y + 0.6 * g.uniform() + (a ? 0.1 : 0)) * 1000) / 1000);
    }
    return { yTrue, scores, sensitiveFeatures: group };
  }

  it('reaches demographic parity within tolerance', () => {
    const data = synthetic(11);
    const r = optimizeGroupThresholds({ ...data, constraint: 'demographic_parity', tolerance: 0.01 });
    expect(r.before.demographicParityDifference).toBeGreaterThan(0.1);
    expect(r.satisfied).toBe(true);
    expect(r.after.disparity).toBeLessThanOrEqual(0.01);
    const yPred = r.predict(data.scores, data.sensitiveFeatures);
    expect(demographicParityDifference({ yPred, sensitiveFeatures: data.sensitiveFeatures })).toBeCloseTo(
      r.after.disparity,
      12,
    );
    expect(r.after.accuracy).toBeGreaterThan(0.6);
  });

  it('reaches equalized odds within tolerance', () => {
    const data = synthetic(12);
    const r = optimizeGroupThresholds({ ...data, constraint: 'equalized_odds' });
    expect(r.before.equalizedOddsDifference).toBeGreaterThan(0.1);
    expect(r.satisfied).toBe(true);
    const yPred = r.predict(data.scores, data.sensitiveFeatures);
    expect(
      equalizedOddsDifference({ yTrue: data.yTrue, yPred, sensitiveFeatures: data.sensitiveFeatures }),
    ).toBeCloseTo(r.after.equalizedOddsDifference, 12);
    expect(r.after.equalizedOddsDifference).toBeLessThanOrEqual(0.02);
  });

  it('on the COMPAS-like data: equal error rates cost accuracy and break predictive parity', () => {
    const d = compasSynthetic();
    const r = optimizeGroupThresholds({
      yTrue: d.twoYearRecid,
      scores: d.decileScore,
      sensitiveFeatures: d.race,
      constraint: 'equalized_odds',
      baselineThreshold: 5,
    });
    expect(r.before.byGroup['African-American'].falsePositiveRate).toBeCloseTo(808 / 1800, 12);
    expect(r.satisfied).toBe(true);
    expect(r.after.equalizedOddsDifference).toBeLessThan(r.before.equalizedOddsDifference / 10);
    expect(r.after.accuracy).toBeLessThan(r.before.accuracy);
    const yPred = r.predict(d.decileScore, d.race);
    const pp = predictiveParity({ yTrue: d.twoYearRecid, yPred, sensitiveFeatures: d.race });
    const before = predictiveParity({ yTrue: d.twoYearRecid, yPred: d.highRisk, sensitiveFeatures: d.race });
    expect(pp.difference).toBeGreaterThan(before.difference); // the impossibility result at work
  });

  it('rejects bad options and unseen groups', () => {
    expect(() => optimizeGroupThresholds({ ...small, constraint: 'parity' as never })).toThrow(
      "optimizeGroupThresholds(options.constraint): expected 'demographic_parity' or 'equalized_odds', got 'parity'",
    );
    expect(() => optimizeGroupThresholds({ ...small, constraint: 'equalized_odds', tolerance: 2 })).toThrow(
      'optimizeGroupThresholds(options.tolerance): expected a number in [0, 1], got 2',
    );
    const r = optimizeGroupThresholds({ ...small, constraint: 'demographic_parity' });
    expect(() => r.predict([0.5], ['c'])).toThrow("expected groups seen in fitting ['a', 'b'], got 'c'");
    expect(() =>
      optimizeGroupThresholds({ ...small, yTrue: [1, 1, 0, 0, 0, 0, 0, 0], constraint: 'equalized_odds' }),
    ).toThrow("truePositiveRate is undefined for group 'b'");
  });
});
