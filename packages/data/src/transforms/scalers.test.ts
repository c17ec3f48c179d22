import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelEncoder, OneHotEncoder } from './encoders';
import { MinMaxScaler, StandardScaler } from './scalers';

const matrix = fc.integer({ min: 1, max: 5 }).chain((w) =>
  fc.array(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: w, maxLength: w }), {
    minLength: 1,
    maxLength: 30,
  }),
);

function closeRows(a: number[][], b: readonly (readonly number[])[], tol: number) {
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      expect(Math.abs(v - b[i][j])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i][j])));
    });
  });
}

describe('StandardScaler', () => {
  it('centres and scales a textbook example', () => {
    const s = new StandardScaler().fit([
      [1, 10],
      [3, 10],
      [5, 10],
    ]);
    expect(s.mean).toEqual([3, 10]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.std[1]).toBe(1); // constant feature: no division by zero
    const t = s.transform([
      [3, 10],
      [5, 12],
    ]);
    expect(t[0]).toEqual([0, 0]);
    expect(t[1][0]).toBeCloseTo(2 / Math.sqrt(8 / 3), 12);
    expect(t[1][1]).toBe(2);
  });

  it('gives the training data mean 0 and std 1, and inverse(transform(x)) ≈ x (property)', () => {
    fc.assert(
      fc.property(matrix, (rows) => {
        const s = new StandardScaler();
        const t = s.fitTransform(rows);
        closeRows(s.inverseTransform(t), rows, 1e-9);
        for (let j = 0; j < rows[0].length; j++) {
          const col = t.map((r) => r[j]);
          // The mean itself is rounded to ±½ ulp of the data, which shows up divided by the std.
          const ulp = (Number.EPSILON * Math.max(1, ...rows.map((r) => Math.abs(r[j])))) / s.std[j];
          expect(Math.abs(col.reduce((a, b) => a + b, 0) / col.length)).toBeLessThan(1e-9 + 4 * ulp);
          if (s.std[j] !== 1) {
            const sd = Math.sqrt(col.reduce((a, b) => a + b * b, 0) / col.length);
            expect(Math.abs(sd - 1)).toBeLessThan(1e-6 + 8 * ulp);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('MinMaxScaler', () => {
  it('maps the training range onto [0, 1] (or a chosen range), and does not clip test values', () => {
    const s = new MinMaxScaler().fit([[0], [5], [10]]);
    expect(s.transform([[5], [20]])).toEqual([[0.5], [2]]);
    const r = new MinMaxScaler([-1, 1]).fit([[2], [4]]);
    expect(r.transform([[2], [3], [4]])).toEqual([[-1], [0], [1]]);
  });

  it('inverse(transform(x)) ≈ x and training values land in the range (property)', () => {
    fc.assert(
      fc.property(matrix, (rows) => {
        const s = new MinMaxScaler([-2, 3]);
        const t = s.fitTransform(rows);
        closeRows(s.inverseTransform(t), rows, 1e-9);
        for (const row of t) for (const v of row) expect(v >= -2 - 1e-9 && v <= 3 + 1e-9).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input clearly', () => {
    expect(() => new MinMaxScaler([1, 0])).toThrow(
      'new MinMaxScaler(range): expected [low, high] with low < high',
    );
    expect(() => new MinMaxScaler().transform([[1]])).toThrow(
      'MinMaxScaler.transform(rows): not fitted yet: call fit(trainRows) first',
    );
    const s = new StandardScaler().fit([[1, 2]]);
    expect(() => s.transform([[1]])).toThrow(
      'StandardScaler.transform(rows): row 0 has 1 features, expected 2 (as fitted)',
    );
    expect(() => s.fit([[1, 2], [3]])).toThrow(
      'StandardScaler.fit(rows): row 1 has 1 features, expected 2 (like row 0)',
    );
    expect(() => s.fit([[1, Number.NaN]])).toThrow(
      'StandardScaler.fit(rows): row 0, feature 1: expected a finite number, got NaN',
    );
    expect(() => s.fit([])).toThrow(/empty array/);
  });
});

describe('LabelEncoder', () => {
  it('codes sorted classes, inverts, and refuses unknown labels', () => {
    const e = new LabelEncoder().fit(['dog', 'cat', 'dog', 'bird']);
    expect(e.classes).toEqual(['bird', 'cat', 'dog']);
    expect(e.transform(['cat', 'dog'])).toEqual([1, 2]);
    expect(e.inverseTransform([0, 2])).toEqual(['bird', 'dog']);
    expect(() => e.transform(['cow'])).toThrow(
      'LabelEncoder.transform(values): unknown label "cow" at position 0; the encoder was fitted on 3 classes ("bird", "cat", "dog")',
    );
    expect(() => e.inverseTransform([3])).toThrow(
      'LabelEncoder.inverseTransform(codes): code 0: expected an integer in [0, 2], got 3',
    );
    expect(new LabelEncoder().fit([10, 2, 2]).transform([2, 10])).toEqual([0, 1]);
  });

  it('can be given its classes up front, in their order', () => {
    const e = new LabelEncoder().fit(['b'], ['c', 'b', 'a']);
    expect(e.transform(['a', 'c'])).toEqual([2, 0]);
    expect(() => new LabelEncoder().fit(['z'], ['a'])).toThrow(/unknown label "z"/);
    expect(() => new LabelEncoder().transform(['a'])).toThrow(
      'LabelEncoder.transform(values): not fitted yet',
    );
  });
});

describe('OneHotEncoder', () => {
  it('encodes, decodes (argmax), and handles unknowns by policy', () => {
    const e = new OneHotEncoder().fit(['red', 'green', 'blue']);
    expect(e.transform(['green', 'red'])).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(e.inverseTransform([[0.1, 0.7, 0.2]])).toEqual(['green']);
    expect(() => e.transform(['pink'])).toThrow(
      /OneHotEncoder.transform\(values\): unknown label "pink" at position 0/,
    );
    const lenient = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(['a', 'b']);
    expect(lenient.transform(['c'])).toEqual([[0, 0]]);
    expect(() => lenient.inverseTransform([[0, 0]])).toThrow(/row 0 has no positive entry/);
    expect(() => new OneHotEncoder({ handleUnknown: 'skip' as never })).toThrow(
      /expected 'error' or 'ignore', got "skip"/,
    );
  });
});
