import { type Tensor, where } from '@plasticity/core';
import { fail } from '../errors';
import { Module } from '../module';
import { checkPair, type LossOptions, reduceLoss } from './reduce';

/** Mean squared error (x − y)², as PyTorch's `F.mse_loss`. */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const op = 'mseLoss(input, target)';
  checkPair(op, input, target);
  return reduceLoss(op, input.sub(target).square(), options.reduction);
}

/** Mean absolute error |x − y|, as PyTorch's `F.l1_loss`. */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const op = 'l1Loss(input, target)';
  checkPair(op, input, target);
  return reduceLoss(op, input.sub(target).abs(), options.reduction);
}

/** Options of the Huber loss. */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** Huber loss: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond, as PyTorch's `F.huber_loss`. */
export function huberLoss(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  const op = 'huberLoss(input, target)';
  checkPair(op, input, target);
  const delta = options.delta ?? 1;
  if (!(delta > 0)) fail(op, `delta must be positive, got ${delta}`);
  const d = input.sub(target).abs();
  const loss = where(d.le(delta), d.square().mul(0.5), d.sub(0.5 * delta).mul(delta));
  return reduceLoss(op, loss, options.reduction);
}

/** `mseLoss` as a module (PyTorch's `nn.MSELoss`). */
export class MSELoss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: LossOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.options);
  }
}

/** `l1Loss` as a module (PyTorch's `nn.L1Loss`). */
export class L1Loss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: LossOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, this.options);
  }
}

/** `huberLoss` as a module (PyTorch's `nn.HuberLoss`). */
export class HuberLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: HuberOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, this.options);
  }
}
