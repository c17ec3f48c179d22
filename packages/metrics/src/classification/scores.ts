import { fail, show } from '../errors';
import type { Label, LabelInput } from '../input';
import { checkZeroDivision, divide, type UndefinedOptions } from '../zero-division';
import {
  type BinaryCounts,
  type BinaryOptions,
  countMatrix,
  type LabelData,
  type LabelOptions,
  readLabelPair,
  resolvePosLabel,
} from './confusion';

/**
 * How per-class scores are combined: `'binary'` reports the positive class only; `'micro'` pools the
 * counts of every class (for single-label multiclass this equals accuracy); `'macro'` is the unweighted
 * mean over classes; `'weighted'` weights each class by its support (number of true samples).
 */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

/** Options of precision, recall and the F-scores. */
export interface AveragedOptions extends BinaryOptions {
  /** Default `'binary'`. */
  average?: Average;
}

/** Options of {@link fbetaScore}. */
export interface FBetaOptions extends AveragedOptions {
  /** Weight of recall relative to precision (β = 2 counts recall twice as much); β ≥ 0. */
  beta: number;
}

/**
 * Fraction of correct predictions (weighted by `sampleWeight` when given).
 *
 * @example
 * ```ts
 * accuracy([0, 1, 1, 0], [0, 1, 0, 0]); // 0.75
 * ```
 */
export function accuracy(yTrue: LabelInput, yPred: LabelInput, options?: LabelOptions): number {
  const d = readLabelPair('accuracy', yTrue, yPred, options);
  let right = 0;
  let total = 0;
  for (let i = 0; i < d.yTrue.length; i++) {
    total += d.weights[i];
    if (d.yTrue[i] === d.yPred[i]) right += d.weights[i];
  }
  return right / total;
}

/** Options of {@link balancedAccuracy}. */
export interface BalancedAccuracyOptions extends LabelOptions, UndefinedOptions {
  /** Rescale so that chance level (1/K) scores 0 and a perfect classifier 1. */
  adjusted?: boolean;
}

/**
 * Balanced accuracy: the mean recall over the classes present in `yTrue` (classes with no true samples
 * have no recall and are left out), so a majority-class predictor scores 1/K, not the majority share.
 *
 * @example
 * ```ts
 * balancedAccuracy([0, 0, 0, 1], [0, 0, 0, 0]); // (1 + 0) / 2 = 0.5, while accuracy is 0.75
 * ```
 */
export function balancedAccuracy(
  yTrue: LabelInput,
  yPred: LabelInput,
  options?: BalancedAccuracyOptions,
): number {
  const fn = 'balancedAccuracy';
  checkZeroDivision(fn, options);
  const d = readLabelPair(fn, yTrue, yPred, options);
  return balancedAccuracyFromMatrix(d.classes, countMatrix(d), options);
}

/** Balanced accuracy of a confusion matrix. */
export function balancedAccuracyFromMatrix(
  classes: readonly Label[],
  m: number[][],
  options?: BalancedAccuracyOptions,
): number {
  let sum = 0;
  let present = 0;
  for (let i = 0; i < m.length; i++) {
    const support = m[i].reduce((a, b) => a + b, 0);
    if (support === 0) continue;
    sum += m[i][i] / support;
    present++;
  }
  const score = sum / present;
  if (!options?.adjusted) return score;
  const chance = 1 / present;
  return divide(
    score - chance,
    1 - chance,
    options,
    'balancedAccuracy(adjusted)',
    () =>
      `yTrue has a single class (${show(classes.find((_, i) => m[i].some((v) => v > 0)))}), so chance level is already 1`,
  );
}

function total(c: BinaryCounts): number {
  return c.tp + c.fp + c.tn + c.fn;
}

/** Precision from counts; `subject` phrases what was never predicted, for the error message. */
export function precisionFromCounts(
  c: BinaryCounts,
  options: UndefinedOptions | undefined,
  reason: string,
): number {
  return divide(c.tp, c.tp + c.fp, options, 'precision', () => reason);
}

export function recallFromCounts(
  c: BinaryCounts,
  options: UndefinedOptions | undefined,
  reason: string,
): number {
  return divide(c.tp, c.tp + c.fn, options, 'recall', () => reason);
}

