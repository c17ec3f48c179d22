import type { BinaryOptions } from '../classification/confusion';
import { accuracy } from '../classification/scores';
import { fail, show } from '../errors';
import type { LabelInput, NumberInput } from '../input';
import type { UndefinedOptions } from '../zero-division';
import type { SensitiveFeatures } from './groups';
import { type DisparityMethod, type MetricFn, type MetricFrame, metricFrame } from './metric-frame';
import {
  baseRate,
  falseNegativeRate,
  falsePositiveRate,
  negativePredictiveValue,
  positivePredictiveValue,
  selectionRate,
  trueNegativeRate,
  truePositiveRate,
} from './rates';

/** Options of the fairness measures that only need predictions (demographic parity, disparate impact). */
export interface PredictionFairnessOptions extends UndefinedOptions {
  /** Predicted labels. */
  yPred: LabelInput;
  /** True labels; not needed by selection-rate measures. */
  yTrue?: LabelInput;
  sensitiveFeatures: SensitiveFeatures;
  /** Default `'between_groups'` (unsigned max − min, Fairlearn); see {@link DisparityMethod}. */
  method?: DisparityMethod;
  /** The positive (favourable) prediction; default 1. */
  posLabel?: number | string | boolean;
  sampleWeight?: NumberInput;
  /** Groups smaller than this are flagged in the frame (default 30). */
  minGroupSize?: number;
}

/** Options of the fairness measures that compare error rates, which need the true labels. */
export interface FairnessOptions extends PredictionFairnessOptions {
  yTrue: LabelInput;
}

function binary(
  metric: (t: LabelInput, p: LabelInput, o?: BinaryOptions) => number,
  posLabel: BinaryOptions['posLabel'],
): MetricFn {
  return (t, p, o) => metric(t, p, { ...o, posLabel });
}

function frameOf<K extends string>(
  fn: string,
  options: PredictionFairnessOptions,
  metrics: Record<K, MetricFn>,
): MetricFrame<K> {
  if (options === null || typeof options !== 'object')
    fail(`${fn}(options)`, `expected an object, got ${show(options)}`);
  return metricFrame({
    metrics,
    yTrue: options.yTrue ?? options.yPred,
    yPred: options.yPred,
    sensitiveFeatures: options.sensitiveFeatures,
    zeroDivision: options.zeroDivision,
    onUndefined: options.onUndefined,
    sampleWeight: options.sampleWeight,
    minGroupSize: options.minGroupSize,
  });
}

function needTrue(fn: string, options: PredictionFairnessOptions): void {
  if (options?.yTrue === undefined)
    fail(`${fn}(options.yTrue)`, 'expected the true labels: this measure compares error rates');
}

/**
 * Demographic parity difference: the gap in selection rate between groups (0 is parity). With the default
 * method, max − min over groups (Fairlearn); with `{ privileged, unprivileged }`, the signed
 * unprivileged − privileged (AIF360's statistical parity difference).
 *
 * @example
 * ```ts
 * demographicParityDifference({ yPred: [1, 1, 0, 1, 0, 0], sensitiveFeatures: ['a', 'a', 'a', 'b', 'b', 'b'] });
 * // selection rates a 2/3, b 1/3 → 1/3
 * ```
 */
export function demographicParityDifference(options: PredictionFairnessOptions): number {
  const f = frameOf('demographicParityDifference', options, {
    selectionRate: binary(selectionRate, options?.posLabel),
  });
  return f.difference(options.method).selectionRate;
}

/** Demographic parity ratio: selection rates as a ratio, min / max (or unprivileged / privileged); 1 is parity. */
export function demographicParityRatio(options: PredictionFairnessOptions): number {
  const f = frameOf('demographicParityRatio', options, {
    selectionRate: binary(selectionRate, options?.posLabel),
  });
  return f.ratio(options.method).selectionRate;
}

function oddsFrame(fn: string, options: FairnessOptions) {
  needTrue(fn, options);
  return frameOf(fn, options, {
    truePositiveRate: binary(truePositiveRate, options.posLabel),
    falsePositiveRate: binary(falsePositiveRate, options.posLabel),
  });
}

/**
 * Equalized odds difference: the larger of the TPR gap and the FPR gap between groups (Fairlearn); 0 means
 * equal error rates for positives and negatives alike. With `{ privileged, unprivileged }` it is the
 * signed gap (unprivileged − privileged) of whichever rate differs more.
 */
export function equalizedOddsDifference(options: FairnessOptions): number {
  const d = oddsFrame('equalizedOddsDifference', options).difference(options.method);
  const signed = typeof options.method === 'object';
  if (!signed) return Math.max(d.truePositiveRate, d.falsePositiveRate);
  return Math.abs(d.truePositiveRate) >= Math.abs(d.falsePositiveRate)
    ? d.truePositiveRate
    : d.falsePositiveRate;
}

/**
 * Equalized odds ratio: the smaller of the TPR ratio and the FPR ratio (min / max per rate, Fairlearn);
 * with `{ privileged, unprivileged }`, whichever of the two ratios is further from 1.
 */
export function equalizedOddsRatio(options: FairnessOptions): number {
  const r = oddsFrame('equalizedOddsRatio', options).ratio(options.method);
  const signed = typeof options.method === 'object';
  if (!signed) return Math.min(r.truePositiveRate, r.falsePositiveRate);
  const far = (x: number) => Math.abs(Math.log(x));
  return far(r.truePositiveRate) >= far(r.falsePositiveRate) ? r.truePositiveRate : r.falsePositiveRate;
}

