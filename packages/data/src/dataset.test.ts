import { describe, expect, it } from 'vitest';
import { ArrayDataset, DatasetView, fromArrays, isDataset, subset, toArrays } from './dataset';
import { checkGroupLeakage, checkValidationTail } from './splits/warnings';

describe('ArrayDataset and views', () => {
  const data = fromArrays([[0], [1], [2], [3], [4]], [0, 1, 0, 1, 0], {
    groups: ['a', 'a', 'b', 'b', 'c'],
    info: { task: 'classification' },
  });

  it('is indexable, has a length, iterates in order', () => {
    expect(data.length).toBe(5);
    expect(data.get(2)).toEqual({ x: [2], y: 0, group: 'b' });
    expect([...data].map((r) => r.x[0])).toEqual([0, 1, 2, 3, 4]);
    expect(isDataset(data)).toBe(true);
    expect(isDataset([1, 2])).toBe(false);
    expect(() => data.get(5)).toThrow('ArrayDataset.get(index): expected an integer index in [0, 4], got 5');
    expect(() => data.get(-1)).toThrow(/got -1/);
  });

  it('views compose and resolve to the root', () => {
    const outer = subset(data, [4, 3, 2]);
    const inner = new DatasetView(outer, [2, 0]);
    expect([...inner].map((r) => r.x[0])).toEqual([2, 4]);
    expect(inner.root).toBe(data);
    expect(inner.rootIndices()).toEqual([2, 4]);
    expect(inner.info?.task).toBe('classification');
    expect(() => subset(data, [7])).toThrow(
      'new DatasetView(source, indices): expected an integer index in [0, 4], got 7',
    );
  });

  it('zips and unzips', () => {
    expect(toArrays(data)).toEqual({
      x: [[0], [1], [2], [3], [4]],
      y: [0, 1, 0, 1, 0],
      groups: ['a', 'a', 'b', 'b', 'c'],
    });
    expect(() => fromArrays([[1]], [1, 2])).toThrow('fromArrays(x, y): x has 1 samples but y has 2');
    expect(() => new ArrayDataset([{ x: 1 } as never])).toThrow(
      'new ArrayDataset(records): record 0 should be an object { x, y, group? }',
    );
  });
});

describe('leakage checks', () => {
  it('checkGroupLeakage lists the groups on both sides', () => {
    expect(checkGroupLeakage(['a', 'b'], ['c'])).toBeNull();
    const w = checkGroupLeakage(['a', 'b', 'b'], ['b', 'c', undefined], 'mySplit');
    expect(w?.groups).toEqual(['b']);
    expect(w?.message).toMatch(/^mySplit: 1 group \("b"\) appears in both training and held-out data/);
  });

  it('checkValidationTail flags sorted labels and classes missing from either side', () => {
    expect(checkValidationTail([0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 0.3)).toBeNull();
    const sorted = checkValidationTail([...Array(10).fill(0), ...Array(10).fill(1)], 0.2);
    expect(sorted?.classes).toEqual([0]);
    expect(sorted?.message).toMatch(
      /the last 20% .* the labels are sorted by class; the held-out tail has no samples of class 0\./,
    );
    // Classes too small to be expected in the tail are not reported missing from it; a class only in the tail is.
    const small = checkValidationTail([0, 0, 0, 0, 1, 1, 1, 1, 2, 2], 0.2);
    expect(small?.classes).toEqual([2]);
    expect(small?.message).toMatch(/sorted by class; training never sees class 2/);
    const unseen = checkValidationTail(['a', 'b', 'a', 'b', 'a', 'b', 'c', 'c'], 0.25);
    expect(unseen?.message).toMatch(/training never sees class "c"/);
    expect(checkValidationTail([1, 1, 1, 1], 0.5)).toBeNull();
  });
});
