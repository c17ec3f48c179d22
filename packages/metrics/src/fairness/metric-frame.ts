import { fail, MetricUndefinedError, show } from '../errors';
import { checkLengths, type Label, type LabelInput, type NumberInput, toLabels, toWeights } from '../input';
import {
  checkZeroDivision,
  type UndefinedOptions,
  undefinedValue,
  type ZeroDivision,
} from '../zero-division';
import { type Grouping, type GroupRef, groupBy, resolveGroup, type SensitiveFeatures } from './groups';

/** What a metric receives from {@link metricFrame}, besides the group's labels and predictions. */
export interface MetricCallOptions {
  zeroDivision?: ZeroDivision;
  onUndefined?: (warning: MetricUndefinedError) => void;
  /** The group's sample weights, when the frame was given `sampleWeight`. */
  sampleWeight?: number[];
}

/**
 * A metric a frame can evaluate: every metric of this package fits (`accuracy`, `recall`, `rocAuc`, …);
 * for other options wrap it, e.g. `(t, p, o) => precision(t, p, { ...o, posLabel: 'yes' })`.
 */
export type MetricFn = (
  yTrue: Label[],
  // Labels for most metrics, numbers for ranking metrics (rocAuc): typed loosely so both kinds fit.
  yPred: any[],
  options: MetricCallOptions,
) => number;

/**
 * How group values are reduced to one disparity number:
 * - `'between_groups'` (default; Fairlearn): unsigned, max − min over all groups, and min / max;
 * - `'to_overall'` (Fairlearn): the largest |group − overall|, and the smallest group/overall ratio (≤ 1);
 * - `{ privileged, unprivileged }` (AIF360): signed, unprivileged − privileged and unprivileged / privileged
 *   between two declared groups — negative when the unprivileged group gets less of the metric.
 */
export type DisparityMethod =
  | 'between_groups'
  | 'to_overall'
  | { privileged: GroupRef; unprivileged: GroupRef };

/** A group's row of a {@link MetricFrame}. */
export interface GroupResult<K extends string> {
  readonly key: string;
  readonly levels: Readonly<Record<string, string>>;
  /** Number of samples in the group. */
  readonly size: number;
  /** True when the group has fewer than `minGroupSize` samples: its values are noisy. */
  readonly small: boolean;
  readonly values: Readonly<Record<K, number>>;
}

/** A group flagged as too small to trust (or empty: an intersection nobody belongs to). */
export interface FlaggedGroup {
  readonly key: string;
  readonly levels: Readonly<Record<string, string>>;
  readonly size: number;
  readonly reason: string;
}

/** Metrics evaluated overall and per group, as Fairlearn's `MetricFrame`. */
export interface MetricFrame<K extends string> {
  readonly metrics: K[];
  /** Names of the sensitive features (`'group'` for a single unnamed array). */
  readonly features: string[];
  readonly overall: Readonly<Record<K, number>>;
  /** Non-empty groups, in order of levels (empty intersections are only in `flagged`). */
  readonly byGroup: GroupResult<K>[];
  readonly groupMin: Readonly<Record<K, number>>;
  readonly groupMax: Readonly<Record<K, number>>;
  /** Groups smaller than `minGroupSize`, empty intersections included, with their size. */
  readonly flagged: FlaggedGroup[];
  /** Every value substituted under `zeroDivision: 0 | 1 | 'nan'`, with its group and reason. */
  readonly warnings: MetricUndefinedError[];
  /** The row of one group. */
  group(ref: GroupRef): GroupResult<K>;
  /** Disparity per metric as a difference (see {@link DisparityMethod}). */
  difference(method?: DisparityMethod): Record<K, number>;
  /** Disparity per metric as a ratio (see {@link DisparityMethod}); 1 means parity. */
  ratio(method?: DisparityMethod): Record<K, number>;
}

/** Options of {@link metricFrame}. */
export interface MetricFrameOptions<K extends string> extends UndefinedOptions {
  metrics: Readonly<Record<K, MetricFn>>;
  yTrue: LabelInput;
  /** Predicted labels, or scores for a ranking metric such as `rocAuc`. */
  yPred: LabelInput;
  sensitiveFeatures: SensitiveFeatures;
  /** Groups with fewer samples are flagged (not dropped); default 30, a common rule of thumb. 0 disables. */
  minGroupSize?: number;
  /** One non-negative weight per sample, passed to each metric as its group's `sampleWeight`. */
  sampleWeight?: NumberInput;
}

