import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricUndefinedError } from '../errors';
import { confusionCounts, confusionMatrix } from './confusion';

describe('confusionMatrix', () => {
  it('counts true classes in rows and predictions in columns (scikit-learn example)', () => {
    // (true, pred) pairs: (2,0) (0,0) (2,2) (2,2) (0,0) (1,2)
    const cm = confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
    expect(cm.labels).toEqual([0, 1, 2]);
    expect(cm.matrix).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it('uses the declared label order, string labels and sample weights', () => {
    const cm = confusionMatrix(['cat', 'dog', 'cat'], ['dog', 'dog', 'cat'], {
      labels: ['dog', 'cat'],
      sampleWeight: [2, 1, 3],
    });
    expect(cm.labels).toEqual(['dog', 'cat']);
    expect(cm.matrix).toEqual([
      [1, 0],
      [2, 3],
    ]);
  });

  it('normalises over rows, columns or everything', () => {
    const yTrue = [0, 0, 0, 1];
    const yPred = [0, 0, 1, 1];
    // raw [[2, 1], [0, 1]]
    expect(confusionMatrix(yTrue, yPred, { normalize: 'true' }).matrix).toEqual([
      [2 / 3, 1 / 3],
      [0, 1],
    ]);
    expect(confusionMatrix(yTrue, yPred, { normalize: 'pred' }).matrix).toEqual([
      [1, 0.5],
      [0, 0.5],
    ]);
    expect(confusionMatrix(yTrue, yPred, { normalize: 'all' }).matrix).toEqual([
      [0.5, 0.25],
      [0, 0.25],
    ]);
  });

  it('refuses to normalise an empty row unless told what to put there', () => {
    const go = (o = {}) => confusionMatrix([0, 0], [0, 1], { labels: [0, 1], normalize: 'true', ...o });
    expect(go).toThrow(MetricUndefinedError);
    expect(go).toThrow("confusionMatrix(normalize: 'true') is undefined: class 1 has no true samples");
    const warnings: string[] = [];
    expect(go({ zeroDivision: 0, onUndefined: (w: Error) => warnings.push(w.message) }).matrix).toEqual([
      [0.5, 0.5],
      [0, 0],
    ]);
    expect(warnings).toHaveLength(1);
  });

  it('sums to n and its diagonal to the number of correct predictions (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (pairs) => {
          const t = pairs.map((p) => p[0]);
          const p = pairs.map((q) => q[1]);
          const { matrix } = confusionMatrix(t, p);
          expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(pairs.length);
          expect(matrix.reduce((a, row, i) => a + row[i], 0)).toBe(pairs.filter(([a, b]) => a === b).length);
        },
      ),
    );
  });

  it('rejects labels outside the declared classes and mismatched lengths', () => {
    expect(() => confusionMatrix([0, 1, 2], [0, 1, 1], { labels: [0, 1] })).toThrow(
      'confusionMatrix(yTrue): expected labels among the declared classes [0, 1], got 2 at index 2',
    );
    expect(() => confusionMatrix([0, 1], [0, 1, 1])).toThrow(
      'confusionMatrix(yTrue, yPred): expected the same number of samples, got 2 and 3',
    );
    expect(() => confusionMatrix([0, 1], [0, 1], { normalize: 'rows' as never })).toThrow(
      "confusionMatrix(options.normalize): expected 'true', 'pred' or 'all', got 'rows'",
    );
    expect(() => confusionMatrix([0, 1], ['a', 'b'])).toThrow('numbers in one and strings in the other');
  });
});

describe('confusionCounts', () => {
  it('counts TP, FP, TN, FN of the positive label', () => {
    // pairs (1,1) (1,0) (0,1) (0,0) (0,0) (1,1)
    expect(confusionCounts([1, 1, 0, 0, 0, 1], [1, 0, 1, 0, 0, 1])).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(confusionCounts(['y', 'n'], ['y', 'y'], { posLabel: 'y' })).toEqual({
      tp: 1,
      fp: 1,
      tn: 0,
      fn: 0,
    });
    expect(confusionCounts([true, false], [true, true])).toEqual({ tp: 1, fp: 1, tn: 0, fn: 0 });
  });

  it('asks for posLabel when the classes are not numbers', () => {
    expect(() => confusionCounts(['y', 'n'], ['y', 'y'])).toThrow(
      "confusionCounts(options.posLabel): expected one of the classes ['n', 'y'], got 1",
    );
    expect(() => confusionCounts([0, 1, 2], [0, 1, 2])).toThrow(
      'expected binary labels, got 3 classes [0, 1, 2]',
    );
  });
});
