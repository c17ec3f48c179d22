import { Generator, memory, noGrad, randint, randn, setBackend, type Tensor, tidy } from '@plasticity/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGPUBackend } from './backend';
import { testBackend } from './test-support/gpu';
import { cpu, expectParity } from './test-support/parity';

let gpu: WebGPUBackend;
beforeAll(async () => {
  gpu = await testBackend();
});

const g = (seed: number) => ({ generator: new Generator(seed) });
const param = (shape: number[], seed: number, scale = 0.5) =>
  randn(shape, g(seed)).mul(scale).requiresGrad_();

function mlpParams() {
  return [param([2, 8], 1), param([8], 2), param([8, 8], 3), param([8], 4), param([8, 1], 5), param([1], 6)];
}

function mlpLoss(p: Tensor[], x: Tensor, y: Tensor): Tensor {
  const h1 = x.matmul(p[0]).add(p[1]).tanh();
  const h2 = h1.matmul(p[2]).add(p[3]).relu();
  return h2.matmul(p[4]).add(p[5]).sigmoid().sub(y).square().mean();
}

describe('gradients on WebGPU equal gradients on the CPU', () => {
  it('a 2-8-8-1 MLP', async () => {
    await expectParity(
      gpu,
      () => {
        const p = mlpParams();
        const x = randn([16, 2], g(7));
        const y = randint(0, 2, [16, 1], g(8)).float();
        const loss = mlpLoss(p, x, y);
        loss.backward();
        return [loss, ...p.map((t) => t.grad!.clone())];
      },
      { atol: 1e-5, rtol: 1e-4 },
    );
  });

  it('a small CNN (conv, relu, max-pool, conv with groups, avg-pool, linear, log-softmax, NLL)', async () => {
    await expectParity(
      gpu,
      () => {
        const x = randn([3, 2, 10, 10], g(9));
        const labels = randint(0, 4, [3, 1], g(10));
        const w1 = param([4, 2, 3, 3], 11);
        const b1 = param([4], 12);
        const w2 = param([6, 2, 3, 3], 13);
        const fc = param([6, 4], 14);
        let h = x.conv2d(w1, b1, { padding: 1 }).relu().maxPool2d({ kernelSize: 2 });
        h = h.conv2d(w2, null, { stride: 1, groups: 2 }).gelu().avgPool2d({ kernelSize: 2, padding: 0 });
        const logits = h.flatten(1).matmul(fc);
        const loss = logits.logSoftmax().gather(1, labels).neg().mean();
        loss.backward();
        return [loss, w1.grad!.clone(), b1.grad!.clone(), w2.grad!.clone(), fc.grad!.clone()];
      },
      { atol: 1e-5, rtol: 1e-3 },
    );
  });
});

describe('memory', () => {
  it('1,000 training steps leave live buffers, bytes and tensors flat; one submit per step', async () => {
    await setBackend(gpu);
    const p = mlpParams();
    const x = randn([16, 2], g(7));
    const y = randint(0, 2, [16, 1], g(8)).float();
    const step = () =>
      tidy(() => {
        const loss = mlpLoss(p, x, y);
        loss.backward();
        noGrad(() => {
          for (const t of p) {
            t.sub_(t.grad!.mul(0.1));
            t.zeroGrad();
          }
        });
        return loss;
      });
    const first = step();
    const initialLoss = (await first.data())[0];
    first.dispose();
    // Warm up past every phase of the 256-dispatch flush cycle, so the pool has reached its high-water mark.
    for (let i = 0; i < 300; i++) step().dispose();
    await gpu.sync!();
    const before = gpu.memory();
    const tensorsBefore = memory().tensors;
    const t0 = performance.now();
    let last = 0;
    for (let i = 0; i < 1000; i++) {
      const loss = step();
      if (i % 100 === 99) last = (await loss.data())[0];
      loss.dispose();
    }
    await gpu.sync!();
    const ms = (performance.now() - t0) / 1000;
    const after = gpu.memory();
    console.log(`tiny MLP training step on this adapter: ${ms.toFixed(2)} ms/step; ${JSON.stringify(after)}`);
    expect(after.liveBuffers).toBe(before.liveBuffers);
    expect(after.liveBytes).toBe(before.liveBytes);
    expect(after.inUseBuffers).toBe(before.inUseBuffers);
    expect(memory().tensors).toBe(tensorsBefore);
    expect(last).toBeLessThan(initialLoss);
    // Dispatches are batched: far fewer submits than kernels.
    expect(after.submits - before.submits).toBeLessThan((after.dispatches - before.dispatches) / 20);
    for (const t of [...p, x, y]) t.dispose();
    await setBackend(cpu);
  });

  it('memory() counts buffers in use and pooled; pipelines serve every size', async () => {
    await setBackend(gpu);
    const a = randn([1000]);
    const m0 = gpu.memory();
    expect(m0.liveBuffers).toBe(m0.inUseBuffers + m0.pooledBuffers);
    expect(m0.liveBytes).toBe(m0.inUseBytes + m0.pooledBytes);
    const b = a.add(1);
    await b.data();
    const pipelines = gpu.memory().pipelines;
    const c = randn([37, 3]).add(2);
    await c.data();
    expect(gpu.memory().pipelines).toBe(pipelines);
    const inUse = gpu.memory().inUseBuffers;
    b.dispose();
    expect(gpu.memory().inUseBuffers).toBe(inUse - 1);
    gpu.trimPool();
    expect(gpu.memory().pooledBuffers).toBe(0);
    for (const t of [a, c]) t.dispose();
    await setBackend(cpu);
  });
});