/** Default `minGroupSize` of fairness tables. */
export const DEFAULT_MIN_GROUP_SIZE = 30;

function pick<T>(values: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => values[i]);
}

/**
 * Evaluates metrics overall and for every group of one or several sensitive features (intersections when
 * several), in the spirit of Fairlearn's `MetricFrame`. Groups below `minGroupSize` and empty
 * intersections are flagged with their size. A metric undefined for a group throws a
 * {@link MetricUndefinedError} naming the metric, the group and why — unless `zeroDivision` substitutes
 * a value, which is then listed in `warnings`.
 *
 * @example
 * ```ts
 * const frame = metricFrame({
 *   metrics: { accuracy, selectionRate },
 *   yTrue: [1, 0, 1, 0, 1, 1],
 *   yPred: [1, 0, 0, 0, 1, 1],
 *   sensitiveFeatures: { sex: ['F', 'F', 'F', 'M', 'M', 'M'] },
 * });
 * frame.byGroup.map((g) => [g.key, g.values.selectionRate]); // [['F', 1/3], ['M', 2/3]]
 * frame.difference().selectionRate; // 1/3
 * ```
 */
export function metricFrame<K extends string>(options: MetricFrameOptions<K>): MetricFrame<K> {
  const fn = 'metricFrame';
  if (options === null || typeof options !== 'object')
    fail(`${fn}(options)`, `expected an object, got ${show(options)}`);
  checkZeroDivision(fn, options);
  const metricEntries = Object.entries(options.metrics ?? {}) as [K, MetricFn][];
  if (metricEntries.length === 0)
    fail(`${fn}(options.metrics)`, 'expected at least one named metric function');
  for (const [name, m] of metricEntries) {
    if (typeof m !== 'function')
      fail(`${fn}(options.metrics.${name})`, `expected a function, got ${show(m)}`);
  }
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  if (!(Number.isInteger(minGroupSize) && minGroupSize >= 0)) {
    fail(`${fn}(options.minGroupSize)`, `expected an integer ≥ 0, got ${show(minGroupSize)}`);
  }
  const yTrue = toLabels(options.yTrue, fn, 'options.yTrue');
  const yPred = toLabels(options.yPred, fn, 'options.yPred');
  checkLengths(fn, ['options.yTrue', yTrue.length], ['options.yPred', yPred.length]);
  const weights =
    options.sampleWeight === undefined ? undefined : toWeights(options.sampleWeight, fn, yTrue.length);
  const grouping = groupBy(fn, options.sensitiveFeatures, yTrue.length);
  const warnings: MetricUndefinedError[] = [];
  const zeroDivision = options.zeroDivision;

  const evaluate = (indices: readonly number[] | null, group: string | undefined): Record<K, number> => {
    const t = indices === null ? yTrue : pick(yTrue, indices);
    const p = indices === null ? yPred : pick(yPred, indices);
    const w = weights === undefined ? undefined : indices === null ? weights : pick(weights, indices);
    const call: MetricCallOptions = {
      zeroDivision,
      onUndefined: (warning) => {
        const attributed = group === undefined ? warning : warning.inGroup(group);
        warnings.push(attributed);
        options.onUndefined?.(attributed);
      },
    };
    if (w !== undefined) call.sampleWeight = w;
    const out = {} as Record<K, number>;
    for (const [name, metric] of metricEntries) {
      try {
        out[name] = metric(t, p, call);
      } catch (e) {
        if (e instanceof MetricUndefinedError && group !== undefined) throw e.inGroup(group);
        throw e;
      }
    }
    return out;
  };

  const overall = evaluate(null, undefined);
  const flagged: FlaggedGroup[] = [];
  const byGroup: GroupResult<K>[] = [];
  for (const g of grouping.groups) {
    const size = g.indices.length;
    if (size < minGroupSize || size === 0) {
      flagged.push({
        key: g.key,
        levels: g.levels,
        size,
        reason:
          size === 0
            ? 'empty: no sample has this combination of levels, so it has no metric values'
            : `small: ${size} sample${size === 1 ? '' : 's'}, fewer than minGroupSize ${minGroupSize}; its values are noisy`,
      });
    }
    if (size === 0) continue;
    byGroup.push({
      key: g.key,
      levels: g.levels,
      size,
      small: size < minGroupSize,
      values: evaluate(g.indices, g.key),
    });
  }
  const names = metricEntries.map(([name]) => name);
  const reduce = (f: (values: number[]) => number) =>
    Object.fromEntries(names.map((name) => [name, f(byGroup.map((g) => g.values[name]))])) as Record<
      K,
      number
    >;

  return {
    metrics: names,
    features: grouping.features,
    overall,
    byGroup,
    groupMin: reduce((v) => Math.min(...v)),
    groupMax: reduce((v) => Math.max(...v)),
    flagged,
    warnings,
    group(ref) {
      const key = resolveGroup('MetricFrame.group', 'ref', grouping, ref);
      const row = byGroup.find((g) => g.key === key);
      if (row === undefined)
        fail('MetricFrame.group(ref)', `group ${show(key)} is empty: no sample belongs to it`);
      return row;
    },
    difference(method) {
      return disparity('difference', method ?? 'between_groups', names, overall, byGroup, grouping, options);
    },
    ratio(method) {
      return disparity('ratio', method ?? 'between_groups', names, overall, byGroup, grouping, options);
    },
  };
}

