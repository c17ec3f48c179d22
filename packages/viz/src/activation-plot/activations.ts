/** An activation function with its derivative, for plotting. */
export interface ActivationFunction {
  /** Display name, e.g. `'tanh'`. */
  name: string;
  /** The formula as plain text, read out by screen readers too. */
  formula: string;
  f(x: number): number;
  df(x: number): number;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const SQRT2 = Math.SQRT2;

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough for a plot. */
export function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const Phi = (x: number) => 0.5 * (1 + erf(x / SQRT2));

/** The common activation functions, keyed by name. Derivatives at kinks use the right-hand value. */
export const activationFunctions = {
  linear: { name: 'linear', formula: 'f(x) = x', f: (x) => x, df: () => 1 },
  relu: { name: 'ReLU', formula: 'f(x) = max(0, x)', f: (x) => Math.max(0, x), df: (x) => (x >= 0 ? 1 : 0) },
  'leaky-relu': {
    name: 'leaky ReLU',
    formula: 'f(x) = x if x ≥ 0, else 0.01·x',
    f: (x) => (x >= 0 ? x : 0.01 * x),
    df: (x) => (x >= 0 ? 1 : 0.01),
  },
  elu: {
    name: 'ELU',
    formula: 'f(x) = x if x ≥ 0, else eˣ − 1',
    f: (x) => (x >= 0 ? x : Math.expm1(x)),
    df: (x) => (x >= 0 ? 1 : Math.exp(x)),
  },
  sigmoid: {
    name: 'sigmoid',
    formula: 'f(x) = 1 / (1 + e⁻ˣ)',
    f: sigmoid,
    df: (x) => sigmoid(x) * (1 - sigmoid(x)),
  },
  tanh: { name: 'tanh', formula: 'f(x) = tanh(x)', f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 },
  softplus: {
    name: 'softplus',
    formula: 'f(x) = ln(1 + eˣ)',
    f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
    df: sigmoid,
  },
  swish: {
    name: 'swish (SiLU)',
    formula: 'f(x) = x · sigmoid(x)',
    f: (x) => x * sigmoid(x),
    df: (x) => sigmoid(x) * (1 + x * (1 - sigmoid(x))),
  },
  gelu: { name: 'GELU', formula: 'f(x) = x · Φ(x)', f: (x) => x * Phi(x), df: (x) => Phi(x) + x * phi(x) },
} satisfies Record<string, ActivationFunction>;

export type ActivationName = keyof typeof activationFunctions;
