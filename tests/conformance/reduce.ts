import type { Tensor } from '@plasticity/core';
import * as core from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { expectClose, expectExact, type SuiteContext, seeder, tf } from './harness';

type Dim = number | number[] | undefined;

/** Dims to reduce a [2,3,4] tensor over: all, each axis, negative axes, several axes. */
const DIMS: Dim[] = [undefined, 0, 1, 2, -1, -3, [0, 2], [-1, 1], [0, 1, 2]];

const tfAxis = (d: Dim) => (d === undefined ? undefined : d);

/** tfjs's softmax works on the last axis only, so other axes are moved there and back. */
function tfAlong(x: tf.Tensor, dim: number, f: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  const axis = dim < 0 ? dim + x.rank : dim;
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  perm[axis] = x.rank - 1;
  perm[x.rank - 1] = axis;
  return tf.transpose(f(tf.transpose(x, perm)), perm);
}

/**
 * tf.matMul with the batch dims broadcast explicitly first: tfjs 4.22 returns the right shape but only
 * half the data when *both* operands broadcast (e.g. [2,1,3,4] × [5,4,2]), so the oracle avoids that path.
 */
export function tfMatmul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const n = Math.max(batchA.length, batchB.length);
  const batch = Array.from({ length: n }, (_, i) => {
    const da = batchA[batchA.length - n + i] ?? 1;
    const db = batchB[batchB.length - n + i] ?? 1;
    return da === 1 ? db : da;
  });
  const full = (t: tf.Tensor) => (n === 0 ? t : tf.broadcastTo(t, [...batch, ...t.shape.slice(-2)]));
  return tf.matMul(full(a), full(b));
}

