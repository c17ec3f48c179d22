import {
  arange,
  BINARY_SPECS,
  concat,
  Generator,
  gather,
  pad,
  randint,
  randn,
  scatterAdd,
  type Tensor,
  tensor,
  UNARY_SPECS,
  where,
  zeros,
} from '@plasticity/core';
import { beforeAll, describe, it } from 'vitest';
import type { WebGPUBackend } from './backend';
import { testBackend } from './test-support/gpu';
import { expectParity } from './test-support/parity';

let gpu: WebGPUBackend;
beforeAll(async () => {
  gpu = await testBackend();
});

const g = (seed: number) => ({ generator: new Generator(seed) });
/** Domain-safe positive inputs for log, sqrt, … */
const positive = (shape: number[], seed: number) => randn(shape, g(seed)).abs().add(0.1);
const call = (t: Tensor, name: string, ...args: unknown[]) =>
  (t as unknown as Record<string, (...a: unknown[]) => Tensor>)[name](...args);

const NEEDS_POSITIVE = new Set(['log', 'sqrt', 'rsqrt', 'log1p', 'reciprocal']);

describe('unary ops (generated from the specs)', () => {
  for (const spec of Object.values(UNARY_SPECS)) {
    it(`${spec.name} on float32, on a transposed view, and on int32 / bool inputs`, async () => {
      await expectParity(
        gpu,
        () => {
          const x = NEEDS_POSITIVE.has(spec.name) ? positive([5, 7], 1) : randn([5, 7], g(1)).mul(3);
          const special = tensor([
            0,
            -0.5,
            0.5,
            1.5,
            2.5,
            -2.5,
            30,
            -30,
            Number.NaN,
            Number.POSITIVE_INFINITY,
          ]);
          const outs = [
            call(x, spec.name),
            call(x.T, spec.name),
            call(x.slice(null, [undefined, undefined, 2]), spec.name),
          ];
          if (!NEEDS_POSITIVE.has(spec.name) && !['erf', 'gelu', 'sin', 'cos', 'expm1'].includes(spec.name)) {
            outs.push(call(special, spec.name));
          }
          outs.push(
            call(
              NEEDS_POSITIVE.has(spec.name) ? randint(1, 9, [4, 3], g(2)) : randint(-5, 6, [4, 3], g(2)),
              spec.name,
            ),
          );
          outs.push(call(tensor([true, false, true]), spec.name));
          return outs;
        },
        { atol: 2e-5, rtol: 2e-4 },
        spec.name,
      );
    });
  }
});

const FLOAT_ONLY = new Set(['div', 'pow', 'atan2']);

describe('binary ops (generated from the specs)', () => {
  for (const spec of Object.values(BINARY_SPECS)) {
    it(`${spec.name} with broadcasting, strided views and int32 / bool operands`, async () => {
      await expectParity(
        gpu,
        () => {
          const a = randn([3, 1, 4], g(3)).mul(2);
          const b = randn([5, 4], g(4)).mul(2);
          const outs = [call(a, spec.name, b), call(b.T.flip(0), spec.name, b.T), call(a, spec.name, 0.5)];
          if (spec.name === 'pow')
            outs.push(call(tensor([-2, -2, 0, 0, 4]), 'pow', tensor([3, 0.5, -1, 2, -0.5])));
          const ia = randint(-6, 7, [4, 5], g(5));
          const ib = randint(1, 5, [5], g(6));
          outs.push(call(ia, spec.name, ib));
          if (!FLOAT_ONLY.has(spec.name)) outs.push(call(ia.T, spec.name, ia.T.flip(1)));
          outs.push(call(tensor([true, false, true, false]), spec.name, tensor([true, true, false, false])));
          return outs;
        },
        { atol: 2e-5, rtol: 2e-4 },
        spec.name,
      );
    });
  }
});

