import { fail, show } from '../errors';
import {
  checkLengths,
  checkProbabilityRows,
  isMatrixInput,
  type Label,
  type LabelInput,
  type Matrix,
  type MatrixInput,
  type NumberInput,
  resolveClasses,
  toLabels,
  toMatrix,
  toProbabilities,
  toWeights,
} from '../input';
import type { LabelOptions } from './confusion';
import { resolvePosLabel } from './confusion';

/** Options of the probability-based metrics. */
export interface ProbabilityOptions extends LabelOptions {
  /** With 1-D probabilities: the class they are the probability of; default `1`. */
  posLabel?: number | string | boolean;
}

/** Options of {@link logLoss}. */
export interface LogLossOptions extends ProbabilityOptions {
  /** Probabilities are clipped to [eps, 1 − eps] so a confident mistake costs a lot, not Infinity. Default 1e-15. */
  eps?: number;
}

interface ReadProbabilities {
  readonly yTrue: Label[];
  readonly weights: number[];
  /** Probability of each sample's own true class. */
  readonly trueClassProb: number[];
  /** Full rows (2-D input) or [1 − p, p] (1-D input), with `classes` giving the columns. */
  readonly matrix: Matrix;
  readonly classes: Label[];
  /** Column of each sample's true class. */
  readonly trueIndex: number[];
}

function readProbabilities(
  fn: string,
  yTrue: LabelInput,
  yProb: NumberInput | MatrixInput,
  options: ProbabilityOptions | undefined,
): ReadProbabilities {
  const t = toLabels(yTrue, fn, 'yTrue');
  const weights = toWeights(options?.sampleWeight, fn, t.length);
  if (isMatrixInput(yProb)) {
    if (options?.posLabel !== undefined) {
      fail(
        `${fn}(options.posLabel)`,
        'is only used with 1-D probabilities; with a matrix, options.labels names the columns',
      );
    }
    const m = toMatrix(yProb as MatrixInput, fn, 'yProb');
    checkLengths(fn, ['yTrue', t.length], ['yProb', m.rows]);
    const classes = resolveClasses(fn, options?.labels, ['yTrue', t]);
    if (classes.length !== m.cols) {
      fail(
        `${fn}(yProb)`,
        `expected one column per class (${classes.length}: ${show(classes)}), got ${m.cols} columns; declare every class with options.labels`,
      );
    }
    checkProbabilityRows(m, fn, 'yProb');
    const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
    const trueIndex = t.map((l) => index.get(l)!);
    return {
      yTrue: t,
      weights,
      matrix: m,
      classes,
      trueIndex,
      trueClassProb: trueIndex.map((j, i) => m.data[i * m.cols + j]),
    };
  }
  const p = toProbabilities(yProb as NumberInput, fn, 'yProb');
  checkLengths(fn, ['yTrue', t.length], ['yProb', p.length]);
  const classes = resolveClasses(fn, options?.labels, ['yTrue', t]);
  const pos = resolvePosLabel(fn, classes, options?.posLabel);
  const data = new Float64Array(2 * p.length);
  for (let i = 0; i < p.length; i++) {
    data[2 * i] = 1 - p[i];
    data[2 * i + 1] = p[i];
  }
  const trueIndex = t.map((l) => (l === pos ? 1 : 0));
  return {
    yTrue: t,
    weights,
    matrix: { rows: p.length, cols: 2, data },
    classes,
    trueIndex,
    trueClassProb: trueIndex.map((j, i) => (j === 1 ? p[i] : 1 - p[i])),
  };
}

function weightedMean(values: readonly number[], weights: readonly number[]): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < values.length; i++) {
    s += weights[i] * values[i];
    w += weights[i];
  }
  return s / w;
}

/**
 * Log loss (cross-entropy), −mean log p(true class). `yProb` is either the probability of the positive
 * class per sample (1-D) or one row of class probabilities per sample (2-D, columns in the order of
 * `labels`, rows summing to 1). Probabilities outside [0, 1] are an error.
 *
 * @example
 * ```ts
 * logLoss([1, 0], [0.8, 0.4]); // −(ln 0.8 + ln 0.6) / 2 ≈ 0.367
 * ```
 */
