import { tensor } from '@plasticity/core';
import { assertClose, assertFlat, assertFlatMemory } from '../guards';
import { PEERS, type PeerName, peerTensors, tf, usePeer } from '../peers';
import { measure } from '../timing';
import type { BenchCase, BenchContext, CaseResult } from '../types';
import { seeded, uniformArray } from './data';

/** The goal: our 256×256 matmul at least 5× tfjs's cpu backend. */
const TARGETS: Record<number, { peer: PeerName; minRatio: number }> = {
  256: { peer: 'tfjs-cpu', minRatio: 5 },
};

/**
 * Square n×n float32 matmul, result read back (dataSync) so both sides really finish the product.
 * Before timing, the two results are compared element by element.
 */
export function matmulCase(n: number): BenchCase {
  const name = `matmul ${n}`;
  return { name, run: (ctx) => runMatmul(name, n, ctx) };
}

async function runMatmul(name: string, n: number, ctx: BenchContext): Promise<CaseResult> {
  const g = seeded(n);
  const aData = uniformArray(g, n * n);
  const bData = uniformArray(g, n * n);

  const a = tensor(aData, { shape: [n, n] });
  const b = tensor(bData, { shape: [n, n] });
  const reference = a.matmul(b);
  const expected = reference.dataSync() as Float32Array;
  reference.dispose();
  const oursStep = () => {
    const c = a.matmul(b);
    c.dataSync();
    c.dispose();
  };
  ctx.log(`${name}: ours`);
  const ours = await assertFlatMemory(`${name} (ours)`, () => measure(oursStep, ctx.timing));
  a.dispose();
  b.dispose();

  const peers: CaseResult['peers'] = [];
  for (const peer of PEERS) {
    await usePeer(peer);
    const ta = tf.tensor2d(aData, [n, n]);
    const tb = tf.tensor2d(bData, [n, n]);
    const check = tf.matMul(ta, tb);
    const got = check.dataSync();
    check.dispose();
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    // Sums of n products of values in [-1, 1): float32 rounding grows with n, so the tolerance does too.
    assertClose(`${name} vs ${peer} (max abs difference)`, worst, 0, 1e-5 * n);
    const peerStep = () => {
      const c = tf.matMul(ta, tb);
      c.dataSync();
      c.dispose();
    };
    ctx.log(`${name}: ${peer}`);
    const t = await assertFlat(`${name} (${peer})`, 'tf.memory().numTensors', peerTensors, () =>
      measure(peerStep, ctx.timing),
    );
    peers.push({ peer, ms: t.medianMs });
    ta.dispose();
    tb.dispose();
  }
  return { name, oursMs: ours.medianMs, peers, flops: 2 * n * n * n, target: TARGETS[n] };
}