describe('other primitives', () => {
  it('where broadcasts condition and both branches, for every dtype', async () => {
    await expectParity(gpu, () => {
      const c = randn([4, 1], g(7)).gt(0);
      return [
        where(c, randn([4, 3], g(8)), randn([3], g(9))),
        where(c, randint(0, 9, [1, 3], g(10)), 7),
        where(c, tensor([true, false, true]), false),
      ];
    });
  });

  it('reduce: sum, prod, max, min over one, several and all axes, long and short, float / int / bool', async () => {
    await expectParity(
      gpu,
      () => {
        const x = randn([6, 5, 7], g(11));
        const long = randn([3, 3000], g(12));
        const outs: Tensor[] = [];
        for (const op of ['sum', 'prod', 'max', 'min'] as const) {
          outs.push(
            call(x, op),
            call(x, op, 1),
            call(x, op, [0, 2]),
            call(x.permute(2, 0, 1), op, [1, 2], true),
          );
          outs.push(call(long, op === 'prod' ? 'sum' : op, 1), call(long.T, op === 'prod' ? 'sum' : op, 0));
        }
        const ints = randint(-50, 50, [4, 300], g(13));
        outs.push(ints.sum(1), ints.max(0), ints.min(), ints.gt(0).sum(1), zeros([3, 0]).sum(1));
        outs.push(
          tensor([
            [1, Number.NaN, 3],
            [4, 5, 6],
          ]).max(1),
          tensor([
            [1, Number.NaN, 3],
            [4, 5, 6],
          ]).min(1),
        );
        return outs;
      },
      { atol: 1e-4, rtol: 1e-4 },
    );
  });

  it('argmax / argmin take the first extreme; NaN wins', async () => {
    await expectParity(gpu, () => {
      const x = randn([5, 6], g(14));
      const ties = tensor([
        [1, 3, 3, 0],
        [2, 2, 1, 1],
        [0, Number.NaN, 5, Number.NaN],
      ]);
      return [
        x.argmax(1),
        x.argmin(0),
        x.T.argmax(),
        ties.argmax(1),
        ties.argmin(1),
        randint(0, 3, [4, 5], g(15)).argmax(1),
      ];
    });
  });

  it('matmul: small, skinny, tiled, batched with broadcasting, transposed operands, k = 0', async () => {
    await expectParity(
      gpu,
      () => {
        const big = randn([70, 45], g(16));
        const wide = randn([45, 90], g(17));
        return [
          randn([2, 3], g(18)).matmul(randn([3, 4], g(19))),
          big.matmul(wide),
          wide.T.matmul(big.T),
          randn([1, 300], g(20)).matmul(randn([300, 5], g(21))),
          randn([3, 1, 20, 33], g(22)).matmul(randn([2, 33, 40], g(23))),
          randn([4, 0], g(24)).matmul(randn([0, 3], g(25))),
          randn([5], g(26)).matmul(randn([5, 2], g(27))),
        ];
      },
      { atol: 1e-4, rtol: 1e-4 },
    );
  });

  it('copy / cast between every pair of dtypes (float → int truncates, NaN → 0)', async () => {
    await expectParity(gpu, () => {
      const f = tensor([
        [-2.7, -0.5, 0, 0.4, 3.9],
        [Number.NaN, 1e10, -1e10, 7, -0],
      ]);
      const i = tensor(
        [
          [-3, 0, 5],
          [1, 2, 0],
        ],
        { dtype: 'int32' },
      );
      const b = tensor([true, false, true]);
      return [f.int(), f.bool(), f.T.contiguous(), i.float(), i.bool(), i.T.clone(), b.float(), b.int()];
    });
  });

  it('assign: slice writes, broadcast fills, and an aliasing source (x ← flip(x))', async () => {
    await expectParity(gpu, () => {
      const x = randn([4, 5], g(28));
      x.slice([1, 3], [undefined, undefined, 2]).copy_(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      );
      const y = zeros([3, 4]);
      y.slice(null, 1).fill_(9);
      const z = arange(0, 6).reshape(2, 3);
      z.copy_(z.flip(1));
      const b = tensor([true, false, true, false]);
      b.slice([0, 2]).copy_(tensor([false, true]));
      return [x, y, z, b];
    });
  });

  it('pad, concat, gather, indexSelect and scatterAdd', async () => {
    await expectParity(gpu, () => {
      const x = randn([3, 4], g(29));
      const idx = randint(0, 3, [2, 4], g(30));
      const src = randn([2, 4], g(31));
      const ci = randint(0, 4, [3, 3], g(32));
      return [
        pad(
          x,
          [
            [1, 2],
            [0, 3],
          ],
          -1,
        ),
        pad(x.T, [[2, 0]]),
        pad(tensor([1, 2], { dtype: 'int32' }), [[1, 1]], 7),
        pad(tensor([true]), [[1, 0]], 1),
        concat([x, x.mul(2), x.slice([0, 1])], 0),
        concat([x.T, randn([4, 2], g(33))], 1),
        concat([tensor([1, 2], { dtype: 'int32' }), tensor([3], { dtype: 'int32' })]),
        gather(x, 0, idx),
        gather(x.T, 1, ci.slice([0, 4], [0, 2]).remainder(3)),
        x.indexSelect(1, [3, 0, 0]),
        scatterAdd(zeros([3, 4]), 0, idx, src),
        scatterAdd(zeros([3, 5]), 1, ci, randn([3, 3], g(34))),
      ];
    });
  });

  it('conv2d (stride, padding, dilation, groups) and both pooling kinds', async () => {
    await expectParity(
      gpu,
      () => {
        const x = randn([2, 4, 9, 8], g(35));
        const w = randn([6, 2, 3, 3], g(36));
        const bias = randn([6], g(37));
        return [
          x.conv2d(w, bias, { padding: 1, groups: 2 }),
          x.conv2d(randn([3, 4, 2, 3], g(38)), null, { stride: [2, 1], dilation: [1, 2], padding: [0, 2] }),
          x.maxPool2d({ kernelSize: 3, stride: 2, padding: 1 }),
          x.avgPool2d({ kernelSize: 2 }),
          x.permute(0, 1, 3, 2).avgPool2d({ kernelSize: 3, stride: 2, padding: 1 }),
        ];
      },
      { atol: 1e-4, rtol: 1e-4 },
    );
  });

  it('softmax / logSoftmax: fused over the last axis, decomposed over others', async () => {
    await expectParity(gpu, () => {
      const x = randn([4, 7], g(39)).mul(5);
      const inf = tensor([
        [Number.NEGATIVE_INFINITY, 0, 1],
        [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
      ]);
      return [
        x.softmax(),
        x.logSoftmax(),
        x.softmax(0),
        x.T.logSoftmax(),
        inf.softmax(),
        inf.logSoftmax(),
        x.logsumexp(1),
      ];
    });
  });

  it('size-0 tensors and scalars', async () => {
    await expectParity(gpu, () => {
      const e = zeros([0, 3]);
      const s = tensor(2.5);
      return [
        e.add(1),
        e.sum(0),
        e.T.matmul(zeros([0, 2])),
        s.mul(s).exp(),
        s.add(randn([2], g(40))),
        tensor(3).sum(),
      ];
    });
  });
});
