import { Generator } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { ArrayDataset } from '../dataset';
import { DataLoader } from '../loader';
import {
  addNoise,
  augmentRecords,
  compose,
  crop,
  flipHorizontal,
  flipVertical,
  gaussianNoise,
  randomCrop,
  randomFlip,
  randomRotation,
  rotate,
  toImage,
} from './image';

// 3×3 single-channel image:
// 1 2 3
// 4 5 6
// 7 8 9
const img = () => toImage([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 3);
const values = (i: { data: Float32Array }) => Array.from(i.data);

describe('image transforms', () => {
  it('flips', () => {
    expect(values(flipHorizontal(img()))).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7]);
    expect(values(flipVertical(img()))).toEqual([7, 8, 9, 4, 5, 6, 1, 2, 3]);
    const rgb = toImage([1, 2, 3, 4, 5, 6], 1, 2, 3);
    expect(values(flipHorizontal(rgb))).toEqual([4, 5, 6, 1, 2, 3]);
  });

  it('crops, filling outside the image', () => {
    expect(values(crop(img(), { top: 1, left: 1, height: 2, width: 2 }))).toEqual([5, 6, 8, 9]);
    expect(values(crop(img(), { top: -1, left: 0, height: 2, width: 2 }, -1))).toEqual([-1, -1, 1, 2]);
  });

  it('rotates counter-clockwise: 90° exactly, 360° back to the start', () => {
    expect(values(rotate(img(), 90))).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
    expect(values(rotate(img(), -90))).toEqual([7, 4, 1, 8, 5, 2, 9, 6, 3]);
    expect(values(rotate(img(), 180))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    values(rotate(img(), 360)).forEach((v, i) => {
      expect(v).toBeCloseTo(i + 1, 5);
    });
    // 45°: the corners come from outside the image and take the fill value; the centre stays.
    const r45 = values(rotate(img(), 45, 0));
    expect(r45[0]).toBe(0);
    expect(r45[4]).toBeCloseTo(5, 6);
  });

  it('adds seeded noise of the given spread, optionally clipped', () => {
    const big = toImage(new Array(10000).fill(0.5), 100, 100);
    const noisy = addNoise(big, 0.1, new Generator(1));
    const d = values(noisy).map((v) => v - 0.5);
    expect(Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length)).toBeCloseTo(0.1, 2);
    expect(values(addNoise(big, 0.1, new Generator(1)))).toEqual(values(noisy));
    const clipped = values(addNoise(big, 5, new Generator(2), [0, 1]));
    expect(Math.min(...clipped)).toBe(0);
    expect(Math.max(...clipped)).toBe(1);
  });

  it('random augmentations draw from the generator: same seed, same result', () => {
    const aug = compose(randomFlip(0.5), randomRotation(20), randomCrop(3, 3, 1), gaussianNoise(0.01));
    const a = values(aug(img(), new Generator(5)));
    expect(values(aug(img(), new Generator(5)))).toEqual(a);
    const outcomes = new Set(
      Array.from({ length: 20 }, (_, s) => values(randomFlip()(img(), new Generator(s))).join()),
    );
    expect(outcomes.size).toBe(2);
    expect(values(randomFlip(1)(img(), new Generator(0)))).toEqual(values(flipHorizontal(img())));
    expect(values(randomFlip(0)(img(), new Generator(0)))).toEqual(values(img()));
  });

  it('augments records inside a DataLoader without touching the stored data', () => {
    const data = new ArrayDataset([{ x: [1, 2, 3, 4, 5, 6, 7, 8, 9], y: 0 }]);
    const loader = new DataLoader(data, {
      batchSize: 1,
      seed: 0,
      transform: augmentRecords(randomFlip(1), 3, 3),
    });
    expect(Array.from([...loader][0].x.dataSync())).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7]);
    expect(data.get(0).x).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects bad sizes and parameters', () => {
    expect(() => toImage([1, 2, 3], 2, 2)).toThrow(
      'toImage(data, height, width, channels): expected 2×2×1 = 4 values, got 3',
    );
    expect(() => randomCrop(5, 5)(img(), new Generator(0))).toThrow(
      'randomCrop: a 5×5 window does not fit a 3×3 image padded by 0',
    );
    expect(() => randomFlip(2)).toThrow('randomFlip(p): expected a number in [0, 1], got 2');
    expect(() => rotate(img(), Number.NaN)).toThrow('rotate(degrees): expected a finite number, got NaN');
  });
});
