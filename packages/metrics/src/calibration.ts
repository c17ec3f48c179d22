import { resolvePosLabel } from './classification/confusion';
import { fail, show } from './errors';
import {
  checkLengths,
  checkProbabilityRows,
  isMatrixInput,
  type Label,
  type LabelInput,
  type MatrixInput,
  type NumberInput,
  resolveClasses,
  toLabels,
  toMatrix,
  toProbabilities,
} from './input';

/** One bin of a reliability diagram. */
export interface CalibrationBin {
  /** Bin edges: the bin holds confidences c with lower < c ≤ upper (the first bin also holds `lower`). */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean predicted probability (confidence) in the bin. */
  readonly meanPredicted: number;
  /** Fraction of the bin's samples that are positive (1-D) or correctly classified (2-D, top label). */
  readonly fractionPositive: number;
}

/** Options of {@link calibrationCurve} and {@link expectedCalibrationError}. */
export interface CalibrationOptions {
  /** Number of bins; default 10. */
  nBins?: number;
  /** With 1-D probabilities: the class they are the probability of; default `1`. */
  posLabel?: number | string | boolean;
  /** With 2-D probabilities: the class of each column (default: the sorted classes of `yTrue`). */
  labels?: ArrayLike<number | string | boolean>;
}

/** Options of {@link calibrationCurve}. */
export interface CalibrationCurveOptions extends CalibrationOptions {
  /** Equal-width bins over [0, 1] (default) or bins holding equal numbers of samples. */
  strategy?: 'uniform' | 'quantile';
}

/** A reliability diagram: the non-empty bins, and their coordinates as two arrays (scikit-learn's). */
export interface CalibrationCurve {
  readonly bins: CalibrationBin[];
  /** Fraction of positives per non-empty bin (y of the diagram). */
  readonly probTrue: number[];
  /** Mean predicted probability per non-empty bin (x of the diagram). */
  readonly probPred: number[];
}

/** Confidence and outcome per sample: P(positive) and 1/0, or top-label probability and correct/not. */
function readConfidences(
  fn: string,
  yTrue: LabelInput,
  yProb: NumberInput | MatrixInput,
  options?: CalibrationOptions,
) {
  const t = toLabels(yTrue, fn, 'yTrue');
  if (isMatrixInput(yProb)) {
    if (options?.posLabel !== undefined)
      fail(`${fn}(options.posLabel)`, 'is only used with 1-D probabilities');
    const m = toMatrix(yProb as MatrixInput, fn, 'yProb');
    checkLengths(fn, ['yTrue', t.length], ['yProb', m.rows]);
    checkProbabilityRows(m, fn, 'yProb');
    const classes = resolveClasses(fn, options?.labels, ['yTrue', t]);
    if (classes.length !== m.cols) {
      fail(
        `${fn}(yProb)`,
        `expected one column per class (${classes.length}: ${show(classes)}), got ${m.cols} columns`,
      );
    }
    const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
    const confidence: number[] = [];
    const outcome: number[] = [];
    for (let i = 0; i < m.rows; i++) {
      let best = 0;
      for (let j = 1; j < m.cols; j++) if (m.data[i * m.cols + j] > m.data[i * m.cols + best]) best = j;
      confidence.push(m.data[i * m.cols + best]);
      outcome.push(best === index.get(t[i]) ? 1 : 0);
    }
    return { confidence, outcome };
  }
  const p = toProbabilities(yProb as NumberInput, fn, 'yProb');
  checkLengths(fn, ['yTrue', t.length], ['yProb', p.length]);
  const pos = resolvePosLabel(fn, resolveClasses(fn, options?.labels, ['yTrue', t]), options?.posLabel);
  return { confidence: p, outcome: t.map((l) => (l === pos ? 1 : 0)) };
}

