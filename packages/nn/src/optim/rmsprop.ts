import type { Tensor } from '@plasticity/core';
import { checkHp, Optimizer, type Params } from './optimizer';

/** Hyper-parameters of `RMSprop` (PyTorch's names; defaults lr 0.01, alpha 0.99, eps 1e-8). */
export interface RMSpropOptions {
  lr: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  /** Normalise by the variance estimate v − m² instead of v. */
  centered?: boolean;
}

/** RMSprop (Hinton, lecture 6e) as PyTorch's `optim.RMSprop`: v ← αv + (1 − α)g²; p ← p − lr·g/(√v + ε). */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params<RMSpropOptions>, options: RMSpropOptions) {
    super('RMSprop', params, {
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      ...options,
    });
  }

  protected override checkHyper(name: string, hp: RMSpropOptions): void {
    super.checkHyper(name, hp);
    checkHp(`${name}(options.alpha)`, 'alpha', hp.alpha, 0, 1.0000001);
    checkHp(`${name}(options.eps)`, 'eps', hp.eps, 0);
    checkHp(`${name}(options.momentum)`, 'momentum', hp.momentum, 0);
    checkHp(`${name}(options.weightDecay)`, 'weightDecay', hp.weightDecay, 0);
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    hp: RMSpropOptions & { lr: number },
    state: Record<string, Tensor>,
  ): void {
    const alpha = hp.alpha ?? 0.99;
    const g = hp.weightDecay ? grad.add(p.mul(hp.weightDecay)) : grad;
    const v = this.buffer(state, 'squareAvg', p);
    v.mul_(alpha).add_(g.square(), 1 - alpha);
    let denom: Tensor;
    if (hp.centered) {
      const m = this.buffer(state, 'gradAvg', p);
      m.mul_(alpha).add_(g, 1 - alpha);
      denom = v
        .sub(m.square())
        .sqrt()
        .add(hp.eps ?? 1e-8);
    } else denom = v.sqrt().add(hp.eps ?? 1e-8);
    if (hp.momentum) {
      const buf = this.buffer(state, 'momentumBuffer', p);
      buf.mul_(hp.momentum).add_(g.div(denom));
      p.sub_(buf, hp.lr);
    } else p.sub_(g.div(denom), hp.lr);
  }
}
