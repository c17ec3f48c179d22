import { tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { accuracy, recall } from '../classification/scores';
import { rocAuc } from '../curves';
import { MetricUndefinedError } from '../errors';
import { metricFrame } from './metric-frame';
import { selectionRate } from './rates';

// F: true [1 0 1], pred [1 0 0] → accuracy 2/3, selection 1/3, recall 1/2
// M: true [0 1 1], pred [0 1 1] → accuracy 1,   selection 2/3, recall 1
// overall: accuracy 5/6, selection 1/2, recall 3/4
const yTrue = [1, 0, 1, 0, 1, 1];
const yPred = [1, 0, 0, 0, 1, 1];
const sex = ['F', 'F', 'F', 'M', 'M', 'M'];

describe('metricFrame', () => {
  const frame = metricFrame({
    metrics: { accuracy, selectionRate, recall },
    yTrue,
    yPred,
    sensitiveFeatures: { sex },
  });

  it('evaluates every metric overall and per group, by hand', () => {
    expect(frame.features).toEqual(['sex']);
    expect(frame.metrics).toEqual(['accuracy', 'selectionRate', 'recall']);
    expect(frame.overall.accuracy).toBeCloseTo(5 / 6, 12);
    expect(frame.overall.selectionRate).toBe(0.5);
    expect(frame.overall.recall).toBe(0.75);
    expect(
      frame.byGroup.map((g) => [g.key, g.size, g.values.accuracy, g.values.selectionRate, g.values.recall]),
    ).toEqual([
      ['F', 3, 2 / 3, 1 / 3, 0.5],
      ['M', 3, 1, 2 / 3, 1],
    ]);
    expect(frame.group('M').values.recall).toBe(1);
    expect(frame.group({ sex: 'F' }).values.recall).toBe(0.5);
    expect(frame.groupMin).toEqual({ accuracy: 2 / 3, selectionRate: 1 / 3, recall: 0.5 });
    expect(frame.groupMax).toEqual({ accuracy: 1, selectionRate: 2 / 3, recall: 1 });
  });

  it('reduces to differences and ratios under both conventions', () => {
    const between = frame.difference();
    expect(between.accuracy).toBeCloseTo(1 / 3, 12);
    expect(between.selectionRate).toBeCloseTo(1 / 3, 12);
    const toOverall = frame.difference('to_overall');
    expect(toOverall.accuracy).toBeCloseTo(1 / 6, 12); // |2/3 − 5/6| = |1 − 5/6|
    expect(toOverall.recall).toBeCloseTo(0.25, 12);
    expect(frame.ratio().selectionRate).toBeCloseTo(0.5, 12);
    expect(frame.ratio('to_overall').selectionRate).toBeCloseTo(2 / 3, 12); // min(⅓/½, ½/⅔)
    // AIF360's signed convention: unprivileged − privileged
    const signed = frame.difference({ privileged: 'M', unprivileged: 'F' });
    expect(signed.selectionRate).toBeCloseTo(-1 / 3, 12);
    expect(frame.difference({ privileged: 'F', unprivileged: 'M' }).selectionRate).toBeCloseTo(1 / 3, 12);
    expect(frame.ratio({ privileged: 'M', unprivileged: 'F' }).selectionRate).toBeCloseTo(0.5, 12);
  });

  it('flags small groups with their size (default minGroupSize 30)', () => {
    expect(frame.byGroup.every((g) => g.small)).toBe(true);
    expect(frame.flagged.map((f) => [f.key, f.size])).toEqual([
      ['F', 3],
      ['M', 3],
    ]);
    expect(frame.flagged[0].reason).toBe(
      'small: 3 samples, fewer than minGroupSize 30; its values are noisy',
    );
    const unflagged = metricFrame({
      metrics: { accuracy },
      yTrue,
      yPred,
      sensitiveFeatures: sex,
      minGroupSize: 3,
    });
    expect(unflagged.flagged).toEqual([]);
    expect(unflagged.features).toEqual(['group']);
  });

  it('builds intersectional groups and flags the empty ones', () => {
    const f = metricFrame({
      metrics: { accuracy },
      yTrue: [1, 0, 1, 1, 0],
      yPred: [1, 1, 1, 0, 0],
      sensitiveFeatures: { race: ['a', 'a', 'b', 'b', 'b'], sex: ['F', 'M', 'F', 'F', 'F'] },
      minGroupSize: 2,
    });
    expect(f.byGroup.map((g) => [g.key, g.size, g.values.accuracy])).toEqual([
      ['race=a, sex=F', 1, 1],
      ['race=a, sex=M', 1, 0],
      ['race=b, sex=F', 3, 2 / 3],
    ]);
    expect(f.flagged.map((g) => [g.key, g.size])).toEqual([
      ['race=a, sex=F', 1],
      ['race=a, sex=M', 1],
      ['race=b, sex=M', 0],
    ]);
    expect(f.flagged[2].reason).toMatch(/^empty/);
    expect(f.group({ race: 'b', sex: 'F' }).size).toBe(3);
    expect(() => f.group({ race: 'b', sex: 'M' })).toThrow("group 'race=b, sex=M' is empty");
  });

  it('names the metric, the group and the reason when a metric is undefined in a group', () => {
    const g = [...new Array(12).fill('b'), 'a', 'a'];
    const t = [...new Array(12).fill(0), 1, 0];
    const p = [...new Array(12).fill(0), 1, 1];
    const run = () => metricFrame({ metrics: { recall }, yTrue: t, yPred: p, sensitiveFeatures: g });
    expect(run).toThrow(MetricUndefinedError);
    expect(run).toThrow("recall is undefined for group 'b': it has no positive labels (0 of 12)");
    const f = metricFrame({ metrics: { recall }, yTrue: t, yPred: p, sensitiveFeatures: g, zeroDivision: 0 });
    expect(f.group('b').values.recall).toBe(0);
    expect(f.warnings.map((w) => w.message)).toEqual([
      "recall is undefined for group 'b': it has no positive labels (0 of 12)",
    ]);
  });

  it('a ratio with a zero denominator is undefined, not NaN', () => {
    const f = metricFrame({
      metrics: { selectionRate },
      yTrue: [0, 0],
      yPred: [0, 0],
      sensitiveFeatures: ['a', 'b'],
    });
    expect(() => f.ratio()).toThrow('selectionRate ratio is undefined: the largest group selectionRate is 0');
  });

  it('passes scores through for ranking metrics, and per-group sample weights', () => {
    const f = metricFrame({
      metrics: { auc: rocAuc },
      yTrue: [0, 1, 0, 1],
      yPred: [0.1, 0.9, 0.8, 0.2],
      sensitiveFeatures: ['a', 'a', 'b', 'b'],
    });
    expect(f.byGroup.map((g) => g.values.auc)).toEqual([1, 0]);
    const w = metricFrame({
      metrics: { accuracy },
      yTrue: [0, 1, 0, 1],
      yPred: [0, 0, 0, 0],
      sensitiveFeatures: ['a', 'a', 'b', 'b'],
      sampleWeight: [3, 1, 1, 1],
    });
    expect(w.byGroup.map((g) => g.values.accuracy)).toEqual([0.75, 0.5]);
    expect(w.overall.accuracy).toBeCloseTo(4 / 6, 12);
  });

  it('accepts tensors for labels and sensitive features', () => {
    const f = metricFrame({
      metrics: { accuracy },
      yTrue: tensor(yTrue),
      yPred: tensor(yPred),
      sensitiveFeatures: { sex: tensor([0, 0, 0, 1, 1, 1]) },
    });
    expect(f.byGroup.map((g) => g.key)).toEqual(['0', '1']);
  });

  it('rejects bad input', () => {
    expect(() => metricFrame({ metrics: {}, yTrue, yPred, sensitiveFeatures: sex })).toThrow(
      'metricFrame(options.metrics): expected at least one named metric function',
    );
    expect(() =>
      metricFrame({ metrics: { accuracy }, yTrue, yPred, sensitiveFeatures: sex.slice(1) }),
    ).toThrow('metricFrame(sensitiveFeatures): expected one value per sample (6), got 5');
    expect(() =>
      metricFrame({ metrics: { accuracy }, yTrue, yPred: yPred.slice(1), sensitiveFeatures: sex }),
    ).toThrow('expected the same number of samples, got 6 and 5');
    expect(() => frame.difference({ privileged: 'X', unprivileged: 'F' })).toThrow(
      "MetricFrame.difference(method.privileged): expected one of the groups ['F', 'M'], got 'X'",
    );
    expect(() => frame.difference('largest' as never)).toThrow(
      "expected 'between_groups', 'to_overall' or { privileged, unprivileged }",
    );
    expect(() =>
      metricFrame({
        metrics: { accuracy },
        yTrue,
        yPred,
        sensitiveFeatures: { sex: [null, ...sex.slice(1)] as never },
      }),
    ).toThrow(
      'metricFrame(sensitiveFeatures.sex): expected strings, finite numbers or booleans, got null at index 0',
    );
  });
});
