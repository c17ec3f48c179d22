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
  /** …but stop after this many samples whatever the time. */
  maxSamples: number;
  /** A sample repeats a fast call until it lasts about this long, so timer resolution does not matter. */
  sampleMs: number;
}

export const FULL_TIMING: TimingOptions = {
  warmupMs: 1500,
  warmupCalls: 3,
  minTimeMs: 600,
  minSamples: 7,
  maxSamples: 300,
  sampleMs: 5,
};

export const QUICK_TIMING: TimingOptions = {
  warmupMs: 30,
  warmupCalls: 1,
  minTimeMs: 60,
  minSamples: 3,
  maxSamples: 30,
  sampleMs: 2,
};

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

/**
 * Times `step`: collects garbage, warms up, then takes samples (each a batch of calls sized to last about
 * `sampleMs`) and reports the median per-call time, which a stray GC pause or a busy neighbour cannot drag.
 */
export async function measure(step: Step, options: TimingOptions): Promise<Timing> {
  collectGarbage();
  let warmCalls = 0;
  let lastCallMs = Number.POSITIVE_INFINITY;
  const warmStart = performance.now();
  while (warmCalls < options.warmupCalls || performance.now() - warmStart < options.warmupMs) {
    const t0 = performance.now();
    await call(step);
    lastCallMs = performance.now() - t0;
    warmCalls++;
  }
  const batch = Math.max(1, Math.round(options.sampleMs / Math.max(lastCallMs, 1e-4)));
  const samples: number[] = [];
  let calls = 0;
  const start = performance.now();
  while (
    samples.length < options.maxSamples &&
    (samples.length < options.minSamples || performance.now() - start < options.minTimeMs)
  ) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await call(step);
    samples.push((performance.now() - t0) / batch);
    calls += batch;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1], calls, samples: samples.length };
}
