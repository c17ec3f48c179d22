import {
  type KappaOptions,
  kappaFromMatrix,
  type MatthewsOptions,
  matthewsFromMatrix,
} from './classification/agreement';
import type { ConfusionMatrix } from './classification/confusion';
import {
  type AveragedOptions,
  averageFromMatrix,
  type BalancedAccuracyOptions,
  balancedAccuracyFromMatrix,
  type FBetaOptions,
} from './classification/scores';
import { type CurveOptions, rocAuc } from './curves';
import { fail, show } from './errors';
import {
  checkLengths,
  compareLabels,
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
import { type UndefinedOptions, undefinedValue } from './zero-division';

/** Labels, or the argmax of each row when given a [batch, classes] matrix of scores/logits/probabilities. */
function predictedLabels(yPred: LabelInput | MatrixInput, fn: string): Label[] {
  if (!isMatrixInput(yPred)) return toLabels(yPred as LabelInput, fn, 'yPred');
  const m = toMatrix(yPred as MatrixInput, fn, 'yPred');
  const out: Label[] = [];
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    for (let j = 1; j < m.cols; j++) if (m.data[i * m.cols + j] > m.data[i * m.cols + best]) best = j;
    out.push(best);
  }
  return out;
}

function nothingSeen(options: UndefinedOptions | undefined, metric: string): number {
  return undefinedValue(options, metric, 'no samples have been added since the last reset');
}

/**
 * A running (optionally weighted) mean, e.g. of the batch losses of an epoch, with compensated
 * (Neumaier) summation so a long stream does not drift from the one-shot mean.
 *
 * @example
 * ```ts
 * const loss = new StreamingMean();
 * loss.update([0.9, 0.7]).update(0.5);
 * loss.compute(); // 0.7
 * ```
 */
export class StreamingMean {
  #sum = 0;
  #compensation = 0;
  #weight = 0;
  #count = 0;

  /** `zeroDivision` decides what `compute()` gives before any update (default: throw). */
  constructor(readonly options: UndefinedOptions = {}) {}

  /** Adds one value or a batch of values (with optional weights). */
  update(values: number | NumberInput, weights?: NumberInput): this {
    const v =
      typeof values === 'number'
        ? toNumbers([values], 'StreamingMean.update', 'values')
        : toNumbers(values, 'StreamingMean.update', 'values');
    const w = toWeights(weights, 'StreamingMean.update', v.length);
    for (let i = 0; i < v.length; i++) {
      this.#add(w[i] * v[i]);
      this.#weight += w[i];
    }
    this.#count += v.length;
    return this;
  }

