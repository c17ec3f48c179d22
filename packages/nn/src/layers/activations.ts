import { cast, type Tensor } from '@plasticity/core';
import { requireTensor } from '../errors';
import { Module } from '../module';

abstract class Activation extends Module {
  protected abstract apply1(x: Tensor): Tensor;

  forward(x: Tensor): Tensor {
    requireTensor(`${this.describe()}.forward(x)`, 'x', x);
    return this.apply1(x);
  }
}

/** max(x, 0). */
export class ReLU extends Activation {
  protected apply1(x: Tensor): Tensor {
    return x.relu();
  }
}

/** x for x > 0, negativeSlope·x otherwise (default slope 0.01, as PyTorch). */
export class LeakyReLU extends Activation {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  override describe(): string {
    return `LeakyReLU(negativeSlope=${this.negativeSlope})`;
  }

  protected apply1(x: Tensor): Tensor {
    return x.leakyRelu(this.negativeSlope);
  }
}

/** x for x > 0, α(eˣ − 1) otherwise. */
export class ELU extends Activation {
  constructor(readonly alpha = 1) {
    super();
  }

  protected apply1(x: Tensor): Tensor {
    return x.elu(this.alpha);
  }
}

/** x·Φ(x) with the exact normal CDF (PyTorch's default GELU). */
export class GELU extends Activation {
  protected apply1(x: Tensor): Tensor {
    return x.gelu();
  }
}

/** x·σ(x) (swish). */
export class SiLU extends Activation {
  protected apply1(x: Tensor): Tensor {
    return x.silu();
  }
}

/** 1 / (1 + e⁻ˣ). */
export class Sigmoid extends Activation {
  protected apply1(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** tanh x. */
export class Tanh extends Activation {
  protected apply1(x: Tensor): Tensor {
    return x.tanh();
  }
}

/** Softmax along `dim` (PyTorch requires the dim; here it defaults to the last). */
export class Softmax extends Activation {
  constructor(readonly dim = -1) {
    super();
  }

  protected apply1(x: Tensor): Tensor {
    return x.softmax(this.dim);
  }
}

/** log softmax along `dim` (pair it with `NLLLoss`). */
export class LogSoftmax extends Activation {
  constructor(readonly dim = -1) {
    super();
  }

  protected apply1(x: Tensor): Tensor {
    return x.logSoftmax(this.dim);
  }
}

/**
 * The Heaviside step of Rosenblatt's perceptron: 1 where x > 0, `valueAtZero` where x = 0, 0 elsewhere
 * (PyTorch's `torch.heaviside(x, values)`). Its derivative is 0 almost everywhere, so no gradient flows:
 * that is why the perceptron needs its own learning rule (see `Perceptron`).
 */
export class Heaviside extends Activation {
  constructor(readonly valueAtZero = 1) {
    super();
  }

  protected apply1(x: Tensor): Tensor {
    const step = cast(x.gt(0), 'float32');
    if (this.valueAtZero === 0) return step;
    return step.add(cast(x.eq(0), 'float32').mul(this.valueAtZero));
  }
}
