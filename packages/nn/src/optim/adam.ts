import type { Tensor } from '@plasticity/core';
import { checkHp, Optimizer, type Params } from './optimizer';

/** Hyper-parameters of `Adam` and `AdamW` (PyTorch's names; defaults lr 1e-3, betas [0.9, 0.999], eps 1e-8). */
export interface AdamOptions {
  lr: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
}

abstract class AdamBase extends Optimizer<AdamOptions> {
  protected abstract readonly decoupled: boolean;
  readonly #steps = new Map<Tensor, number>();

  protected override checkHyper(name: string, hp: AdamOptions): void {
    super.checkHyper(name, hp);
    const [b1, b2] = hp.betas ?? [0.9, 0.999];
    checkHp(`${name}(options.betas)`, 'betas[0]', b1, 0, 1);
    checkHp(`${name}(options.betas)`, 'betas[1]', b2, 0, 1);
    checkHp(`${name}(options.eps)`, 'eps', hp.eps, 0);
    checkHp(`${name}(options.weightDecay)`, 'weightDecay', hp.weightDecay, 0);
  }

  protected update(
    p: Tensor,
    grad: Tensor,
    hp: AdamOptions & { lr: number },
    state: Record<string, Tensor>,
  ): void {
    const [b1, b2] = hp.betas ?? [0.9, 0.999];
    const eps = hp.eps ?? 1e-8;
    const wd = hp.weightDecay ?? 0;
    let g = grad;
    if (wd !== 0) {
      if (this.decoupled) p.mul_(1 - hp.lr * wd);
      else g = g.add(p.mul(wd));
    }
    const m = this.buffer(state, 'expAvg', p);
    const v = this.buffer(state, 'expAvgSq', p);
    const step = (this.#steps.get(p) ?? 0) + 1;
    this.#steps.set(p, step);
    m.mul_(b1).add_(g, 1 - b1);
    v.mul_(b2).add_(g.square(), 1 - b2);
    const c1 = 1 - b1 ** step;
    const c2 = 1 - b2 ** step;
    // p ← p − lr/c1 · m / (√(v/c2) + eps), PyTorch's arrangement of the bias corrections.
    p.sub_(m.div(v.div(c2).sqrt().add(eps)), hp.lr / c1);
  }
}

/** Adam (Kingma & Ba 2015) as PyTorch's `optim.Adam`; `weightDecay` adds λp to the gradient (L2). */
export class Adam extends AdamBase {
  protected readonly decoupled = false;

  constructor(params: Params<AdamOptions>, options: AdamOptions) {
    super('Adam', params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, ...options });
  }
}

/** AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay p ← p(1 − lr·λ); default λ = 0.01. */
export class AdamW extends AdamBase {
  protected readonly decoupled = true;

  constructor(params: Params<AdamOptions>, options: AdamOptions) {
    super('AdamW', params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, ...options });
  }
}
