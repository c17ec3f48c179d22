/**
 * @plasticity/webgpu — a WebGPU backend for @plasticity/core: every primitive as a WGSL kernel
 * (elementwise kernels generated from core's op specs), a pooled allocator, cached pipelines and bind
 * groups, and one command encoder per flush. Runs in the browser and in Node (through Dawn).
 *
 * @example
 * ```ts
 * import { registerWebGPU } from '@plasticity/webgpu';
 * import { setBackend } from '@plasticity/core';
 * registerWebGPU();
 * await setBackend('webgpu').catch(() => setBackend('cpu'));
 * ```
 * @packageDocumentation
 */

export type { WebGPUBackend, WebGPUBackendOptions } from './backend';
export { createWebGPUBackend, NO_ADAPTER_MESSAGE, registerWebGPU, WEBGPU_FUSABLE } from './backend';
export type { BackendDiffOptions, BackendDiffReport, OpDifference } from './diff';
export { backendDiff } from './diff';
export type { DeviceLostDetail, GpuBuffer, GpuMemoryInfo } from './runtime';
