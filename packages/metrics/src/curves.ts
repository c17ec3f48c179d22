import { resolvePosLabel } from './classification/confusion';
import { fail, show } from './errors';
import {
  checkLengths,
  isMatrixInput,
  type Label,
  type LabelInput,
  type MatrixInput,
  type NumberInput,
  resolveClasses,
  toLabels,
  toMatrix,
  toNumbers,
  toWeights,
} from './input';
import { checkZeroDivision, type UndefinedOptions, undefinedValue } from './zero-division';

/** Options of the ranking curves and their areas. */
export interface CurveOptions extends UndefinedOptions {
  /** The positive class; default `1` (`true` reads as 1). */
  posLabel?: number | string | boolean;
  /** The declared classes of `yTrue` (a label outside them is an error). */
  labels?: ArrayLike<number | string | boolean>;
  /** One non-negative weight per sample; default all 1. */
  sampleWeight?: NumberInput;
}

/** Cumulative (weighted) positives and negatives scored at or above each distinct score, highest first. */
interface ClfCurve {
  readonly thresholds: number[];
  readonly tps: number[];
  readonly fps: number[];
}

interface BinaryScores {
  readonly positive: boolean[];
  readonly scores: number[];
  readonly weights: number[];
  readonly pos: Label;
  readonly n: number;
}

function readBinaryScores(
  fn: string,
  yTrue: LabelInput,
  yScore: NumberInput,
  options?: CurveOptions,
): BinaryScores {
  checkZeroDivision(fn, options);
  const t = toLabels(yTrue, fn, 'yTrue');
  const s = toNumbers(yScore, fn, 'yScore');
  checkLengths(fn, ['yTrue', t.length], ['yScore', s.length]);
  const classes = resolveClasses(fn, options?.labels, ['yTrue', t]);
  const pos = resolvePosLabel(fn, classes, options?.posLabel);
  return {
    positive: t.map((l) => l === pos),
    scores: s,
    weights: toWeights(options?.sampleWeight, fn, t.length),
    pos,
    n: t.length,
  };
}

function clfCurve(b: BinaryScores): ClfCurve {
  const order = b.scores.map((_, i) => i).sort((i, j) => b.scores[j] - b.scores[i]);
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r];
    if (b.positive[i]) tp += b.weights[i];
    else fp += b.weights[i];
    // Only the last sample of a run of tied scores closes a threshold: ties move both rates at once,
    // which is what makes the trapezoid count a tied positive–negative pair as one half.
    if (r === order.length - 1 || b.scores[order[r + 1]] !== b.scores[i]) {
      thresholds.push(b.scores[i]);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { thresholds, tps, fps };
}

function noClass(
  fn: string,
  b: BinaryScores,
  which: 'positive' | 'negative',
  options: UndefinedOptions | undefined,
) {
  const need = fn === 'rocCurve' || fn === 'rocAuc' ? '; it compares positives with negatives' : '';
  return undefinedValue(
    options,
    fn,
    which === 'positive'
      ? `yTrue has no positive labels (0 of ${b.n} are ${show(b.pos)})${need}`
      : `yTrue has no negative labels (all ${b.n} are ${show(b.pos)})${need}`,
  );
}

