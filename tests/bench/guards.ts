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

/**
 * Fails loudly unless every element of `got` is within `rtol` of `expected` (relative to the larger of 1
 * and the expected magnitude, so entries near zero are held to an absolute `rtol`); names the worst one.
 */
export function assertAllClose(
  label: string,
  got: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
): void {
  if (got.length !== expected.length) {
    throw new Error(`bench ${label}: ${got.length} results, expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < got.length; i++) {
    const excess = Math.abs(got[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    // `!(<=)` so a NaN counts as a mismatch.
    if (!(excess <= rtol) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new Error(
      `bench ${label}: element ${worst} is ${got[worst]}, expected ${expected[worst]} ` +
        `(relative difference ${worstExcess}, tolerance ${rtol}); the two sides are not computing the same thing`,
    );
  }
}
