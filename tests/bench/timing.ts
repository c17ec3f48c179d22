import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long to measure: warm-up first, then timed samples until enough time or samples have passed. */
export interface TimingOptions {
  /** Warm up for at least this long (lets V8 optimise and tfjs compile its kernels)… */
  warmupMs: number;
  /** …and for at least this many calls. */
  warmupCalls: number;
  /** Keep sampling until this much time has been spent measuring… */
  minTimeMs: number;
  /** …and at least this many samples exist… */
  minSamples: number;
  /** …but stop after this many samples whatever the time… */
  maxSamples: number;
  /**
   * …or once sampling has taken this long, even short of `minSamples` (never with fewer than
   * {@link FLOOR_SAMPLES}): bounds the run when each call takes seconds (SwiftShader on a busy machine).
   */
  maxTimeMs: number;
  /** A sample repeats a fast call until it lasts about this long, so timer resolution does not matter. */
  sampleMs: number;
}

export const FULL_TIMING: TimingOptions = {
  warmupMs: 1500,
  warmupCalls: 3,
  minTimeMs: 600,
  minSamples: 7,
  maxSamples: 300,
  maxTimeMs: 6000,
  sampleMs: 5,
};

export const QUICK_TIMING: TimingOptions = {
  warmupMs: 30,
  warmupCalls: 1,
  minTimeMs: 60,
  minSamples: 3,
  maxSamples: 30,
  maxTimeMs: 1500,
  sampleMs: 2,
};

/** The fewest samples a median is taken over, whatever `maxTimeMs` says. */
export const FLOOR_SAMPLES = 3;

/** Whether to take another sample, given how many exist and how long sampling has run. */
function wantMore(samples: number, elapsedMs: number, options: TimingOptions, share = 1): boolean {
  if (samples < FLOOR_SAMPLES) return true;
  if (samples >= options.maxSamples || elapsedMs >= share * options.maxTimeMs) return false;
  return samples < options.minSamples || elapsedMs < share * options.minTimeMs;
}

export interface Timing {
  /** Median over samples of the mean time per call, in milliseconds. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Calls timed (excluding warm-up). */
  calls: number;
  samples: number;
}

/** A function to time; a returned promise is awaited, so async work (tfjs `trainOnBatch`) is included. */
export type Step = () => unknown;

let gcFn: (() => void) | null | undefined;

/**
 * Collects garbage now when V8 allows it, so one measurement does not pay for the previous one's garbage.
 * Uses `--expose-gc` set at run time (the bench is started by tsx, which we cannot pass node flags through).
 */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

async function call(step: Step): Promise<void> {
  const r = step();
  // Only await real promises: awaiting a plain value still costs a microtask per call.
  if (r instanceof Promise) await r;
}

async function warmUp(step: Step, options: TimingOptions): Promise<number> {
  let warmCalls = 0;
  let lastCallMs = Number.POSITIVE_INFINITY;
  const warmStart = performance.now();
  while (warmCalls < options.warmupCalls || performance.now() - warmStart < options.warmupMs) {
    const t0 = performance.now();
    await call(step);
    lastCallMs = performance.now() - t0;
    warmCalls++;
  }
  return lastCallMs;
}

/** How many calls make one sample of about `sampleMs`, given how long the last warm-up call took. */
function batchSize(lastCallMs: number, sampleMs: number): number {
  return Math.max(1, Math.round(sampleMs / Math.max(lastCallMs, 1e-4)));
}

/** One sample: the mean time per call over `batch` calls. */
async function sample(step: Step, batch: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < batch; i++) await call(step);
  return (performance.now() - t0) / batch;
}

function summarise(samples: number[], calls: number): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1], calls, samples: samples.length };
}

/**
 * Times `step`: collects garbage, warms up, then takes samples (each a batch of calls sized to last about
 * `sampleMs`) and reports the median per-call time, which a stray GC pause or a busy neighbour cannot drag.
 */
export async function measure(step: Step, options: TimingOptions): Promise<Timing> {
  collectGarbage();
  const batch = batchSize(await warmUp(step, options), options.sampleMs);
  const samples: number[] = [];
  const start = performance.now();
  while (wantMore(samples.length, performance.now() - start, options)) {
    samples.push(await sample(step, batch));
  }
  return summarise(samples, samples.length * batch);
}

/**
 * Times two steps as `measure` does, but with their samples interleaved (one of `a`, one of `b`, …) so
 * both sides see the same machine: on a shared machine, or on a software GPU (SwiftShader) whose speed
 * follows the load, timing one side after the other would compare two different moments.
 */
export async function measurePair(a: Step, b: Step, options: TimingOptions): Promise<[Timing, Timing]> {
  collectGarbage();
  const lastA = await warmUp(a, options);
  const lastB = await warmUp(b, options);
  // When one side is much faster, its samples grow to a quarter of the slower side's call, so each of its
  // samples averages many calls instead of one call caught between two long calls of the other side.
  const sampleMs = Math.max(options.sampleMs, Math.max(lastA, lastB) / 4);
  const batchA = batchSize(lastA, sampleMs);
  const batchB = batchSize(lastB, sampleMs);
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  const start = performance.now();
  // Two sides share the loop, so each time limit is doubled.
  while (wantMore(samplesA.length, performance.now() - start, options, 2)) {
    samplesA.push(await sample(a, batchA));
    samplesB.push(await sample(b, batchB));
  }
  return [summarise(samplesA, samplesA.length * batchA), summarise(samplesB, samplesB.length * batchB)];
}
