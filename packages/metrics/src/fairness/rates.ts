import {
  type BinaryCounts,
  type BinaryOptions,
  countBinary,
  readLabelPair,
  resolvePosLabel,
} from '../classification/confusion';
import { show } from '../errors';
import type { Label, LabelInput } from '../input';
import { checkZeroDivision, divide } from '../zero-division';

function counts(fn: string, yTrue: LabelInput, yPred: LabelInput, options?: BinaryOptions) {
  checkZeroDivision(fn, options);
  const d = readLabelPair(fn, yTrue, yPred, options);
  const pos: Label = resolvePosLabel(fn, d.classes, options?.posLabel);
  const c: BinaryCounts = countBinary(d, pos);
  return { c, n: c.tp + c.fp + c.tn + c.fn, pos };
}

/**
 * Selection rate, the fraction predicted positive, (TP + FP) / n. `yTrue` is not used (it is accepted so
 * the rate fits a {@link metricFrame}). Demographic parity compares it across groups.
 *
 * @example
 * ```ts
 * selectionRate([0, 0, 0, 0], [1, 0, 1, 0]); // 0.5
 * ```
 */
export function selectionRate(yTrue: LabelInput, yPred: LabelInput, options?: BinaryOptions): number {
  const { c, n } = counts('selectionRate', yTrue, yPred, options);
  return (c.tp + c.fp) / n;
}

/** Base rate, the fraction of positive labels, (TP + FN) / n. `yPred` is not used. */
export function baseRate(yTrue: LabelInput, yPred: LabelInput, options?: BinaryOptions): number {
  const { c, n } = counts('baseRate', yTrue, yPred, options);
  return (c.tp + c.fn) / n;
}

/**
 * True positive rate (recall), TP / (TP + FN). Undefined (see `zeroDivision`) without positive labels.
 *
 * @example
 * ```ts
 * truePositiveRate([1, 1, 0, 0], [1, 0, 1, 0]); // 0.5
 * ```
 */
export function truePositiveRate(yTrue: LabelInput, yPred: LabelInput, options?: BinaryOptions): number {
  const { c, n } = counts('truePositiveRate', yTrue, yPred, options);
  return divide(
    c.tp,
    c.tp + c.fn,
    options,
    'truePositiveRate',
    () => `it has no positive labels (0 of ${n})`,
  );
}

/**
 * False negative rate (miss rate), FN / (TP + FN) = 1 − TPR: of the positives, the fraction missed.
 * Undefined (see `zeroDivision`) without positive labels.
 */
export function falseNegativeRate(yTrue: LabelInput, yPred: LabelInput, options?: BinaryOptions): number {
  const { c, n } = counts('falseNegativeRate', yTrue, yPred, options);
  return divide(
    c.fn,
    c.tp + c.fn,
    options,
    'falseNegativeRate',
    () => `it has no positive labels (0 of ${n})`,
  );
}

/**
 * False positive rate, FP / (FP + TN): of the negatives, the fraction flagged positive — in COMPAS, the
 * defendants labelled higher risk who did not re-offend. Undefined (see `zeroDivision`) without negatives.
 *
 * @example
 * ```ts
 * falsePositiveRate([1, 1, 0, 0], [1, 0, 1, 0]); // 0.5
 * ```
 */
export function falsePositiveRate(yTrue: LabelInput, yPred: LabelInput, options?: BinaryOptions): number {
  const { c, n, pos } = counts('falsePositiveRate', yTrue, yPred, options);
  return divide(
    c.fp,
    c.fp + c.tn,
    options,
    'falsePositiveRate',
    () => `it has no negative labels (all ${n} are ${show(pos)})`,
  );
}

/** True negative rate (specificity), TN / (FP + TN) = 1 − FPR. Undefined (see `zeroDivision`) without negatives. */
export function trueNegativeRate(yTrue: LabelInput, yPred: LabelInput, options?: BinaryOptions): number {
  const { c, n, pos } = counts('trueNegativeRate', yTrue, yPred, options);
  return divide(
    c.tn,
    c.fp + c.tn,
    options,
    'trueNegativeRate',
    () => `it has no negative labels (all ${n} are ${show(pos)})`,
  );
}

/**
 * Positive predictive value (precision), TP / (TP + FP): of those flagged positive, the fraction that are.
 * Predictive parity compares it across groups. Undefined (see `zeroDivision`) when nobody is flagged.
 */
export function positivePredictiveValue(
  yTrue: LabelInput,
  yPred: LabelInput,
  options?: BinaryOptions,
): number {
  const { c, n, pos } = counts('positivePredictiveValue', yTrue, yPred, options);
  return divide(
    c.tp,
    c.tp + c.fp,
    options,
    'positivePredictiveValue',
    () => `nothing was predicted positive (0 of ${n} predictions are ${show(pos)})`,
  );
}

/** Negative predictive value, TN / (TN + FN). Undefined (see `zeroDivision`) when nobody is predicted negative. */
export function negativePredictiveValue(
  yTrue: LabelInput,
  yPred: LabelInput,
  options?: BinaryOptions,
): number {
  const { c, n, pos } = counts('negativePredictiveValue', yTrue, yPred, options);
  return divide(
    c.tn,
    c.tn + c.fn,
    options,
    'negativePredictiveValue',
    () => `nothing was predicted negative (all ${n} predictions are ${show(pos)})`,
  );
}
