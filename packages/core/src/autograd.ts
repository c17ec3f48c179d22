import { fail, fmtShape } from './errors';
import { add, asTensor, onesLike } from './ops/api';
import { state } from './state';
import { type GradNode, isTensor, type Tensor, type TensorLike } from './tensor';

/**
 * @internal Records `out` as produced by `op` from `inputs`, so backward can call `vjp`.
 * Also reports the op to an active tracer and, in debug mode, checks it for NaN/Inf.
 */
export function record(
  op: string,
  out: Tensor,
  inputs: readonly Tensor[],
  vjp: GradNode['vjp'] | null,
  attrs?: Record<string, unknown>,
): Tensor {
  if (state.gradEnabled && vjp !== null) {
    let needed = false;
    for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) needed = true;
    if (needed) {
      if (out.dtype !== 'float32') fail(op, `cannot record a gradient through an op producing ${out.dtype}`);
      const versions = new Array<number>(inputs.length);
      for (let i = 0; i < inputs.length; i++) versions[i] = inputs[i].storage.version;
      out.requiresGrad = true;
      out.node = { op, inputs, vjp, versions, attrs };
    }
  }
  if (state.observer !== null) state.observer.onOp(op, inputs, out, attrs);
  if (state.checkNumerics) checkNumerics(op, inputs, out);
  return out;
}

function hasNonFinite(t: Tensor): boolean {
  if (t.dtype !== 'float32' || !t.backend.canReadSync) return false;
  const data = t.backend.readSync(t);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return true;
  return false;
}

function checkNumerics(op: string, inputs: readonly Tensor[], out: Tensor): void {
  if (!hasNonFinite(out)) return;
  if (inputs.some(hasNonFinite)) return;
  fail(
    op,
    `produced NaN or Infinity from finite inputs (output shape ${fmtShape(out.shape)}; debug checkNumerics is on)`,
  );
}

/** Runs `fn` without recording gradients (PyTorch's `torch.no_grad()`); works with async `fn` too. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with gradient recording on, even inside `noGrad`. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

export function isGradEnabled(): boolean {
  return state.gradEnabled;
}

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = state.gradEnabled;
  state.gradEnabled = enabled;
  let result: T;
  try {
    result = fn();
  } catch (error) {
    state.gradEnabled = previous;
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      state.gradEnabled = previous;
    }) as T;
  }
  state.gradEnabled = previous;
  return result;
}

/** Reverse topological order of the recorded graph below `root`, found without recursion. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, next] = top;
    const inputs = t.node?.inputs ?? [];
    if (next < inputs.length) {
      top[1] = next + 1;
      const input = inputs[next];
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order.reverse();
}

/** One application of the chain rule, as `backwardSteps` yields it. */
export interface BackwardStep {
  /** The tensor whose producing op's VJP was applied. */
  readonly output: Tensor;
  readonly op: string;
  /** ∂root/∂output, the gradient arriving at this node. */
  readonly upstream: Tensor;
  /** The gradient each input receives from this op (null: the input needs none). */
  readonly inputGrads: readonly { input: Tensor; grad: Tensor | null }[];
}

export interface BackwardOptions {
  /** Record the backward computation itself, so gradients of gradients can be taken. */
  createGraph?: boolean;
  /** @internal Whether leaves' `.grad` is written (false for the functional `grad`). */
  accumulate?: boolean;
}

function seedGradient(root: Tensor, gradient: TensorLike | undefined): Tensor {
  if (!root.requiresGrad) {
    fail(
      'backward()',
      `tensor ${fmtShape(root.shape)} does not require grad: no input of the computation had requiresGrad_() set`,
    );
  }
  if (gradient === undefined) {
    if (root.size !== 1) {
      fail(
        'backward()',
        `gradient can only be implied for a scalar output; this output has shape ${fmtShape(root.shape)}: ` +
          'pass backward(gradient) with that shape, or reduce it first (e.g. loss.sum())',
      );
    }
    return onesLike(root);
  }
  const g = asTensor('backward(gradient)', gradient, root);
  if (g.size !== root.size || g.ndim > root.ndim) {
    fail(
      'backward(gradient)',
      `gradient shape ${fmtShape(g.shape)} does not match output shape ${fmtShape(root.shape)}`,
    );
  }
  return g;
}

