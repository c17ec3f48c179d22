/// <reference types="@webgpu/types" />
import { Generator, getBackend, randn, setBackend, toBackendAsync } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { createWebGPUBackend, NO_ADAPTER_MESSAGE, registerWebGPU } from './backend';
import { backendDiff } from './diff';
import { nodeGpu, testBackend } from './test-support/gpu';
import { cpu } from './test-support/parity';

const noAdapter = { requestAdapter: async () => null } as unknown as GPU;

describe('adapter and device', () => {
  it('setBackend fails clearly without an adapter, and the caller can fall back to the CPU', async () => {
    await expect(createWebGPUBackend({ gpu: noAdapter })).rejects.toThrow(NO_ADAPTER_MESSAGE);
    // In Node there is no navigator.gpu: the same message.
    await expect(createWebGPUBackend()).rejects.toThrow(/no WebGPU adapter available/);
    registerWebGPU({ gpu: noAdapter, name: 'webgpu-missing' });
    await expect(setBackend('webgpu-missing')).rejects.toThrow("fall back with setBackend('cpu')");
    await setBackend('webgpu-missing').catch(() => setBackend('cpu'));
    expect(getBackend().name).toBe('cpu');
  });

  it('registerWebGPU + setBackend("webgpu") runs on the GPU; reads are async only', async () => {
    registerWebGPU({ gpu: await nodeGpu() });
    const backend = await setBackend('webgpu');
    expect(backend.name).toBe('webgpu');
    const x = randn([3, 3], { generator: new Generator(1) });
    expect(() => x.dataSync()).toThrow(/await t.data\(\)/);
    expect((await x.matmul(x).data()).length).toBe(9);
    x.dispose();
    await setBackend(cpu);
  });

  it('device loss: surfaced as an event and a state; later ops throw instead of hanging', async () => {
    const backend = await createWebGPUBackend({ gpu: await nodeGpu(), name: 'webgpu-doomed' });
    await setBackend(backend);
    const w = randn([4, 4], { generator: new Generator(2) });
    const wanted = await w.data();
    // Parameters can be copied to the CPU while the device lives.
    const saved = await toBackendAsync(w, cpu);
    expect(saved.dataSync()).toEqual(wanted);
    const events: string[] = [];
    backend.onDeviceLost((detail) => events.push(detail.reason));
    expect(backend.state).toBe('ready');
    backend.destroy();
    const detail = await backend.lost;
    expect(detail.reason).toBe('destroyed');
    expect(events).toEqual(['destroyed']);
    expect(backend.state).toBe('lost');
    expect(() => w.add(1)).toThrow(/GPU device was lost \(destroyed/);
    await expect(w.data()).rejects.toThrow(/GPU device was lost/);
    w.dispose();
    saved.dispose();
    await setBackend(cpu);
  });
});

describe('limits', () => {
  it('a 1-D tensor with more than 65535×64 elements splits its dispatches and still computes exactly', async () => {
    const gpu = await testBackend();
    await setBackend(gpu);
    const n = 65535 * 64 + 4099;
    const x = randn([n], { generator: new Generator(3) })
      .mul(0)
      .add(1.5);
    const y = x.mul(2);
    const total = y.sum();
    const tail = y.slice([n - 3, n]);
    expect((await total.data())[0]).toBe(3 * n);
    expect(Array.from(await tail.data())).toEqual([3, 3, 3]);
    expect((await y.argmax().data())[0]).toBe(0);
    for (const t of [x, y, total, tail]) t.dispose();
    await setBackend(cpu);
  });
});

describe('backendDiff', () => {
  it('reports, op by op, the largest difference between CPU and WebGPU', async () => {
    const gpu = await testBackend();
    const report = await backendDiff(
      () => {
        const x = randn([8, 5], { generator: new Generator(4) }).requiresGrad_();
        const w = randn([5, 3], { generator: new Generator(5) });
        x.matmul(w).tanh().softmax().sum().backward();
      },
      { candidate: gpu },
    );
    expect(report.reference).toBe('cpu');
    expect(report.ops.map((o) => o.op)).toContain('matmul');
    expect(report.ops.map((o) => o.op)).toContain('fusedUnary:tanh');
    expect(report.ops.length).toBeGreaterThan(5);
    expect(report.worst).not.toBeNull();
    expect(report.worst!.maxAbsDiff).toBeLessThan(1e-5);
    expect(report.worst!.maxAbsDiff).toBe(Math.max(...report.ops.map((o) => o.maxAbsDiff)));
  });
});
