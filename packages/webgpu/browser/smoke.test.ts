/// <reference types="@webgpu/types" />
import { Generator, getBackend, randint, randn, setBackend, type Tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { createWebGPUBackend, registerWebGPU, type WebGPUBackend } from '../src/index';
import { cpu, expectParity } from '../src/test-support/parity';

const HOW_TO_FIX =
  'launch Chromium with --enable-unsafe-webgpu (see browser/vitest.config.ts) and serve the page from ' +
  'http://127.0.0.1 or localhost (WebGPU needs a secure context); with no GPU, Chromium uses its bundled ' +
  'SwiftShader (Debian: apt-get install -y chromium)';

/** The browser's adapter, or a failure naming what is missing — never a skip. */
async function browserAdapter(): Promise<GPUAdapter> {
  if (!('gpu' in navigator)) throw new Error(`navigator.gpu is missing on ${location.origin}: ${HOW_TO_FIX}`);
  const adapter = await navigator.gpu.requestAdapter();
  if (adapter === null) throw new Error(`navigator.gpu.requestAdapter() returned null: ${HOW_TO_FIX}`);
  return adapter;
}

const g = (seed: number) => ({ generator: new Generator(seed) });

// Awaited inside every test (not in beforeAll, whose failure vitest reports as skipped tests).
let shared: Promise<WebGPUBackend> | undefined;
function backend(): Promise<WebGPUBackend> {
  shared ??= browserAdapter().then((adapter) => createWebGPUBackend({ adapter, name: 'webgpu-browser' }));
  return shared;
}

describe('the WebGPU backend in headless Chromium', () => {
  it('is served from 127.0.0.1 and finds an adapter through navigator.gpu', async () => {
    await browserAdapter();
    expect(location.hostname).toBe('127.0.0.1');
    expect(window.isSecureContext).toBe(true);
    registerWebGPU();
    const backend = await setBackend('webgpu');
    expect(backend.name).toBe('webgpu');
    expect(getBackend().canReadSync).toBe(false);
    await setBackend(cpu);
  });

  it('an elementwise chain equals the CPU', async () => {
    await expectParity(await backend(), () => {
      const x = randn([7, 13], g(1));
      const y = randn([13], g(2));
      return [
        x.mul(y).add(1.5).tanh().exp().sub(x.abs().sqrt()),
        x.gt(y).float().mul(x.neg()),
        x.relu().sigmoid().log(),
      ];
    });
  });

  it('matmul and softmax equal the CPU', async () => {
    await expectParity(await backend(), () => {
      const a = randn([9, 17], g(3));
      const b = randn([17, 5], g(4));
      const m = a.matmul(b);
      return [m, m.softmax(), m.logSoftmax(), a.T.matmul(a)];
    });
  });

  it('the gradients of a tiny MLP equal the CPU', async () => {
    await expectParity(await backend(), () => {
      const param = (shape: number[], seed: number) => randn(shape, g(seed)).mul(0.5).requiresGrad_();
      const p = [param([3, 8], 5), param([8], 6), param([8, 2], 7), param([2], 8)];
      const x = randn([12, 3], g(9));
      const labels = randint(0, 2, [12, 1], g(10));
      const logits: Tensor = x.matmul(p[0]).add(p[1]).tanh().matmul(p[2]).add(p[3]);
      const loss = logits.logSoftmax().gather(1, labels).neg().mean();
      loss.backward();
      return [loss, ...p.map((t) => t.grad!.clone())];
    });
  });
});
