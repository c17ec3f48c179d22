import type { Tensor } from '@plasticity/core';
import { Module } from '../module';
import {
  type BCEOptions,
  type BCEWithLogitsOptions,
  bceLoss,
  bceWithLogitsLoss,
  type CrossEntropyOptions,
  crossEntropyLoss,
  type HingeOptions,
  hingeLoss,
  type KLDivOptions,
  klDivLoss,
  multiMarginLoss,
  nllLoss,
} from './classification';

/** `bceLoss` as a module (PyTorch's `nn.BCELoss`). */
export class BCELoss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: BCEOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return bceLoss(input, target, this.options);
  }
}

/** `bceWithLogitsLoss` as a module (PyTorch's `nn.BCEWithLogitsLoss`). */
export class BCEWithLogitsLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: BCEWithLogitsOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return bceWithLogitsLoss(input, target, this.options);
  }
}

/** `crossEntropyLoss` as a module (PyTorch's `nn.CrossEntropyLoss`). */
export class CrossEntropyLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: CrossEntropyOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropyLoss(input, target, this.options);
  }
}

/** `nllLoss` as a module (PyTorch's `nn.NLLLoss`). */
export class NLLLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: CrossEntropyOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, this.options);
  }
}

/** `klDivLoss` as a module (PyTorch's `nn.KLDivLoss`). */
export class KLDivLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: KLDivOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return klDivLoss(input, target, this.options);
  }
}

/** `hingeLoss` as a module (binary labels ±1). */
export class HingeLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: HingeOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return hingeLoss(input, target, this.options);
  }
}

/** `multiMarginLoss` as a module (PyTorch's `nn.MultiMarginLoss`). */
export class MultiMarginLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly options: HingeOptions = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return multiMarginLoss(input, target, this.options);
  }
}
