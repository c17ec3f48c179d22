import { PlasticityError } from '@plasticity/core';

/**
 * Thrown when a metric has no value for the data it was given — recall with no positive labels,
 * precision with no positive predictions, R² of a constant target — instead of returning NaN.
 * The message names the metric, the group (inside fairness tables) and the reason, e.g.
 * `recall is undefined for group 'b': it has no positive labels (0 of 12)`.
 *
 * Pass `zeroDivision: 0 | 1 | 'nan'` to a metric to substitute a value instead; the substitution is then
 * reported to `onUndefined` (and collected in `MetricFrame.warnings`), never silent.
 */
export class MetricUndefinedError extends PlasticityError {
  constructor(
    /** The metric, e.g. `recall`. */
    readonly metric: string,
    /** Why it has no value, e.g. `it has no positive labels (0 of 12)`. */
    readonly reason: string,
    /** The group of a fairness table it was computed for, when there is one. */
    readonly group?: string,
  ) {
    super(metric, reason);
    this.name = 'MetricUndefinedError';
    this.message = `${metric} is undefined${group === undefined ? '' : ` for group '${group}'`}: ${reason}`;
  }

  /** The same error, attributed to a group of a fairness table. */
  inGroup(group: string): MetricUndefinedError {
    return new MetricUndefinedError(this.metric, this.reason, group);
  }
}

/** Throws the library's standard bad-input error: `fn(arg): expected …, got …`. */
export function fail(op: string, detail: string): never {
  throw new PlasticityError(op, detail);
}

/** Formats a value for an error message: strings quoted, arrays shortened. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) {
    const head = value.slice(0, 6).map(show).join(', ');
    return `[${head}${value.length > 6 ? `, … (${value.length} in all)` : ''}]`;
  }
  return String(value);
}
