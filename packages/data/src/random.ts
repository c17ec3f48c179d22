import { defaultGenerator, Generator } from '@plasticity/core';
import { fail, show } from './errors';

/**
 * Where randomness comes from: an integer seed (reproducible), a core `Generator` you already hold
 * (its stream continues), or nothing — core's global generator, which `manualSeed` makes reproducible.
 */
export type SeedLike = number | Generator;

/** @internal */
export function resolveGenerator(where: string, seed: SeedLike | undefined): Generator {
  if (seed === undefined) return defaultGenerator();
  if (seed instanceof Generator) return seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    fail(where, `expected an integer seed or a Generator, got ${show(seed)}`);
  }
  return new Generator(seed);
}

/**
 * A seed for stream number `k` of `seed`: the loader's epoch `k` and the k-th fold reproduce on their
 * own, whatever was drawn before. The mixing constant is the golden-ratio increment splitmix uses.
 * @internal
 */
export function deriveSeed(seed: number, k: number): number {
  return ((seed >>> 0) ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0;
}

/** A uniform draw in [low, high). @internal */
export function uniform(g: Generator, low: number, high: number): number {
  return low + (high - low) * g.uniform();
}
