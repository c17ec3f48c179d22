import { resolvePosLabel } from '../classification/confusion';
import { fail, MetricUndefinedError, show } from '../errors';
import { type LabelInput, resolveClasses, toLabels } from '../input';
import { groupBy, type SensitiveFeatures } from './groups';
import { type DisparityMethod, disparity, type GroupResult } from './metric-frame';

/** Options of {@link reweighing}. */
export interface ReweighingOptions {
  yTrue: LabelInput;
  sensitiveFeatures: SensitiveFeatures;
  /** The favourable label; default 1. */
  posLabel?: number | string | boolean;
  /** How the base-rate gap is reported; default `'between_groups'`. See {@link DisparityMethod}. */
  method?: DisparityMethod;
}

/** The weight of one (group, label) cell. */
export interface ReweighingCell {
  readonly group: string;
  /** Whether the cell holds the positive (favourable) label. */
  readonly positive: boolean;
  readonly count: number;
  /** w(g, y) = P(g)·P(y) / P(g, y). */
  readonly weight: number;
}

/** Base rates of the labels per group, and their disparity. */
export interface BaseRateReport {
  /** Fraction (weighted, after) of positive labels per group. */
  readonly baseRates: Readonly<Record<string, number>>;
  /** Disparity of the base rates (AIF360's statistical parity difference of the dataset). */
  readonly difference: number;
}

/** The result of {@link reweighing}. */
export interface ReweighingResult {
  /** One weight per sample, to pass as `sampleWeight` when training or evaluating. */
  readonly weights: number[];
  readonly cells: ReweighingCell[];
  /** Unweighted base rates. */
  readonly before: BaseRateReport;
  /** Base rates under the weights: all equal to the overall base rate. */
  readonly after: BaseRateReport;
}

/**
 * Pre-processing mitigation (Kamiran & Calders 2012): weight every sample of group g with label y by
 * w(g, y) = P(g)·P(y) / P(g, y), the ratio of the count expected if label and group were independent to
 * the count observed. Under these weights every group has the overall base rate, so a learner trained with
 * them no longer sees the association between group and label; labels and features are left untouched.
 * Every group needs both labels (else no weight can equalise it: the error names the group).
 *
 * @example
 * ```ts
 * const r = reweighing({ yTrue: [1, 1, 1, 0, 1, 0, 0, 0], sensitiveFeatures: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'] });
 * r.before.baseRates; // { a: 0.75, b: 0.25 }
 * r.after.baseRates; // { a: 0.5, b: 0.5 }
 * ```
 */
export function reweighing(options: ReweighingOptions): ReweighingResult {
  const fn = 'reweighing';
  if (options === null || typeof options !== 'object')
    fail(`${fn}(options)`, `expected an object, got ${show(options)}`);
  const t = toLabels(options.yTrue, fn, 'options.yTrue');
  const pos = resolvePosLabel(fn, resolveClasses(fn, undefined, ['options.yTrue', t]), options.posLabel);
  const positive = t.map((l) => l === pos);
  const n = t.length;
  const grouping = groupBy(fn, options.sensitiveFeatures, n);
  const totalPositive = positive.filter(Boolean).length;
  if (totalPositive === 0 || totalPositive === n) {
    fail(
      `${fn}(options.yTrue)`,
      `expected both labels, got ${totalPositive === 0 ? 'no' : 'only'} positive labels`,
    );
  }
  const weights = new Array<number>(n).fill(0);
  const cells: ReweighingCell[] = [];
  const groups = grouping.groups.filter((g) => g.indices.length > 0);
  for (const g of groups) {
    const pg = g.indices.length / n;
    for (const isPos of [true, false]) {
      const members = g.indices.filter((i) => positive[i] === isPos);
      if (members.length === 0) {
        throw new MetricUndefinedError(
          'reweighing',
          `it has no ${isPos ? 'positive' : 'negative'} labels (0 of ${g.indices.length}), so no weight can give it the overall base rate`,
          g.key,
        );
      }
      const py = (isPos ? totalPositive : n - totalPositive) / n;
      const weight = (pg * py) / (members.length / n);
      for (const i of members) weights[i] = weight;
      cells.push({ group: g.key, positive: isPos, count: members.length, weight });
    }
  }
  const report = (w: readonly number[]): BaseRateReport => {
    const rows: GroupResult<'baseRate'>[] = groups.map((g) => {
      let num = 0;
      let den = 0;
      for (const i of g.indices) {
        den += w[i];
        if (positive[i]) num += w[i];
      }
      return {
        key: g.key,
        levels: g.levels,
        size: g.indices.length,
        small: false,
        values: { baseRate: num / den },
      };
    });
    const overall = { baseRate: totalPositive / n };
    return {
      baseRates: Object.fromEntries(rows.map((r) => [r.key, r.values.baseRate])),
      difference: disparity(
        'difference',
        options.method ?? 'between_groups',
        ['baseRate'],
        overall,
        rows,
        grouping,
        {},
      ).baseRate,
    };
  };
  return { weights, cells, before: report(new Array<number>(n).fill(1)), after: report(weights) };
}
