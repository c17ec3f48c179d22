import { fail, MetricUndefinedError, show } from './errors';

/**
 * What a metric does when it has no value (a 0/0): `'error'` (the default) throws a
 * {@link MetricUndefinedError} naming the metric and the reason; `0`, `1` or `'nan'` substitute that value,
 * like scikit-learn's `zero_division`, and report the substitution to `onUndefined`.
 */
export type ZeroDivision = 'error' | 0 | 1 | 'nan';

/** The options every metric that can be undefined accepts. */
export interface UndefinedOptions {
  /** What to do when the metric is undefined; default `'error'`. */
  zeroDivision?: ZeroDivision;
  /** Told about every substitution made under `zeroDivision: 0 | 1 | 'nan'`. */
  onUndefined?: (warning: MetricUndefinedError) => void;
}

const ZERO_DIVISION_VALUES: readonly unknown[] = ['error', 0, 1, 'nan'];

export function checkZeroDivision(fn: string, options: UndefinedOptions | undefined): void {
  const z = options?.zeroDivision;
  if (z !== undefined && !ZERO_DIVISION_VALUES.includes(z)) {
    fail(`${fn}(options.zeroDivision)`, `expected 'error', 0, 1 or 'nan', got ${show(z)}`);
  }
}

/** The value of an undefined metric under the caller's policy (or the error it throws). */
export function undefinedValue(
  options: UndefinedOptions | undefined,
  metric: string,
  reason: string,
): number {
  const policy = options?.zeroDivision ?? 'error';
  const error = new MetricUndefinedError(metric, reason);
  if (policy === 'error') throw error;
  options?.onUndefined?.(error);
  return policy === 'nan' ? Number.NaN : policy;
}

/** `num / den`, or the policy's value (with `reason`) when `den` is 0. */
export function divide(
  num: number,
  den: number,
  options: UndefinedOptions | undefined,
  metric: string,
  reason: () => string,
): number {
  return den === 0 ? undefinedValue(options, metric, reason()) : num / den;
}
