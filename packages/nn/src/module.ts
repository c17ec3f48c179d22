import { type Backend, initBackend, isTensor, keep, noGrad, type Tensor, tensor } from '@plasticity/core';
import { fail, fmtShape } from './errors';

/** Called after a module's forward: sees the inputs and output; returning a value replaces the output. */
export type ForwardHook<I extends unknown[] = unknown[], O = unknown> = (
  module: Module<I, O>,
  inputs: I,
  output: O,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that only observes returns nothing
) => O | undefined | void;

/** Returned by `registerForwardHook`: call `remove()` to detach the hook. */
export interface HookHandle {
  remove(): void;
}

/** The parameters and persistent buffers of a module tree by dotted name, as PyTorch's `state_dict()`. */
export type StateDict = Record<string, Tensor>;

/** Options for `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Refuse missing or unexpected keys (default true, as PyTorch). Shape and dtype mismatches are always refused. */
  strict?: boolean;
}

/** What `loadStateDict` did not use or did not find (both empty under `strict`). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

type Slot = Record<string, unknown>;

/** Where a registered tensor lives: its module, field name and dotted path from the root. */
interface TensorSlot {
  module: Module<any, any>;
  name: string;
  path: string;
  tensor: Tensor;
}

/**
 * The base class of every layer and model, as PyTorch's `nn.Module`. A subclass registers its parameters
 * (`registerParameter`), buffers (`registerBuffer`) and sub-modules (`registerModule`) in its constructor
 * and implements `forward`; users run it with `module.call(x)`, which also runs forward hooks.
 *
 * Registered tensors live in ordinary fields (`this.weight`), so reading or reassigning `lin.weight`
 * is what `parameters()`, `stateDict()` and the optimizers see. They are exempt from `tidy` (kept);
 * `dispose()` frees them.
 */
export abstract class Module<I extends unknown[] = [Tensor], O = Tensor> {
  /** Training mode (dropout active, batch norm uses batch statistics); see `train()` / `eval()`. */
  training = true;
  readonly #paramNames: string[] = [];
  readonly #bufferNames = new Map<string, boolean>();
  readonly #childNames: string[] = [];
  readonly #hooks = new Set<ForwardHook<I, O>>();

  /** The computation; call the module with `call(...)` so that hooks run. */
  abstract forward(...inputs: I): O;

  /** Runs `forward` and then every forward hook (PyTorch's `module(x)`). */
  call(...inputs: I): O {
    let out = this.forward(...inputs);
    for (const hook of this.#hooks) {
      const replaced = hook(this, inputs, out);
      if (replaced !== undefined) out = replaced as O;
    }
    return out;
  }

