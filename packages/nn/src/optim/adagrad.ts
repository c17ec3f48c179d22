import type { Tensor } from '@plasticity/core';
import { checkHp, Optimizer, type Params } from './optimizer';

/** Hyper-parameters of `Adagrad` (PyTorch's names; defaults lr 0.01, eps 1e-10). */
export interface AdagradOptions {
  lr: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
}

/** Adagrad (Duchi et al. 2011) as PyTorch's `optim.Adagrad`: s ← s + g²; p ← p − lr_t·g/(√s + ε). */
export class Adagrad extends Optimizer<AdagradOptions> {
  readonly #steps = new Map<Tensor, number>();

  constructor(params: Params<AdagradOptions>, options: AdagradOptions) {
    super('Adagrad', params, {
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      ...options,
    });
  }

  protected override checkHyper(name: string, hp: AdagradOptions): void {
    super.checkHyper(name, hp);
    checkHp(`${name}(options.lrDecay)`, 'lrDecay', hp.lrDecay, 0);
    checkHp(`${name}(options.weightDecay)`, 'weightDecay', hp.weightDecay, 0);
    checkHp(
      `${name}(options.initialAccumulatorValue)`,
      'initialAccumulatorValue',
      hp.initialAccumulatorValue,
      0,
    );
    checkHp(`${name}(options.eps)`, 'eps', hp.eps, 0);
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    hp: AdagradOptions & { lr: number },
    state: Record<string, Tensor>,
  ): void {
    const step = (this.#steps.get(p) ?? 0) + 1;
    this.#steps.set(p, step);
    const g = hp.weightDecay ? grad.add(p.mul(hp.weightDecay)) : grad;
    const sum = this.buffer(state, 'sum', p, (b) => {
      if (hp.initialAccumulatorValue) b.fill_(hp.initialAccumulatorValue);
    });
    sum.add_(g.square());
    const clr = hp.lr / (1 + (step - 1) * (hp.lrDecay ?? 0));
    p.sub_(g.div(sum.sqrt().add(hp.eps ?? 1e-10)), clr);
  }
}