export function disparity<K extends string>(
  kind: 'difference' | 'ratio',
  method: DisparityMethod,
  names: K[],
  overall: Record<K, number>,
  byGroup: GroupResult<K>[],
  grouping: Grouping,
  options: UndefinedOptions,
): Record<K, number> {
  const fn = `MetricFrame.${kind}`;
  const out = {} as Record<K, number>;
  const undefinedRatio = (name: string, reason: string) => undefinedValue(options, `${name} ${kind}`, reason);
  const ratio = (name: string, a: number, b: number, what: string) => {
    if (a < 0 || b < 0)
      fail(`${fn}(method)`, `ratios need non-negative metric values, got ${name} ${a} and ${b}`);
    return b === 0 ? undefinedRatio(name, `${what} is 0, so the ratio divides by zero`) : a / b;
  };
  if (typeof method === 'object' && method !== null) {
    const priv = resolveGroup(fn, 'method.privileged', grouping, method.privileged);
    const unpriv = resolveGroup(fn, 'method.unprivileged', grouping, method.unprivileged);
    if (priv === unpriv) fail(`${fn}(method)`, `expected two different groups, got ${show(priv)} twice`);
    const row = (key: string) => {
      const r = byGroup.find((g) => g.key === key);
      if (r === undefined) fail(`${fn}(method)`, `group ${show(key)} is empty: no sample belongs to it`);
      return r;
    };
    const p = row(priv);
    const u = row(unpriv);
    for (const name of names) {
      out[name] =
        kind === 'difference'
          ? u.values[name] - p.values[name]
          : ratio(name, u.values[name], p.values[name], `the privileged group ${show(priv)}'s ${name}`);
    }
    return out;
  }
  if (method !== 'between_groups' && method !== 'to_overall') {
    fail(
      `${fn}(method)`,
      `expected 'between_groups', 'to_overall' or { privileged, unprivileged }, got ${show(method)}`,
    );
  }
  for (const name of names) {
    const values = byGroup.map((g) => g.values[name]);
    if (method === 'between_groups') {
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      out[name] = kind === 'difference' ? hi - lo : ratio(name, lo, hi, `the largest group ${name}`);
    } else {
      const o = overall[name];
      if (kind === 'difference') {
        out[name] = Math.max(...values.map((v) => Math.abs(v - o)));
      } else {
        out[name] = Math.min(
          ...values.map((v) =>
            v === o
              ? 1
              : v < o
                ? ratio(name, v, o, `the overall ${name}`)
                : ratio(name, o, v, `a group's ${name}`),
          ),
        );
      }
    }
  }
  return out;
}
