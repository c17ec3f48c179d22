import { tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { brierScore, logLoss, topKAccuracy } from './probabilistic';

describe('logLoss', () => {
  it('binary and multiclass, by hand', () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    const rows = [
      [0.7, 0.2, 0.1],
      [0.1, 0.6, 0.3],
    ];
    expect(logLoss(['a', 'b'], rows, { labels: ['a', 'b', 'c'] })).toBeCloseTo(
      -(Math.log(0.7) + Math.log(0.6)) / 2,
      12,
    );
    expect(logLoss(['a', 'b'], tensor(rows), { labels: ['a', 'b', 'c'] })).toBeCloseTo(
      -(Math.log(0.7) + Math.log(0.6)) / 2,
      6,
    );
  });

  it('clips a confident mistake to a large finite loss', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6);
    expect(logLoss([1], [0], { eps: 1e-3 })).toBeCloseTo(-Math.log(1e-3), 12);
  });

  it('rejects probabilities outside [0, 1], rows not summing to 1 and missing classes', () => {
    expect(() => logLoss([1, 0], [1.2, 0.1])).toThrow(
      'logLoss(yProb): expected probabilities in [0, 1], got 1.2 at index 0',
    );
    expect(() =>
      logLoss(
        [0, 1],
        [
          [0.5, 0.6],
          [0.5, 0.5],
        ],
      ),
    ).toThrow('logLoss(yProb): expected each row of probabilities to sum to 1, row 0 sums to 1.1');
    expect(() =>
      logLoss(
        [0, 1],
        [
          [0.5, 0.2, 0.3],
          [0.5, 0.2, 0.3],
        ],
      ),
    ).toThrow(
      'logLoss(yProb): expected one column per class (2: [0, 1]), got 3 columns; declare every class with options.labels',
    );
    expect(() => logLoss([0, 1, 1], [0.5, 0.5])).toThrow('expected the same number of samples, got 3 and 2');
  });
});

describe('brierScore', () => {
  it('binary and multiclass, by hand', () => {
    expect(brierScore([1, 0], [0.8, 0.4])).toBeCloseTo(0.1, 12);
    // rows: 0.3² + 0.2² + 0.1² = 0.14 and 0.1² + 0.4² + 0.3² = 0.26
    expect(
      brierScore(
        [0, 1],
        [
          [0.7, 0.2, 0.1],
          [0.1, 0.6, 0.3],
        ],
        { labels: [0, 1, 2] },
      ),
    ).toBeCloseTo(0.2, 12);
    // two columns: twice the binary score
    expect(
      brierScore(
        [1, 0],
        [
          [0.2, 0.8],
          [0.6, 0.4],
        ],
      ),
    ).toBeCloseTo(0.2, 12);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => brierScore([1, 0], [0.5, -0.5])).toThrow(
      'brierScore(yProb): expected probabilities in [0, 1], got -0.5 at index 1',
    );
  });
});

describe('topKAccuracy', () => {
  const scores = [
    [0.5, 0.3, 0.2],
    [0.5, 0.3, 0.2],
    [0.5, 0.3, 0.2],
  ];
  it('counts the true class among the k best, by hand', () => {
    expect(topKAccuracy([0, 1, 2], scores, { k: 1 })).toBeCloseTo(1 / 3, 12);
    expect(topKAccuracy([0, 1, 2], scores, { k: 2 })).toBeCloseTo(2 / 3, 12);
    expect(topKAccuracy([0, 1, 2], scores, { k: 3 })).toBe(1);
  });

  it('breaks ties towards the lower column, as a stable sort', () => {
    // all scores equal: class 0 ranks first, class 2 last
    expect(
      topKAccuracy(
        [0, 2],
        [
          [1, 1, 1],
          [1, 1, 1],
        ],
        { k: 2, labels: [0, 1, 2] },
      ),
    ).toBe(0.5);
  });

  it('rejects a bad k and a wrong number of columns', () => {
    expect(() => topKAccuracy([0, 1, 2], scores, { k: 0 })).toThrow(
      'topKAccuracy(options.k): expected an integer ≥ 1, got 0',
    );
    expect(() => topKAccuracy([0, 1], scores.slice(0, 2))).toThrow(
      'expected one column per class (2: [0, 1]), got 3 columns',
    );
  });
});
