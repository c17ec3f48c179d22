import { checkLengths, type NumberInput, toNumbers, toWeights } from './input';
import { checkZeroDivision, type UndefinedOptions, undefinedValue } from './zero-division';

/** Options of the regression metrics. */
export interface RegressionOptions extends UndefinedOptions {
  /** One non-negative weight per sample; default all 1. */
  sampleWeight?: NumberInput;
}

interface Pairs {
  readonly y: number[];
  readonly p: number[];
  readonly w: number[];
  readonly wSum: number;
}

function read(fn: string, yTrue: NumberInput, yPred: NumberInput, options?: RegressionOptions): Pairs {
  checkZeroDivision(fn, options);
  const y = toNumbers(yTrue, fn, 'yTrue');
  const p = toNumbers(yPred, fn, 'yPred');
  checkLengths(fn, ['yTrue', y.length], ['yPred', p.length]);
  const w = toWeights(options?.sampleWeight, fn, y.length);
  return { y, p, w, wSum: w.reduce((a, b) => a + b, 0) };
}

function mean(values: readonly number[], d: Pairs): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += d.w[i] * values[i];
  return s / d.wSum;
}

function variance(values: readonly number[], d: Pairs): number {
  const m = mean(values, d);
  return mean(
    values.map((v) => (v - m) ** 2),
    d,
  );
}

/**
 * Mean squared error, mean (y − ŷ)².
 *
 * @example
 * ```ts
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // (0.25 + 0.25 + 0 + 1) / 4 = 0.375
 * ```
 */
export function meanSquaredError(
  yTrue: NumberInput,
  yPred: NumberInput,
  options?: RegressionOptions,
): number {
  const d = read('meanSquaredError', yTrue, yPred, options);
  return mean(
    d.y.map((y, i) => (y - d.p[i]) ** 2),
    d,
  );
}

/** Root mean squared error, √MSE, in the units of the target. */
export function rootMeanSquaredError(
  yTrue: NumberInput,
  yPred: NumberInput,
  options?: RegressionOptions,
): number {
  const d = read('rootMeanSquaredError', yTrue, yPred, options);
  return Math.sqrt(
    mean(
      d.y.map((y, i) => (y - d.p[i]) ** 2),
      d,
    ),
  );
}

/**
 * Mean absolute error, mean |y − ŷ|.
 *
 * @example
 * ```ts
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // (0.5 + 0.5 + 0 + 1) / 4 = 0.5
 * ```
 */
export function meanAbsoluteError(
  yTrue: NumberInput,
  yPred: NumberInput,
  options?: RegressionOptions,
): number {
  const d = read('meanAbsoluteError', yTrue, yPred, options);
  return mean(
    d.y.map((y, i) => Math.abs(y - d.p[i])),
    d,
  );
}

/**
 * Coefficient of determination, R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²: 1 is perfect, 0 is as good as predicting
 * the mean, negative is worse. Undefined (see `zeroDivision`) for a constant target.
 *
 * @example
 * ```ts
 * // ȳ = 2.875; Σ(y − ȳ)² = 29.1875; Σ(y − ŷ)² = 1.5 → 1 − 1.5 / 29.1875
 * r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // ≈ 0.9486
 * ```
 */
export function r2Score(yTrue: NumberInput, yPred: NumberInput, options?: RegressionOptions): number {
  const fn = 'r2Score';
  const d = read(fn, yTrue, yPred, options);
  const ssTot = variance(d.y, d);
  if (ssTot === 0) {
    return undefinedValue(
      options,
      fn,
      `yTrue is constant (every value is ${d.y[0]}), so there is no variance to explain`,
    );
  }
  const ssRes = mean(
    d.y.map((y, i) => (y - d.p[i]) ** 2),
    d,
  );
  return 1 - ssRes / ssTot;
}

/**
 * Explained variance, 1 − Var(y − ŷ) / Var(y). Like R² but blind to a constant bias in the predictions.
 * Undefined (see `zeroDivision`) for a constant target.
 */
export function explainedVarianceScore(
  yTrue: NumberInput,
  yPred: NumberInput,
  options?: RegressionOptions,
): number {
  const fn = 'explainedVarianceScore';
  const d = read(fn, yTrue, yPred, options);
  const varY = variance(d.y, d);
  if (varY === 0) {
    return undefinedValue(
      options,
      fn,
      `yTrue is constant (every value is ${d.y[0]}), so there is no variance to explain`,
    );
  }
  return (
    1 -
    variance(
      d.y.map((y, i) => y - d.p[i]),
      d,
    ) /
      varY
  );
}

/**
 * Mean absolute percentage error, mean |y − ŷ| / |y|, as a fraction (0.1 is 10 %), as scikit-learn.
 * Undefined (see `zeroDivision`) when some target is 0.
 *
 * @example
 * ```ts
 * meanAbsolutePercentageError([100, 200], [110, 180]); // (0.1 + 0.1) / 2 = 0.1
 * ```
 */
export function meanAbsolutePercentageError(
  yTrue: NumberInput,
  yPred: NumberInput,
  options?: RegressionOptions,
): number {
  const fn = 'meanAbsolutePercentageError';
  const d = read(fn, yTrue, yPred, options);
  const zero = d.y.indexOf(0);
  if (zero >= 0) {
    return undefinedValue(options, fn, `yTrue[${zero}] is 0, so its percentage error divides by zero`);
  }
  return mean(
    d.y.map((y, i) => Math.abs(y - d.p[i]) / Math.abs(y)),
    d,
  );
}
