import { fail, show } from '../errors';
import {
  checkLengths,
  type Label,
  type LabelInput,
  type NumberInput,
  resolveClasses,
  toLabels,
  toWeights,
} from '../input';
import { checkZeroDivision, type UndefinedOptions, undefinedValue } from '../zero-division';

/** Options shared by the label-based classification metrics. */
export interface LabelOptions {
  /**
   * The declared classes, in the order rows/columns and per-class results use. Every label in `yTrue`
   * and `yPred` must be one of them (a label outside is an error, not silently dropped). Default: the
   * sorted union of the labels seen.
   */
  labels?: ArrayLike<number | string | boolean>;
  /** One non-negative weight per sample; default all 1. */
  sampleWeight?: NumberInput;
}

/** Options of the binary metrics. */
export interface BinaryOptions extends LabelOptions, UndefinedOptions {
  /** The positive class; default `1` (which is also what `true` reads as). */
  posLabel?: number | string | boolean;
}

/** Labels, classes and weights read and checked once for a classification metric. */
export interface LabelData {
  readonly yTrue: Label[];
  readonly yPred: Label[];
  readonly classes: Label[];
  readonly weights: number[];
}

export function readLabelPair(
  fn: string,
  yTrue: LabelInput,
  yPred: LabelInput,
  options: LabelOptions | undefined,
): LabelData {
  const t = toLabels(yTrue, fn, 'yTrue');
  const p = toLabels(yPred, fn, 'yPred');
  checkLengths(fn, ['yTrue', t.length], ['yPred', p.length]);
  const classes = resolveClasses(fn, options?.labels, ['yTrue', t], ['yPred', p]);
  const kinds = new Set(classes.map((c) => typeof c));
  if (kinds.size > 1)
    fail(`${fn}(yTrue, yPred)`, 'expected labels of one kind, got numbers in one and strings in the other');
  return { yTrue: t, yPred: p, classes, weights: toWeights(options?.sampleWeight, fn, t.length) };
}

/** The (weighted) confusion matrix of read labels: rows are true classes, columns predicted ones. */
export function countMatrix(d: LabelData): number[][] {
  const k = d.classes.length;
  const index = new Map<Label, number>(d.classes.map((c, i) => [c, i]));
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < d.yTrue.length; i++) {
    m[index.get(d.yTrue[i])!][index.get(d.yPred[i])!] += d.weights[i];
  }
  return m;
}

/** Counts of a binary problem (weighted when sample weights are given). */
export interface BinaryCounts {
  /** True positives. */
  tp: number;
  /** False positives. */
  fp: number;
  /** True negatives. */
  tn: number;
  /** False negatives. */
  fn: number;
}

/** The positive label as read (booleans → 1/0), checked against the classes. */
export function resolvePosLabel(
  fn: string,
  classes: readonly Label[],
  posLabel: BinaryOptions['posLabel'],
): Label {
  const pos: Label =
    posLabel === undefined ? 1 : typeof posLabel === 'boolean' ? (posLabel ? 1 : 0) : posLabel;
  if (classes.length > 2) {
    fail(
      `${fn}(yTrue, yPred)`,
      `expected binary labels, got ${classes.length} classes ${show(classes)}; pass options.average ('micro', 'macro' or 'weighted') for multiclass`,
    );
  }
  const kindMismatch = classes.length > 0 && typeof classes[0] !== typeof pos;
  if (kindMismatch || (classes.length === 2 && !classes.includes(pos))) {
    fail(`${fn}(options.posLabel)`, `expected one of the classes ${show(classes)}, got ${show(pos)}`);
  }
  return pos;
}

/** Binary counts of read labels with `pos` as the positive class. */
export function countBinary(d: LabelData, pos: Label): BinaryCounts {
  const c: BinaryCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < d.yTrue.length; i++) {
    const w = d.weights[i];
    const t = d.yTrue[i] === pos;
    const p = d.yPred[i] === pos;
    if (t && p) c.tp += w;
    else if (p) c.fp += w;
    else if (t) c.fn += w;
    else c.tn += w;
  }
  return c;
}

/**
 * True/false positive/negative counts of a binary classification, e.g. `{ tp: 3, fp: 1, tn: 4, fn: 2 }`.
 * Weighted sums when `options.sampleWeight` is given.
 */
export function confusionCounts(yTrue: LabelInput, yPred: LabelInput, options?: BinaryOptions): BinaryCounts {
  const d = readLabelPair('confusionCounts', yTrue, yPred, options);
  return countBinary(d, resolvePosLabel('confusionCounts', d.classes, options?.posLabel));
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions extends LabelOptions, UndefinedOptions {
  /**
   * Normalise over the true labels (rows sum to 1: recall per class on the diagonal), the predicted
   * labels (columns sum to 1: precision per class) or all samples. Default: raw counts.
   */
  normalize?: 'true' | 'pred' | 'all';
}

/** A confusion matrix: `matrix[i][j]` counts samples of true class `labels[i]` predicted as `labels[j]`. */
export interface ConfusionMatrix {
  readonly labels: Label[];
  readonly matrix: number[][];
}

/**
 * The confusion matrix (scikit-learn's layout: rows are true classes, columns predicted classes), raw or
 * normalised. A row (or column) with nothing to normalise by is undefined — see `zeroDivision`.
 *
 * @example
 * ```ts
 * confusionMatrix([0, 1, 1, 0], [0, 1, 0, 0]).matrix; // [[2, 0], [1, 1]]
 * ```
 */
export function confusionMatrix(
  yTrue: LabelInput,
  yPred: LabelInput,
  options?: ConfusionMatrixOptions,
): ConfusionMatrix {
  const fn = 'confusionMatrix';
  checkZeroDivision(fn, options);
  const d = readLabelPair(fn, yTrue, yPred, options);
  const m = countMatrix(d);
  const k = d.classes.length;
  const norm = options?.normalize;
  if (norm === undefined) return { labels: d.classes, matrix: m };
  if (norm !== 'true' && norm !== 'pred' && norm !== 'all') {
    fail(`${fn}(options.normalize)`, `expected 'true', 'pred' or 'all', got ${show(norm)}`);
  }
  const out = m.map((row) => row.slice());
  if (norm === 'all') {
    const total = m.flat().reduce((a, b) => a + b, 0);
    for (const row of out) for (let j = 0; j < k; j++) row[j] = row[j] / total;
  } else if (norm === 'true') {
    for (let i = 0; i < k; i++) {
      const s = m[i].reduce((a, b) => a + b, 0);
      const fill =
        s === 0
          ? undefinedValue(
              options,
              "confusionMatrix(normalize: 'true')",
              `class ${show(d.classes[i])} has no true samples, so its row cannot be normalised`,
            )
          : 0;
      for (let j = 0; j < k; j++) out[i][j] = s === 0 ? fill : m[i][j] / s;
    }
  } else {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += m[i][j];
      const fill =
        s === 0
          ? undefinedValue(
              options,
              "confusionMatrix(normalize: 'pred')",
              `no sample was predicted as ${show(d.classes[j])}, so its column cannot be normalised`,
            )
          : 0;
      for (let i = 0; i < k; i++) out[i][j] = s === 0 ? fill : m[i][j] / s;
    }
  }
  return { labels: d.classes, matrix: out };
}
