/// <reference types="@webgpu/types" />
import { createWebGPUBackend, type WebGPUBackend, type WebGPUBackendOptions } from '../backend';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * A `GPU` object from Dawn (the `webgpu` npm package) on SwiftShader when no GPU is present.
 * Fails — never skips — with what to install when no adapter can be created.
 */
export async function nodeGpu(): Promise<GPU> {
  process.env.VK_ICD_FILENAMES ??= ICD;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  return create([]);
}

let shared: Promise<WebGPUBackend> | undefined;

/** One backend per test file (devices are expensive on SwiftShader). */
export function testBackend(options: Omit<WebGPUBackendOptions, 'gpu'> = {}): Promise<WebGPUBackend> {
  shared ??= (async () => {
    const gpu = await nodeGpu();
    try {
      return await createWebGPUBackend({ ...options, gpu });
    } catch (error) {
      throw new Error(
        `No WebGPU adapter in Node: install Vulkan and SwiftShader (apt-get install -y chromium libvulkan1) and set ` +
          `VK_ICD_FILENAMES=${ICD}. Cause: ${(error as Error).message}`,
      );
    }
  })();
  return shared;
}
