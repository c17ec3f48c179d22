import { Generator } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { accuracy, recall } from '../classification/scores';
import { bootstrapCI } from './bootstrap';
import { demographicParityDifference } from './disparity';
import { metricFrame } from './metric-frame';

const mean = ({ x }: { x: number[] }) => x.reduce((a, b) => a + b, 0) / x.length;

describe('bootstrapCI', () => {
  const data = { yTrue: [1, 0, 1, 1, 0, 1, 0, 0], yPred: [1, 0, 0, 1, 0, 1, 1, 0] };

  it('is deterministic for a seed and brackets the estimate', () => {
    const f = ({ yTrue, yPred }: { yTrue: number[]; yPred: number[] }) => accuracy(yTrue, yPred);
    const a = bootstrapCI(f, data, { seed: 7, nResamples: 300 });
    const b = bootstrapCI(f, data, { seed: 7, nResamples: 300 });
    const c = bootstrapCI(f, data, { seed: 8, nResamples: 300 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(a.estimate).toBe(0.75);
    expect(a.lower).toBeLessThanOrEqual(0.75);
    expect(a.upper).toBeGreaterThanOrEqual(0.75);
    expect(a.nResamples).toBe(300);
    expect(a.undefinedResamples).toBe(0);
  });

  it('covers the true mean of a Bernoulli(0.3) about 95 % of the time', () => {
    const g = new Generator(123);
    let covered = 0;
    const trials = 100;
    for (let t = 0; t < trials; t++) {
      const x = Array.from({ length: 200 }, () => (g.uniform() < 0.3 ? 1 : 0));
      const ci = bootstrapCI(mean, { x }, { seed: t, nResamples: 400 });
      if (ci.lower <= 0.3 && 0.3 <= ci.upper) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.85);
    expect(covered / trials).toBeLessThanOrEqual(0.99);
  });

  it('has the textbook standard error of a mean', () => {
    const g = new Generator(5);
    const x = Array.from({ length: 400 }, () => (g.uniform() < 0.5 ? 1 : 0));
    const p = mean({ x });
    const ci = bootstrapCI(mean, { x }, { seed: 1, nResamples: 2000 });
    expect(ci.standardError).toBeCloseTo(Math.sqrt((p * (1 - p)) / x.length), 2);
    // a 95 % percentile interval is about ±1.96 standard errors wide
    expect((ci.upper - ci.lower) / (2 * 1.96 * ci.standardError)).toBeGreaterThan(0.9);
    expect((ci.upper - ci.lower) / (2 * 1.96 * ci.standardError)).toBeLessThan(1.1);
  });

  it('stratifies so every group keeps its size, and works for fairness measures', () => {
    const group = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b'];
    const sizes = new Set<number>();
    const ci = bootstrapCI(
      ({ yPred, group: g }) => {
        sizes.add(g.filter((v) => v === 'b').length);
        return demographicParityDifference({ yPred, sensitiveFeatures: g });
      },
      { yPred: data.yPred, group },
      { seed: 3, nResamples: 200, stratify: 'group' },
    );
    expect([...sizes]).toEqual([2]);
    expect(ci.lower).toBeGreaterThanOrEqual(0);
  });

  it('counts resamples on which a group metric is undefined, with the reason', () => {
    const group = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const yTrue = [1, 0, 1, 0, 1, 0, 0, 0]; // group b has a single positive: often none in a resample
    const yPred = [1, 0, 1, 1, 1, 0, 1, 0];
    const ci = bootstrapCI(
      (s) =>
        metricFrame({
          metrics: { recall },
          yTrue: s.yTrue,
          yPred: s.yPred,
          sensitiveFeatures: s.group,
        }).difference().recall,
      { yTrue, yPred, group },
      { seed: 1, nResamples: 200, stratify: 'group' },
    );
    expect(ci.undefinedResamples).toBeGreaterThan(0);
    expect(ci.nResamples + ci.undefinedResamples).toBe(200);
    expect(ci.firstUndefinedReason).toMatch(
      /^recall is undefined for group '(a|b)': it has no positive labels/,
    );
  });

  it('rejects NaN statistics and bad options', () => {
    expect(() => bootstrapCI(() => Number.NaN, { x: [1, 2] }, { nResamples: 10 })).toThrow(
      'bootstrapCI(statistic): expected a number, got NaN',
    );
    expect(() => bootstrapCI(mean, { x: [1, 2] }, { confidence: 1 })).toThrow(
      'bootstrapCI(options.confidence): expected a number in (0, 1), got 1',
    );
    expect(() => bootstrapCI(mean, { x: [1, 2] }, { nResamples: 1 })).toThrow(
      'bootstrapCI(options.nResamples): expected an integer ≥ 2, got 1',
    );
    expect(() => bootstrapCI(({ x }) => x.length, { x: [1, 2], y: [1] })).toThrow(
      'bootstrapCI(data.y): expected 2 rows like data.x, got 1',
    );
    expect(() => bootstrapCI(mean, { x: [1, 2] }, { stratify: 'z' as never })).toThrow(
      "bootstrapCI(options.stratify): expected a column of data ['x'], got 'z'",
    );
  });
});
