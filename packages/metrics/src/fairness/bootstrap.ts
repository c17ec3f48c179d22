import { Generator, isTensor, type Tensor } from '@plasticity/core';
import { fail, MetricUndefinedError, show } from '../errors';

/** The columns a statistic is computed from: equal-length arrays (or 1-D tensors), resampled together. */
export type BootstrapData = Readonly<Record<string, ArrayLike<unknown> | Tensor>>;

/** A resample of {@link BootstrapData}: plain arrays with the rows drawn with replacement. */
export type Resample<T extends BootstrapData> = {
  [K in keyof T]: T[K] extends ArrayLike<infer V> ? V[] : number[];
};

/** Options of {@link bootstrapCI}. */
export interface BootstrapOptions<T extends BootstrapData> {
  /** Number of resamples; default 1000. */
  nResamples?: number;
  /** Coverage of the interval; default 0.95. */
  confidence?: number;
  /** Seed of the resampling (core's `Generator`); default 0. Same seed, same interval. */
  seed?: number;
  /**
   * Resample within the strata of this column (its values are the strata) so every stratum keeps its size:
   * use the sensitive feature, so that small groups cannot vanish from a resample.
   */
  stratify?: keyof T & string;
}

/** A percentile bootstrap confidence interval. */
export interface BootstrapInterval {
  /** The statistic on the data itself. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  /** Standard deviation of the resampled statistics. */
  readonly standardError: number;
  /** Resamples whose statistic had a value (the interval is computed from these). */
  readonly nResamples: number;
  /** Resamples on which the statistic was undefined (e.g. a group drew no positives), with the first reason. */
  readonly undefinedResamples: number;
  readonly firstUndefinedReason?: string;
}

function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * A percentile bootstrap confidence interval for any statistic of the data — a metric, a group metric, a
 * fairness difference. The rows of every column are resampled together with replacement (within strata
 * when `stratify` is given), the statistic is recomputed on each resample, and the interval is the
 * (1 − confidence)/2 and (1 + confidence)/2 quantiles of the results. Seeded, so reproducible. Resamples on
 * which the statistic is undefined (it throws a `MetricUndefinedError`) are counted and reported, not
 * turned into NaN.
 *
 * @example
 * ```ts
 * const ci = bootstrapCI(
 *   ({ yTrue, yPred }) => accuracy(yTrue, yPred),
 *   { yTrue: [1, 0, 1, 1, 0, 1, 0, 0], yPred: [1, 0, 0, 1, 0, 1, 1, 0] },
 *   { seed: 1, nResamples: 500 },
 * );
 * // ci.estimate 0.75, ci.lower ≤ 0.75 ≤ ci.upper
 * ```
 */
export function bootstrapCI<T extends BootstrapData>(
  statistic: (sample: Resample<T>) => number,
  data: T,
  options?: BootstrapOptions<T>,
): BootstrapInterval {
  const fn = 'bootstrapCI';
  if (typeof statistic !== 'function')
    fail(`${fn}(statistic)`, `expected a function, got ${show(statistic)}`);
  if (data === null || typeof data !== 'object')
    fail(`${fn}(data)`, `expected an object of columns, got ${show(data)}`);
  const nResamples = options?.nResamples ?? 1000;
  const confidence = options?.confidence ?? 0.95;
  const seed = options?.seed ?? 0;
  if (!Number.isInteger(nResamples) || nResamples < 2) {
    fail(`${fn}(options.nResamples)`, `expected an integer ≥ 2, got ${show(nResamples)}`);
  }
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    fail(`${fn}(options.confidence)`, `expected a number in (0, 1), got ${show(confidence)}`);
  }
  const columns = Object.entries(data).map(([name, col]) => {
    const values = isTensor(col) ? Array.from(col.dataSync()) : Array.from(col as ArrayLike<unknown>);
    return [name, values] as const;
  });
  if (columns.length === 0) fail(`${fn}(data)`, 'expected at least one column');
  const n = columns[0][1].length;
  if (n === 0) fail(`${fn}(data.${columns[0][0]})`, 'expected at least one row, got an empty column');
  for (const [name, values] of columns) {
    if (values.length !== n)
      fail(`${fn}(data.${name})`, `expected ${n} rows like data.${columns[0][0]}, got ${values.length}`);
  }
  let strata: number[][] = [Array.from({ length: n }, (_, i) => i)];
  if (options?.stratify !== undefined) {
    const col = columns.find(([name]) => name === options.stratify);
    if (col === undefined)
      fail(
        `${fn}(options.stratify)`,
        `expected a column of data ${show(columns.map(([c]) => c))}, got ${show(options.stratify)}`,
      );
    const byValue = new Map<string, number[]>();
    col[1].forEach((v, i) => {
      const key = String(v);
      if (!byValue.has(key)) byValue.set(key, []);
      byValue.get(key)!.push(i);
    });
    strata = [...byValue.values()];
  }
  const sample = (rows: readonly number[]) =>
    Object.fromEntries(columns.map(([name, values]) => [name, rows.map((i) => values[i])])) as Resample<T>;

  const estimate = statistic(sample(Array.from({ length: n }, (_, i) => i)));
  const g = new Generator(seed);
  const stats: number[] = [];
  let undefinedResamples = 0;
  let firstUndefinedReason: string | undefined;
  for (let b = 0; b < nResamples; b++) {
    const rows: number[] = [];
    for (const s of strata) for (let j = 0; j < s.length; j++) rows.push(s[g.integer(0, s.length)]);
    try {
      const v = statistic(sample(rows));
      if (typeof v !== 'number' || Number.isNaN(v)) {
        fail(
          `${fn}(statistic)`,
          `expected a number, got ${show(v)} on resample ${b} (use zeroDivision 'error' to learn why)`,
        );
      }
      stats.push(v);
    } catch (e) {
      if (!(e instanceof MetricUndefinedError)) throw e;
      undefinedResamples++;
      firstUndefinedReason ??= e.message;
    }
  }
  if (stats.length < 2) {
    throw new MetricUndefinedError(
      fn,
      `the statistic was undefined on ${undefinedResamples} of ${nResamples} resamples, first: ${firstUndefinedReason}`,
    );
  }
  stats.sort((a, b) => a - b);
  const mean = stats.reduce((a, b) => a + b, 0) / stats.length;
  const sd = Math.sqrt(stats.reduce((a, v) => a + (v - mean) ** 2, 0) / (stats.length - 1));
  const alpha = (1 - confidence) / 2;
  const out: BootstrapInterval = {
    estimate,
    lower: quantile(stats, alpha),
    upper: quantile(stats, 1 - alpha),
    confidence,
    standardError: sd,
    nResamples: stats.length,
    undefinedResamples,
  };
  return firstUndefinedReason === undefined ? out : { ...out, firstUndefinedReason };
}
