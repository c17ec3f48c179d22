import { getBackend, setBackend } from '@plasticity/core';
import { assertClose } from '../guards';
import { GPU_PEER, type PeerName, usePeer } from '../peers';
import type { BenchCase, BenchContext, CaseResult } from '../types';
import { requireGpu, timeGpuSides } from './gpu-context';
import { buildOurs, buildPeer, type MlpSpec, makeData, mlpFlops, TINY_MLP } from './mlp';

/** The goal for the playground's network on the GPU: a step at least 10× faster than tfjs-webgpu's. */
const TARGETS = new Map<MlpSpec, { peer: PeerName; minRatio: number }>([
  [TINY_MLP, { peer: GPU_PEER, minRatio: 10 }],
]);

/** Losses on the GPU: float32 sums in another order and WGSL's tanh / exp are not correctly rounded. */
const GPU_RTOL = 1e-3;

/**
 * One MLP training step on our WebGPU backend against tfjs-webgpu's `trainOnBatch` on the same adapter.
 * Ours: forward, backward, in-place SGD and `zeroGrad()` inside `tidy`, then the loss read with
 * `await loss.data()` — every step, as `trainOnBatch` reads its loss — so each timed step has finished on
 * the GPU. Before timing, two steps from the same weights must give the CPU backend's losses on both sides,
 * and the same losses as each other.
 */
export function gpuMlpCase(spec: MlpSpec): BenchCase {
  const name = `webgpu ${spec.name}`;
  return { name, needs: 'webgpu', run: (ctx) => runGpuMlp(name, spec, ctx) };
}

async function runGpuMlp(name: string, spec: MlpSpec, ctx: BenchContext): Promise<CaseResult> {
  const gpu = requireGpu(name, ctx);
  const { backend } = gpu;
  const data = makeData(spec);

  const previous = getBackend();
  const reference = buildOurs(spec, data, previous);
  const expected = [reference.step(), reference.step()];
  reference.dispose();

  // Anything a step creates without an input to follow (constants, the gradient seed) lands on the GPU too.
  await setBackend(backend);
  try {
    const check = buildOurs(spec, data, backend);
    const ours = [await check.stepAsync(), await check.stepAsync()];
    check.dispose();
    for (const i of [0, 1]) {
      assertClose(`${name}, loss of step ${i + 1} (ours vs our CPU backend)`, ours[i], expected[i], GPU_RTOL);
    }

    let peer: ReturnType<typeof buildPeer> | undefined;
    if (gpu.peerUnavailable === null) {
      await usePeer(GPU_PEER);
      const model = buildPeer(spec, data);
      const got = [await model.step(), await model.step()];
      model.dispose();
      for (const i of [0, 1]) {
        const step = `loss of step ${i + 1}`;
        assertClose(`${name}, ${step} (${GPU_PEER} vs our CPU backend)`, got[i], expected[i], GPU_RTOL);
        assertClose(`${name}, ${step} (${GPU_PEER} vs ours on WebGPU)`, got[i], ours[i], GPU_RTOL);
      }
      peer = buildPeer(spec, data);
    }

    const timedOurs = buildOurs(spec, data, backend);
    const timed = await timeGpuSides(name, gpu, timedOurs.stepAsync, peer?.step, ctx);
    timedOurs.dispose();
    peer?.dispose();
    return { name, ...timed, flops: mlpFlops(spec), target: TARGETS.get(spec) };
  } finally {
    await setBackend(previous);
  }
}
