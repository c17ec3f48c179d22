import { ArrayDataset, type DataRecord } from '../dataset';
import { checkInteger, checkNumber, fail, show } from '../errors';
import { resolveGenerator, type SeedLike, uniform } from '../random';

/** The default curve of {@link noisyPolynomial}: 0.5 − x − x² + 2x³, an S-bend a line underfits. */
export const DEFAULT_POLYNOMIAL: readonly number[] = [0.5, -1, -1, 2];

/** Evaluates c₀ + c₁x + c₂x² + … by Horner's rule. */
export function evaluatePolynomial(coefficients: readonly number[], x: number): number {
  let y = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) y = y * x + coefficients[i];
  return y;
}

/** Options of {@link noisyPolynomial}. */
export interface PolynomialOptions {
  /** Number of samples (default 20: few enough that a degree-9 fit visibly overfits). */
  n?: number;
  /** Coefficients, constant term first (default {@link DEFAULT_POLYNOMIAL}). */
  coefficients?: readonly number[];
  /** Standard deviation of the Gaussian noise added to each target (default 0.2). */
  noise?: number;
  /** Interval of x (default [−1, 1]). */
  range?: readonly [number, number];
  /** `'uniform'` (default): x drawn uniformly, sorted; `'even'`: evenly spaced, ends included. */
  spacing?: 'uniform' | 'even';
  seed?: SeedLike;
}

/**
 * Samples of a polynomial with Gaussian noise on the targets, for the over- and underfitting demo. Records
 * are `{ x: [x], y }` sorted by x; `dataset.truth(x)` is the noiseless curve, to plot beside the fits.
 *
 * @example
 * ```ts
 * const data = noisyPolynomial({ n: 15, noise: 0.1, seed: 3 });
 * data.truth(0); // 0.5
 * ```
 */
export function noisyPolynomial(options: PolynomialOptions = {}): ArrayDataset<
  DataRecord<number[], number>
> & {
  coefficients: readonly number[];
  truth: (x: number) => number;
} {
  const n = checkInteger('noisyPolynomial(options.n)', options.n ?? 20, 1);
  const coefficients = options.coefficients ?? DEFAULT_POLYNOMIAL;
  if (!Array.isArray(coefficients) || coefficients.length === 0 || !coefficients.every(Number.isFinite)) {
    fail(
      'noisyPolynomial(options.coefficients)',
      `expected a non-empty array of finite numbers, got ${show(coefficients)}`,
    );
  }
  const noise = checkNumber('noisyPolynomial(options.noise)', options.noise ?? 0.2, 0);
  const range = options.range ?? [-1, 1];
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !(range[0] < range[1]) ||
    !range.every(Number.isFinite)
  ) {
    fail('noisyPolynomial(options.range)', `expected [low, high] with low < high, got ${show(range)}`);
  }
  const spacing = options.spacing ?? 'uniform';
  if (spacing !== 'uniform' && spacing !== 'even') {
    fail('noisyPolynomial(options.spacing)', `expected 'uniform' or 'even', got ${show(spacing)}`);
  }
  const g = resolveGenerator('noisyPolynomial(options.seed)', options.seed);
  const xs =
    spacing === 'even'
      ? Array.from({ length: n }, (_, i) =>
          n === 1 ? (range[0] + range[1]) / 2 : range[0] + ((range[1] - range[0]) * i) / (n - 1),
        )
      : Array.from({ length: n }, () => uniform(g, range[0], range[1])).sort((a, b) => a - b);
  const coef = [...coefficients];
  const truth = (x: number) => evaluatePolynomial(coef, x);
  const records = xs.map((x) => ({ x: [x], y: truth(x) + noise * g.normal() }));
  const ds = new ArrayDataset(records, { name: 'noisyPolynomial', task: 'regression', featureNames: ['x'] });
  return Object.assign(ds, { coefficients: coef, truth });
}
