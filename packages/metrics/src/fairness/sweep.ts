import { fail, show } from '../errors';
import { type LabelInput, type NumberInput, toNumbers } from '../input';
import type { SensitiveFeatures } from './groups';
import { type DisparityMethod, disparity, type GroupResult } from './metric-frame';
import { readScoredGroups } from './scored';

/** Options of {@link thresholdSweep}. */
export interface ThresholdSweepOptions {
  yTrue: LabelInput;
  /** Higher means more likely positive; a sample is predicted positive when score ≥ threshold. */
  scores: NumberInput;
  sensitiveFeatures: SensitiveFeatures;
  /** Thresholds to evaluate; default the distinct scores (thinned evenly to at most `maxThresholds`). */
  thresholds?: NumberInput;
  /** Default 101. */
  maxThresholds?: number;
  /** Default `'between_groups'`; see {@link DisparityMethod}. */
  method?: DisparityMethod;
  /** The positive label of `yTrue`; default 1. */
  posLabel?: number | string | boolean;
}

/** A group's rates at one threshold. */
export interface SweepGroupPoint {
  readonly selectionRate: number;
  readonly accuracy: number;
  readonly truePositiveRate: number;
  readonly falsePositiveRate: number;
  readonly falseNegativeRate: number;
  /** `null` when the group has nobody predicted positive at this threshold (PPV has no value then). */
  readonly positivePredictiveValue: number | null;
}

/** Accuracy and every fairness measure at one threshold. */
export interface SweepPoint {
  readonly threshold: number;
  readonly accuracy: number;
  readonly selectionRate: number;
  readonly byGroup: Readonly<Record<string, SweepGroupPoint>>;
  readonly demographicParityDifference: number;
  /** `null` when the ratio's denominator is 0 (e.g. nobody selected). */
  readonly demographicParityRatio: number | null;
  readonly equalizedOddsDifference: number;
  readonly equalOpportunityDifference: number;
  readonly falsePositiveRateDifference: number;
  readonly falseNegativeRateDifference: number;
  /** `null` when some group's PPV has no value at this threshold. */
  readonly predictiveParityDifference: number | null;
}

/** The result of {@link thresholdSweep}. */
export interface ThresholdSweep {
  /** Group keys, in order. */
  readonly groups: string[];
  /** Group sizes. */
  readonly sizes: Readonly<Record<string, number>>;
  /** One point per threshold, thresholds increasing. */
  readonly points: SweepPoint[];
}

function thin(values: readonly number[], max: number): number[] {
  if (values.length <= max) return values.slice();
  return Array.from({ length: max }, (_, i) => values[Math.round((i * (values.length - 1)) / (max - 1))]);
}

/**
 * Evaluates one threshold for everyone at a time and reports accuracy and each fairness measure, overall
 * and per group — the data of a live accuracy/fairness trade-off chart. Every group needs positive and
 * negative labels (its TPR and FPR must exist); otherwise a `MetricUndefinedError` names the group.
 *
 * @example
 * ```ts
 * const sweep = thresholdSweep({
 *   yTrue: [0, 1, 1, 0, 1, 0],
 *   scores: [0.2, 0.9, 0.6, 0.4, 0.7, 0.1],
 *   sensitiveFeatures: ['a', 'a', 'a', 'b', 'b', 'b'],
 *   thresholds: [0.5],
 * });
 * sweep.points[0].byGroup.a.selectionRate; // 2/3
 * ```
 */
