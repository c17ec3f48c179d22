import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The peers every CPU case races: TensorFlow.js on its plain-JS CPU backend and on its WebAssembly backend. */
export const PEERS = ['tfjs-cpu', 'tfjs-wasm'] as const;

/** The peer of the WebGPU cases: `@tensorflow/tfjs-backend-webgpu`, on the same adapter as ours (see gpu.ts). */
export const GPU_PEER = 'tfjs-webgpu';

export type PeerName = (typeof PEERS)[number] | typeof GPU_PEER;

export { tf };

let wasmConfigured = false;
let wasmVariant = '';

/**
 * Points the wasm backend at the .wasm files shipped inside the installed package (no network), and
 * returns which binary it will load: tfjs picks threaded-SIMD, SIMD or plain from feature detection.
 */
function configureWasm(): void {
  if (wasmConfigured) return;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(`${dir}/`);
  wasmConfigured = true;
}

function describeWasm(): string {
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  if (simd && threads) return 'tfjs-backend-wasm-threaded-simd.wasm';
  if (simd) return 'tfjs-backend-wasm-simd.wasm (single-threaded)';
  return 'tfjs-backend-wasm.wasm (no SIMD, single-threaded)';
}

/**
 * Makes `peer` tfjs's active backend. The wasm backend is tried as tfjs configures it; should that fail
 * in Node, threads and then SIMD are switched off and it is tried again, and the variant that ran is
 * reported by `peerDescription`.
 */
export async function usePeer(peer: PeerName): Promise<void> {
  // Production mode skips tfjs's debug-only checks: the fairest configuration for the peer.
  tf.enableProdMode();
  if (peer === 'tfjs-cpu' || peer === GPU_PEER) {
    // tfjs-webgpu is registered (and found to start) by gpu.ts before any WebGPU case asks for it.
    const name = peer === GPU_PEER ? 'webgpu' : 'cpu';
    if (!(await tf.setBackend(name))) throw new Error(`bench: tfjs refused to start its ${name} backend`);
    await tf.ready();
    return;
  }
  configureWasm();
  const fallbacks: [string, boolean][] = [
    ['WASM_HAS_MULTITHREAD_SUPPORT', false],
    ['WASM_HAS_SIMD_SUPPORT', false],
  ];
  for (let attempt = 0; ; attempt++) {
    if (await tf.setBackend('wasm')) break;
    if (attempt >= fallbacks.length)
      throw new Error('bench: tfjs could not start its wasm backend in any variant');
    const [flag, value] = fallbacks[attempt];
    tf.env().set(flag, value);
  }
  await tf.ready();
  wasmVariant = describeWasm();
}

/** A human description of the peer as it actually ran (for the wasm backend: which binary). */
export function peerDescription(peer: PeerName): string {
  if (peer === 'tfjs-cpu') return `@tensorflow/tfjs ${tf.version.tfjs}, backend 'cpu' (plain JS)`;
  if (peer === GPU_PEER) return `@tensorflow/tfjs-backend-webgpu ${tf.version.tfjs}, backend 'webgpu'`;
  return `@tensorflow/tfjs-backend-wasm ${tf.version.tfjs}, ${wasmVariant || 'not started'}`;
}

/** Live tfjs tensors, to check a peer's loop does not leak either. */
export function peerTensors(): number {
  return tf.memory().numTensors;
}