/** Reductions, statistics, softmax and norms against tfjs, then matmul in all its shapes. */
export function registerReductions(ctx: SuiteContext): void {
  describe('reductions', () => {
    const cases: [
      string,
      (x: Tensor, d: Dim, k: boolean) => Tensor,
      (x: tf.Tensor, d: Dim, k: boolean) => tf.Tensor,
    ][] = [
      ['sum', core.sum, (x, d, k) => tf.sum(x, tfAxis(d), k)],
      ['mean', core.mean, (x, d, k) => tf.mean(x, tfAxis(d), k)],
      ['max', core.max, (x, d, k) => tf.max(x, tfAxis(d), k)],
      ['min', core.min, (x, d, k) => tf.min(x, tfAxis(d), k)],
      ['prod', core.prod, (x, d, k) => tf.prod(x, tfAxis(d), k)],
      ['logsumexp', core.logsumexp, (x, d, k) => tf.logSumExp(x, tfAxis(d), k)],
    ];
    for (const [name, ours, ref] of cases) {
      it(`${name} matches tfjs over every dim spec, with and without keepdim`, async () => {
        const next = seeder(name);
        const { x, tx } = ctx.pair([2, 3, 4], next(), name === 'prod' ? 'unit' : 'normal');
        for (const d of DIMS) {
          for (const keepdim of [false, true]) {
            await expectClose(ours(x, d, keepdim), ref(tx, d, keepdim), ctx.tol, {
              label: `${name}(x, ${JSON.stringify(d)}, ${keepdim})`,
              dtype: 'float32',
            });
          }
        }
        // Reading a permuted view reduces the same values.
        await expectClose(
          ours(core.permute(x, [2, 0, 1]), 1, false),
          ref(tf.transpose(tx, [2, 0, 1]), 1, false),
          ctx.tol,
          {
            label: `${name} of a permuted view`,
          },
        );
        // A scalar reduces to itself; a size-1 axis too.
        const s = ctx.pair([], next());
        await expectClose(ours(s.x, undefined, false), ref(s.tx, undefined, false), ctx.tol, {
          label: `${name} of a scalar`,
        });
        const one = ctx.pair([3, 1], next());
        await expectClose(ours(one.x, 1, false), ref(one.tx, 1, false), ctx.tol, {
          label: `${name} over a size-1 dim`,
        });
      });
    }

    it('sum and prod of a size-0 dimension are 0 and 1; sum keeps int32 and counts bools', async () => {
      const e = ctx.t(new Float32Array(0), { shape: [0, 3] });
      await expectExact(core.sum(e, 0), tf.sum(tf.zeros([0, 3]), 0), 'float32');
      await expectExact(core.sum(e, 1), { shape: [0], values: [] }, 'float32');
      await expectExact(core.sum(e), { shape: [], values: [0] }, 'float32');
      await expectExact(core.prod(e, 0), [1, 1, 1], 'float32');
      await expectExact(core.sum(e, 0, true), { shape: [1, 3], values: [0, 0, 0] });
      const next = seeder('int sums');
      const i = ctx.pair([3, 4], next(), 'int');
      await expectExact(core.sum(i.x, 1), tf.sum(i.tx, 1), 'int32');
      await expectExact(core.max(i.x, 0), tf.max(i.tx, 0), 'int32');
      await expectExact(core.min(i.x), tf.min(i.tx), 'int32');
      await expectExact(core.prod(i.x, 0), tf.prod(i.tx, 0), 'int32');
      await expectClose(core.mean(i.x, 1), tf.mean(tf.cast(i.tx, 'float32'), 1), ctx.tol, {
        dtype: 'float32',
      });
      const b = ctx.pair([4, 5], next(), 'bool');
      await expectExact(core.sum(b.x, 1), tf.sum(b.tx, 1), 'int32');
      await expectExact(core.sum(b.x), tf.sum(b.tx), 'int32');
    });

    it('NaN propagates through reductions and pooling, and argmax/argmin point at it (PyTorch semantics)', async () => {
      // tfjs skips NaN in max/argmax/maxPool, so the expectations here are PyTorch's, written out.
      const x = ctx.t([
        [1, Number.NaN, 3, -2],
        [4, 5, -6, 0],
      ]);
      const nan = Number.NaN;
      await expectClose(core.max(x, 1), [nan, 5], ctx.tol, { label: 'max' });
      await expectClose(core.min(x, 1), [nan, -6], ctx.tol, { label: 'min' });
      await expectClose(core.sum(x, 1), [nan, 3], ctx.tol, { label: 'sum' });
      await expectClose(core.prod(x, 1), [nan, 0], ctx.tol, { label: 'prod' });
      await expectClose(core.mean(x, 1), [nan, 0.75], ctx.tol, { label: 'mean' });
      await expectClose(
        core.logsumexp(x, 1),
        [nan, Math.log(Math.exp(4) + Math.exp(5) + Math.exp(-6) + 1)],
        ctx.tol,
        { label: 'logsumexp' },
      );
      await expectExact(core.argmax(x, 1), [1, 1], 'int32', 'argmax');
      await expectExact(core.argmin(x, 1), [1, 2], 'int32', 'argmin');
      await expectClose(core.softmax(x, 1).select(0, 0), [nan, nan, nan, nan], ctx.tol, {
        label: 'softmax row with NaN',
      });
      const img = ctx.t(Float32Array.from([nan, 1, 2, 3, 4, 5, 6, 7]), { shape: [1, 2, 2, 2] });
      await expectClose(core.maxPool2d(img, 2), { shape: [1, 2, 1, 1], values: [nan, 7] }, ctx.tol, {
        label: 'maxPool2d',
      });
      await expectClose(core.avgPool2d(img, 2), { shape: [1, 2, 1, 1], values: [nan, 5.5] }, ctx.tol, {
        label: 'avgPool2d',
      });
    });

    it('softmax gives masked (−∞) logits exactly 0 probability, and gradient 0', async () => {
      const v = [0.5, Number.NEGATIVE_INFINITY, -1, Number.NEGATIVE_INFINITY];
      const { x, tx } = ctx.pairOf([1, 4], v);
      await expectClose(core.softmax(x), tf.softmax(tx), ctx.tol, { label: 'softmax' });
      await expectClose(core.logSoftmax(x), tf.logSoftmax(tx), ctx.tol, { label: 'logSoftmax' });
      const [g] = core.grad((t: Tensor) =>
        core
          .softmax(t)
          .mul(ctx.t([[1, 2, 3, 4]]))
          .sum(),
      )(x);
      const gv = Array.from(await g.data());
      expect(gv.every(Number.isFinite)).toBe(true);
      expect([gv[1], gv[3]]).toEqual([0, 0]);
    });

    it('mean and var over the non-empty dims of a size-0 tensor give size-0 results', async () => {
      const e = ctx.t(new Float32Array(0), { shape: [0, 3] });
      await expectExact(core.mean(e, 1), { shape: [0], values: [] }, 'float32');
      await expectExact(core.variance(e, 1), { shape: [0], values: [] }, 'float32');
      await expectExact(core.max(e, 1), { shape: [0], values: [] }, 'float32');
    });

    it("softmax, logSoftmax and logsumexp over a size-0 dim give PyTorch's results, not an error from max", async () => {
      const e = ctx.t(new Float32Array(0), { shape: [0, 3] });
      await expectExact(
        core.softmax(e, 0),
        { shape: [0, 3], values: [] },
        'float32',
        'softmax(x, 0) of [0,3]',
      );
      await expectExact(
        core.logSoftmax(e, 0),
        { shape: [0, 3], values: [] },
        'float32',
        'logSoftmax(x, 0) of [0,3]',
      );
      // An empty sum of exponentials is 0, so its log is −∞ (PyTorch's logsumexp gives exactly this).
      const inf = Number.NEGATIVE_INFINITY;
      await expectExact(
        core.logsumexp(e, 0),
        { shape: [3], values: [inf, inf, inf] },
        'float32',
        'logsumexp(x, 0) of [0,3]',
      );
    });

    it('argmax/argmin along a non-empty dim of a size-0 tensor give size-0 results (as PyTorch)', async () => {
      const e = ctx.t(new Float32Array(0), { shape: [0, 3] });
      await expectExact(core.argmax(e, 1), { shape: [0], values: [] }, 'int32', 'argmax(x, 1) of [0,3]');
      await expectExact(
        core.argmin(e, -1, true),
        { shape: [0, 1], values: [] },
        'int32',
        'argmin(x, -1, true) of [0,3]',
      );
    });

    it('argmax and argmin match tfjs (first index on ties) per dim and over the flattened tensor', async () => {
      const next = seeder('argmax');
      const { x, tx } = ctx.pair([3, 5], next(), 'grid');
      for (const dim of [0, 1, -1]) {
        await expectExact(core.argmax(x, dim), tf.argMax(tx, dim), 'int32', `argmax dim ${dim}`);
        await expectExact(core.argmin(x, dim), tf.argMin(tx, dim), 'int32', `argmin dim ${dim}`);
      }
      await expectExact(core.argmax(x), tf.argMax(tf.reshape(tx, [-1])), 'int32', 'argmax flat');
      await expectExact(core.argmin(x), tf.argMin(tf.reshape(tx, [-1])), 'int32', 'argmin flat');
      await expectExact(
        core.argmax(x, 1, true),
        tf.expandDims(tf.argMax(tx, 1), 1),
        'int32',
        'argmax keepdim',
      );
      await expectExact(core.argmax(x, undefined, true), {
        shape: [1, 1],
        values: await tf.argMax(tf.reshape(tx, [-1])).data(),
      });
      await expectExact(
        core.argmax(ctx.t([[1, 3, 3, 0]])),
        { shape: [], values: [1] },
        'int32',
        'first of tied maxima',
      );
      await expectExact(
        core.argmin(ctx.t([2, -1, 5, -1])),
        { shape: [], values: [1] },
        'int32',
        'first of tied minima',
      );
      const i = ctx.pair([4, 3], next(), 'int');
      await expectExact(core.argmax(i.x, 0), tf.argMax(i.tx, 0), 'int32', 'argmax of int32');
      const t = core.argmax(x.T, 1);
      await expectExact(t, tf.argMax(tf.transpose(tx), 1), 'int32', 'argmax of a transposed view');
    });

    it('var/std default to the unbiased estimator (N − 1); correction 0 matches tf.moments', async () => {
      const next = seeder('var');
      const { x, tx } = ctx.pair([2, 3, 4], next());
      for (const d of [undefined, 0, 2, -1, [0, 2]] as Dim[]) {
        for (const keepdim of [false, true]) {
          const pop = tf.moments(tx, tfAxis(d), keepdim).variance;
          const n =
            d === undefined
              ? 24
              : [d].flat().reduce((acc: number, a) => acc * [2, 3, 4][a < 0 ? a + 3 : a], 1);
          const label = `dim ${JSON.stringify(d)} keepdim ${keepdim}`;
          await expectClose(core.variance(x, d, { correction: 0, keepdim }), pop, ctx.tol, {
            label: `var pop ${label}`,
          });
          await expectClose(core.variance(x, d, { keepdim }), tf.mul(pop, n / (n - 1)), ctx.tol, {
            label: `var ${label}`,
          });
          await expectClose(core.std(x, d, { keepdim }), tf.sqrt(tf.mul(pop, n / (n - 1))), ctx.tol, {
            label: `std ${label}`,
          });
          await expectClose(x.std(d, { correction: 0, keepdim }), tf.sqrt(pop), ctx.tol, {
            label: `std pop ${label}`,
          });
        }
      }
    });

    it('logsumexp is stable for large values and exact for -Infinity rows', async () => {
      const x = ctx.t([
        [1000, 1000, 999],
        [-1000, -1001, -1002],
        [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
      ]);
      const log = Math.log;
      await expectClose(
        core.logsumexp(x, 1),
        [
          1000 + log(2 + Math.exp(-1)),
          -1000 + log(1 + Math.exp(-1) + Math.exp(-2)),
          Number.NEGATIVE_INFINITY,
        ],
        ctx.tol,
      );
      await expectClose(
        core.logsumexp(ctx.t([0.5, 1.5]), 0, true),
        [log(Math.exp(0.5) + Math.exp(1.5))],
        ctx.tol,
      );
    });

    it('softmax and logSoftmax match tfjs along every axis of a 3-D tensor', async () => {
      const next = seeder('softmax');
      const { x, tx } = ctx.pair([2, 3, 4], next());
      for (const dim of [-1, 2, 1, 0, -3]) {
        await expectClose(
          core.softmax(x, dim),
          tfAlong(tx, dim, (t) => tf.softmax(t)),
          ctx.tol,
          { label: `softmax dim ${dim}` },
        );
        await expectClose(
          core.logSoftmax(x, dim),
          tfAlong(tx, dim, (t) => tf.logSoftmax(t)),
          ctx.tol,
          {
            label: `logSoftmax dim ${dim}`,
          },
        );
      }
      // Non-contiguous input, size-1 softmax axis, 1-D input, size-0 batch.
      await expectClose(
        core.softmax(x.transpose(0, 2), -1),
        tf.softmax(tf.transpose(tx, [2, 1, 0])),
        ctx.tol,
        {
          label: 'softmax of a transposed view',
        },
      );
      const col = ctx.pair([4, 1], next());
      await expectExact(core.softmax(col.x, -1), tf.ones([4, 1]), 'float32', 'softmax over a size-1 axis');
      await expectExact(
        core.logSoftmax(col.x, -1),
        tf.zeros([4, 1]),
        'float32',
        'logSoftmax over a size-1 axis',
      );
      const v = ctx.pair([5], next());
      await expectClose(v.x.softmax(), tf.softmax(v.tx), ctx.tol, { label: 'softmax of a vector' });
      await expectExact(core.softmax(ctx.t(new Float32Array(0), { shape: [0, 3] }), -1), {
        shape: [0, 3],
        values: [],
      });
    });

    it('softmax and logSoftmax are stable for ±1000 logits', async () => {
      const v = [1000, 0, -1000, 999];
      const { x, tx } = ctx.pairOf([1, 4], v);
      await expectClose(core.softmax(x), tf.softmax(tx), ctx.tol, { label: 'softmax' });
      await expectClose(core.logSoftmax(x), tf.logSoftmax(tx), ctx.tol, { label: 'logSoftmax' });
      const out = Array.from(await core.softmax(x).data());
      expect(out.every(Number.isFinite)).toBe(true);
    });

    it('norm matches tf.norm for p = 1, 2, ∞ and the hand formula for p = 3', async () => {
      const next = seeder('norm');
      const { x, tx } = ctx.pair([3, 4], next());
      for (const d of [undefined, 0, 1, -1] as (number | undefined)[]) {
        for (const keepdim of [false, true]) {
          const label = `dim ${d} keepdim ${keepdim}`;
          await expectClose(core.norm(x, 2, d, keepdim), tf.norm(tx, 'euclidean', d, keepdim), ctx.tol, {
            label: `p=2 ${label}`,
          });
          await expectClose(core.norm(x, 1, d, keepdim), tf.norm(tx, 1, d, keepdim), ctx.tol, {
            label: `p=1 ${label}`,
          });
          if (d !== undefined) {
            await expectClose(
              core.norm(x, Number.POSITIVE_INFINITY, d, keepdim),
              tf.norm(tx, Number.POSITIVE_INFINITY, d, keepdim),
              ctx.tol,
              {
                label: `p=inf ${label}`,
              },
            );
          }
          const p3 = tf.pow(tf.sum(tf.pow(tf.abs(tx), 3), d, keepdim), 1 / 3);
          await expectClose(core.norm(x, 3, d, keepdim), p3, ctx.tol, { label: `p=3 ${label}` });
        }
      }
      await expectClose(core.norm(x, Number.POSITIVE_INFINITY), tf.max(tf.abs(tx)), ctx.tol, {
        label: 'p=inf all',
      });
      await expectClose(x.norm(), tf.norm(tx), ctx.tol, { label: 'default p' });
    });

    it('clamp matches tf.clipByValue, and one-sided clamps match maximum/minimum', async () => {
      const next = seeder('clamp');
      const { x, tx } = ctx.pair([3, 4], next());
      await expectClose(core.clamp(x, -0.5, 0.7), tf.clipByValue(tx, -0.5, 0.7), ctx.tol);
      await expectClose(core.clamp(x, -0.5), tf.maximum(tx, -0.5), ctx.tol);
      await expectClose(core.clamp(x, null, 0.7), tf.minimum(tx, 0.7), ctx.tol);
      await expectClose(x.clamp(0.2, 0.2), tf.fill([3, 4], 0.2), ctx.tol);
      const i = ctx.pair([5], next(), 'int');
      await expectExact(core.clamp(i.x, -2, 3), tf.clipByValue(i.tx, -2, 3), 'int32');
    });
  });

  describe('matmul', () => {
    const shapes: [number[], number[]][] = [
      [
        [3, 4],
        [4, 5],
      ],
      [
        [1, 4],
        [4, 1],
      ],
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 3, 4],
        [4, 5],
      ],
      [
        [3, 4],
        [2, 4, 5],
      ],
      [
        [2, 1, 3, 4],
        [5, 4, 2],
      ],
      [
        [2, 3, 4],
        [2, 4, 5],
      ],
      [
        [0, 3],
        [3, 4],
      ],
      [
        [2, 0],
        [0, 3],
      ],
      [
        [3, 4],
        [4, 0],
      ],
    ];
    it('matches tf.matMul for 2-D, batched and batch-broadcast operands, including size-0 dims', async () => {
      const next = seeder('matmul');
      for (const [sa, sb] of shapes) {
        const a = ctx.pair(sa, next());
        const b = ctx.pair(sb, next());
        await expectClose(core.matmul(a.x, b.x), tfMatmul(a.tx, b.tx), ctx.tol, {
          label: `matmul ${JSON.stringify(sa)} × ${JSON.stringify(sb)}`,
          dtype: 'float32',
        });
      }
    });

    it('treats 1-D operands as row/column vectors and drops that dimension (NumPy rules)', async () => {
      const next = seeder('matmul 1-D');
      const v4 = ctx.pair([4], next());
      const w4 = ctx.pair([4], next());
      const m = ctx.pair([4, 5], next());
      const n = ctx.pair([3, 4], next());
      const bm = ctx.pair([2, 4, 3], next());
      const bn = ctx.pair([2, 3, 4], next());
      const row = (t: tf.Tensor) => tf.reshape(t, [1, -1]);
      const col = (t: tf.Tensor) => tf.reshape(t, [-1, 1]);
      await expectClose(core.matmul(v4.x, m.x), tf.reshape(tf.matMul(row(v4.tx), m.tx), [5]), ctx.tol, {
        label: '[4]×[4,5]',
      });
      await expectClose(core.matmul(n.x, v4.x), tf.reshape(tf.matMul(n.tx, col(v4.tx)), [3]), ctx.tol, {
        label: '[3,4]×[4]',
      });
      await expectClose(core.matmul(v4.x, w4.x), tf.dot(v4.tx, w4.tx), ctx.tol, { label: '[4]×[4]' });
      await expectClose(core.matmul(v4.x, bm.x), tf.reshape(tf.matMul(row(v4.tx), bm.tx), [2, 3]), ctx.tol, {
        label: '[4]×[2,4,3]',
      });
      await expectClose(core.matmul(bn.x, v4.x), tf.reshape(tf.matMul(bn.tx, col(v4.tx)), [2, 3]), ctx.tol, {
        label: '[2,3,4]×[4]',
      });
    });

    it('multiplies transposed and permuted views without copying first', async () => {
      const next = seeder('matmul views');
      const a = ctx.pair([4, 3], next());
      const b = ctx.pair([5, 4], next());
      await expectClose(core.matmul(a.x.T, b.x.T), tf.matMul(a.tx, b.tx, true, true), ctx.tol, {
        label: 'aᵀ bᵀ',
      });
      await expectClose(a.x.T.matmul(a.x), tf.matMul(a.tx, a.tx, true, false), ctx.tol, { label: 'aᵀ a' });
      await expectClose(core.matmul(b.x, a.x.T.T), tf.matMul(b.tx, a.tx), ctx.tol, { label: 'b (aᵀ)ᵀ' });
      const c = ctx.pair([2, 3, 4], next());
      const d = ctx.pair([3, 2, 5], next());
      await expectClose(
        core.matmul(core.transpose(c.x, 1, 2), core.permute(d.x, [1, 0, 2])),
        tf.matMul(tf.transpose(c.tx, [0, 2, 1]), tf.transpose(d.tx, [1, 0, 2])),
        ctx.tol,
        { label: 'batched transposed views' },
      );
      const e = ctx.pair([3, 6], next());
      const sliced = core.slice(e.x, null, [0, 6, 2]);
      await expectClose(
        core.matmul(sliced, a.x.T),
        tf.matMul(tf.stridedSlice(e.tx, [0, 0], [3, 6], [1, 2]), a.tx, false, true),
        ctx.tol,
        {
          label: 'strided slice operand',
        },
      );
    });

    it("is right at every edge of the CPU kernel's 4×4 blocks (m, n = 1, 3, 4, 5, 8, 9, 13), plain and transposed", async () => {
      const next = seeder('matmul blocks');
      for (const [m, k, n] of [
        [4, 4, 4],
        [5, 3, 9],
        [8, 7, 8],
        [9, 1, 5],
        [1, 9, 1],
        [13, 6, 11],
        [3, 17, 4],
      ]) {
        const a = ctx.pair([m, k], next());
        const b = ctx.pair([k, n], next());
        const label = `[${m},${k}]×[${k},${n}]`;
        await expectClose(core.matmul(a.x, b.x), tf.matMul(a.tx, b.tx), ctx.tol, { label });
        const at = ctx.pair([k, m], next());
        const bt = ctx.pair([n, k], next());
        await expectClose(core.matmul(at.x.T, bt.x.T), tf.matMul(at.tx, bt.tx, true, true), ctx.tol, {
          label: `${label} from transposed views`,
        });
      }
      const a = ctx.pair([2, 1, 5, 6], next());
      const b = ctx.pair([3, 6, 7], next());
      await expectClose(core.matmul(a.x, b.x), tfMatmul(a.tx, b.tx), ctx.tol, { label: '[2,1,5,6]×[3,6,7]' });
    });

    it('multiplies int32 operands in float32', async () => {
      const next = seeder('matmul int');
      const a = ctx.pair([2, 3], next(), 'int');
      const b = ctx.pair([3, 2], next(), 'int');
      await expectExact(
        core.matmul(a.x, b.x),
        tf.matMul(tf.cast(a.tx, 'float32'), tf.cast(b.tx, 'float32')),
        'float32',
      );
    });
  });
}