export function logLoss(
  yTrue: LabelInput,
  yProb: NumberInput | MatrixInput,
  options?: LogLossOptions,
): number {
  const fn = 'logLoss';
  const eps = options?.eps ?? 1e-15;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5))
    fail(`${fn}(options.eps)`, `expected a number in [0, 0.5), got ${show(eps)}`);
  const r = readProbabilities(fn, yTrue, yProb, options);
  const losses = r.trueClassProb.map((p) => -Math.log(Math.min(Math.max(p, eps), 1 - eps)));
  return weightedMean(losses, r.weights);
}

/**
 * Brier score, the mean squared error of probabilities. With 1-D probabilities (binary): mean (p − y)²,
 * between 0 (perfect) and 1. With a 2-D matrix: mean over samples of Σ_k (p_k − [y = k])², between 0
 * and 2 (for two classes this is twice the binary score).
 *
 * @example
 * ```ts
 * brierScore([1, 0], [0.8, 0.4]); // ((0.2)² + (0.4)²) / 2 = 0.1
 * ```
 */
export function brierScore(
  yTrue: LabelInput,
  yProb: NumberInput | MatrixInput,
  options?: ProbabilityOptions,
): number {
  const fn = 'brierScore';
  const twoD = isMatrixInput(yProb);
  const r = readProbabilities(fn, yTrue, yProb, options);
  const { rows, cols, data } = r.matrix;
  const per = new Array<number>(rows);
  for (let i = 0; i < rows; i++) {
    if (!twoD) {
      per[i] = (data[2 * i + 1] - r.trueIndex[i]) ** 2;
      continue;
    }
    let s = 0;
    for (let j = 0; j < cols; j++) s += (data[i * cols + j] - (j === r.trueIndex[i] ? 1 : 0)) ** 2;
    per[i] = s;
  }
  return weightedMean(per, r.weights);
}

/** Options of {@link topKAccuracy}. */
export interface TopKOptions extends LabelOptions {
  /** How many of the highest-scoring classes count as a hit; default 2. */
  k?: number;
}

/**
 * Top-k accuracy: the fraction of samples whose true class is among the k highest scores of its row
 * (columns in the order of `labels`). Ties are broken as a stable descending sort would: among equal
 * scores, the lower column ranks first.
 *
 * @example
 * ```ts
 * topKAccuracy([0, 1, 2], [[0.5, 0.3, 0.2], [0.5, 0.3, 0.2], [0.5, 0.3, 0.2]], { k: 2 }); // 2 / 3
 * ```
 */
export function topKAccuracy(yTrue: LabelInput, yScore: MatrixInput, options?: TopKOptions): number {
  const fn = 'topKAccuracy';
  const k = options?.k ?? 2;
  if (!Number.isInteger(k) || k < 1) fail(`${fn}(options.k)`, `expected an integer ≥ 1, got ${show(k)}`);
  const t = toLabels(yTrue, fn, 'yTrue');
  const m = toMatrix(yScore, fn, 'yScore');
  checkLengths(fn, ['yTrue', t.length], ['yScore', m.rows]);
  const weights = toWeights(options?.sampleWeight, fn, t.length);
  const classes = resolveClasses(fn, options?.labels, ['yTrue', t]);
  if (classes.length !== m.cols) {
    fail(
      `${fn}(yScore)`,
      `expected one column per class (${classes.length}: ${show(classes)}), got ${m.cols} columns; declare every class with options.labels`,
    );
  }
  const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
  let hits = 0;
  let total = 0;
  for (let i = 0; i < m.rows; i++) {
    const j = index.get(t[i])!;
    const s = m.data[i * m.cols + j];
    let rank = 0;
    for (let c = 0; c < m.cols; c++) {
      const v = m.data[i * m.cols + c];
      if (v > s || (v === s && c < j)) rank++;
    }
    total += weights[i];
    if (rank < k) hits += weights[i];
  }
  return hits / total;
}
