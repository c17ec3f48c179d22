import { cast, Generator, randn, setBackend, sum, tensor, UNARY_SPECS } from '@plasticity/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGPUBackend } from './backend';
import { testBackend } from './test-support/gpu';
import { cpu, expectParity } from './test-support/parity';

let gpu: WebGPUBackend;
beforeAll(async () => {
  gpu = await testBackend();
});

const nan = Number.NaN;
const inf = Number.POSITIVE_INFINITY;
const call = (t: unknown, name: string, ...args: unknown[]) =>
  (t as Record<string, (...a: unknown[]) => unknown>)[name](...args);

// SwiftShader compiles as if no value were NaN or infinite, and WGSL leaves out-of-domain
// transcendentals open: these cases are where a naive kernel differs from the CPU.
describe('NaN, ±Infinity, ±0 and out-of-domain inputs give the CPU’s results', () => {
  it('every unary op, at NaN, ±Infinity, ±0 and negative numbers (log, sqrt, rsqrt, log1p give NaN)', async () => {
    const special = [nan, inf, -inf, 0, -0, -0.5, -1, -1.5, -4, 0.5, 4, 1e-6, -1e-6];
    for (const spec of Object.values(UNARY_SPECS)) {
      await expectParity(
        gpu,
        () => call(tensor(Float32Array.from(special)), spec.name) as never,
        { atol: 2e-5, rtol: 2e-4 },
        spec.name,
      );
    }
  });

  it('log, sqrt and rsqrt of negative numbers are NaN and of ±0 are ±Infinity / ±0, as in JS', async () => {
    await setBackend(gpu);
    const x = tensor([-1, -0.25, 0, -0, 4]);
    const [log, sqrt, rsqrt, log1p] = await Promise.all([
      x.log().data(),
      x.sqrt().data(),
      x.rsqrt().data(),
      tensor([-1, -2, 0]).log1p().data(),
    ]);
    await setBackend(cpu);
    expect(Array.from(log)).toEqual([nan, nan, -inf, -inf, Math.log(4)].map(Math.fround));
    expect(Array.from(sqrt)).toEqual([nan, nan, 0, -0, 2]);
    expect(Array.from(rsqrt)).toEqual([nan, nan, inf, -inf, 0.5]);
    expect(Array.from(log1p)).toEqual([-inf, nan, 0]);
  });

  it('logical ops and casts read NaN as true and -0 as false', async () => {
    await expectParity(gpu, () => {
      const a = tensor([nan, nan, nan, -0, 2, 0]);
      const b = tensor([1, 0, nan, nan, -0, 0]);
      return [
        a.logicalAnd(b),
        a.logicalOr(b),
        a.logicalXor(b),
        a.logicalNot(),
        cast(a, 'bool'),
        cast(a, 'int32'),
      ];
    });
  });

  it('softmax and logSoftmax of a row with NaN or +Infinity are NaN throughout; -Infinity entries get 0', async () => {
    await expectParity(gpu, () => {
      const x = tensor([
        [1, nan, 3, -2],
        [1, inf, 3, -2],
        [1, -inf, 3, -2],
        [-inf, -inf, -inf, -inf],
      ]);
      return [x.softmax(), x.logSoftmax()];
    });
  });
});

describe('float sums are compensated', () => {
  // 2^24 + 1 rounds back to 2^24 in f32: a plain running sum of 2^24 and ones never moves.
  it('adds many small terms to a large one exactly, in one thread and across a workgroup', async () => {
    const short = Float32Array.from({ length: 201 }, (_, i) => (i === 0 ? 2 ** 24 : 1));
    const long = Float32Array.from({ length: 2001 }, (_, i) => (i === 0 ? 2 ** 24 : 1));
    await setBackend(gpu);
    const [s, l] = await Promise.all([sum(tensor(short)).data(), sum(tensor(long)).data()]);
    await setBackend(cpu);
    expect(s[0]).toBe(2 ** 24 + 200);
    expect(Math.abs(l[0] - (2 ** 24 + 2000))).toBeLessThanOrEqual(4);
  });

  it('matches the CPU within a few ulps on long random sums, and keeps NaN and ±Infinity', async () => {
    await expectParity(
      gpu,
      () => {
        const x = randn([4, 5000], { generator: new Generator(3) }).mul(1000);
        return [
          x.sum(1),
          x.sum(),
          x.T.sum(0),
          tensor([1, inf, 2]).sum(),
          tensor([inf, -inf]).sum(),
          tensor([1, nan, inf]).sum(),
          tensor([3e38, 3e38, -1]).sum(),
        ];
      },
      { atol: 1e-3, rtol: 1e-6 },
    );
  });
});