  /**
   * Registers a hook run after every `call`: for capturing activations (for plots or Grad-CAM, call
   * `output.retainGrad()` in the hook to read `output.grad` after backward). The output belongs to the
   * caller's `tidy`: `keep()` or copy it to hold it longer.
   */
  registerForwardHook(hook: ForwardHook<I, O>): HookHandle {
    if (typeof hook !== 'function')
      fail(
        `${this.constructor.name}.registerForwardHook(hook)`,
        `hook must be a function, got ${typeof hook}`,
      );
    this.#hooks.add(hook);
    return { remove: () => this.#hooks.delete(hook) };
  }

  /** Registers `value` as a trainable parameter `name` (it gets `requiresGrad_()` and is kept from `tidy`). */
  protected registerParameter(name: string, value: Tensor): Tensor;
  protected registerParameter(name: string, value: Tensor | null): Tensor | null;
  protected registerParameter(name: string, value: Tensor | null): Tensor | null {
    this.#checkName('registerParameter', name);
    if (value !== null) {
      if (!isTensor(value))
        fail(`${this.constructor.name}.registerParameter('${name}')`, 'value must be a tensor or null');
      if (value.dtype !== 'float32')
        fail(
          `${this.constructor.name}.registerParameter('${name}')`,
          `parameters must be float32, got ${value.dtype}`,
        );
      keep(value);
      value.requiresGrad_();
      value.name ??= name;
    }
    this.#paramNames.push(name);
    (this as unknown as Slot)[name] = value;
    return value;
  }

  /** Registers a non-trainable tensor (e.g. batch norm's running mean); `persistent` ones are in `stateDict()`. */
  protected registerBuffer(name: string, value: Tensor, persistent = true): Tensor {
    this.#checkName('registerBuffer', name);
    keep(value);
    this.#bufferNames.set(name, persistent);
    (this as unknown as Slot)[name] = value;
    return value;
  }

  /** Registers a sub-module under `name`; its parameters appear as `name.…`. */
  protected registerModule<M extends Module<any, any>>(name: string, module: M): M {
    this.#checkName('registerModule', name);
    if (!(module instanceof Module))
      fail(`${this.constructor.name}.registerModule('${name}')`, 'value must be a Module');
    this.#childNames.push(name);
    (this as unknown as Slot)[name] = module;
    return module;
  }

  #checkName(method: string, name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      fail(
        `${this.constructor.name}.${method}(name)`,
        `name must be a non-empty string without '.', got ${JSON.stringify(name)}`,
      );
    }
    if (this.#paramNames.includes(name) || this.#bufferNames.has(name) || this.#childNames.includes(name)) {
      fail(`${this.constructor.name}.${method}('${name}')`, 'that name is already registered');
    }
  }

  #slot(name: string): unknown {
    return (this as unknown as Slot)[name];
  }

  /** Direct sub-modules with their names. */
  *namedChildren(): Generator<[string, Module<any, any>]> {
    for (const name of this.#childNames) yield [name, this.#slot(name) as Module<any, any>];
  }

  /** Direct sub-modules. */
  *children(): Generator<Module<any, any>> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module and every descendant, with dotted names ('' for this one). Each module appears once. */
  *namedModules(prefix = '', seen = new Set<Module<any, any>>()): Generator<[string, Module<any, any>]> {
    if (seen.has(this)) return;
    seen.add(this);
    yield [prefix, this];
    for (const [name, child] of this.namedChildren()) {
      yield* child.namedModules(prefix === '' ? name : `${prefix}.${name}`, seen);
    }
  }

  /** This module and every descendant. */
  *modules(): Generator<Module<any, any>> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** Every parameter with its dotted name (`0.weight`), each tensor once, in registration order. */
  *namedParameters(): Generator<[string, Tensor]> {
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const name of m.#paramNames) {
        const p = m.#slot(name);
        if (!isTensor(p) || seen.has(p)) continue;
        seen.add(p);
        yield [prefix === '' ? name : `${prefix}.${name}`, p];
      }
    }
  }

  /** Every parameter (for an optimizer: `new SGD(model.parameters(), …)`). */
  parameters(): Tensor[] {
    return [...this.namedParameters()].map(([, p]) => p);
  }

  /** Every buffer with its dotted name; `persistentOnly` leaves out non-persistent ones. */
  *namedBuffers(persistentOnly = false): Generator<[string, Tensor]> {
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, persistent] of m.#bufferNames) {
        const b = m.#slot(name);
        if (!isTensor(b) || (persistentOnly && !persistent)) continue;
        yield [prefix === '' ? name : `${prefix}.${name}`, b];
      }
    }
  }

  /** How many scalar parameters the model has. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Sets training mode on this module and every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Sets evaluation mode (dropout off, batch norm uses running statistics). */
  eval(): this {
    return this.train(false);
  }

  /** Calls `fn` on every module, children first (as PyTorch's `apply`, e.g. for custom initialisation). */
  apply(fn: (module: Module<any, any>) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Every registered parameter and buffer slot of the tree: the module, the field name and its tensor. */
  #tensorSlots(): TensorSlot[] {
    const out: TensorSlot[] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const name of [...m.#paramNames, ...m.#bufferNames.keys()]) {
        const t = m.#slot(name);
        if (isTensor(t))
          out.push({ module: m, name, path: prefix === '' ? name : `${prefix}.${name}`, tensor: t });
      }
    }
    return out;
  }

  /** Puts `moved` in place of `old` (same name, same `requiresGrad`) and frees `old`. */
  static #replace(slot: TensorSlot, moved: Tensor): void {
    const old = slot.tensor;
    keep(moved);
    if (old.requiresGrad) moved.requiresGrad_();
    moved.name = old.name;
    (slot.module as unknown as Slot)[slot.name] = moved;
    old.dispose();
  }

  /**
   * Moves parameters and buffers to another backend (by name, e.g. 'webgpu', once initialised, or an
   * instance from `createWebGPUBackend`), in place, as PyTorch's `model.to(device)`. Gradients are
   * dropped; create the optimizer after moving, since it holds the parameter tensors. Moving off a
   * backend that reads asynchronously (the GPU back to the CPU) needs `await toAsync(backend)`.
   */
  to(backend: string | Backend): this {
    const slots = this.#tensorSlots();
    const target = typeof backend === 'string' ? backend : backend.name;
    const stuck = slots.find(
      (s) =>
        !s.tensor.backend.canReadSync && s.tensor.backend !== backend && s.tensor.backend.name !== target,
    );
    if (stuck !== undefined) {
      fail(
        `${this.constructor.name}.to('${target}')`,
        `'${stuck.path}' lives on '${stuck.tensor.backend.name}', which reads asynchronously: use await model.toAsync('${target}')`,
      );
    }
    for (const slot of slots) {
      const old = slot.tensor;
      const moved = noGrad(() => old.to(backend));
      if (moved !== old) Module.#replace(slot, moved);
    }
    return this;
  }

  /**
   * Like `to(backend)`, from any backend: reads every parameter and buffer with `await data()` (all
   * reads at once), then replaces them. Use it to bring a GPU-trained model back to the CPU.
   */
  async toAsync(backend: string | Backend): Promise<this> {
    const target: Backend = typeof backend === 'string' ? await initBackend(backend) : backend;
    const slots = this.#tensorSlots().filter((s) => s.tensor.backend !== target);
    const data = await Promise.all(slots.map((s) => s.tensor.data()));
    slots.forEach((slot, i) => {
      const old = slot.tensor;
      Module.#replace(slot, tensor(data[i], { shape: old.shape, dtype: old.dtype, backend: target }));
    });
    return this;
  }

  /**
   * Parameters and persistent buffers by dotted name (PyTorch's `state_dict()`). The values are the live
   * tensors, not copies: do not dispose them; clone them to keep a snapshot.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, p] of this.namedParameters()) out[name] = p;
    for (const [name, b] of this.namedBuffers(true)) out[name] = b;
    return out;
  }

  /**
   * Copies values from `state` into this model's parameters and buffers. Everything is checked first —
   * missing or unexpected keys (under `strict`), shapes, dtypes — and nothing is changed unless all pass.
   */
  loadStateDict(
    state: StateDict | Map<string, Tensor>,
    options: LoadStateDictOptions = {},
  ): LoadStateDictResult {
    const label = `${this.constructor.name}.loadStateDict(state)`;
    const { strict = true } = options;
    if (state === null || typeof state !== 'object')
      fail(label, `state must be an object of tensors, got ${state === null ? 'null' : typeof state}`);
    const given = new Map<string, Tensor>(state instanceof Map ? state : Object.entries(state));
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !given.has(k));
    const unexpectedKeys = [...given.keys()].filter((k) => !(k in own));
    const problems: string[] = [];
    if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length > 0) problems.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    for (const [key, target] of Object.entries(own)) {
      const src = given.get(key);
      if (src === undefined) continue;
      if (!isTensor(src)) {
        problems.push(`'${key}' is not a tensor`);
        continue;
      }
      if (src.disposed) problems.push(`'${key}' was disposed`);
      else if (src.shape.length !== target.shape.length || src.shape.some((d, i) => d !== target.shape[i])) {
        problems.push(
          `'${key}' has shape ${fmtShape(src.shape)}, the model expects ${fmtShape(target.shape)}`,
        );
      } else if (src.dtype !== target.dtype) {
        problems.push(`'${key}' has dtype ${src.dtype}, the model expects ${target.dtype}`);
      }
    }
    if (problems.length > 0) fail(label, `${problems.join('; ')} (no weights were changed)`);
    noGrad(() => {
      for (const [key, target] of Object.entries(own)) {
        const src = given.get(key);
        if (src === undefined) continue;
        if (src.backend === target.backend) target.copy_(src);
        else {
          const moved = src.to(target.backend);
          target.copy_(moved);
          moved.dispose();
        }
      }
    });
    for (const m of this.modules()) m.stateLoaded();
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Called on every module of the tree after `loadStateDict` has copied new values in, for modules
   * that keep host-side state derived from their buffers (batch norm's step count).
   */
  protected stateLoaded(): void {}

  /** Frees every parameter and buffer of the module tree. */
  dispose(): void {
    for (const [, t] of this.namedParameters()) t.dispose();
    for (const [, t] of this.namedBuffers()) t.dispose();
  }

  /** A readable summary: the module tree with parameter shapes. */
  toString(): string {
    const lines: string[] = [];
    const walk = (m: Module<any, any>, name: string, depth: number) => {
      const pad = '  '.repeat(depth);
      const own: string[] = [];
      for (const n of m.#paramNames) {
        const p = m.#slot(n);
        if (isTensor(p)) own.push(`${n}${fmtShape(p.shape)}`);
      }
      lines.push(
        `${pad}${name === '' ? '' : `(${name}): `}${m.describe()}${own.length > 0 ? ` {${own.join(', ')}}` : ''}`,
      );
      for (const [childName, child] of m.namedChildren()) walk(child, childName, depth + 1);
    };
    walk(this, '', 0);
    return lines.join('\n');
  }

  /** One-line description used by `toString()` (e.g. `Linear(in=2, out=3)`); layers override it. */
  describe(): string {
    return this.constructor.name;
  }
}
