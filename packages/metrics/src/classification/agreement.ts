import { fail, show } from '../errors';
import type { Label, LabelInput } from '../input';
import { checkZeroDivision, divide, type UndefinedOptions, undefinedValue } from '../zero-division';
import { countMatrix, type LabelOptions, readLabelPair } from './confusion';

/** Options of {@link matthewsCorrcoef}. */
export interface MatthewsOptions extends LabelOptions, UndefinedOptions {}

/**
 * Matthews correlation coefficient, in the multiclass form of Gorodkin (2004), which for two classes is
 * (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)): +1 perfect, 0 no better than chance, −1 total
 * disagreement. Undefined (see `zeroDivision`) when `yTrue` or `yPred` holds a single class.
 *
 * With C the confusion matrix, s = Σ C, c = trace C, t_k the true and p_k the predicted counts of class k:
 * MCC = (c·s − Σ p_k t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)).
 *
 * @example
 * ```ts
 * matthewsCorrcoef([1, 1, 0, 0], [1, 0, 0, 0]); // (1·2 − 1·0) / √(1·2·3·2) = 2 / √12 ≈ 0.577
 * ```
 */
export function matthewsCorrcoef(yTrue: LabelInput, yPred: LabelInput, options?: MatthewsOptions): number {
  const fn = 'matthewsCorrcoef';
  checkZeroDivision(fn, options);
  const d = readLabelPair(fn, yTrue, yPred, options);
  return matthewsFromMatrix(d.classes, countMatrix(d), options);
}

/** Matthews correlation of a confusion matrix (rows true, columns predicted, in the order of `classes`). */
export function matthewsFromMatrix(
  classes: readonly Label[],
  m: number[][],
  options?: UndefinedOptions,
): number {
  const fn = 'matthewsCorrcoef';
  const k = m.length;
  let s = 0;
  let c = 0;
  const t = new Array<number>(k).fill(0);
  const p = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    c += m[i][i];
    for (let j = 0; j < k; j++) {
      s += m[i][j];
      t[i] += m[i][j];
      p[j] += m[i][j];
    }
  }
  let pt = 0;
  let pp = 0;
  let tt = 0;
  for (let i = 0; i < k; i++) {
    pt += p[i] * t[i];
    pp += p[i] * p[i];
    tt += t[i] * t[i];
  }
  const varPred = s * s - pp;
  const varTrue = s * s - tt;
  return divide(c * s - pt, Math.sqrt(varPred * varTrue), options, fn, () => {
    const which = varTrue === 0 ? 'yTrue' : 'yPred';
    const only = classes[(which === 'yTrue' ? t : p).findIndex((v) => v > 0)];
    return `every label in ${which} is the same class (${show(only)}), so it has no variance to correlate`;
  });
}

/** Options of {@link cohenKappa}. */
export interface KappaOptions extends LabelOptions, UndefinedOptions {
  /**
   * Disagreement weights for ordered classes: `'linear'` |i − j|, `'quadratic'` (i − j)², with i, j the
   * positions in `labels`. Default: unweighted (every disagreement counts 1).
   */
  weights?: 'linear' | 'quadratic';
}

/**
 * Cohen's kappa, κ = (p_o − p_e) / (1 − p_e): agreement between two raters (here truth and prediction)
 * beyond what their marginals give by chance. Weighted, κ = 1 − Σ w_ij O_ij / Σ w_ij E_ij. Undefined
 * (see `zeroDivision`) when chance agreement is already perfect (both use one and the same class).
 *
 * @example
 * ```ts
 * // p_o = 3/4; marginals (2,2) and (3,1) give p_e = (2·3 + 2·1)/16 = 1/2; κ = (3/4 − 1/2) / (1/2) = 0.5
 * cohenKappa([0, 0, 1, 1], [0, 0, 0, 1]); // 0.5
 * ```
 */
export function cohenKappa(yTrue: LabelInput, yPred: LabelInput, options?: KappaOptions): number {
  const fn = 'cohenKappa';
  checkZeroDivision(fn, options);
  const d = readLabelPair(fn, yTrue, yPred, options);
  return kappaFromMatrix(d.classes, countMatrix(d), options);
}

/** Cohen's kappa of a confusion matrix (rows true, columns predicted, in the order of `classes`). */
export function kappaFromMatrix(classes: readonly Label[], m: number[][], options?: KappaOptions): number {
  const fn = 'cohenKappa';
  const mode = options?.weights;
  if (mode !== undefined && mode !== 'linear' && mode !== 'quadratic') {
    fail(`${fn}(options.weights)`, `expected 'linear' or 'quadratic', got ${show(mode)}`);
  }
  const k = m.length;
  let n = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      n += m[i][j];
      rows[i] += m[i][j];
      cols[j] += m[i][j];
    }
  }
  const w = (i: number, j: number) =>
    mode === 'linear' ? Math.abs(i - j) : mode === 'quadratic' ? (i - j) ** 2 : i === j ? 0 : 1;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += (w(i, j) * m[i][j]) / n;
      expected += (w(i, j) * rows[i] * cols[j]) / (n * n);
    }
  }
  if (expected === 0) {
    return undefinedValue(
      options,
      fn,
      `chance agreement is already perfect: yTrue and yPred both use only class ${show(classes[rows.findIndex((v) => v > 0)])}`,
    );
  }
  return 1 - observed / expected;
}
