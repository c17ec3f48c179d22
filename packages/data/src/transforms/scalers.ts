import { fail, show } from '../errors';

/** A fitted, invertible transform of feature rows (samples × features). */
export interface RowTransform {
  /** Learns the transform's parameters from training rows only. */
  fit(rows: readonly (readonly number[])[]): this;
  transform(rows: readonly (readonly number[])[]): number[][];
  inverseTransform(rows: readonly (readonly number[])[]): number[][];
  fitTransform(rows: readonly (readonly number[])[]): number[][];
  readonly fitted: boolean;
}

/** @internal Validates a numeric matrix: every row an array of `width` finite numbers. */
export function checkRows(where: string, rows: unknown, width?: number): number {
  if (!Array.isArray(rows)) fail(where, `expected an array of feature rows, got ${show(rows)}`);
  if (rows.length === 0) fail(where, 'expected at least one row, got an empty array');
  const w =
    width ??
    (Array.isArray(rows[0]) || ArrayBuffer.isView(rows[0]) ? (rows[0] as ArrayLike<number>).length : -1);
  rows.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row) && !ArrayBuffer.isView(row))
      fail(where, `row ${i}: expected an array of numbers, got ${show(row)}`);
    const r = row as ArrayLike<number>;
    if (r.length !== w) {
      fail(
        where,
        `row ${i} has ${r.length} features, expected ${w}${width === undefined ? ' (like row 0)' : ' (as fitted)'}`,
      );
    }
    for (let j = 0; j < r.length; j++) {
      if (typeof r[j] !== 'number' || !Number.isFinite(r[j])) {
        fail(where, `row ${i}, feature ${j}: expected a finite number, got ${show(r[j])}`);
      }
    }
  });
  return w;
}

function columnStats(rows: readonly (readonly number[])[], width: number) {
  const mean = new Array<number>(width).fill(0);
  const min = new Array<number>(width).fill(Number.POSITIVE_INFINITY);
  const max = new Array<number>(width).fill(Number.NEGATIVE_INFINITY);
  for (const row of rows) {
    for (let j = 0; j < width; j++) {
      mean[j] += row[j];
      if (row[j] < min[j]) min[j] = row[j];
      if (row[j] > max[j]) max[j] = row[j];
    }
  }
  for (let j = 0; j < width; j++) mean[j] /= rows.length;
  // Corrected two-pass: the mean's rounding error (≈ ε·|x|) is measured and removed, so that features
  // with a large offset and a small spread still come out centred.
  const correction = new Array<number>(width).fill(0);
  for (const row of rows) for (let j = 0; j < width; j++) correction[j] += row[j] - mean[j];
  for (let j = 0; j < width; j++) mean[j] += correction[j] / rows.length;
  const variance = new Array<number>(width).fill(0);
  for (const row of rows) for (let j = 0; j < width; j++) variance[j] += (row[j] - mean[j]) ** 2;
  for (let j = 0; j < width; j++) variance[j] /= rows.length;
  return { mean, min, max, std: variance.map(Math.sqrt) };
}

// A spread at the level of rounding noise is treated as none: dividing by it would only amplify noise.
function negligible(spread: number, magnitude: number): boolean {
  return spread <= 10 * Number.EPSILON * Math.max(1, Math.abs(magnitude));
}

abstract class AffineScaler implements RowTransform {
  /** Per feature: `transformed = (x - offset) / scale + shift`. */
  protected offset: number[] = [];
  protected scale: number[] = [];
  protected shift: number[] = [];
  protected abstract readonly name: string;

  get fitted(): boolean {
    return this.scale.length > 0;
  }

  protected abstract learn(stats: ReturnType<typeof columnStats>): void;

  fit(rows: readonly (readonly number[])[]): this {
    const width = checkRows(`${this.name}.fit(rows)`, rows);
    this.learn(columnStats(rows, width));
    return this;
  }

  #check(method: string, rows: readonly (readonly number[])[]): void {
    if (!this.fitted) fail(`${this.name}.${method}(rows)`, 'not fitted yet: call fit(trainRows) first');
    checkRows(`${this.name}.${method}(rows)`, rows, this.scale.length);
  }

  transform(rows: readonly (readonly number[])[]): number[][] {
    this.#check('transform', rows);
    return rows.map((row) => Array.from(row, (v, j) => (v - this.offset[j]) / this.scale[j] + this.shift[j]));
  }

  inverseTransform(rows: readonly (readonly number[])[]): number[][] {
    this.#check('inverseTransform', rows);
    return rows.map((row) => Array.from(row, (v, j) => (v - this.shift[j]) * this.scale[j] + this.offset[j]));
  }

  fitTransform(rows: readonly (readonly number[])[]): number[][] {
    return this.fit(rows).transform(rows);
  }
}

/**
 * Standardisation: each feature minus its training mean, divided by its training standard deviation
 * (population, as scikit-learn's `StandardScaler`). A constant feature keeps scale 1 instead of dividing by 0.
 *
 * @example
 * ```ts
 * const scaler = new StandardScaler().fit([[1], [3]]);
 * scaler.transform([[3]]); // [[1]]
 * ```
 */
export class StandardScaler extends AffineScaler {
  protected readonly name = 'StandardScaler';

  /** Per-feature training means (after fit). */
  get mean(): readonly number[] {
    return this.offset;
  }

  /** Per-feature training standard deviations, 1 for constant features (after fit). */
  get std(): readonly number[] {
    return this.scale;
  }

  protected learn({ mean, std }: ReturnType<typeof columnStats>): void {
    this.offset = mean;
    this.scale = std.map((s, j) => (negligible(s, mean[j]) ? 1 : s));
    this.shift = mean.map(() => 0);
  }
}

/**
 * Min-max scaling: maps each feature's training range onto `[low, high]` (default [0, 1]). Test values
 * outside the training range map outside `[low, high]` — they are not clipped, so the shift stays visible.
 */
export class MinMaxScaler extends AffineScaler {
  protected readonly name = 'MinMaxScaler';
  readonly range: readonly [number, number];

  constructor(range: readonly [number, number] = [0, 1]) {
    super();
    if (
      !Array.isArray(range) ||
      range.length !== 2 ||
      !(range[0] < range[1]) ||
      !range.every(Number.isFinite)
    ) {
      fail('new MinMaxScaler(range)', `expected [low, high] with low < high, got ${show(range)}`);
    }
    this.range = [range[0], range[1]];
  }

  protected learn({ min, max }: ReturnType<typeof columnStats>): void {
    const [low, high] = this.range;
    // x' = (x - min)·(high - low)/(max - min) + low: subtracting min first keeps precision for large offsets.
    this.scale = min.map((m, j) =>
      negligible(max[j] - m, Math.max(Math.abs(m), Math.abs(max[j]))) ? 1 : (max[j] - m) / (high - low),
    );
    this.offset = min;
    this.shift = min.map(() => low);
  }
}
