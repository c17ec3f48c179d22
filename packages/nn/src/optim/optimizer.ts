import { isTensor, keep, noGrad, type Tensor, tidy, zerosLike } from '@plasticity/core';
import { fail } from '../errors';

/** A group of parameters sharing hyper-parameters (PyTorch's param groups), e.g. no weight decay on biases. */
export interface ParamGroup<H> {
  params: Tensor[];
  /** Hyper-parameters for this group; missing ones come from the optimizer's defaults. */
  options?: Partial<H>;
}

/** What optimizers accept: a list (or iterable) of parameters, or a list of param groups. */
export type Params<H> = Iterable<Tensor> | ParamGroup<H>[];

/** A resolved param group: its tensors and complete hyper-parameters (`lr` may be changed by schedulers). */
export interface ResolvedGroup<H> {
  params: Tensor[];
  hp: H & { lr: number };
}

/**
 * The base of every optimizer: holds param groups and per-parameter state, and runs each update under
 * `noGrad` and `tidy`, so a step leaves no temporary tensors behind. Subclasses write `update`.
 */
export abstract class Optimizer<H extends { lr: number }> {
  readonly paramGroups: ResolvedGroup<H>[];
  /** Per-parameter state tensors (momentum buffers, moment estimates), kept alive between steps. */
  protected readonly state = new Map<Tensor, Record<string, Tensor>>();
  /** Number of `step()` calls so far. */
  stepCount = 0;

  constructor(name: string, params: Params<H>, defaults: H) {
    const label = `${name}(params)`;
    if (
      params === null ||
      params === undefined ||
      typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function'
    ) {
      fail(label, 'expected an array of parameters (e.g. model.parameters()) or of param groups');
    }
    const items = [...(params as Iterable<Tensor | ParamGroup<H>>)];
    const groups: ParamGroup<H>[] = items.every(isTensor)
      ? [{ params: items as Tensor[] }]
      : (items as ParamGroup<H>[]);
    this.paramGroups = groups.map((g, gi) => {
      if (g === null || typeof g !== 'object' || !Array.isArray((g as ParamGroup<H>).params)) {
        fail(label, `item ${gi} is neither a tensor nor a param group { params: Tensor[] }`);
      }
      const hp = { ...defaults, ...(g.options ?? {}) } as H;
      this.checkHyper(name, hp);
      for (const p of g.params) {
        if (!isTensor(p)) fail(label, `param group ${gi} holds a non-tensor`);
        if (!p.requiresGrad)
          fail(label, `parameter ${p.name ?? `#${p.id}`} does not require grad (call requiresGrad_())`);
      }
      return { params: [...g.params], hp };
    });
    const count = this.paramGroups.reduce((n, g) => n + g.params.length, 0);
    if (count === 0) fail(label, 'expected at least one parameter to optimize, got none');
    const all = this.paramGroups.flatMap((g) => g.params);
    if (new Set(all).size !== all.length) fail(label, 'a parameter appears more than once');
  }

  /** Validates hyper-parameters (called per group). */
  protected checkHyper(name: string, hp: H): void {
    if (!(hp.lr >= 0) || !Number.isFinite(hp.lr))
      fail(`${name}(params, options.lr)`, `lr must be a finite number ≥ 0, got ${hp.lr}`);
  }

  /** The learning rate of the first group (setting it sets every group's). */
  get lr(): number {
    return this.paramGroups[0].hp.lr;
  }

  set lr(value: number) {
    for (const g of this.paramGroups) g.hp.lr = value;
  }

  /** Clears every parameter's gradient (PyTorch's `optimizer.zero_grad()`). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.zeroGrad();
  }

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    this.stepCount++;
    tidy(() =>
      noGrad(() => {
        for (const group of this.paramGroups) {
          for (const p of group.params) {
            if (p.grad === null) continue;
            this.update(p, p.grad, group.hp, this.#stateOf(p));
          }
        }
      }),
    );
  }

  #stateOf(p: Tensor): Record<string, Tensor> {
    let s = this.state.get(p);
    if (s === undefined) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  /** @internal A zero-filled state tensor like `p`, created once and kept. */
  protected buffer(s: Record<string, Tensor>, key: string, p: Tensor, init?: (b: Tensor) => void): Tensor {
    let b = s[key];
    if (b === undefined) {
      b = keep(zerosLike(p));
      init?.(b);
      s[key] = b;
    }
    return b;
  }

  /** One parameter's update, in place; runs under noGrad inside a tidy. */
  protected abstract update(
    p: Tensor,
    grad: Tensor,
    hp: H & { lr: number },
    state: Record<string, Tensor>,
  ): void;

  /** Frees the optimizer's state tensors. */
  dispose(): void {
    for (const s of this.state.values()) for (const t of Object.values(s)) t.dispose();
    this.state.clear();
  }
}

/** @internal Checks a hyper-parameter is a finite number within [lo, hi). */
export function checkHp(
  op: string,
  name: string,
  value: unknown,
  lo: number,
  hi = Number.POSITIVE_INFINITY,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value >= hi) {
    fail(
      op,
      `${name} must be a number in [${lo}, ${hi === Number.POSITIVE_INFINITY ? '∞' : hi}), got ${String(value)}`,
    );
  }
}
