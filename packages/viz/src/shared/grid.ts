import { checkFiniteArray, checkLength, checkPositiveInt, fail, InputError } from './validate';

/**
 * Values sampled on a regular grid, row-major: `values[r * cols + c]`. Column 0 is the left edge
 * of the x domain and row 0 the *bottom* edge of the y domain, as on a mathematical plot.
 */
export interface GridField {
  cols: number;
  rows: number;
  values: ArrayLike<number>;
}

/** Samples `fn(x, y)` on a `cols × rows` grid spanning the two domains (edges included). */
export function sampleGrid(
  fn: (x: number, y: number) => number,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  cols: number,
  rows = cols,
): GridField {
  const values = new Float64Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    const y = yDomain[0] + ((yDomain[1] - yDomain[0]) * r) / Math.max(1, rows - 1);
    for (let c = 0; c < cols; c++) {
      const x = xDomain[0] + ((xDomain[1] - xDomain[0]) * c) / Math.max(1, cols - 1);
      values[r * cols + c] = fn(x, y);
    }
  }
  return { cols, rows, values };
}

export function checkGrid(value: unknown, where: string): asserts value is GridField {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(where, 'a grid { cols, rows, values }', value);
  }
  const grid = value as GridField;
  checkPositiveInt(grid.cols, `${where}.cols`);
  checkPositiveInt(grid.rows, `${where}.rows`);
  if (grid.cols < 2 || grid.rows < 2) {
    throw new InputError(where, `expected at least 2 × 2 samples, got ${grid.cols} × ${grid.rows}`);
  }
  checkFiniteArray(grid.values, `${where}.values`);
  checkLength(
    grid.values,
    grid.cols * grid.rows,
    `${where}.values`,
    `cols × rows = ${grid.cols} × ${grid.rows}`,
  );
}

/** Bilinear interpolation of the grid at fractional column `fc` and row `fr` (clamped to the edges). */
export function bilinear(grid: GridField, fc: number, fr: number): number {
  const c = Math.min(grid.cols - 1, Math.max(0, fc));
  const r = Math.min(grid.rows - 1, Math.max(0, fr));
  const c0 = Math.min(grid.cols - 2, Math.floor(c));
  const r0 = Math.min(grid.rows - 2, Math.floor(r));
  const tc = c - c0;
  const tr = r - r0;
  const v = grid.values;
  const at = (rr: number, cc: number) => v[rr * grid.cols + cc];
  const bottom = at(r0, c0) * (1 - tc) + at(r0, c0 + 1) * tc;
  const top = at(r0 + 1, c0) * (1 - tc) + at(r0 + 1, c0 + 1) * tc;
  return bottom * (1 - tr) + top * tr;
}

/** The grid's value at data point (x, y). */
export function valueAt(
  grid: GridField,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  x: number,
  y: number,
): number {
  const fc = ((x - xDomain[0]) / (xDomain[1] - xDomain[0])) * (grid.cols - 1);
  const fr = ((y - yDomain[0]) / (yDomain[1] - yDomain[0])) * (grid.rows - 1);
  return bilinear(grid, fc, fr);
}
