import type { Tensor } from '@plasticity/core';
import { fail } from '../errors';
import { checkHp, Optimizer, type Params } from './optimizer';

/** Hyper-parameters of `SGD` (PyTorch's names and defaults). */
export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, exactly as
 * PyTorch's `optim.SGD`: g ← ∇ + λp; b ← μb + (1 − τ)g (b = g at the first step); p ← p − lr·(g + μb or b).
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, options: SGDOptions) {
    super('SGD', params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...options });
  }

  protected override checkHyper(name: string, hp: SGDOptions): void {
    super.checkHyper(name, hp);
    checkHp(`${name}(options.momentum)`, 'momentum', hp.momentum, 0);
    checkHp(`${name}(options.weightDecay)`, 'weightDecay', hp.weightDecay, 0);
    checkHp(`${name}(options.dampening)`, 'dampening', hp.dampening, 0, 1.0000001);
    if (hp.nesterov && (!(hp.momentum! > 0) || hp.dampening !== 0)) {
      fail(`${name}(options.nesterov)`, 'Nesterov momentum needs momentum > 0 and dampening 0');
    }
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    hp: SGDOptions & { lr: number },
    state: Record<string, Tensor>,
  ): void {
    let g = hp.weightDecay ? grad.add(p.mul(hp.weightDecay)) : grad;
    const mu = hp.momentum ?? 0;
    if (mu !== 0) {
      const fresh = state.momentumBuffer === undefined;
      const buf = this.buffer(state, 'momentumBuffer', p);
      if (fresh) buf.copy_(g);
      else buf.mul_(mu).add_(g, 1 - (hp.dampening ?? 0));
      g = hp.nesterov ? g.add(buf.mul(mu)) : buf;
    }
    p.sub_(g, hp.lr);
  }
}
