import { isTensor, type Tensor } from './tensor';

/** Tensors created while a scope is open; disposed when it closes unless returned or kept. */
class Scope {
  readonly tensors: Tensor[] = [];
}

const scopes: Scope[] = [];

/** @internal Called for every tensor made: the innermost open scope owns it. */
export function trackTensor(t: Tensor): void {
  const top = scopes[scopes.length - 1];
  if (top !== undefined) top.tensors.push(t);
}

function collectTensors(value: unknown, into: Set<Tensor>, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (isTensor(value)) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, into, depth + 1);
    return;
  }
  if (value instanceof Map) {
    for (const v of value.values()) collectTensors(v, into, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into, depth + 1);
  }
}

function closeScope(scope: Scope, result: unknown): void {
  // Remove this scope wherever it sits: an async scope may close after a scope opened later.
  const at = scopes.lastIndexOf(scope);
  if (at >= 0) scopes.splice(at, 1);
  const survivors = new Set<Tensor>();
  collectTensors(result, survivors);
  const parent = scopes[scopes.length - 1];
  for (const t of scope.tensors) {
    if (t.disposed || t.kept) continue;
    if (survivors.has(t)) parent?.tensors.push(t);
    else t.dispose();
  }
}

/**
 * Runs `fn` and disposes every tensor it created, except those it returns (in a tensor, array, Map or
 * plain object) and those marked with `keep()`. Unlike tfjs's tidy, `fn` may be async: the scope stays
 * open across `await` and closes when the promise settles.
 *
 * Scopes nest. Two async scopes running *concurrently* share one timeline, so a tensor created by one
 * while the other is innermost belongs to the other; keep one training loop per scope.
 */
export function tidy<T>(fn: () => T): T;
export function tidy<T>(name: string, fn: () => T): T;
export function tidy<T>(nameOrFn: string | (() => T), maybeFn?: () => T): T {
  const fn = typeof nameOrFn === 'function' ? nameOrFn : maybeFn!;
  const scope = new Scope();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    closeScope(scope, undefined);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        closeScope(scope, value);
        return value;
      },
      (error) => {
        closeScope(scope, undefined);
        throw error;
      },
    ) as T;
  }
  closeScope(scope, result);
  return result;
}

/** Exempts a tensor from every enclosing `tidy`: it lives until you call `dispose()` on it. */
export function keep<T extends Tensor>(t: T): T {
  t.kept = true;
  return t;
}

/** Disposes every tensor found in `value` (a tensor, array, Map or plain object of them). */
export function dispose(value: unknown): void {
  const found = new Set<Tensor>();
  collectTensors(value, found);
  for (const t of found) t.dispose();
}

/** How many scopes are open (for tests and debugging). */
export function scopeDepth(): number {
  return scopes.length;
}
