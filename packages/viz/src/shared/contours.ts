import type { GridField } from './grid';

/**
 * Marching squares: the iso-line `value = level` through a grid, as segments
 * `[c1, r1, c2, r2, …]` in fractional grid coordinates (column, row).
 * Saddle cells are split by the value at the cell centre, so lines never cross.
 */
export function contourSegments(grid: GridField, level: number): number[] {
  const { cols, rows, values: v } = grid;
  const out: number[] = [];
  const t = (p: number, q: number) => (p === q ? 0.5 : (level - p) / (q - p));
  for (let r = 0; r < rows - 1; r++) {
    for (let c = 0; c < cols - 1; c++) {
      const a = v[r * cols + c]; // bottom-left
      const b = v[r * cols + c + 1]; // bottom-right
      const d = v[(r + 1) * cols + c]; // top-left
      const e = v[(r + 1) * cols + c + 1]; // top-right
      const A = a >= level;
      const B = b >= level;
      const D = d >= level;
      const E = e >= level;
      if (A === B && B === D && D === E) continue;
      const bottom = [c + t(a, b), r];
      const right = [c + 1, r + t(b, e)];
      const top = [c + t(d, e), r + 1];
      const left = [c, r + t(a, d)];
      if (A === E && B === D && A !== B) {
        const centreAbove = (a + b + d + e) / 4 >= level;
        // The side that holds the centre is connected; the other two corners are cut off.
        if (centreAbove === A) out.push(...bottom, ...right, ...top, ...left);
        else out.push(...left, ...bottom, ...right, ...top);
        continue;
      }
      const hits: number[][] = [];
      if (A !== B) hits.push(bottom);
      if (B !== E) hits.push(right);
      if (D !== E) hits.push(top);
      if (A !== D) hits.push(left);
      out.push(...hits[0], ...hits[1]);
    }
  }
  return out;
}

/**
 * `count` contour levels strictly inside (lo, hi): evenly spaced, or evenly spaced in log(value - lo)
 * so the many levels near a minimum stay visible where the loss is flat.
 */
export function contourLevels(
  lo: number,
  hi: number,
  count: number,
  scale: 'linear' | 'log' = 'linear',
): number[] {
  if (!(hi > lo) || count < 1) return [];
  const levels: number[] = [];
  if (scale === 'log') {
    const span = hi - lo;
    const eps = span * 1e-3;
    const l0 = Math.log(eps);
    const l1 = Math.log(span);
    for (let i = 1; i <= count; i++) levels.push(lo + Math.exp(l0 + ((l1 - l0) * i) / (count + 1)));
  } else {
    for (let i = 1; i <= count; i++) levels.push(lo + ((hi - lo) * i) / (count + 1));
  }
  return levels;
}
