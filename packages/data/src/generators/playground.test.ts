import { describe, expect, it } from 'vitest';
import { circle, gaussian, regressionGaussian, regressionPlane, spiral, xor } from './playground';

const count = (ys: number[], v: number) => ys.filter((y) => y === v).length;

describe('circle (playground)', () => {
  it('puts positives inside radius 2.5 and negatives in [3.5, 5], balanced, noiseless labels exact', () => {
    const data = circle({ n: 400, seed: 1 });
    expect(data.length).toBe(400);
    data.records.forEach((r, i) => {
      const radius = Math.hypot(r.x[0], r.x[1]);
      if (i < 200) expect(radius).toBeLessThan(2.5);
      else {
        expect(radius).toBeGreaterThanOrEqual(3.5);
        expect(radius).toBeLessThanOrEqual(5);
      }
      expect(r.y).toBe(radius < 2.5 ? 1 : 0);
    });
    expect(
      count(
        data.records.map((r) => r.y),
        1,
      ),
    ).toBe(200);
  });

  it('with noise, keeps the points and flips only labels within reach of the boundary', () => {
    const noise = 0.3;
    const data = circle({ n: 600, noise, seed: 2, labels: 'plus-minus-one' });
    let flipped = 0;
    const reach = 5 * noise * Math.SQRT2; // the label point moves at most this far
    data.records.forEach((r, i) => {
      const radius = Math.hypot(r.x[0], r.x[1]);
      expect(i < 300 ? radius < 2.5 : radius >= 3.5 && radius <= 5).toBe(true);
      const clean = radius < 2.5 ? 1 : -1;
      if (r.y !== clean) {
        flipped++;
        expect(Math.abs(radius - 2.5)).toBeLessThanOrEqual(reach);
      }
      expect([1, -1]).toContain(r.y);
    });
    expect(flipped).toBeGreaterThan(0);
  });

  it('is deterministic per seed and splits odd n as ⌈n/2⌉ / ⌊n/2⌋', () => {
    expect(circle({ n: 50, seed: 9, noise: 0.1 }).records).toEqual(
      circle({ n: 50, seed: 9, noise: 0.1 }).records,
    );
    expect(circle({ n: 50, seed: 9 }).records).not.toEqual(circle({ n: 50, seed: 10 }).records);
    const odd = circle({ n: 7, seed: 0 });
    expect(
      count(
        odd.records.map((r) => r.y),
        1,
      ),
    ).toBe(4);
    expect(odd.info?.classNames).toEqual(['negative', 'positive']);
  });
});

describe('xor (playground)', () => {
  it('keeps coordinates 0.3 to 5.3 from each axis and labels by the sign of x1·x2', () => {
    const data = xor({ n: 500, seed: 3 });
    for (const r of data.records) {
      for (const v of r.x) {
        expect(Math.abs(v)).toBeGreaterThanOrEqual(0.3);
        expect(Math.abs(v)).toBeLessThanOrEqual(5.3);
      }
      expect(r.y).toBe(r.x[0] * r.x[1] >= 0 ? 1 : 0);
    }
    const positives = count(
      data.records.map((r) => r.y),
      1,
    );
    expect(positives).toBeGreaterThan(200);
    expect(positives).toBeLessThan(300);
  });

  it('with noise, flips only labels of points within 5·noise of an axis', () => {
    const noise = 0.2;
    let flipped = 0;
    for (const r of xor({ n: 800, noise, seed: 4 }).records) {
      const clean = r.x[0] * r.x[1] >= 0 ? 1 : 0;
      if (r.y !== clean) {
        flipped++;
        expect(Math.min(Math.abs(r.x[0]), Math.abs(r.x[1]))).toBeLessThanOrEqual(5 * noise);
      }
    }
    expect(flipped).toBeGreaterThan(0);
  });
});

describe('gaussian (playground)', () => {
  it('centres the classes at (2, 2) and (−2, −2) with variance 0.5 + 7·noise', () => {
    for (const noise of [0, 0.5]) {
      const data = gaussian({ n: 8000, noise, seed: 5 });
      const pos = data.records.filter((r) => r.y === 1).map((r) => r.x);
      const neg = data.records.filter((r) => r.y === 0).map((r) => r.x);
      expect(pos).toHaveLength(4000);
      const mean = (xs: number[][], d: number) => xs.reduce((s, x) => s + x[d], 0) / xs.length;
      const variance = (xs: number[][], d: number) =>
        xs.reduce((s, x) => s + (x[d] - mean(xs, d)) ** 2, 0) / xs.length;
      expect(mean(pos, 0)).toBeCloseTo(2, 1);
      expect(mean(neg, 1)).toBeCloseTo(-2, 1);
      const expected = 0.5 + 7 * noise;
      expect(Math.abs(variance(pos, 1) / expected - 1)).toBeLessThan(0.06);
      expect(Math.abs(variance(neg, 0) / expected - 1)).toBeLessThan(0.06);
    }
  });
});

