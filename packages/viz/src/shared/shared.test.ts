import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contourLevels, contourSegments } from './contours';
import { bilinear, checkGrid, sampleGrid, valueAt } from './grid';
import { contrast, diverging, OKABE_ITO, parseColor, textOn, viridis } from './palette';
import { extent, formatNumber, linearScale, logScale, niceTicks } from './scales';
import { describe as describeValue, InputError } from './validate';

describe('scales', () => {
  it('linearScale maps and inverts', () => {
    const s = linearScale([0, 10], [100, 200]);
    expect(s(5)).toBe(150);
    expect(s.invert(120)).toBe(2);
    expect(linearScale([3, 3], [0, 1])(3)).toBe(0.5); // a zero-width domain is widened around it
  });
  it('logScale maps decades evenly', () => {
    const s = logScale([0.01, 10], [0, 300]);
    expect(s(0.1)).toBeCloseTo(100, 10);
    expect(s.invert(200)).toBeCloseTo(1, 10);
  });
  it('niceTicks are round and cover the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-4, 4, 8)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        (lo, span) => {
          const ticks = niceTicks(lo, lo + span, 5);
          expect(ticks.length).toBeGreaterThanOrEqual(1);
          expect(ticks.length).toBeLessThanOrEqual(11);
          for (const t of ticks) expect(t).toBeGreaterThanOrEqual(lo - span * 1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('formatNumber is short and honest', () => {
    expect(formatNumber(0.123456)).toBe('0.123');
    expect(formatNumber(1234567)).toBe('1.23e+6');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(0.0001234)).toBe('1.23e-4');
    expect(extent([3, -1, 2])).toEqual([-1, 3]);
    expect(extent([])).toBeUndefined();
  });
});

describe('palette', () => {
  it('parses colours', () => {
    expect(parseColor('#0072B2')).toEqual([0, 114, 178]);
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseColor('rebeccapurple')).toEqual([102, 51, 153]);
  });
  it('textOn always reaches WCAG AA contrast', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 0, max: 255 }),
          fc.integer({ min: 0, max: 255 }),
          fc.integer({ min: 0, max: 255 }),
        ),
        (c) => {
          expect(contrast(c, parseColor(textOn(c)))).toBeGreaterThanOrEqual(4.5);
        },
      ),
    );
  });
  it('viridis and diverging hit their ends', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(diverging(0)).toEqual([247, 247, 247]);
    expect(diverging(1)).toEqual(parseColor(OKABE_ITO[0]));
  });
});

describe('grid', () => {
  const g = sampleGrid((x, y) => 2 * x + 3 * y, [0, 1], [0, 2], 5, 9);
  it('samples row 0 at the bottom and interpolates planes exactly', () => {
    expect(g.values[0]).toBe(0);
    expect(g.values[g.values.length - 1]).toBe(8);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (x, y) => {
          expect(valueAt(g, [0, 1], [0, 2], x, y)).toBeCloseTo(2 * x + 3 * y, 9);
        },
      ),
    );
    expect(bilinear(g, -5, 100)).toBe(g.values[8 * 5]); // clamped to the top-left corner
  });
  it('rejects malformed grids with a message', () => {
    expect(() => checkGrid({ cols: 2, rows: 2, values: [1, 2, 3] }, 'g')).toThrow(
      'expected 4 entries (cols × rows = 2 × 2), got 3',
    );
    expect(() => checkGrid({ cols: 1, rows: 5, values: [1, 2, 3, 4, 5] }, 'g')).toThrow(InputError);
    expect(describeValue(new Float32Array(3))).toBe('a Float32Array of 3');
  });
});

describe('contours', () => {
  it('trace a circle for a cone at every level', () => {
    const cone = sampleGrid((x, y) => Math.hypot(x, y), [-1, 1], [-1, 1], 41);
    for (const level of [0.3, 0.6, 0.9]) {
      const seg = contourSegments(cone, level);
      expect(seg.length).toBeGreaterThan(40);
      for (let i = 0; i < seg.length; i += 2) {
        const x = -1 + (2 * seg[i]) / 40;
        const y = -1 + (2 * seg[i + 1]) / 40;
        expect(Math.abs(Math.hypot(x, y) - level)).toBeLessThan(0.01);
      }
    }
  });
  it('produce nothing outside the range and split saddles consistently', () => {
    const flat = sampleGrid(() => 1, [0, 1], [0, 1], 4);
    expect(contourSegments(flat, 2)).toEqual([]);
    const saddle = { cols: 2, rows: 2, values: [1, 0, 0, 1] }; // bottom-left and top-right high
    expect(contourSegments(saddle, 0.4)).toHaveLength(8); // two segments, centre (0.5) above: the highs connect
    expect(contourLevels(0, 10, 4)).toEqual([2, 4, 6, 8]);
    const log = contourLevels(0, 10, 3, 'log');
    expect(log[1] - log[0]).toBeLessThan(log[2] - log[1]);
  });
});
