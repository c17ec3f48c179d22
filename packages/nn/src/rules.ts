import { noGrad, type Tensor, tensor, tidy, zeros } from '@plasticity/core';
import { fail, fmtShape, requirePositiveInt, requireTensor } from './errors';
import { Module } from './module';

/**
 * Rosenblatt's perceptron (1958): ŷ = step(w·x + b) ∈ {0, 1}. It learns with its own rule, not with
 * gradients (the step has derivative 0): on a mistake, w ← w + η(y − ŷ)x and b ← b + η(y − ŷ).
 */
export class Perceptron extends Module {
  weight: Tensor;
  bias: Tensor;

  constructor(readonly inFeatures: number) {
    super();
    requirePositiveInt('Perceptron(inFeatures)', 'inFeatures', inFeatures);
    // Zero start, as in the convergence theorem: every weight is then a sum of (scaled) training inputs.
    this.weight = this.registerParameter('weight', zeros([inFeatures]));
    this.bias = this.registerParameter('bias', zeros([]));
  }

  override describe(): string {
    return `Perceptron(${this.inFeatures})`;
  }

  /** x [N, in] → predictions [N] in {0, 1}. */
  forward(x: Tensor): Tensor {
    requireTensor(`${this.describe()}.forward(x)`, 'x', x);
    if (x.ndim !== 2 || x.shape[1] !== this.inFeatures) {
      fail(
        `${this.describe()}.forward(x)`,
        `expected input of shape [N, ${this.inFeatures}], got ${fmtShape(x.shape)}`,
      );
    }
    return noGrad(() => x.matmul(this.weight).add(this.bias).ge(0).float());
  }

  /** Applies the perceptron rule for one example x [in] with label y ∈ {0, 1}; returns whether it erred. */
  learn(x: Tensor, y: number, lr = 1): boolean {
    if (y !== 0 && y !== 1) fail(`${this.describe()}.learn(x, y)`, `y must be 0 or 1, got ${y}`);
    return tidy(() =>
      noGrad(() => {
        const predicted = this.forward(x.reshape([1, this.inFeatures])).item();
        const error = y - predicted;
        if (error === 0) return false;
        this.weight.add_(x.reshape([this.inFeatures]), lr * error);
        this.bias.add_(lr * error);
        return true;
      }),
    );
  }
}

/** What `trainPerceptron` reports. */
export interface PerceptronReport {
  /** An epoch passed with no mistake: the data are separated. */
  converged: boolean;
  epochs: number;
  /** Mistakes in each epoch. */
  errors: number[];
  /**
   * The weights at the start of an epoch repeated an earlier state without converging. The rule is
   * deterministic, so the same epochs will repeat forever: a proof that it never converges on these data.
   */
  cycled: boolean;
}

/**
 * Runs the perceptron rule over the examples in order, epoch after epoch, until an epoch makes no
 * mistake (convergence: guaranteed for linearly separable data, Novikoff 1962), a weight state repeats
 * (a cycle: the rule will never converge), or `maxEpochs` pass.
 */
export function trainPerceptron(
  perceptron: Perceptron,
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: { lr?: number; maxEpochs?: number } = {},
): PerceptronReport {
  const op = 'trainPerceptron(perceptron, x, y)';
  if (x.length === 0 || x.length !== y.length)
    fail(op, `x and y must be non-empty and of equal length, got ${x.length} and ${y.length}`);
  const { lr = 1, maxEpochs = 1000 } = options;
  const samples = x.map((row) => tensor([...row]));
  const seen = new Set<string>();
  const errors: number[] = [];
  try {
    for (let epoch = 0; epoch < maxEpochs; epoch++) {
      const state = `${Array.from(perceptron.weight.dataSync()).join(',')}|${perceptron.bias.item()}`;
      if (seen.has(state)) return { converged: false, epochs: epoch, errors, cycled: true };
      seen.add(state);
      let mistakes = 0;
      samples.forEach((s, i) => {
        if (perceptron.learn(s, y[i], lr)) mistakes++;
      });
      errors.push(mistakes);
      if (mistakes === 0) return { converged: true, epochs: epoch + 1, errors, cycled: false };
    }
    return { converged: false, epochs: maxEpochs, errors, cycled: false };
  } finally {
    for (const s of samples) s.dispose();
  }
}

/**
 * Hebb's rule ("cells that fire together wire together"): W ← W + η·yᵀx for a weight matrix W [out, in],
 * presynaptic activity x [N, in] and postsynaptic activity y [N, out]. In place, without gradients.
 */
export function hebbianUpdate(weight: Tensor, x: Tensor, y: Tensor, lr = 1): Tensor {
  const op = 'hebbianUpdate(weight, x, y)';
  requireTensor(op, 'weight', weight);
  requireTensor(op, 'x', x);
  requireTensor(op, 'y', y);
  const [out, inp] = weight.shape;
  if (
    weight.ndim !== 2 ||
    x.ndim !== 2 ||
    y.ndim !== 2 ||
    x.shape[1] !== inp ||
    y.shape[1] !== out ||
    x.shape[0] !== y.shape[0]
  ) {
    fail(
      op,
      `expected weight [out, in], x [N, in], y [N, out]; got ${fmtShape(weight.shape)}, ${fmtShape(x.shape)}, ${fmtShape(y.shape)}`,
    );
  }
  return tidy(() => noGrad(() => weight.add_(y.transpose(0, 1).matmul(x), lr)));
}

/**
 * Oja's rule (1982) for one linear neuron y = w·x: w ← w + η·y·(x − y·w). Hebbian learning with a decay
 * that keeps ‖w‖ → 1; w converges to the first principal component of (centred) inputs. In place.
 */
export function ojaUpdate(weight: Tensor, x: Tensor, lr: number): Tensor {
  const op = 'ojaUpdate(weight, x, lr)';
  requireTensor(op, 'weight', weight);
  requireTensor(op, 'x', x);
  if (weight.ndim !== 1 || x.ndim !== 1 || x.shape[0] !== weight.shape[0]) {
    fail(op, `expected weight [in] and x [in], got ${fmtShape(weight.shape)} and ${fmtShape(x.shape)}`);
  }
  return tidy(() =>
    noGrad(() => {
      const y = weight.mul(x).sum();
      return weight.add_(x.sub(weight.mul(y)).mul(y), lr);
    }),
  );
}