export function thresholdSweep(options: ThresholdSweepOptions): ThresholdSweep {
  const fn = 'thresholdSweep';
  if (options === null || typeof options !== 'object')
    fail(`${fn}(options)`, `expected an object, got ${show(options)}`);
  const data = readScoredGroups(
    fn,
    options.yTrue,
    options.scores,
    options.sensitiveFeatures,
    options.posLabel,
    {
      positives: true,
      negatives: true,
    },
  );
  const maxThresholds = options.maxThresholds ?? 101;
  if (!Number.isInteger(maxThresholds) || maxThresholds < 2) {
    fail(`${fn}(options.maxThresholds)`, `expected an integer ≥ 2, got ${show(maxThresholds)}`);
  }
  const thresholds =
    options.thresholds === undefined
      ? thin(
          [...new Set(data.scores)].sort((a, b) => a - b),
          maxThresholds,
        )
      : toNumbers(options.thresholds, fn, 'options.thresholds').sort((a, b) => a - b);
  const method = options.method ?? 'between_groups';
  const n = data.scores.length;
  const keys = data.groups.map((g) => g.key);
  const positivesAll = data.positive.filter(Boolean).length;

  const points = thresholds.map((threshold): SweepPoint => {
    let correctAll = 0;
    let selectedAll = 0;
    let tpAll = 0;
    const byGroup: Record<string, SweepGroupPoint> = {};
    const rows: GroupResult<'sel' | 'tpr' | 'fpr' | 'fnr' | 'ppv'>[] = [];
    let ppvDefined = true;
    for (const g of data.groups) {
      let tp = 0;
      let fp = 0;
      for (const i of g.indices) {
        if (data.scores[i] >= threshold) {
          if (data.positive[i]) tp++;
          else fp++;
        }
      }
      const size = g.indices.length;
      const tn = g.negatives - fp;
      correctAll += tp + tn;
      selectedAll += tp + fp;
      tpAll += tp;
      const point: SweepGroupPoint = {
        selectionRate: (tp + fp) / size,
        accuracy: (tp + tn) / size,
        truePositiveRate: tp / g.positives,
        falsePositiveRate: fp / g.negatives,
        falseNegativeRate: 1 - tp / g.positives,
        positivePredictiveValue: tp + fp === 0 ? null : tp / (tp + fp),
      };
      if (point.positivePredictiveValue === null) ppvDefined = false;
      byGroup[g.key] = point;
      rows.push({
        key: g.key,
        levels: {},
        size,
        small: false,
        values: {
          sel: point.selectionRate,
          tpr: point.truePositiveRate,
          fpr: point.falsePositiveRate,
          fnr: point.falseNegativeRate,
          ppv: point.positivePredictiveValue ?? 0,
        },
      });
    }
    const fpAll = selectedAll - tpAll;
    const overall = {
      sel: selectedAll / n,
      tpr: tpAll / positivesAll,
      fpr: fpAll / (n - positivesAll),
      fnr: 1 - tpAll / positivesAll,
      ppv: selectedAll === 0 ? 0 : tpAll / selectedAll,
    };
    const names = ['sel', 'tpr', 'fpr', 'fnr', 'ppv'] as const;
    const diff = disparity('difference', method, [...names], overall, rows, data.grouping, {});
    const ratio = disparity('ratio', method, ['sel'], overall, rows, data.grouping, { zeroDivision: 'nan' });
    const signed = typeof method === 'object';
    return {
      threshold,
      accuracy: correctAll / n,
      selectionRate: selectedAll / n,
      byGroup,
      demographicParityDifference: diff.sel,
      demographicParityRatio: Number.isNaN(ratio.sel) ? null : ratio.sel,
      equalizedOddsDifference:
        !signed || Math.abs(diff.tpr) >= Math.abs(diff.fpr)
          ? signed
            ? diff.tpr
            : Math.max(diff.tpr, diff.fpr)
          : diff.fpr,
      equalOpportunityDifference: diff.tpr,
      falsePositiveRateDifference: diff.fpr,
      falseNegativeRateDifference: diff.fnr,
      predictiveParityDifference: ppvDefined ? diff.ppv : null,
    };
  });
  return {
    groups: keys,
    sizes: Object.fromEntries(data.groups.map((g) => [g.key, g.indices.length])),
    points,
  };
}