/** A ROC curve: points (fpr[i], tpr[i]) from predicting positive when score ≥ thresholds[i]. */
export interface RocCurve {
  readonly fpr: number[];
  readonly tpr: number[];
  /** Decreasing; the first is `Infinity` (nothing predicted positive: the point (0, 0)). */
  readonly thresholds: number[];
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions extends CurveOptions {
  /** Drop points on a straight segment between their neighbours (scikit-learn's default); default false. */
  dropIntermediate?: boolean;
}

/**
 * The ROC curve of scores against binary labels: one point per distinct score, from (0, 0) to (1, 1).
 * Undefined (see `zeroDivision`) when `yTrue` lacks positives or negatives.
 *
 * @example
 * ```ts
 * rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], thresholds: [Infinity, 0.8, 0.4, 0.35, 0.1] }
 * ```
 */
export function rocCurve(yTrue: LabelInput, yScore: NumberInput, options?: RocCurveOptions): RocCurve {
  const b = readBinaryScores('rocCurve', yTrue, yScore, options);
  let { thresholds, tps, fps } = clfCurve(b);
  if (options?.dropIntermediate && tps.length > 2) {
    const keep: number[] = [];
    for (let i = 0; i < tps.length; i++) {
      const ends = i === 0 || i === tps.length - 1;
      // Second differences are zero exactly where a point is collinear with both neighbours.
      if (ends || fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0)
        keep.push(i);
    }
    thresholds = keep.map((i) => thresholds[i]);
    tps = keep.map((i) => tps[i]);
    fps = keep.map((i) => fps[i]);
  }
  const P = tps[tps.length - 1];
  const N = fps[fps.length - 1];
  const tprScale = P === 0 ? noClass('rocCurve', b, 'positive', options) : 1 / P;
  const fprScale = N === 0 ? noClass('rocCurve', b, 'negative', options) : 1 / N;
  return {
    fpr: [0, ...fps.map((v) => (N === 0 ? fprScale : v * fprScale))],
    tpr: [0, ...tps.map((v) => (P === 0 ? tprScale : v * tprScale))],
    thresholds: [Number.POSITIVE_INFINITY, ...thresholds],
  };
}

/**
 * Area under a curve by the trapezoidal rule. `x` must be monotonic (increasing, or decreasing — then the
 * area is still reported as positive for a positive `y`).
 */
export function auc(x: NumberInput, y: NumberInput): number {
  const xs = toNumbers(x, 'auc', 'x');
  const ys = toNumbers(y, 'auc', 'y');
  checkLengths('auc', ['x', xs.length], ['y', ys.length]);
  if (xs.length < 2) fail('auc(x)', `expected at least 2 points, got ${xs.length}`);
  let direction = 0;
  for (let i = 1; i < xs.length; i++) {
    const d = Math.sign(xs[i] - xs[i - 1]);
    if (d === 0) continue;
    if (direction === 0) direction = d;
    else if (d !== direction) fail('auc(x)', `expected monotonic x, got a change of direction at index ${i}`);
  }
  let area = 0;
  for (let i = 1; i < xs.length; i++) area += ((xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1])) / 2;
  return direction < 0 ? -area : area;
}

/** Options of {@link rocAuc}. */
export interface RocAucOptions extends CurveOptions {
  /** With 2-D scores (one-vs-rest per class): unweighted mean (default) or weighted by prevalence. */
  average?: 'macro' | 'weighted';
}