export function fbetaFromCounts(
  c: BinaryCounts,
  beta: number,
  options: UndefinedOptions | undefined,
  metric: string,
  reason: string,
): number {
  const b2 = beta * beta;
  if (beta === Number.POSITIVE_INFINITY) return recallFromCounts(c, options, reason);
  return divide((1 + b2) * c.tp, (1 + b2) * c.tp + b2 * c.fn + c.fp, options, metric, () => reason);
}

/** Which of the three scores. */
export type Which = 'precision' | 'recall' | 'f';

function binaryReason(which: Which, c: BinaryCounts, pos: Label): string {
  const n = total(c);
  if (which === 'precision') return `nothing was predicted positive (0 of ${n} predictions are ${show(pos)})`;
  if (which === 'recall') return `it has no positive labels (0 of ${n})`;
  return `there are no positive labels and no positive predictions (0 of ${n} are ${show(pos)})`;
}

function classReason(which: Which, cls: Label, n: number): string {
  if (which === 'precision') return `no sample was predicted as class ${show(cls)} (0 of ${n})`;
  if (which === 'recall') return `class ${show(cls)} has no true samples (0 of ${n})`;
  return `class ${show(cls)} appears in neither yTrue nor yPred (0 of ${n})`;
}

function scoreOf(
  which: Which,
  c: BinaryCounts,
  beta: number,
  options: UndefinedOptions | undefined,
  metric: string,
  reason: string,
) {
  if (which === 'precision') return precisionFromCounts(c, options, reason);
  if (which === 'recall') return recallFromCounts(c, options, reason);
  return fbetaFromCounts(c, beta, options, metric, reason);
}

/** Per-class one-vs-rest counts from a confusion matrix. */
export function perClassCounts(m: number[][]): BinaryCounts[] {
  const k = m.length;
  let n = 0;
  for (const row of m) for (const v of row) n += v;
  return m.map((row, i) => {
    const tp = row[i];
    const support = row.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let r = 0; r < k; r++) predicted += m[r][i];
    return { tp, fp: predicted - tp, fn: support - tp, tn: n - support - predicted + tp };
  });
}

function averaged(
  fn: string,
  which: Which,
  yTrue: LabelInput,
  yPred: LabelInput,
  beta: number,
  options?: AveragedOptions,
) {
  checkZeroDivision(fn, options);
  const d: LabelData = readLabelPair(fn, yTrue, yPred, options);
  return averageFromMatrix(fn, which, d.classes, countMatrix(d), beta, options);
}

/** Binary counts of the class `pos` (one-vs-rest) from a confusion matrix. */
export function binaryFromMatrix(classes: readonly Label[], m: number[][], pos: Label): BinaryCounts {
  const j = classes.indexOf(pos);
  let n = 0;
  for (const row of m) for (const v of row) n += v;
  if (j < 0) return { tp: 0, fp: 0, tn: n, fn: 0 };
  return perClassCounts(m)[j];
}

/** Precision, recall or F-beta of a confusion matrix under an averaging mode. */
export function averageFromMatrix(
  fn: string,
  which: Which,
  classes: readonly Label[],
  m: number[][],
  beta: number,
  options?: AveragedOptions,
): number {
  const average = options?.average ?? 'binary';
  const metric = which === 'f' ? fn : which;
  if (average === 'binary') {
    const pos = resolvePosLabel(fn, classes, options?.posLabel);
    const c = binaryFromMatrix(classes, m, pos);
    return scoreOf(which, c, beta, options, metric, binaryReason(which, c, pos));
  }
  if (options?.posLabel !== undefined) {
    fail(`${fn}(options.posLabel)`, `is only used with average 'binary', got average ${show(average)}`);
  }
  const counts = perClassCounts(m);
  const n = total(counts[0]);
  if (average === 'micro') {
    const pooled = counts.reduce((a, c) => ({
      tp: a.tp + c.tp,
      fp: a.fp + c.fp,
      tn: a.tn + c.tn,
      fn: a.fn + c.fn,
    }));
    return scoreOf(
      which,
      pooled,
      beta,
      options,
      metric,
      `there are no samples among the classes (0 of ${n})`,
    );
  }
  if (average !== 'macro' && average !== 'weighted') {
    fail(`${fn}(options.average)`, `expected 'binary', 'micro', 'macro' or 'weighted', got ${show(average)}`);
  }
  let sum = 0;
  let weightSum = 0;
  counts.forEach((c, i) => {
    const w = average === 'macro' ? 1 : c.tp + c.fn;
    if (w === 0) return;
    sum += w * scoreOf(which, c, beta, options, metric, classReason(which, classes[i], n));
    weightSum += w;
  });
  return divide(
    sum,
    weightSum,
    options,
    metric,
    () => 'no class has any true samples, so support weights are all 0',
  );
}

