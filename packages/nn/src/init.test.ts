import { Generator, manualSeed, zeros } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import {
  calculateFans,
  calculateGain,
  constant_,
  kaimingNormal_,
  kaimingUniform_,
  normal_,
  uniform_,
  xavierNormal_,
  xavierUniform_,
  zeros_,
} from './init';

const stats = (v: Float32Array | Int32Array | Uint8Array) => {
  const a = Array.from(v);
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
  return { mean, sd, max: Math.max(...a.map(Math.abs)) };
};

describe('initialisers', () => {
  it('compute fans and gains as PyTorch', () => {
    expect(calculateFans(zeros([8, 4, 3, 3]))).toEqual({ fanIn: 36, fanOut: 72 });
    expect(calculateGain('relu')).toBeCloseTo(Math.SQRT2, 10);
    expect(calculateGain('leaky_relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 10);
    expect(() => calculateFans(zeros([3]))).toThrow(/at least 2 dimensions/);
  });

  it('draw from the right distributions', () => {
    const g = new Generator(0);
    const w = zeros([200, 100]);
    xavierUniform_(w, 1, { generator: g });
    const a = Math.sqrt(6 / 300);
    expect(stats(w.dataSync()).max).toBeLessThanOrEqual(a);
    expect(stats(w.dataSync()).sd).toBeCloseTo(a / Math.sqrt(3), 2);
    xavierNormal_(w, 1, { generator: g });
    expect(stats(w.dataSync()).sd).toBeCloseTo(Math.sqrt(2 / 300), 2);
    kaimingNormal_(w, { nonlinearity: 'relu', generator: g });
    expect(stats(w.dataSync()).sd).toBeCloseTo(Math.sqrt(2 / 100), 2);
    kaimingUniform_(w, { nonlinearity: 'relu', generator: g });
    expect(stats(w.dataSync()).max).toBeLessThanOrEqual(Math.sqrt(6 / 100));
    normal_(w, 3, 0.5, { generator: g });
    expect(stats(w.dataSync()).mean).toBeCloseTo(3, 1);
    uniform_(w, -2, -1, { generator: g });
    expect(Array.from(w.dataSync()).every((v) => v >= -2 && v < -1)).toBe(true);
    constant_(w, 0.5);
    expect(stats(w.dataSync())).toEqual({ mean: 0.5, sd: 0, max: 0.5 });
    zeros_(w);
    expect(stats(w.dataSync()).max).toBe(0);
  });

  it('are reproducible from a seed, through a generator or manualSeed', () => {
    const a = kaimingUniform_(zeros([4, 4]), { generator: new Generator(3) });
    const b = kaimingUniform_(zeros([4, 4]), { generator: new Generator(3) });
    expect(a.toArraySync()).toEqual(b.toArraySync());
    manualSeed(9);
    const c = xavierNormal_(zeros([4, 4]));
    manualSeed(9);
    const d = xavierNormal_(zeros([4, 4]));
    expect(c.toArraySync()).toEqual(d.toArraySync());
    expect(() => uniform_(zeros([2]), 1, 0)).toThrow('uniform_(tensor, a, b): expected a ≤ b, got 1 and 0');
  });
});
