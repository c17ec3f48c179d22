import { Generator, randn, setBackend, tensor } from '@plasticity/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebGPUBackend, type WebGPUBackend } from './backend';
import { nodeGpu, testBackend } from './test-support/gpu';
import { cpu, expectParity } from './test-support/parity';

// An artificial 1 MiB cap on storage bindings, so tensors of a few MiB exercise the splitting quickly.
const CAP = 1 << 20;
let gpu: WebGPUBackend;
beforeAll(async () => {
  gpu = await testBackend({ maxBindingBytes: CAP });
});

const g = (seed: number) => ({ generator: new Generator(seed) });

describe('tensors larger than one storage binding', () => {
  it('elementwise unary, binary (broadcast) and where split into bound ranges and equal the CPU', async () => {
    await expectParity(gpu, () => {
      const x = randn([1100, 1000], g(1)); // 4.4 MB
      const row = randn([1000], g(2));
      const col = randn([1100, 1], g(3));
      const y = x.tanh().exp().mul(row).sub(col);
      return [y, x.gt(col).where(x, row), x.add(x.flip(0)), y.relu().mul(2).neg()];
    });
  });

  it('strided copies (transpose, flip, slice) and casts equal the CPU', async () => {
    await expectParity(gpu, () => {
      const x = randn([1024, 1100], g(4)).mul(100);
      // Casts come back as float32: parity checks int and bool outputs one expect() per element, slowly.
      // A transpose's rows reach across its whole input, so it splits into many small chunks: keep it modest.
      const t = randn([600, 500], g(7)).T.contiguous();
      return [
        t,
        x.flip([0, 1]).contiguous(),
        x.slice([3, 1000], [7, 1090]).contiguous(),
        x.int().float(),
        x.bool().float(),
        x.int().bool().float(),
      ];
    });
  });

  it('read() returns a tensor larger than the cap, contiguous or strided', async () => {
    await setBackend(gpu);
    const n = 700_000; // 2.8 MB
    const x = tensor(Float32Array.from({ length: n }, (_, i) => i));
    const plain = await x.data();
    expect(plain.length).toBe(n);
    expect(plain[n - 1]).toBe(n - 1);
    const before = gpu.memory().dispatches;
    const flipped = await x.reshape([700, 1000]).T.data();
    // The strided read copied through more than one bound range.
    expect(gpu.memory().dispatches - before).toBeGreaterThan(1);
    expect(flipped[0]).toBe(0);
    expect(flipped[1]).toBe(1000);
    expect(flipped[n - 1]).toBe(n - 1);
    x.dispose();
    await setBackend(cpu);
  });

  it('kernels that cannot split throw naming the op and the limit', async () => {
    await setBackend(gpu);
    const x = randn([600, 1000], g(5));
    expect(() => x.sum()).toThrow(
      /webgpu backend: sum: a tensor of 600000 elements \(2400000 bytes\) exceeds the largest storage binding \(1048576 bytes\)/,
    );
    expect(() => x.matmul(randn([1000, 2], g(6)))).toThrow(/matmul: .*1048576 bytes.*cannot split/);
    // Small tensors on the same backend are unaffected.
    expect(Array.from(await tensor([1, 2, 3]).sum().data())).toEqual([6]);
    x.dispose();
    await setBackend(cpu);
  });

  it('rejects a malformed cap', async () => {
    await expect(createWebGPUBackend({ gpu: await nodeGpu(), maxBindingBytes: 1000.5 })).rejects.toThrow(
      'createWebGPUBackend(options.maxBindingBytes): expected an integer number of bytes, a multiple of 4 and at least 256, got 1000.5',
    );
  });
});
