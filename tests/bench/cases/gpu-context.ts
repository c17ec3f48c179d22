import type { GpuSetup } from '../gpu';
import { assertFlat, assertFlatMemory } from '../guards';
import { GPU_PEER, peerTensors } from '../peers';
import { measure, measurePair, type Step, type Timing } from '../timing';
import type { BenchContext, CaseResult } from '../types';

/** The WebGPU setup of a run; the runner leaves WebGPU cases out when it has none, so its absence is a bug. */
export function requireGpu(name: string, ctx: BenchContext): GpuSetup {
  if (ctx.webgpu === undefined) {
    throw new Error(`bench ${name}: a WebGPU case ran without a WebGPU setup (the runner should skip it)`);
  }
  return ctx.webgpu;
}

/**
 * Times our WebGPU step and tfjs-webgpu's with interleaved samples (SwiftShader's speed follows the
 * machine's load, so both sides must be measured at the same moments), checking that neither leaks:
 * our live tensors, our GPU buffers in use and tfjs's tensors must be the same after as before. Without
 * a peer (`peer` undefined: tfjs-webgpu did not start) ours is timed alone and the peer's figure is null,
 * with the reason.
 */
export async function timeGpuSides(
  name: string,
  gpu: GpuSetup,
  ours: Step,
  peer: Step | undefined,
  ctx: BenchContext,
): Promise<Pick<CaseResult, 'oursMs' | 'peers'>> {
  const flat = <T>(body: () => Promise<T>) =>
    assertFlatMemory(`${name} (ours)`, () =>
      assertFlat(
        `${name} (ours)`,
        'GPU buffers in use',
        () => gpu.backend.memory().inUseBuffers,
        () => assertFlat(`${name} (${GPU_PEER})`, 'tf.memory().numTensors', peerTensors, body),
      ),
    );
  // The first call compiles the pipelines; a second runs warm. A third would only cost seconds per side when
  // SwiftShader takes seconds per call: the warm-up time (`warmupMs`) still applies to fast steps.
  const timing = { ...ctx.timing, warmupCalls: Math.min(ctx.timing.warmupCalls, 2) };
  if (peer === undefined) {
    ctx.log(`${name}: ours (${GPU_PEER} did not start)`);
    const t = await flat(() => measure(ours, timing));
    ctx.log(`${name}: ours ${spread(t)}`);
    return {
      oursMs: t.medianMs,
      peers: [{ peer: GPU_PEER, ms: null, reason: gpu.peerUnavailable ?? 'not started' }],
    };
  }
  ctx.log(`${name}: ours and ${GPU_PEER}, interleaved`);
  const [o, p] = await flat(() => measurePair(ours, peer, timing));
  ctx.log(`${name}: ours ${spread(o)}; ${GPU_PEER} ${spread(p)}`);
  return { oursMs: o.medianMs, peers: [{ peer: GPU_PEER, ms: p.medianMs }] };
}

/** Median and range of the samples, for the progress log: on SwiftShader the spread is worth seeing. */
function spread(t: Timing): string {
  const f = (ms: number) => ms.toPrecision(3);
  return `median ${f(t.medianMs)} ms (min ${f(t.minMs)}, max ${f(t.maxMs)}, ${t.samples} samples, ${t.calls} calls)`;
}