function binaryAuc(fn: string, b: BinaryScores, options: UndefinedOptions | undefined): number {
  const { tps, fps } = clfCurve(b);
  const P = tps[tps.length - 1];
  const N = fps[fps.length - 1];
  if (P === 0) return noClass(fn, b, 'positive', options);
  if (N === 0) return noClass(fn, b, 'negative', options);
  // Trapezoids over the ROC steps: equals the Mann–Whitney statistic with ties counted one half.
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let i = 0; i < tps.length; i++) {
    area += ((fps[i] - prevFp) * (tps[i] + prevTp)) / 2;
    prevTp = tps[i];
    prevFp = fps[i];
  }
  return area / (P * N);
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative, ties
 * counting one half (1 for a perfect ranking, 0 for a reversed one, 0.5 for a constant score). With
 * 2-D scores (one column per class in the order of `labels`) it is the one-vs-rest average.
 *
 * @example
 * ```ts
 * // pairs (pos, neg): (0.35, 0.1) ✓, (0.35, 0.4) ✗, (0.8, 0.1) ✓, (0.8, 0.4) ✓ → 3/4
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 */
export function rocAuc(
  yTrue: LabelInput,
  yScore: NumberInput | MatrixInput,
  options?: RocAucOptions,
): number {
  const fn = 'rocAuc';
  if (!isMatrixInput(yScore)) {
    if (options?.average !== undefined)
      fail(`${fn}(options.average)`, 'is only used with 2-D (multiclass) scores');
    return binaryAuc(fn, readBinaryScores(fn, yTrue, yScore as NumberInput, options), options);
  }
  checkZeroDivision(fn, options);
  if (options?.posLabel !== undefined)
    fail(`${fn}(options.posLabel)`, 'is only used with 1-D (binary) scores');
  const average = options?.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted') {
    fail(`${fn}(options.average)`, `expected 'macro' or 'weighted', got ${show(average)}`);
  }
  const t = toLabels(yTrue, fn, 'yTrue');
  const m = toMatrix(yScore as MatrixInput, fn, 'yScore');
  checkLengths(fn, ['yTrue', t.length], ['yScore', m.rows]);
  const weights = toWeights(options?.sampleWeight, fn, t.length);
  const classes = resolveClasses(fn, options?.labels, ['yTrue', t]);
  if (classes.length !== m.cols) {
    fail(
      `${fn}(yScore)`,
      `expected one column per class (${classes.length}: ${show(classes)}), got ${m.cols} columns`,
    );
  }
  let sum = 0;
  let weightSum = 0;
  classes.forEach((c, j) => {
    const scores = Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
    const positive = t.map((l) => l === c);
    const prevalence = positive.reduce((a, p, i) => a + (p ? weights[i] : 0), 0);
    const w = average === 'macro' ? 1 : prevalence;
    const b: BinaryScores = { positive, scores, weights, pos: c, n: t.length };
    sum += w * binaryAuc(`${fn}(class ${show(c)} vs rest)`, b, options);
    weightSum += w;
  });
  return sum / weightSum;
}

/** A precision–recall curve in scikit-learn's layout: recall decreasing, ending at (recall 0, precision 1). */
export interface PrecisionRecallCurve {
  readonly precision: number[];
  readonly recall: number[];
  /** Increasing; one fewer than the points (the final point has no threshold). */
  readonly thresholds: number[];
}

/**
 * The precision–recall curve of scores against binary labels, as scikit-learn computes it: one point per
 * distinct score (predict positive when score ≥ threshold), then the point (recall 0, precision 1).
 * Undefined (see `zeroDivision`) when there are no positive labels.
 *
 * @example
 * ```ts
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { precision: [0.5, 2/3, 0.5, 1, 1], recall: [1, 1, 0.5, 0.5, 0], thresholds: [0.1, 0.35, 0.4, 0.8] }
 * ```
 */
export function precisionRecallCurve(
  yTrue: LabelInput,
  yScore: NumberInput,
  options?: CurveOptions,
): PrecisionRecallCurve {
  const fn = 'precisionRecallCurve';
  const b = readBinaryScores(fn, yTrue, yScore, options);
  const { thresholds, tps, fps } = clfCurve(b);
  const P = tps[tps.length - 1];
  const recallScale = P === 0 ? noClass(fn, b, 'positive', options) : 1 / P;
  const precision = tps.map((tp, i) => tp / (tp + fps[i]));
  const recall = tps.map((tp) => (P === 0 ? recallScale : tp * recallScale));
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: thresholds.slice().reverse(),
  };
}

/**
 * Average precision as scikit-learn defines it: AP = Σ_n (R_n − R_{n−1}) · P_n over the thresholds from
 * high to low — precision at each step weighted by the recall it adds, with no interpolation (so it is not
 * the trapezoidal area, which is optimistic). Undefined when there are no positive labels.
 *
 * @example
 * ```ts
 * // steps: R 0→0.5 at P 1 (score 0.8), R 0.5→0.5 (0.4), R 0.5→1 at P 2/3 (0.35), then nothing new
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.5·1 + 0.5·(2/3) ≈ 0.833
 * ```
 */
export function averagePrecision(yTrue: LabelInput, yScore: NumberInput, options?: CurveOptions): number {
  const fn = 'averagePrecision';
  const b = readBinaryScores(fn, yTrue, yScore, options);
  const { tps, fps } = clfCurve(b);
  const P = tps[tps.length - 1];
  if (P === 0) return noClass(fn, b, 'positive', options);
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const r = tps[i] / P;
    ap += (r - prevRecall) * (tps[i] / (tps[i] + fps[i]));
    prevRecall = r;
  }
  return ap;
}
