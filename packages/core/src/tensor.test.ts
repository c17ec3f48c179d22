import { describe, expect, it } from 'vitest';
import { getBackend, setBackend } from './backends';
import { createCpuBackend } from './cpu/cpu-backend';
import { kernelSupport } from './kernels';
import { arange, rand, randn, tensor, zeros } from './ops/creation';
import { Generator, manualSeed } from './random';
import { debug } from './state';

describe('creation and printing', () => {
  it('infers shape and dtype from nested arrays and typed arrays', () => {
    expect(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]).shape,
    ).toEqual([2, 3]);
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor(new Int32Array([1, 2, 3, 4]), { shape: [2, 2] }).dtype).toBe('int32');
    expect(tensor(5).shape).toEqual([]);
    expect(zeros([0, 3]).size).toBe(0);
  });

  it('refuses ragged arrays, naming where', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(
      /tensor\(data\): ragged nested array: at \[1\] expected 2 elements/,
    );
  });

  it('prints like PyTorch, with shape and dtype', () => {
    expect(
      tensor([
        [1, 2.5],
        [-3, 4],
      ]).toString(),
    ).toBe('tensor([[ 1.0000,  2.5000],\n        [-3.0000,  4.0000]], shape=[2,2], dtype=float32)');
    expect(arange(3).toString()).toBe('tensor([0, 1, 2], shape=[3], dtype=int32)');
    expect(arange(2000).toString()).toContain('...');
  });
});

describe('seeded randomness', () => {
  it('the same seed gives the same numbers; different seeds differ', () => {
    manualSeed(3);
    const a = randn([5]).toArraySync();
    manualSeed(3);
    expect(randn([5]).toArraySync()).toEqual(a);
    manualSeed(4);
    expect(randn([5]).toArraySync()).not.toEqual(a);
  });

  it('rand draws from the generator it is given, uniformly in [0, 1)', () => {
    const values = Array.from(rand([4000], { generator: new Generator(1) }).dataSync());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });

  it('random tensors are identical on every backend (drawn on the CPU, uploaded)', async () => {
    const other = createCpuBackend({ name: 'cpu-other' });
    const a = randn([6], { generator: new Generator(9) });
    const b = randn([6], { generator: new Generator(9), backend: other });
    expect(Array.from(await b.data())).toEqual(Array.from(a.dataSync()));
  });

  it('integer() is unbiased enough and in range', () => {
    const g = new Generator(2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[g.integer(0, 3)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(100);
  });
});

describe('backends', () => {
  it('reports which kernels a backend has, and fails clearly on a missing one', async () => {
    const support = kernelSupport(getBackend());
    expect(Object.values(support.primitives).every(Boolean)).toBe(true);
    expect(support.fused).toContain('softmax');
    const partial = createCpuBackend({ name: 'partial' }) as unknown as Record<string, unknown>;
    delete partial.matmul;
    const backend = await setBackend(partial as never);
    try {
      expect(kernelSupport(backend).primitives.matmul).toBe(false);
      const a = tensor([[1]]);
      expect(() => a.matmul(a)).toThrow("matmul: the 'partial' backend has no 'matmul' kernel");
    } finally {
      await setBackend('cpu');
    }
  });

  it('moves tensors between backends with to(), and gradients follow', () => {
    const other = createCpuBackend({ name: 'cpu-second' });
    const x = tensor([1, 2]).requiresGrad_();
    const moved = x.to(other);
    expect(moved.backend.name).toBe('cpu-second');
    expect(() => moved.add(x)).toThrow(
      /tensors live on different backends: argument 0 is on 'cpu-second', argument 1 is on 'cpu'/,
    );
    moved.mul(3).sum().backward();
    expect(x.grad!.toArraySync()).toEqual([3, 3]);
  });
});

describe('the cpu backend by name', () => {
  it("resolves 'cpu' even when another backend was made current first", async () => {
    const other = createCpuBackend({ name: 'not-the-cpu' });
    await setBackend(other);
    try {
      const t = tensor([1, 2], { backend: 'cpu' });
      expect(t.backend.name).toBe('cpu');
      expect(tensor([3], { backend: other }).to('cpu').backend.name).toBe('cpu');
    } finally {
      await setBackend('cpu');
    }
  });
});

describe('debug mode', () => {
  it('throws at the first op producing NaN/Inf from finite inputs, naming it', () => {
    const previous = debug({ checkNumerics: true });
    try {
      const x = tensor([0, 1]);
      expect(() => x.log()).toThrow(/^log: produced NaN or Infinity from finite inputs/);
      // sqrt(−1) is where the NaN is born, so sqrt is named — not the add after it.
      expect(() => x.sub(1).sqrt().add(1)).toThrow(/^sqrt: produced NaN/);
    } finally {
      debug(previous);
    }
  });
});