/**
 * Applies the VJP of the op that produced `t` to its gradient `g`, adding each input's share into `grads`.
 * Shared by `backward()` (a plain loop) and `backwardSteps()` (the step-through generator); `collect`
 * receives each input's gradient for the step record.
 */
function applyNode(
  t: Tensor,
  g: Tensor,
  grads: Map<Tensor, Tensor>,
  options: BackwardOptions,
  firstId: number,
  collect?: (input: Tensor, grad: Tensor | null) => void,
): void {
  if ((t.node === null || t.retainsGrad) && options.accumulate !== false) {
    accumulateInto(t, g, options.createGraph === true, firstId);
  }
  const node = t.node;
  if (node === null) return;
  const inputs = node.inputs;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    if (input.storage.version !== node.versions[i]) {
      fail(
        `backward() through ${node.op}`,
        `input #${i} ${fmtShape(input.shape)} was modified in place after the op used it; ` +
          'its gradient would be wrong (clone() it before the in-place op)',
      );
    }
    if (input.disposed) input.assertLive(`backward() through ${node.op}`);
  }
  const previousMode = state.gradEnabled;
  state.gradEnabled = options.createGraph === true;
  try {
    const inputGrads = node.vjp(g);
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i];
      const gi = inputGrads[i];
      if (!input.requiresGrad || gi == null) {
        collect?.(input, null);
        continue;
      }
      if (!isTensor(gi) || gi.size !== input.size) {
        fail(
          `backward() through ${node.op}`,
          `gradient rule returned shape ${isTensor(gi) ? fmtShape(gi.shape) : String(gi)} for input of shape ${fmtShape(input.shape)}`,
        );
      }
      const sofar = grads.get(input);
      grads.set(input, sofar === undefined ? gi : add(sofar, gi));
      collect?.(input, gi);
    }
  } finally {
    state.gradEnabled = previousMode;
  }
}

/**
 * Step-through backward: applies one VJP per step, in reverse topological order, and yields what it did.
 * Driving it to the end is exactly `backward()`; a lecture can pause between steps to show the chain rule.
 */
export function* backwardSteps(
  root: Tensor,
  gradient?: TensorLike,
  options: BackwardOptions = {},
): Generator<BackwardStep, void, undefined> {
  root.assertLive('backward()');
  const firstId = state.nextId;
  const grads = new Map<Tensor, Tensor>([[root, seedGradient(root, gradient)]]);
  for (const t of topoOrder(root)) {
    const g = grads.get(t);
    if (g === undefined) continue;
    const step: { input: Tensor; grad: Tensor | null }[] = [];
    applyNode(t, g, grads, options, firstId, (input, grad) => step.push({ input, grad }));
    if (t.node !== null) yield { output: t, op: t.node.op, upstream: g, inputGrads: step };
  }
}

/** Adds `g` into `t.grad` (PyTorch accumulates; `zeroGrad` clears). The tensor owns the result. */
function accumulateInto(t: Tensor, g: Tensor, createGraph: boolean, firstId: number): void {
  const shaped = g.shape.length === t.shape.length ? g : g.reshape(t.shape);
  if (t.grad === null) {
    // A gradient made by this backward and not yet claimed becomes the leaf's own; one that is already
    // claimed (the same tensor can reach several leaves, e.g. through add) or was passed in by the caller
    // is shared through a new handle, so each leaf can dispose its .grad independently.
    if (!shaped.kept && shaped.id >= firstId) t.grad = shaped;
    else t.grad = createGraph ? identity(shaped) : shaped.detach();
  } else {
    const previous = state.gradEnabled;
    state.gradEnabled = createGraph;
    const old = t.grad;
    const sum = add(old, shaped);
    state.gradEnabled = previous;
    t.grad = sum;
    // Under createGraph the old gradient is an input of the new one's graph, so it must live on.
    if (!createGraph) old.dispose();
  }
}

