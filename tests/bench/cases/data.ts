import { Generator } from '@plasticity/core';

/** Seeded inputs shared by both sides of a race, so both multiply (and train on) the very same numbers. */
export function seeded(seed: number): Generator {
  return new Generator(seed);
}

/** `n` floats uniform in [lo, hi). */
export function uniformArray(g: Generator, n: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * g.uniform();
  return out;
}

/** `n` floats from N(0, std²). */
export function normalArray(g: Generator, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = std * g.normal();
  return out;
}
