import { tensor } from '@plasticity/core';
import { assertAllClose } from '../guards';
import { GPU_PEER, type PeerName, tf, usePeer } from '../peers';
import type { BenchCase, BenchContext, CaseResult } from '../types';
import { seeded, uniformArray } from './data';
import { requireGpu, timeGpuSides } from './gpu-context';

/** The goal: our WebGPU matmul at least as fast as tfjs-webgpu's, at every size. */
const TARGET: { peer: PeerName; minRatio: number } = { peer: GPU_PEER, minRatio: 1 };

/** Float32 on the GPU: each product sums n terms in another order than the CPU, hence a looser tolerance. */
const GPU_RTOL = 1e-3;

/**
 * Square n×n float32 matmul on our WebGPU backend against tfjs-webgpu on the same adapter. Each timed call
 * is one product followed by `await c.data()` on both sides: the dispatch, the GPU work and the read-back
 * of the n² results, so nothing is left queued when the clock stops. Before timing, both GPU results are
 * compared element by element with our CPU backend's.
 */
export function gpuMatmulCase(n: number): BenchCase {
  const name = `webgpu matmul ${n}`;
  return { name, needs: 'webgpu', run: (ctx) => runGpuMatmul(name, n, ctx) };
}

async function runGpuMatmul(name: string, n: number, ctx: BenchContext): Promise<CaseResult> {
  const gpu = requireGpu(name, ctx);
  const { backend } = gpu;
  const g = seeded(n);
  const aData = uniformArray(g, n * n);
  const bData = uniformArray(g, n * n);

  const ca = tensor(aData, { shape: [n, n], backend: 'cpu' });
  const cb = tensor(bData, { shape: [n, n], backend: 'cpu' });
  const reference = ca.matmul(cb);
  const expected = Float32Array.from(await reference.data());
  for (const t of [ca, cb, reference]) t.dispose();

  const a = tensor(aData, { shape: [n, n], backend });
  const b = tensor(bData, { shape: [n, n], backend });
  const check = a.matmul(b);
  assertAllClose(`${name} (ours vs our CPU backend)`, await check.data(), expected, GPU_RTOL);
  check.dispose();
  const ours = async () => {
    const c = a.matmul(b);
    await c.data();
    c.dispose();
  };

  let peerSide: { ta: tf.Tensor; tb: tf.Tensor; step: () => Promise<void> } | undefined;
  if (gpu.peerUnavailable === null) {
    await usePeer(GPU_PEER);
    const ta = tf.tensor2d(aData, [n, n]);
    const tb = tf.tensor2d(bData, [n, n]);
    const peerCheck = tf.matMul(ta, tb);
    assertAllClose(`${name} (${GPU_PEER} vs our CPU backend)`, await peerCheck.data(), expected, GPU_RTOL);
    peerCheck.dispose();
    const step = async () => {
      const c = tf.matMul(ta, tb);
      await c.data();
      c.dispose();
    };
    peerSide = { ta, tb, step };
  }

  const timed = await timeGpuSides(name, gpu, ours, peerSide?.step, ctx);
  a.dispose();
  b.dispose();
  if (peerSide !== undefined) tf.dispose([peerSide.ta, peerSide.tb]);
  return { name, ...timed, flops: 2 * n * n * n, target: TARGET };
}