/**
 * Precision, TP / (TP + FP): of the samples predicted positive, the fraction that are. Undefined (see
 * `zeroDivision`) when nothing is predicted positive.
 *
 * @example
 * ```ts
 * precision([1, 1, 0, 0], [1, 0, 1, 1]); // 1 / 3
 * ```
 */
export function precision(yTrue: LabelInput, yPred: LabelInput, options?: AveragedOptions): number {
  return averaged('precision', 'precision', yTrue, yPred, 1, options);
}

/**
 * Recall (true positive rate, sensitivity), TP / (TP + FN): of the positive samples, the fraction found.
 * Undefined (see `zeroDivision`) when there are no positive labels.
 *
 * @example
 * ```ts
 * recall([1, 1, 0, 0], [1, 0, 1, 1]); // 1 / 2
 * ```
 */
export function recall(yTrue: LabelInput, yPred: LabelInput, options?: AveragedOptions): number {
  return averaged('recall', 'recall', yTrue, yPred, 1, options);
}

/**
 * F-beta, (1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP): the weighted harmonic mean of precision and recall.
 * Undefined only when there are neither positive labels nor positive predictions.
 */
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, options: FBetaOptions): number {
  const beta = options?.beta;
  if (typeof beta !== 'number' || !(beta >= 0)) {
    fail('fbetaScore(options.beta)', `expected a number ≥ 0, got ${show(beta)}`);
  }
  return averaged('fbetaScore', 'f', yTrue, yPred, beta, options);
}

/**
 * F1, the harmonic mean of precision and recall, 2·TP / (2·TP + FP + FN).
 *
 * @example
 * ```ts
 * f1Score([1, 1, 0, 0], [1, 0, 1, 1]); // 2·1 / (2·1 + 2 + 1) = 0.4
 * ```
 */
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options?: AveragedOptions): number {
  return averaged('f1Score', 'f', yTrue, yPred, 1, options);
}

/** Per-class precision, recall, F-beta and support, in the order of `labels`. */
export interface PerClassScores {
  readonly labels: Label[];
  readonly precision: number[];
  readonly recall: number[];
  readonly fScore: number[];
  /** Number (or weight) of true samples of each class. */
  readonly support: number[];
}

/** Options of {@link precisionRecallFscoreSupport}. */
export interface PerClassOptions extends LabelOptions, UndefinedOptions {
  /** β of the F-score; default 1. */
  beta?: number;
}

/** Precision, recall, F-beta and support of every class (scikit-learn's `average=None`). */
export function precisionRecallFscoreSupport(
  yTrue: LabelInput,
  yPred: LabelInput,
  options?: PerClassOptions,
): PerClassScores {
  const fn = 'precisionRecallFscoreSupport';
  checkZeroDivision(fn, options);
  const beta = options?.beta ?? 1;
  if (typeof beta !== 'number' || !(beta >= 0))
    fail(`${fn}(options.beta)`, `expected a number ≥ 0, got ${show(beta)}`);
  const d = readLabelPair(fn, yTrue, yPred, options);
  const counts = perClassCounts(countMatrix(d));
  const n = total(counts[0]);
  const per = (which: Which) =>
    counts.map((c, i) =>
      scoreOf(
        which,
        c,
        beta,
        options,
        which === 'f' ? 'fbetaScore' : which,
        classReason(which, d.classes[i], n),
      ),
    );
  return {
    labels: d.classes,
    precision: per('precision'),
    recall: per('recall'),
    fScore: per('f'),
    support: counts.map((c) => c.tp + c.fn),
  };
}