/**
 * Average odds difference (AIF360): the mean of the FPR and TPR differences, ½[(FPR_u − FPR_p) + (TPR_u −
 * TPR_p)] with `{ privileged, unprivileged }`; with the unsigned methods, the mean of the two gaps.
 */
export function averageOddsDifference(options: FairnessOptions): number {
  const d = oddsFrame('averageOddsDifference', options).difference(options.method);
  return (d.truePositiveRate + d.falsePositiveRate) / 2;
}

/**
 * Equal opportunity difference: the gap in true positive rate (recall) between groups — do the truly
 * positive get found equally often? Signed TPR_u − TPR_p with `{ privileged, unprivileged }` (AIF360).
 */
export function equalOpportunityDifference(options: FairnessOptions): number {
  const fn = 'equalOpportunityDifference';
  needTrue(fn, options);
  const f = frameOf(fn, options, { truePositiveRate: binary(truePositiveRate, options.posLabel) });
  return f.difference(options.method).truePositiveRate;
}

/** The result of {@link disparateImpact}. */
export interface DisparateImpact {
  /** Selection-rate ratio: min / max over groups, or unprivileged / privileged. */
  readonly ratio: number;
  /**
   * The four-fifths (80 %) rule of the US EEOC: adverse impact is presumed when a group's selection rate is
   * below 4/5 of another's. Passes when the ratio (or, signed, both it and its inverse) is at least 0.8.
   */
  readonly passesFourFifthsRule: boolean;
  /** Selection rate per group key. */
  readonly selectionRates: Readonly<Record<string, number>>;
}

/**
 * Disparate impact: the ratio of selection rates, checked against the four-fifths rule.
 *
 * @example
 * ```ts
 * const di = disparateImpact({
 *   yPred: [1, 1, 1, 0, 1, 0, 0, 0],
 *   sensitiveFeatures: ['m', 'm', 'm', 'm', 'f', 'f', 'f', 'f'],
 *   method: { privileged: 'm', unprivileged: 'f' },
 * });
 * // rates m 3/4, f 1/4 → ratio 1/3, fails the four-fifths rule
 * ```
 */
export function disparateImpact(options: PredictionFairnessOptions): DisparateImpact {
  const f = frameOf('disparateImpact', options, { selectionRate: binary(selectionRate, options?.posLabel) });
  const ratio = f.ratio(options.method).selectionRate;
  return {
    ratio,
    passesFourFifthsRule: Math.min(ratio, 1 / ratio) >= 0.8,
    selectionRates: Object.fromEntries(f.byGroup.map((g) => [g.key, g.values.selectionRate])),
  };
}

/** The result of {@link predictiveParity}. */
export interface PredictiveParity {
  /** Positive predictive value (precision) per group key. */
  readonly byGroup: Readonly<Record<string, number>>;
  readonly difference: number;
  readonly ratio: number;
}

/**
 * Predictive parity: is a positive prediction equally reliable in every group (equal PPV)? Northpointe's
 * defence of COMPAS rests on it; with unequal base rates it cannot hold together with equal FPR and FNR
 * (see {@link impliedFalsePositiveRate}).
 */
export function predictiveParity(options: FairnessOptions): PredictiveParity {
  const fn = 'predictiveParity';
  needTrue(fn, options);
  const f = frameOf(fn, options, { ppv: binary(positivePredictiveValue, options.posLabel) });
  return {
    byGroup: Object.fromEntries(f.byGroup.map((g) => [g.key, g.values.ppv])),
    difference: f.difference(options.method).ppv,
    ratio: f.ratio(options.method).ppv,
  };
}

/** The names of the per-group rates of {@link groupRates}. */
export type RateName =
  | 'size'
  | 'baseRate'
  | 'selectionRate'
  | 'accuracy'
  | 'truePositiveRate'
  | 'falsePositiveRate'
  | 'trueNegativeRate'
  | 'falseNegativeRate'
  | 'positivePredictiveValue'
  | 'negativePredictiveValue';

/**
 * The confusion-matrix rates of every group as a {@link MetricFrame} — the table of the COMPAS debate:
 * base rate, selection rate, accuracy, TPR, FPR, TNR, FNR, PPV and NPV, overall and per group.
 */
export function groupRates(options: FairnessOptions): MetricFrame<RateName> {
  const fn = 'groupRates';
  needTrue(fn, options);
  const pos = options.posLabel;
  return frameOf(fn, options, {
    size: (t, _p, o) => (o.sampleWeight ? o.sampleWeight.reduce((a, b) => a + b, 0) : t.length),
    baseRate: binary(baseRate, pos),
    selectionRate: binary(selectionRate, pos),
    accuracy: (t, p, o) => accuracy(t, p, o),
    truePositiveRate: binary(truePositiveRate, pos),
    falsePositiveRate: binary(falsePositiveRate, pos),
    trueNegativeRate: binary(trueNegativeRate, pos),
    falseNegativeRate: binary(falseNegativeRate, pos),
    positivePredictiveValue: binary(positivePredictiveValue, pos),
    negativePredictiveValue: binary(negativePredictiveValue, pos),
  });
}
