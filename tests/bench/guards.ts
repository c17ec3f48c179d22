import { memory } from '@plasticity/core';

/**
 * Runs `body` and fails loudly if our live tensor count grew meanwhile: a benchmark of a leaking step
 * would measure a program nobody should run (and would slow down as the heap fills).
 */
export async function assertFlatMemory<T>(label: string, body: () => Promise<T>): Promise<T> {
  return assertFlat(label, 'memory().tensors', () => memory().tensors, body);
}

/** The same guard for the peer's side (tfjs's `tf.memory().numTensors`): our harness must not leak there either. */
export async function assertFlat<T>(
  label: string,
  what: string,
  count: () => number,
  body: () => Promise<T>,
): Promise<T> {
  const before = count();
  const result = await body();
  const after = count();
  if (after !== before) {
    throw new Error(
      `bench ${label}: ${what} grew from ${before} to ${after} across the timed iterations; ` +
        'the step leaks tensors (is everything inside tidy, and every .grad cleared with zeroGrad?)',
    );
  }
  return result;
}

/** Fails loudly unless `ours` and `peer` agree to a relative tolerance: the race must be between equals. */
export function assertClose(label: string, ours: number, peer: number, rtol = 1e-3): void {
  const scale = Math.max(1, Math.abs(ours), Math.abs(peer));
  if (!(Math.abs(ours - peer) <= rtol * scale)) {
    throw new Error(
      `bench ${label}: our result ${ours} and the peer's ${peer} differ by more than ${rtol} (relative); ` +
        'the two sides are not computing the same thing',
    );
  }
}