function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function binned(
  fn: string,
  confidence: readonly number[],
  outcome: readonly number[],
  nBins: number,
  strategy: 'uniform' | 'quantile',
): CalibrationBin[] {
  if (!Number.isInteger(nBins) || nBins < 1)
    fail(`${fn}(options.nBins)`, `expected an integer ≥ 1, got ${show(nBins)}`);
  let edges: number[];
  if (strategy === 'uniform') {
    edges = Array.from({ length: nBins + 1 }, (_, k) => k / nBins);
  } else if (strategy === 'quantile') {
    const sorted = confidence.slice().sort((a, b) => a - b);
    edges = Array.from({ length: nBins + 1 }, (_, k) => quantile(sorted, k / nBins));
  } else {
    fail(`${fn}(options.strategy)`, `expected 'uniform' or 'quantile', got ${show(strategy)}`);
  }
  const count = new Array<number>(nBins).fill(0);
  const sumConf = new Array<number>(nBins).fill(0);
  const sumOut = new Array<number>(nBins).fill(0);
  for (let i = 0; i < confidence.length; i++) {
    // The number of inner edges strictly below c: bins are (e_k, e_k+1], as numpy.searchsorted(side='left').
    let b = 0;
    while (b < nBins - 1 && edges[b + 1] < confidence[i]) b++;
    count[b]++;
    sumConf[b] += confidence[i];
    sumOut[b] += outcome[i];
  }
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    bins.push({
      lower: edges[b],
      upper: edges[b + 1],
      count: count[b],
      meanPredicted: sumConf[b] / count[b],
      fractionPositive: sumOut[b] / count[b],
    });
  }
  return bins;
}

/**
 * The calibration (reliability) curve: in each bin of predicted probability, the mean prediction against
 * the observed fraction of positives. A calibrated model lies on the diagonal. 1-D probabilities are
 * P(positive); with 2-D probabilities it is the top-label curve (confidence of the predicted class against
 * accuracy). Empty bins are left out.
 *
 * @example
 * ```ts
 * calibrationCurve([0, 1, 1, 1], [0.1, 0.3, 0.7, 0.9], { nBins: 2 }).probTrue; // [0.5, 1]
 * ```
 */
export function calibrationCurve(
  yTrue: LabelInput,
  yProb: NumberInput | MatrixInput,
  options?: CalibrationCurveOptions,
): CalibrationCurve {
  const fn = 'calibrationCurve';
  const { confidence, outcome } = readConfidences(fn, yTrue, yProb, options);
  const bins = binned(fn, confidence, outcome, options?.nBins ?? 10, options?.strategy ?? 'uniform');
  return { bins, probTrue: bins.map((b) => b.fractionPositive), probPred: bins.map((b) => b.meanPredicted) };
}

/**
 * Expected calibration error over equal-width bins, weighted by bin count:
 * ECE = Σ_b (n_b / n) · |fraction positive_b − mean predicted_b|. With 2-D probabilities it is the
 * top-label ECE of Guo et al. (2017): confidence of the predicted class against its accuracy.
 *
 * @example
 * ```ts
 * // bins [0, 0.5]: mean 0.2, 1 of 2 positive → |0.5 − 0.2|; (0.5, 1]: mean 0.8, 2 of 2 → |1 − 0.8|
 * expectedCalibrationError([0, 1, 1, 1], [0.1, 0.3, 0.7, 0.9], { nBins: 2 }); // (2·0.3 + 2·0.2) / 4 = 0.25
 * ```
 */
export function expectedCalibrationError(
  yTrue: LabelInput,
  yProb: NumberInput | MatrixInput,
  options?: CalibrationOptions,
): number {
  const fn = 'expectedCalibrationError';
  const { confidence, outcome } = readConfidences(fn, yTrue, yProb, options);
  const bins = binned(fn, confidence, outcome, options?.nBins ?? 10, 'uniform');
  let ece = 0;
  for (const b of bins) ece += (b.count / confidence.length) * Math.abs(b.fractionPositive - b.meanPredicted);
  return ece;
}