  #add(x: number): void {
    const t = this.#sum + x;
    this.#compensation += Math.abs(this.#sum) >= Math.abs(x) ? this.#sum - t + x : x - t + this.#sum;
    this.#sum = t;
  }

  /** Number of values added since the last reset. */
  get count(): number {
    return this.#count;
  }

  /** The mean of everything added since the last reset. */
  compute(): number {
    if (this.#weight === 0) return nothingSeen(this.options, 'StreamingMean');
    return (this.#sum + this.#compensation) / this.#weight;
  }

  /** Forgets everything added (start of a new epoch). */
  reset(): this {
    this.#sum = 0;
    this.#compensation = 0;
    this.#weight = 0;
    this.#count = 0;
    return this;
  }
}

/**
 * Accuracy accumulated batch by batch. `yPred` may be labels or a [batch, classes] matrix (tensor or
 * nested arrays) of logits/probabilities, whose row argmax is the predicted class index.
 *
 * @example
 * ```ts
 * const acc = new StreamingAccuracy();
 * acc.update([0, 1], [[0.9, 0.1], [0.2, 0.8]]).update([1], [0]);
 * acc.compute(); // 2 / 3
 * ```
 */
export class StreamingAccuracy {
  #correct = 0;
  #total = 0;

  constructor(readonly options: UndefinedOptions = {}) {}

  /** Adds a batch: labels, and labels or a [batch, classes] score matrix. */
  update(yTrue: LabelInput, yPred: LabelInput | MatrixInput, sampleWeight?: NumberInput): this {
    const fn = 'StreamingAccuracy.update';
    const t = toLabels(yTrue, fn, 'yTrue');
    const p = predictedLabels(yPred, fn);
    checkLengths(fn, ['yTrue', t.length], ['yPred', p.length]);
    const w = toWeights(sampleWeight, fn, t.length);
    for (let i = 0; i < t.length; i++) {
      this.#total += w[i];
      if (t[i] === p[i]) this.#correct += w[i];
    }
    return this;
  }

  /** Number (or weight) of samples seen since the last reset. */
  get count(): number {
    return this.#total;
  }

  /** Accuracy over every batch since the last reset. */
  compute(): number {
    if (this.#total === 0) return nothingSeen(this.options, 'StreamingAccuracy');
    return this.#correct / this.#total;
  }

  /** Forgets every batch. */
  reset(): this {
    this.#correct = 0;
    this.#total = 0;
    return this;
  }
}

/** Options of {@link StreamingConfusionMatrix}. */
export interface StreamingConfusionOptions extends UndefinedOptions {
  /** Declared classes (their order is the matrix's); a label outside them is an error. Default: as seen. */
  labels?: ArrayLike<number | string | boolean>;
}

/**
 * A confusion matrix accumulated batch by batch, from which every confusion-matrix metric can be read at
 * any time: accuracy, balanced accuracy, precision, recall, F-scores, Matthews, kappa. `yPred` may be a
 * [batch, classes] matrix of scores (argmax per row).
 *
 * @example
 * ```ts
 * const cm = new StreamingConfusionMatrix();
 * cm.update([1, 0], [1, 1]).update([1, 0], [0, 0]);
 * cm.compute().matrix; // [[1, 1], [1, 1]]
 * cm.precision(); // 1 / 2
 * ```
 */
export class StreamingConfusionMatrix {
  readonly #declared: Label[] | undefined;
  #counts = new Map<Label, Map<Label, number>>();
  #kind: 'number' | 'string' | undefined;

  constructor(readonly options: StreamingConfusionOptions = {}) {
    this.#declared =
      options.labels === undefined
        ? undefined
        : resolveClasses('new StreamingConfusionMatrix', options.labels);
    this.#kind = this.#declared?.length ? (typeof this.#declared[0] as 'number' | 'string') : undefined;
  }

  /** Adds a batch: labels, and labels or a [batch, classes] score matrix. */
  update(yTrue: LabelInput, yPred: LabelInput | MatrixInput, sampleWeight?: NumberInput): this {
    const fn = 'StreamingConfusionMatrix.update';
    const t = toLabels(yTrue, fn, 'yTrue');
    const p = predictedLabels(yPred, fn);
    checkLengths(fn, ['yTrue', t.length], ['yPred', p.length]);
    const w = toWeights(sampleWeight, fn, t.length);
    if (this.#declared !== undefined) resolveClasses(fn, this.#declared, ['yTrue', t], ['yPred', p]);
    for (const [name, labels] of [
      ['yTrue', t],
      ['yPred', p],
    ] as const) {
      for (const l of labels) {
        const kind = typeof l as 'number' | 'string';
        this.#kind ??= kind;
        if (kind !== this.#kind) {
          fail(`${fn}(${name})`, `expected ${this.#kind} labels like the earlier batches, got ${show(l)}`);
        }
      }
    }
    for (let i = 0; i < t.length; i++) {
      let row = this.#counts.get(t[i]);
      if (row === undefined) this.#counts.set(t[i], (row = new Map()));
      row.set(p[i], (row.get(p[i]) ?? 0) + w[i]);
    }
    return this;
  }

  /** The classes: declared, or every label seen so far, sorted. */
  get labels(): Label[] {
    if (this.#declared !== undefined) return this.#declared.slice();
    const seen = new Set<Label>();
    for (const [t, row] of this.#counts) {
      seen.add(t);
      for (const p of row.keys()) seen.add(p);
    }
    return [...seen].sort(compareLabels);
  }

  /** The matrix so far: rows true classes, columns predicted, in the order of `labels`. */
  compute(): ConfusionMatrix {
    const labels = this.labels;
    if (labels.length === 0 || this.#counts.size === 0) {
      fail(
        'StreamingConfusionMatrix.compute()',
        'expected some updates first, got no samples since the last reset',
      );
    }
    const matrix = labels.map((t) => labels.map((p) => this.#counts.get(t)?.get(p) ?? 0));
    return { labels, matrix };
  }

  #opts<T extends UndefinedOptions>(options?: T): T {
    return {
      zeroDivision: this.options.zeroDivision,
      onUndefined: this.options.onUndefined,
      ...options,
    } as T;
  }

  /** Accuracy so far. */
  accuracy(): number {
    const { matrix } = this.compute();
    let right = 0;
    let total = 0;
    matrix.forEach((row, i) => {
      right += row[i];
      for (const v of row) total += v;
    });
    return right / total;
  }

  /** Balanced accuracy so far (see `balancedAccuracy`). */
  balancedAccuracy(options?: BalancedAccuracyOptions): number {
    const { labels, matrix } = this.compute();
    return balancedAccuracyFromMatrix(labels, matrix, this.#opts(options));
  }

  /** Precision so far (see `precision`; `average` as there). */
  precision(options?: AveragedOptions): number {
    const { labels, matrix } = this.compute();
    return averageFromMatrix('precision', 'precision', labels, matrix, 1, this.#opts(options));
  }

  /** Recall so far (see `recall`). */
  recall(options?: AveragedOptions): number {
    const { labels, matrix } = this.compute();
    return averageFromMatrix('recall', 'recall', labels, matrix, 1, this.#opts(options));
  }

  /** F1 so far (see `f1Score`). */
  f1Score(options?: AveragedOptions): number {
    const { labels, matrix } = this.compute();
    return averageFromMatrix('f1Score', 'f', labels, matrix, 1, this.#opts(options));
  }

  /** F-beta so far (see `fbetaScore`). */
  fbetaScore(options: FBetaOptions): number {
    const beta = options?.beta;
    if (typeof beta !== 'number' || !(beta >= 0)) {
      fail('StreamingConfusionMatrix.fbetaScore(options.beta)', `expected a number ≥ 0, got ${show(beta)}`);
    }
    const { labels, matrix } = this.compute();
    return averageFromMatrix('fbetaScore', 'f', labels, matrix, beta, this.#opts(options));
  }

  /** Matthews correlation so far (see `matthewsCorrcoef`). */
  matthewsCorrcoef(options?: MatthewsOptions): number {
    const { labels, matrix } = this.compute();
    return matthewsFromMatrix(labels, matrix, this.#opts(options));
  }

  /** Cohen's kappa so far (see `cohenKappa`). */
  cohenKappa(options?: KappaOptions): number {
    const { labels, matrix } = this.compute();
    return kappaFromMatrix(labels, matrix, this.#opts(options));
  }

  /** Forgets every batch (declared labels are kept). */
  reset(): this {
    this.#counts = new Map();
    this.#kind = this.#declared?.length ? (typeof this.#declared[0] as 'number' | 'string') : undefined;
    return this;
  }
}

/** Running count, mean and sum of squared deviations (Welford/Chan), merged batch by batch. */
class Moments {
  n = 0;
  mean = 0;
  m2 = 0;

  merge(values: readonly number[]): void {
    const nb = values.length;
    if (nb === 0) return;
    const meanB = values.reduce((a, b) => a + b, 0) / nb;
    const m2B = values.reduce((a, v) => a + (v - meanB) ** 2, 0);
    const n = this.n + nb;
    const delta = meanB - this.mean;
    this.m2 += m2B + (delta * delta * this.n * nb) / n;
    this.mean += (delta * nb) / n;
    this.n = n;
  }
}

/** All regression metrics of a {@link StreamingRegression}. */
export interface RegressionReport {
  readonly meanSquaredError: number;
  readonly rootMeanSquaredError: number;
  readonly meanAbsoluteError: number;
  readonly r2Score: number;
  readonly explainedVarianceScore: number;
}

/**
 * MSE, RMSE, MAE, R² and explained variance accumulated batch by batch in constant memory (variances by
 * Chan's parallel update, so a long stream stays accurate).
 *
 * @example
 * ```ts
 * const reg = new StreamingRegression();
 * reg.update([3, -0.5], [2.5, 0]).update([2, 7], [2, 8]);
 * reg.meanSquaredError(); // 0.375
 * ```
 */
export class StreamingRegression {
  #y = new Moments();
  #residual = new Moments();
  #squared = 0;
  #absolute = 0;

  constructor(readonly options: UndefinedOptions = {}) {}

  /** Adds a batch of targets and predictions. */
  update(yTrue: NumberInput, yPred: NumberInput): this {
    const fn = 'StreamingRegression.update';
    const y = toNumbers(yTrue, fn, 'yTrue');
    const p = toNumbers(yPred, fn, 'yPred');
    checkLengths(fn, ['yTrue', y.length], ['yPred', p.length]);
    const e = y.map((v, i) => v - p[i]);
    this.#y.merge(y);
    this.#residual.merge(e);
    for (const v of e) {
      this.#squared += v * v;
      this.#absolute += Math.abs(v);
    }
    return this;
  }

  /** Number of samples seen since the last reset. */
  get count(): number {
    return this.#y.n;
  }

  #n(metric: string): number {
    return this.#y.n === 0 ? nothingSeen(this.options, metric) : this.#y.n;
  }

  /** Mean squared error so far. */
  meanSquaredError(): number {
    return this.#squared / this.#n('meanSquaredError');
  }

  /** Root mean squared error so far. */
  rootMeanSquaredError(): number {
    return Math.sqrt(this.#squared / this.#n('rootMeanSquaredError'));
  }

  /** Mean absolute error so far. */
  meanAbsoluteError(): number {
    return this.#absolute / this.#n('meanAbsoluteError');
  }

  /** R² so far (undefined for a constant target). */
  r2Score(): number {
    this.#n('r2Score');
    if (this.#y.m2 === 0)
      return undefinedValue(this.options, 'r2Score', 'yTrue is constant, so there is no variance to explain');
    return 1 - this.#squared / this.#y.m2;
  }

  /** Explained variance so far (undefined for a constant target). */
  explainedVarianceScore(): number {
    this.#n('explainedVarianceScore');
    if (this.#y.m2 === 0) {
      return undefinedValue(
        this.options,
        'explainedVarianceScore',
        'yTrue is constant, so there is no variance to explain',
      );
    }
    return 1 - this.#residual.m2 / this.#y.m2;
  }

  /** Every regression metric so far. */
  compute(): RegressionReport {
    return {
      meanSquaredError: this.meanSquaredError(),
      rootMeanSquaredError: this.rootMeanSquaredError(),
      meanAbsoluteError: this.meanAbsoluteError(),
      r2Score: this.r2Score(),
      explainedVarianceScore: this.explainedVarianceScore(),
    };
  }

  /** Forgets every batch. */
  reset(): this {
    this.#y = new Moments();
    this.#residual = new Moments();
    this.#squared = 0;
    this.#absolute = 0;
    return this;
  }
}

/**
 * ROC AUC over batches. Exact, so it keeps every label and score (memory grows with the stream); the
 * area is computed on `compute()`.
 */
export class StreamingRocAuc {
  #labels: Label[] = [];
  #scores: number[] = [];

  constructor(readonly options: Omit<CurveOptions, 'sampleWeight'> = {}) {}

  /** Adds a batch of binary labels and scores. */
  update(yTrue: LabelInput, yScore: NumberInput): this {
    const fn = 'StreamingRocAuc.update';
    const t = toLabels(yTrue, fn, 'yTrue');
    const s = toNumbers(yScore, fn, 'yScore');
    checkLengths(fn, ['yTrue', t.length], ['yScore', s.length]);
    for (let i = 0; i < t.length; i++) {
      this.#labels.push(t[i]);
      this.#scores.push(s[i]);
    }
    return this;
  }

  /** Number of samples seen since the last reset. */
  get count(): number {
    return this.#labels.length;
  }

  /** ROC AUC over every batch since the last reset. */
  compute(): number {
    if (this.#labels.length === 0) return nothingSeen(this.options, 'StreamingRocAuc');
    return rocAuc(this.#labels, this.#scores, this.options);
  }

  /** Forgets every batch. */
  reset(): this {
    this.#labels = [];
    this.#scores = [];
    return this;
  }
}
