import { fail } from '../errors';
import type { Optimizer } from './optimizer';

type AnyOptimizer = Optimizer<{ lr: number }>;

/**
 * The base of learning-rate schedulers: each maps the epoch count t to a factor of every group's initial
 * learning rate, in closed form (so `step()` t times gives the same rate as PyTorch's chained updates).
 * Call `step()` once per epoch (or per batch, for warm-up), after `optimizer.step()`.
 */
export abstract class LRScheduler {
  readonly baseLrs: number[];
  /** How many times `step()` has been called. */
  lastEpoch = 0;

  constructor(
    readonly optimizer: AnyOptimizer,
    name: string,
  ) {
    if (optimizer === null || typeof optimizer !== 'object' || !Array.isArray(optimizer.paramGroups)) {
      fail(`${name}(optimizer)`, 'expected an optimizer (e.g. new SGD(model.parameters(), { lr: 0.1 }))');
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.hp.lr);
  }

  /** The learning rate at step t for a group whose initial rate is `base`. */
  abstract lrAt(base: number, t: number): number;

  /** Advances one step and sets every group's learning rate. */
  step(): void {
    this.lastEpoch++;
    this.optimizer.paramGroups.forEach((g, i) => {
      g.hp.lr = this.lrAt(this.baseLrs[i], this.lastEpoch);
    });
  }

  /** The current learning rate of each group. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.hp.lr);
  }
}

function positiveInt(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) fail(op, `${name} must be a positive integer, got ${v}`);
}

/** Multiplies the rate by `gamma` every `stepSize` steps (PyTorch's `StepLR`). */
export class StepLR extends LRScheduler {
  constructor(
    optimizer: AnyOptimizer,
    readonly stepSize: number,
    readonly gamma = 0.1,
  ) {
    super(optimizer, 'StepLR');
    positiveInt('StepLR(optimizer, stepSize)', 'stepSize', stepSize);
  }

  lrAt(base: number, t: number): number {
    return base * this.gamma ** Math.floor(t / this.stepSize);
  }
}

/** Multiplies the rate by `gamma` every step (PyTorch's `ExponentialLR`). */
export class ExponentialLR extends LRScheduler {
  constructor(
    optimizer: AnyOptimizer,
    readonly gamma: number,
  ) {
    super(optimizer, 'ExponentialLR');
    if (!(gamma > 0)) fail('ExponentialLR(optimizer, gamma)', `gamma must be positive, got ${gamma}`);
  }

  lrAt(base: number, t: number): number {
    return base * this.gamma ** t;
  }
}

/** Cosine annealing from the initial rate to `etaMin` over `tMax` steps (Loshchilov & Hutter 2017, no restarts). */
export class CosineAnnealingLR extends LRScheduler {
  constructor(
    optimizer: AnyOptimizer,
    readonly tMax: number,
    readonly etaMin = 0,
  ) {
    super(optimizer, 'CosineAnnealingLR');
    positiveInt('CosineAnnealingLR(optimizer, tMax)', 'tMax', tMax);
  }

  lrAt(base: number, t: number): number {
    return this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * t) / this.tMax))) / 2;
  }
}

/**
 * Linear warm-up (PyTorch's `LinearLR`): the factor goes linearly from `startFactor` to `endFactor`
 * over `totalIters` steps, then stays.
 */
export class LinearLR extends LRScheduler {
  constructor(
    optimizer: AnyOptimizer,
    readonly startFactor = 1 / 3,
    readonly endFactor = 1,
    readonly totalIters = 5,
  ) {
    super(optimizer, 'LinearLR');
    if (!(startFactor > 0 && startFactor <= 1))
      fail('LinearLR(optimizer, startFactor)', `startFactor must be in (0, 1], got ${startFactor}`);
    if (!(endFactor >= 0 && endFactor <= 1))
      fail('LinearLR(optimizer, startFactor, endFactor)', `endFactor must be in [0, 1], got ${endFactor}`);
    positiveInt('LinearLR(optimizer, startFactor, endFactor, totalIters)', 'totalIters', totalIters);
    // Applied at construction, as PyTorch does: the first epoch already runs at startFactor.
    for (const g of optimizer.paramGroups) g.hp.lr *= startFactor;
  }

  lrAt(base: number, t: number): number {
    const f =
      this.startFactor +
      ((this.endFactor - this.startFactor) * Math.min(t, this.totalIters)) / this.totalIters;
    return base * f;
  }
}
