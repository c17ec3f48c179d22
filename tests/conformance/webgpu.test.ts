// The same op suite, on the WebGPU backend: Dawn (the `webgpu` npm package) on SwiftShader when no GPU is
// present. Without an adapter this fails and says what to install; it never skips.
import { createWebGPUBackend } from '@plasticity/webgpu';
import { create, globals } from 'webgpu';
import { defineOpSuite } from './suite';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
process.env.VK_ICD_FILENAMES ??= ICD;
Object.assign(globalThis, globals);
// Dawn crashes if its GPU object is garbage-collected while devices live: keep it referenced here.
const gpu = create([]);

async function makeBackend(name: string, fused?: string[]) {
  try {
    return await createWebGPUBackend({ gpu, name, ...(fused ? { fused } : {}) });
  } catch (error) {
    throw new Error(
      `no WebGPU adapter in Node: install Vulkan and SwiftShader (apt-get install -y chromium libvulkan1) and set ` +
        `VK_ICD_FILENAMES=${ICD}. Cause: ${(error as Error).message}`,
    );
  }
}

// GPU transcendentals (exp, log, tanh, pow) are not correctly rounded: a few ulps more than the CPU's.
const tolerance = { rtol: 2e-4, atol: 2e-5 };
defineOpSuite('webgpu (fused kernels)', () => makeBackend('webgpu'), tolerance);
defineOpSuite('webgpu (decomposed composites)', () => makeBackend('webgpu-decomposed', []), tolerance);
