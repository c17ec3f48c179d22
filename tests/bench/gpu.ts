import { createWebGPUBackend, type WebGPUBackend } from '@plasticity/webgpu';
import { tf } from './peers';

/** SwiftShader's Vulkan driver, shipped with Debian's chromium: a software GPU for machines without one. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** What to do when Node finds no adapter (printed by the runner, which then carries on with the CPU cases). */
export function installHint(): string {
  const icd = process.env.VK_ICD_FILENAMES;
  const current =
    icd === SWIFTSHADER_ICD ? '' : ` (it is ${icd === undefined ? 'unset' : JSON.stringify(icd)})`;
  return (
    'to run them without a GPU, install Vulkan and SwiftShader (apt-get install -y chromium libvulkan1) ' +
    `and use VK_ICD_FILENAMES=${SWIFTSHADER_ICD}${current}; the bench sets it itself when it is unset`
  );
}

/** Both GPU sides of the race, on one Dawn instance and therefore on the same adapter. */
export interface GpuSetup {
  /** Our backend, on its own device. */
  backend: WebGPUBackend;
  /** The adapter as Dawn describes it (vendor, architecture, device, driver). */
  adapter: string;
  /** Why tfjs's webgpu backend could not start, or null when it runs (on its own device, same adapter). */
  peerUnavailable: string | null;
  /** Set when tfjs reports another adapter (vendor / architecture) than ours: the race is then not like for like. */
  adapterMismatch: string | null;
}

/**
 * Dawn's `GPU` object. Kept at module level for the life of the process: when Dawn's instance is garbage
 * collected it is torn down under the devices made from it, and the process crashes.
 */
let gpu: GPU | undefined;
let setup: Promise<GpuSetup> | undefined;

function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info;
  const parts = [info.vendor, info.architecture, info.device, info.description].filter(
    (p, i, all) => p !== undefined && p !== '' && all.indexOf(p) === i,
  );
  return parts.length > 0 ? parts.join(' / ') : 'unnamed adapter';
}

/**
 * Starts Dawn (the `webgpu` npm package), our WebGPU backend and tfjs's webgpu backend, once. Rejects with
 * the reason when there is no adapter; a failure of tfjs alone is reported in `peerUnavailable` instead.
 */
export function startWebGPU(): Promise<GpuSetup> {
  setup ??= start();
  return setup;
}

async function start(): Promise<GpuSetup> {
  // Vulkan reads this when Dawn's instance is created: it must be set before `create`.
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals); // GPUBufferUsage, GPUMapMode, … as a browser defines them
  gpu = create([]);
  // tfjs asks for the high-performance adapter: ask for the same, so both sides run on one adapter.
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) throw new Error('Dawn found no WebGPU adapter (requestAdapter() returned null)');
  const backend = await createWebGPUBackend({ gpu, adapter });
  const peerUnavailable = await startPeer(gpu);
  return {
    backend,
    adapter: describeAdapter(adapter),
    peerUnavailable,
    adapterMismatch: peerUnavailable === null ? compareAdapters(adapter) : null,
  };
}

/** tfjs keeps its adapter's vendor and architecture on the backend: they must be ours. */
function compareAdapters(adapter: GPUAdapter): string | null {
  const theirs = (tf.findBackend('webgpu') as { adapterInfo?: { vendor?: string; architecture?: string } })
    ?.adapterInfo;
  if (theirs === undefined) return null;
  const ours = `${adapter.info.vendor}/${adapter.info.architecture}`;
  const peer = `${theirs.vendor}/${theirs.architecture}`;
  return ours === peer ? null : `our adapter is ${ours}, tfjs-webgpu's is ${peer}`;
}

/**
 * tfjs's webgpu backend registers itself at import time only if `navigator.gpu` exists, and then asks
 * `navigator.gpu` for an adapter: hand it the very `GPU` object our backend uses.
 */
async function startPeer(instance: GPU): Promise<string | null> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav === undefined) {
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu: instance },
      configurable: true,
      writable: true,
    });
  } else if (nav.gpu !== instance) {
    Object.defineProperty(nav, 'gpu', { value: instance, configurable: true, writable: true });
  }
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    return `importing @tensorflow/tfjs-backend-webgpu failed: ${(error as Error).message}`;
  }
  if (tf.findBackendFactory('webgpu') === null) {
    return '@tensorflow/tfjs-backend-webgpu did not register a backend (it saw no navigator.gpu)';
  }
  try {
    if (!(await tf.setBackend('webgpu'))) {
      return "tf.setBackend('webgpu') returned false (tfjs could not create its adapter or device)";
    }
    await tf.ready();
  } catch (error) {
    return `tf.setBackend('webgpu') threw: ${(error as Error).message}`;
  }
  return null;
}