/** A new handle on `x` that stays connected to x's graph. */
function identity(x: Tensor): Tensor {
  const out = x.makeView(x.shape, x.strides, x.offset);
  if (x.requiresGrad) {
    out.requiresGrad = true;
    out.node = { op: 'identity', inputs: [x], vjp: (g) => [g], versions: [x.storage.version] };
  }
  return out;
}

/** Runs backward from `root` to the leaves; see `Tensor.backward`. */
export function backward(root: Tensor, gradient?: TensorLike, options: BackwardOptions = {}): void {
  root.assertLive('backward()');
  const firstId = state.nextId;
  const grads = new Map<Tensor, Tensor>([[root, seedGradient(root, gradient)]]);
  for (const t of topoOrder(root)) {
    const g = grads.get(t);
    if (g !== undefined) applyNode(t, g, grads, options, firstId);
  }
}

type GradFn<A extends Tensor[]> = (...args: A) => Tensor;

/**
 * Functional gradient (as JAX's `grad`): `grad(f)(x, y)` returns [∂f/∂x, ∂f/∂y] for a scalar-valued `f`.
 * Inputs are not modified and their `.grad` is untouched. With `createGraph`, the returned gradients are
 * themselves differentiable, so `grad(x => grad(f)(x)[0].sum())` gives second derivatives.
 */
export function grad<A extends Tensor[]>(
  f: GradFn<A>,
  options: BackwardOptions = {},
): (...args: A) => Tensor[] {
  const vg = valueAndGrad(f, options);
  return (...args: A) => {
    const [value, grads] = vg(...args);
    value.dispose();
    return grads;
  };
}

/** Like `grad`, but also returns f's value: `[value, [∂f/∂x, …]]`. */
export function valueAndGrad<A extends Tensor[]>(
  f: GradFn<A>,
  options: BackwardOptions = {},
): (...args: A) => [Tensor, Tensor[]] {
  return (...args: A) => {
    const createGraph = options.createGraph ?? state.gradEnabled;
    // Fresh leaves that share the inputs' storage, so gradients land here and not in the callers' .grad;
    // under createGraph they stay connected to the callers' graph.
    const leaves = args.map((a) => {
      if (!isTensor(a)) fail('grad(f)', 'every argument must be a tensor');
      const leaf = createGraph && a.requiresGrad ? identityLeaf(a) : a.detach();
      if (leaf.dtype !== 'float32')
        fail('grad(f)', `arguments must be float32 to be differentiated, got ${leaf.dtype}`);
      leaf.requiresGrad = true;
      return leaf;
    }) as A;
    const value = enableGrad(() => f(...leaves));
    if (!isTensor(value) || value.size !== 1) {
      fail(
        'grad(f)',
        `f must return a scalar tensor, it returned ${isTensor(value) ? fmtShape(value.shape) : typeof value}`,
      );
    }
    const grads = new Map<Tensor, Tensor>();
    for (const step of backwardSteps(value, undefined, { createGraph, accumulate: false })) {
      for (const { input, grad: gi } of step.inputGrads) {
        if (gi === null || !leaves.includes(input)) continue;
        const sofar = grads.get(input);
        grads.set(
          input,
          sofar === undefined ? gi : createGraph ? add(sofar, gi) : noGrad(() => add(sofar, gi)),
        );
      }
    }
    const result = leaves.map((leaf) => {
      const g = grads.get(leaf);
      return g === undefined
        ? noGrad(() => leaf.mul(0))
        : g.shape.length === leaf.ndim
          ? g
          : g.reshape(leaf.shape);
    });
    // The leaves' own .grad was never set (we read the steps), so nothing to clean there.
    return [createGraph ? value : value.detach(), result];
  };
}

/** A non-leaf that is `a` itself for autograd: gradients flowing into it continue into `a`'s graph. */
function identityLeaf(a: Tensor): Tensor {
  const out = a.makeView(a.shape, a.strides, a.offset);
  out.node = { op: 'identity', inputs: [a], vjp: (g) => [g], versions: [a.storage.version] };
  return out;
}
