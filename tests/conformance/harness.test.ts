import { type Backend, createCpuBackend, type Tensor, tensor } from '@plasticity/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tfConv2d, tfPool } from './conv';
import { gatherByHand, scatterAddByHand } from './copying';
import { checkGradient, expectClose, expectEach, tf, values } from './harness';
import { tfMatmul } from './reduce';
import { tfSlice } from './views';

// The suite's own machinery is checked here: the comparisons can fail, and every tfjs oracle that
// re-lays data out (NCHW ↔ NHWC, groups, padding, strided slices, batch broadcasting) agrees with a
// plain loop, so a mistake in an oracle cannot hide a mistake in core.

let cpu: Backend;
beforeAll(() => {
  cpu = createCpuBackend({ name: 'harness-cpu' });
});

const tol = { rtol: 1e-5, atol: 1e-6 };

describe('comparisons fail when they should', () => {
  it('expectClose rejects a wrong value, a wrong shape, a wrong dtype and NaN for a number', async () => {
    const x = tensor([1, 2, 3], { backend: cpu });
    await expectClose(x, [1, 2, 3 + 1e-6], tol);
    await expect(expectClose(x, [1, 2, 3.01], tol)).rejects.toThrow(
      /element 2 of \[3\] is 3, expected 3\.01/,
    );
    await expect(expectClose(x, [[1, 2, 3]], tol)).rejects.toThrow(/shape/);
    await expect(expectClose(x, [1, 2, 3], tol, { dtype: 'int32' })).rejects.toThrow(/dtype/);
    await expect(expectClose(tensor([Number.NaN], { backend: cpu }), [0], tol)).rejects.toThrow(
      /is NaN, expected 0/,
    );
    await expect(expectClose(tensor([1], { backend: cpu }), [Number.NaN], tol)).rejects.toThrow(
      /expected NaN/,
    );
    await expect(
      expectClose(tensor([1e30], { backend: cpu }), [Number.POSITIVE_INFINITY], tol),
    ).rejects.toThrow();
  });

  it('expectEach runs every check and reports all failures', async () => {
    const ran: string[] = [];
    await expect(
      expectEach({
        a: async () => {
          ran.push('a');
          throw new Error('first');
        },
        b: async () => {
          ran.push('b');
        },
        c: async () => {
          ran.push('c');
          throw new Error('third');
        },
      }),
    ).rejects.toThrow(/2 of 3 checks failed/);
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('checkGradient rejects a wrong gradient, on synchronous and asynchronous backends', async () => {
    const asyncCpu: Backend = { ...createCpuBackend({ name: 'harness-async' }), canReadSync: false };
    for (const backend of [cpu, asyncCpu]) {
      const x = tensor([0.5, -1.5, 2], { backend });
      await checkGradient((t: Tensor) => t.mul(t).sum(), [x]);
      // detach() hides one path of x·x from autograd: its gradient is x, finite differences see 2x.
      await expect(checkGradient((t: Tensor) => t.detach().mul(t).sum(), [x])).rejects.toThrow();
    }
  });
});

/** NCHW / OIHW convolution as six nested loops. */
function convByHand(
  x: number[],
  [n, c, h, w]: number[],
  k: number[],
  [o, cg, kh, kw]: number[],
  stride: [number, number],
  pad: [number, number],
  dil: [number, number],
  groups: number,
) {
  const oh = Math.floor((h + 2 * pad[0] - dil[0] * (kh - 1) - 1) / stride[0]) + 1;
  const ow = Math.floor((w + 2 * pad[1] - dil[1] * (kw - 1) - 1) / stride[1]) + 1;
  const out: number[] = [];
  const og = o / groups;
  for (let b = 0; b < n; b++)
    for (let oc = 0; oc < o; oc++)
      for (let y = 0; y < oh; y++)
        for (let xo = 0; xo < ow; xo++) {
          let acc = 0;
          const g = Math.floor(oc / og);
          for (let ci = 0; ci < cg; ci++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                const iy = y * stride[0] - pad[0] + ky * dil[0];
                const ix = xo * stride[1] - pad[1] + kx * dil[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                acc += x[((b * c + g * cg + ci) * h + iy) * w + ix] * k[((oc * cg + ci) * kh + ky) * kw + kx];
              }
          out.push(acc);
        }
  return { shape: [n, o, oh, ow], values: out };
}

function poolByHand(
  kind: 'max' | 'avg',
  x: number[],
  [n, c, h, w]: number[],
  k: number,
  s: number,
  p: number,
  includePad: boolean,
) {
  const oh = Math.floor((h + 2 * p - k) / s) + 1;
  const ow = Math.floor((w + 2 * p - k) / s) + 1;
  const out: number[] = [];
  for (let plane = 0; plane < n * c; plane++)
    for (let y = 0; y < oh; y++)
      for (let xo = 0; xo < ow; xo++) {
        let acc = kind === 'max' ? Number.NEGATIVE_INFINITY : 0;
        let count = 0;
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const iy = y * s - p + ky;
            const ix = xo * s - p + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            const v = x[(plane * h + iy) * w + ix];
            acc = kind === 'max' ? Math.max(acc, v) : acc + v;
            count++;
          }
        out.push(kind === 'max' ? acc : acc / (includePad ? k * k : count));
      }
  return { shape: [n, c, oh, ow], values: out };
}

describe('tfjs oracles agree with plain loops', () => {
  it('tfConv2d: plain, strided+padded, dilated, grouped and depthwise', async () => {
    const cases: [number[], number[], [number, number], [number, number], [number, number], number][] = [
      [[1, 2, 5, 4], [3, 2, 3, 2], [1, 1], [0, 0], [1, 1], 1],
      [[2, 3, 6, 5], [2, 3, 3, 3], [2, 1], [1, 2], [1, 1], 1],
      [[1, 2, 7, 7], [2, 2, 2, 3], [1, 1], [1, 0], [2, 3], 1],
      [[1, 4, 5, 5], [6, 2, 3, 3], [1, 1], [1, 1], [1, 1], 2],
      [[1, 3, 5, 4], [6, 1, 2, 2], [2, 1], [0, 1], [1, 1], 3],
    ];
    for (const [xs, ws, stride, padding, dilation, groups] of cases) {
      const xv = values(
        1,
        xs.reduce((a, b) => a * b),
        'normal',
      ).map(Math.fround);
      const wv = values(
        2,
        ws.reduce((a, b) => a * b),
        'normal',
      ).map(Math.fround);
      const oracle = tfConv2d(tf.tensor(xv, xs), tf.tensor(wv, ws), null, {
        stride,
        padding,
        dilation,
        groups,
      });
      const want = convByHand(xv, xs, wv, ws, stride, padding, dilation, groups);
      expect(oracle.shape).toEqual(want.shape);
      const got = Array.from(await oracle.data());
      got.forEach((g, i) => {
        expect(g).toBeCloseTo(want.values[i], 4);
      });
    }
  });

  it('tfPool: max with padding, avg with and without padded zeros in the divisor', async () => {
    const shape = [1, 2, 5, 5];
    const xv = values(3, 50, 'normal').map(Math.fround);
    for (const [kind, k, s, p, include] of [
      ['max', 3, 2, 1, true],
      ['avg', 3, 2, 1, true],
      ['avg', 3, 2, 1, false],
      ['avg', 2, 1, 0, true],
    ] as ['max' | 'avg', number, number, number, boolean][]) {
      const oracle = tfPool(kind, tf.tensor(xv, shape), {
        kernelSize: k,
        stride: s,
        padding: p,
        countIncludePad: include,
      });
      const want = poolByHand(kind, xv, shape, k, s, p, include);
      expect(oracle.shape).toEqual(want.shape);
      Array.from(await oracle.data()).forEach((g, i) => {
        expect(g).toBeCloseTo(want.values[i], 5);
      });
    }
  });

  it('tfSlice follows Python slicing; tfMatmul broadcasts batch dims', async () => {
    const x = tf.tensor(
      Array.from({ length: 10 }, (_, i) => i),
      [10],
    );
    const py = (start: number | undefined, stop: number | undefined, step: number) => {
      const out: number[] = [];
      const n = 10;
      const norm = (v: number) => (v < 0 ? v + n : v);
      let i =
        start === undefined
          ? step > 0
            ? 0
            : n - 1
          : Math.min(Math.max(norm(start), step > 0 ? 0 : -1), step > 0 ? n : n - 1);
      const end =
        stop === undefined
          ? step > 0
            ? n
            : -1
          : Math.min(Math.max(norm(stop), step > 0 ? 0 : -1), step > 0 ? n : n - 1);
      for (; step > 0 ? i < end : i > end; i += step) out.push(i);
      return out;
    };
    for (const [a, b, s] of [
      [undefined, undefined, -1],
      [8, 1, -3],
      [-2, undefined, -2],
      [1, -1, 4],
      [-100, 100, 3],
    ] as [number | undefined, number | undefined, number][]) {
      expect(Array.from(await tfSlice(x, [[a, b, s]]).data())).toEqual(py(a, b, s));
    }
    const av = values(4, 12, 'int');
    const bv = values(5, 12, 'int');
    const got = Array.from(await tfMatmul(tf.tensor(av, [2, 1, 3, 2]), tf.tensor(bv, [2, 2, 3])).data());
    expect(got).toHaveLength(2 * 2 * 3 * 3);
    const want: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++)
        for (let r = 0; r < 3; r++)
          for (let c = 0; c < 3; c++)
            want.push(av[i * 6 + r * 2] * bv[j * 6 + c] + av[i * 6 + r * 2 + 1] * bv[j * 6 + 3 + c]);
    expect(got).toEqual(want);
  });

  it('gatherByHand and scatterAddByHand implement the PyTorch formulas', () => {
    // out[i][j] = x[index[i][j]][j] for dim 0; out[i][j] = x[i][index[i][j]] for dim 1.
    const x = [10, 11, 12, 20, 21, 22];
    expect(gatherByHand(x, [2, 3], 0, [1, 0, 1], [1, 3])).toEqual([20, 11, 22]);
    expect(gatherByHand(x, [2, 3], 1, [2, 2, 0, 1], [2, 2])).toEqual([12, 12, 20, 21]);
    expect(scatterAddByHand([0, 0, 0, 0, 0, 0], [2, 3], 0, [1, 1, 0], [1, 3], [5, 6, 7])).toEqual([
      0, 0, 7, 5, 6, 0,
    ]);
    expect(scatterAddByHand([0, 0, 0, 0, 0, 0], [2, 3], 1, [0, 0], [1, 2], [1, 2])).toEqual([
      3, 0, 0, 0, 0, 0,
    ]);
  });
});
