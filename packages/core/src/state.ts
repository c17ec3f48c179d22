import type { Tensor } from './tensor';

/** Per-op hook used by graph tracing: sees every op as it runs. */
export interface OpObserver {
  onOp(op: string, inputs: readonly Tensor[], output: Tensor, attrs?: Record<string, unknown>): void;
}

/**
 * The engine's global switches. Kept in one object so that every module reads the same state
 * and a test can see it whole.
 */
export const state = {
  gradEnabled: true,
  /** Throw at the first op whose output holds NaN or ±Inf while its inputs did not. */
  checkNumerics: false,
  /** Report tensors garbage-collected without dispose(), with the stack that created them. */
  trackLeaks: false,
  observer: null as OpObserver | null,
  /** Names of the composite ops currently being expanded (for the traced graph's `group`). */
  groups: [] as string[],
  nextId: 1,
};

export interface DebugOptions {
  /** Throw at the first op producing NaN/Inf from finite inputs, naming the op (CPU: read back after each op). */
  checkNumerics?: boolean;
  /** Warn with the creating stack when a tensor is garbage-collected without being disposed. */
  leaks?: boolean;
}

/** Turns debugging aids on or off; returns the previous settings. */
export function debug(options: DebugOptions): Required<DebugOptions> {
  const previous = { checkNumerics: state.checkNumerics, leaks: state.trackLeaks };
  if (options.checkNumerics !== undefined) state.checkNumerics = options.checkNumerics;
  if (options.leaks !== undefined) state.trackLeaks = options.leaks;
  return previous;
}

/** Runs `fn` with the op name of a composite on the group stack, so traces can fold it. */
export function inGroup<T>(name: string, fn: () => T): T {
  if (state.observer === null) return fn();
  state.groups.push(name);
  try {
    return fn();
  } finally {
    state.groups.pop();
  }
}