describe('spiral (playground)', () => {
  it('puts point i of each arm at r = 5i/(n/2), t = 1.75·2π·i/(n/2) (+π), within noise', () => {
    for (const noise of [0, 0.25]) {
      const n = 200;
      const data = spiral({ n, noise, seed: 6 });
      data.records.forEach((rec, k) => {
        const arm = k < n / 2 ? 0 : 1;
        const i = k - arm * (n / 2);
        const r = (i / (n / 2)) * 5;
        const t = ((1.75 * i) / (n / 2)) * 2 * Math.PI + arm * Math.PI;
        expect(Math.abs(rec.x[0] - r * Math.sin(t))).toBeLessThanOrEqual(noise + 1e-12);
        expect(Math.abs(rec.x[1] - r * Math.cos(t))).toBeLessThanOrEqual(noise + 1e-12);
        expect(rec.y).toBe(arm === 0 ? 1 : 0);
      });
    }
  });
});

describe('regression sets (playground)', () => {
  it('regressionPlane: x in [−6, 6]², target (x1 + x2)/10, moved at most 1.2·noise by noise', () => {
    const clean = regressionPlane({ n: 300, seed: 7 });
    for (const r of clean.records) {
      for (const v of r.x) expect(Math.abs(v)).toBeLessThanOrEqual(6);
      expect(r.y).toBeCloseTo((r.x[0] + r.x[1]) / 10, 12);
    }
    const noise = 0.3;
    let moved = 0;
    for (const r of regressionPlane({ n: 300, noise, seed: 7 }).records) {
      const d = Math.abs(r.y - (r.x[0] + r.x[1]) / 10);
      expect(d).toBeLessThanOrEqual((2 * 6 * noise) / 10 + 1e-12);
      if (d > 1e-9) moved++;
    }
    expect(moved).toBeGreaterThan(250);
    expect(clean.info?.task).toBe('regression');
  });

  it('regressionGaussian: the strongest of six signed bumps max(0, 1 − d/2)', () => {
    const centres = [
      [-4, 2.5, 1],
      [0, 2.5, -1],
      [4, 2.5, 1],
      [-4, -2.5, -1],
      [0, -2.5, 1],
      [4, -2.5, -1],
    ];
    const data = regressionGaussian({ n: 500, seed: 8 });
    let nonzero = 0;
    for (const r of data.records) {
      const contributions = centres.map(
        ([cx, cy, s]) => s * Math.max(0, 1 - Math.hypot(r.x[0] - cx, r.x[1] - cy) / 2),
      );
      const strongest = contributions.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
      expect(r.y).toBeCloseTo(strongest, 12);
      expect(Math.abs(r.y)).toBeLessThanOrEqual(1);
      if (r.y !== 0) nonzero++;
    }
    expect(nonzero).toBeGreaterThan(100);
  });

  it('defaults to the playground sample counts', () => {
    expect(regressionPlane({ seed: 1 }).length).toBe(1200);
    expect(spiral({ seed: 1 }).length).toBe(500);
  });
});

describe('playground options', () => {
  it('rejects bad options with clear errors', () => {
    expect(() => circle({ noise: 2 })).toThrow('circle(options.noise): expected a number in [0, 1], got 2');
    expect(() => xor({ n: 0 })).toThrow('xor(options.n): expected an integer >= 1, got 0');
    expect(() => spiral({ labels: 'pm' as never })).toThrow(
      `spiral(options.labels): expected 'zero-one' or 'plus-minus-one', got "pm"`,
    );
    expect(() => gaussian({ seed: Number.NaN })).toThrow(
      'gaussian(options.seed): expected an integer seed or a Generator, got NaN',
    );
  });
});

describe('every generator', () => {
  it('is deterministic for a seed, differs across seeds, and gives [x1, x2] records', () => {
    for (const make of [circle, xor, gaussian, spiral, regressionPlane, regressionGaussian]) {
      const a = make({ n: 40, noise: 0.2, seed: 1 });
      expect(make({ n: 40, noise: 0.2, seed: 1 }).records).toEqual(a.records);
      expect(make({ n: 40, noise: 0.2, seed: 2 }).records).not.toEqual(a.records);
      expect(a.length).toBe(40);
      expect(
        a.records.every((r) => r.x.length === 2 && r.x.every(Number.isFinite) && Number.isFinite(r.y)),
      ).toBe(true);
    }
  });
});
