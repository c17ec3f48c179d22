import * as core from '@plasticity/core';
import { createCpuBackend, type DType, type Tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { expectClose, expectExact, type SuiteContext, seeder, tf } from './harness';

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i];
  }
  return out;
}

function unravel(i: number, shape: readonly number[]): number[] {
  return stridesOf(shape).map((s, d) => Math.floor(i / s) % shape[d]);
}

function ravel(pos: readonly number[], shape: readonly number[]): number {
  const st = stridesOf(shape);
  return pos.reduce((acc, p, d) => acc + p * st[d], 0);
}

/** PyTorch's gather written as the loop its documentation gives. */
export function gatherByHand(
  x: number[],
  xShape: number[],
  dim: number,
  index: number[],
  indexShape: number[],
): number[] {
  return index.map((_, i) => {
    const pos = unravel(i, indexShape);
    pos[dim] = index[i];
    return x[ravel(pos, xShape)];
  });
}

/** PyTorch's scatter_add: out = x; out[..index[i]..] += src[i] along dim. */
export function scatterAddByHand(
  x: number[],
  xShape: number[],
  dim: number,
  index: number[],
  indexShape: number[],
  src: number[],
) {
  const out = [...x];
  index.forEach((_, i) => {
    const pos = unravel(i, indexShape);
    pos[dim] = index[i];
    out[ravel(pos, xShape)] += src[i];
  });
  return out;
}

/** Copying ops against tfjs and hand loops: pad, concat, stack, gather, scatterAdd, where, cast, oneHot, moves. */
export function registerCopying(ctx: SuiteContext): void {
  describe('copying ops', () => {
    it('pad matches tf.pad for constant values, partial pad lists, ints and size-0 inputs', async () => {
      const next = seeder('pad');
      const { x, tx } = ctx.pair([2, 3], next());
      const pads: [number, number][][] = [
        [
          [1, 2],
          [0, 1],
        ],
        [
          [0, 0],
          [3, 0],
        ],
        [
          [0, 0],
          [0, 0],
        ],
      ];
      for (const p of pads) {
        await expectExact(core.pad(x, p), tf.pad(tx, p), 'float32', `pad ${JSON.stringify(p)}`);
        await expectExact(
          core.pad(x, p, -1.5),
          tf.pad(tx, p, -1.5),
          'float32',
          `pad ${JSON.stringify(p)} with -1.5`,
        );
      }
      await expectExact(
        x.pad([[1, 1]]),
        tf.pad(tx, [
          [1, 1],
          [0, 0],
        ]),
        'float32',
        'pairs for leading dims only',
      );
      const i = ctx.pair([3], next(), 'int');
      await expectExact(core.pad(i.x, [[2, 1]], 7), tf.pad(i.tx, [[2, 1]], 7), 'int32', 'pad int32');
      await expectExact(
        core.pad(core.transpose(x), [
          [1, 0],
          [0, 2],
        ]),
        tf.pad(tf.transpose(tx), [
          [1, 0],
          [0, 2],
        ]),
        'float32',
        'pad of xᵀ',
      );
      const e = ctx.t(new Float32Array(0), { shape: [0, 2] });
      await expectExact(
        core.pad(
          e,
          [
            [1, 0],
            [1, 1],
          ],
          3,
        ),
        tf.fill([1, 4], 3),
        'float32',
        'pad of a size-0 tensor',
      );
    });

    it('concat matches tf.concat along every axis, with size-0 parts and dtype promotion', async () => {
      const next = seeder('concat');
      const a = ctx.pair([2, 3, 4], next());
      const b = ctx.pair([2, 1, 4], next());
      const c = ctx.pair([2, 2, 4], next());
      await expectExact(
        core.concat([a.x, b.x, c.x], 1),
        tf.concat([a.tx, b.tx, c.tx], 1),
        'float32',
        'dim 1',
      );
      await expectExact(core.concat([a.x, a.x], 0), tf.concat([a.tx, a.tx], 0), 'float32', 'dim 0');
      await expectExact(
        core.concat([a.x, c.x.slice(null, [0, 1]).expand(2, 3, 4)], -1),
        tf.concat([a.tx, tf.broadcastTo(tf.slice(c.tx, [0, 0, 0], [-1, 1, -1]), [2, 3, 4])], -1),
        'float32',
        'dim -1 with an expanded view',
      );
      await expectExact(core.concat([a.x]), a.tx, 'float32', 'one part');
      const e = ctx.t(new Float32Array(0), { shape: [2, 0, 4] });
      await expectExact(core.concat([e, b.x, e], 1), b.tx, 'float32', 'size-0 parts');
      const i = ctx.pair([2, 3, 4], next(), 'int');
      await expectClose(core.concat([i.x, a.x], 0), tf.concat([tf.cast(i.tx, 'float32'), a.tx], 0), ctx.tol, {
        label: 'int32 ++ float32',
        dtype: 'float32',
      });
      await expectExact(core.concat([i.x, i.x], 2), tf.concat([i.tx, i.tx], 2), 'int32', 'int32 ++ int32');
      await expectExact(core.concat([ctx.t([true]), ctx.t([false, true])]), [true, false, true], 'bool');
    });

    it('stack matches tf.stack on every new axis', async () => {
      const next = seeder('stack');
      const parts = [ctx.pair([2, 3], next()), ctx.pair([2, 3], next()), ctx.pair([2, 3], next())];
      for (const dim of [0, 1, 2, -1, -3]) {
        await expectExact(
          core.stack(
            parts.map((p) => p.x),
            dim,
          ),
          tf.stack(
            parts.map((p) => p.tx),
            dim < 0 ? dim + 3 : dim,
          ),
          'float32',
          `dim ${dim}`,
        );
      }
      await expectExact(core.stack([ctx.t(1), ctx.t(2)]), [1, 2], 'float32', 'stack scalars');
    });

    it('gather follows PyTorch semantics (checked by hand loop and by tf.gather with batchDims)', async () => {
      const next = seeder('gather');
      const { x, tx, v } = ctx.pair([3, 4], next());
      const cases: [number, number[], number[]][] = [
        [0, [2, 4], [0, 2, 1, 1, 2, 0, 0, 2]],
        [1, [3, 2], [3, 0, 1, 1, 0, 2]],
        [1, [2, 5], [0, 1, 2, 3, 3, 3, 2, 1, 0, 0]],
        [-1, [3, 1], [2, 0, 3]],
        [0, [1, 4], [2, 2, 2, 2]],
      ];
      for (const [dim, shape, idx] of cases) {
        const index = ctx.t(Int32Array.from(idx), { shape });
        const axis = dim < 0 ? dim + 2 : dim;
        await expectExact(
          core.gather(x, dim, index),
          { shape, values: gatherByHand(v, [3, 4], axis, idx, shape) },
          'float32',
          `gather dim ${dim} ${JSON.stringify(shape)}`,
        );
      }
      // Along the last axis with matching leading dims, torch.gather is tf.gather with batchDims = 1.
      const idx = ctx.pairOf([3, 2], [3, 0, 1, 1, 0, 2], 'int32');
      await expectExact(
        core.gather(x, 1, idx.x),
        tf.gather(tx, idx.tx, 1, 1),
        'float32',
        'vs tf.gather batchDims',
      );
      const p = ctx.pair([2, 3, 4], next());
      const idx3 = Array.from({ length: 2 * 3 * 2 }, (_, k) => (k * 7) % 3);
      await expectExact(x.gather(0, ctx.t(Int32Array.from([1, 0, 2, 1]), { shape: [1, 4] })), {
        shape: [1, 4],
        values: gatherByHand(v, [3, 4], 0, [1, 0, 2, 1], [1, 4]),
      });
      await expectExact(
        core.gather(p.x, 1, ctx.t(Int32Array.from(idx3), { shape: [2, 2, 3] })),
        { shape: [2, 2, 3], values: gatherByHand(p.v, [2, 3, 4], 1, idx3, [2, 2, 3]) },
        'float32',
        '3-D gather dim 1',
      );
      const ints = ctx.pair([3, 4], next(), 'int');
      await expectExact(
        core.gather(ints.x, 0, ctx.t(Int32Array.from([2, 1, 0, 0]), { shape: [1, 4] })),
        { shape: [1, 4], values: gatherByHand(ints.v, [3, 4], 0, [2, 1, 0, 0], [1, 4]) },
        'int32',
        'int32 gather',
      );
      const vt = Array.from(await tf.transpose(tx).data());
      const idxT = ctx.t(Int32Array.from([3, 0, 1]), { shape: [1, 3] });
      await expectExact(
        core.gather(core.transpose(x), 0, idxT),
        { shape: [1, 3], values: gatherByHand(vt, [4, 3], 0, [3, 0, 1], [1, 3]) },
        'float32',
        'gather of a transposed view',
      );
    });

    it('indexSelect matches tf.gather along an axis, with repeats and plain-array indices', async () => {
      const next = seeder('indexSelect');
      const { x, tx } = ctx.pair([4, 3, 2], next());
      for (const dim of [0, 1, 2, -1]) {
        const size = [4, 3, 2][dim < 0 ? dim + 3 : dim];
        const idx = [size - 1, 0, size - 1, 0];
        const index = ctx.t(Int32Array.from(idx));
        const ti = tf.tensor(idx, [4], 'int32');
        await expectExact(
          core.indexSelect(x, dim, index),
          tf.gather(tx, ti, dim < 0 ? dim + 3 : dim),
          'float32',
          `tensor index dim ${dim}`,
        );
        await expectExact(
          x.indexSelect(dim, idx),
          tf.gather(tx, ti, dim < 0 ? dim + 3 : dim),
          'float32',
          `array index dim ${dim}`,
        );
      }
      await expectExact(
        core.indexSelect(x, 0, []),
        { shape: [0, 3, 2], values: [] },
        'float32',
        'empty index',
      );
      const emb = ctx.pair([5, 3], next());
      await expectExact(
        core.indexSelect(emb.x, 0, [4, 4, 1]),
        tf.gather(emb.tx, [4, 4, 1]),
        'float32',
        'embedding lookup',
      );
    });

    it('scatterAdd accumulates duplicates exactly as the hand loop', async () => {
      const next = seeder('scatterAdd');
      const base = ctx.pair([3, 4], next());
      const cases: [number, number[], number[]][] = [
        [0, [2, 4], [0, 2, 1, 1, 0, 2, 2, 1]],
        [1, [3, 3], [3, 3, 0, 1, 1, 1, 2, 0, 2]],
        [0, [3, 2], [0, 0, 0, 0, 0, 0]],
      ];
      for (const [dim, shape, idx] of cases) {
        const src = ctx.pair(shape, next());
        const index = ctx.t(Int32Array.from(idx), { shape });
        await expectClose(
          core.scatterAdd(base.x, dim, index, src.x),
          { shape: [3, 4], values: scatterAddByHand(base.v, [3, 4], dim, idx, shape, src.v) },
          ctx.tol,
          { label: `scatterAdd dim ${dim} ${JSON.stringify(shape)}`, dtype: 'float32' },
        );
      }
      const ints = ctx.t(Int32Array.from([1, 2, 3]));
      await expectExact(
        ints.scatterAdd(0, ctx.t(Int32Array.from([2, 2, 0])), ctx.t(Int32Array.from([5, 6, 7]))),
        [8, 2, 14],
        'int32',
      );
    });

    it('where matches tf.where with broadcasting of condition and both branches', async () => {
      const next = seeder('where');
      const c = ctx.pair([3, 1], next(), 'bool');
      const a = ctx.pair([1, 4], next());
      const b = ctx.pair([3, 4], next());
      const full = (t: tf.Tensor) => tf.broadcastTo(t, [3, 4]);
      await expectExact(
        core.where(c.x, a.x, b.x),
        tf.where(full(c.tx), full(a.tx), b.tx),
        'float32',
        '[3,1] ? [1,4] : [3,4]',
      );
      await expectExact(
        core.where(c.x, a.x, 0.5),
        tf.where(full(c.tx), full(a.tx), tf.fill([3, 4], 0.5)),
        'float32',
        'scalar number branch',
      );
      await expectExact(
        a.x.where(core.greater(a.x, 0), -1),
        tf.where(tf.greater(a.tx, 0), a.tx, tf.fill([1, 4], -1)),
        'float32',
        'method form',
      );
      const i = ctx.pair([3, 4], next(), 'int');
      await expectExact(
        core.where(c.x, i.x, 0),
        tf.where(full(c.tx), i.tx, tf.zeros([3, 4], 'int32')),
        'int32',
        'int32 branches',
      );
      await expectExact(
        core.where(ctx.t(true), ctx.t([1, 2]), ctx.t([3, 4])),
        [1, 2],
        'float32',
        'scalar condition',
      );
      const e = ctx.t(new Float32Array(0), { shape: [0, 4] });
      await expectExact(
        core.where(core.greater(e, 0), e, 1),
        { shape: [0, 4], values: [] },
        'float32',
        'size 0',
      );
    });

    it("where with two number branches puts them on the condition's backend", async () => {
      // A float condition is read as truth values (non-zero is true).
      const out = core.where(ctx.t([0, 2, -1]), 1, 0);
      expect(out.backend).toBe(ctx.backend);
      await expectExact(out, [0, 1, 1], 'int32', 'float condition, number branches');
      await expectExact(
        core.where(ctx.t([true, false]), 0.5, -0.5),
        [0.5, -0.5],
        'float32',
        'bool condition, float numbers',
      );
    });

    it('cast matches tf.cast between float32, int32 and bool (truncation toward zero, NaN → true)', async () => {
      const v = [1.7, -1.7, 0, 2.5, -0.2, 3];
      const { x, tx } = ctx.pairOf([2, 3], v);
      await expectExact(core.cast(x, 'int32'), tf.cast(tx, 'int32'), 'int32');
      await expectExact(x.int(), tf.cast(tx, 'int32'), 'int32');
      await expectExact(core.cast(x, 'bool'), tf.cast(tx, 'bool'), 'bool');
      await expectExact(x.bool(), tf.cast(tx, 'bool'), 'bool');
      expect(core.cast(x, 'float32')).toBe(x);
      const i = ctx.pairOf([3], [-2, 0, 5], 'int32');
      await expectExact(i.x.float(), tf.cast(i.tx, 'float32'), 'float32');
      await expectExact(core.cast(i.x, 'bool'), tf.cast(i.tx, 'bool'), 'bool');
      const b = ctx.pair([4], 3, 'bool');
      await expectExact(core.cast(b.x, 'float32'), tf.cast(b.tx, 'float32'), 'float32');
      await expectExact(core.cast(b.x, 'int32'), tf.cast(b.tx, 'int32'), 'int32');
      await expectExact(
        core.cast(ctx.t([Number.NaN, Number.POSITIVE_INFINITY]), 'bool'),
        [true, true],
        'bool',
      );
      await expectExact(
        core.cast(core.transpose(x), 'int32'),
        tf.cast(tf.transpose(tx), 'int32'),
        'int32',
        'cast of a view',
      );
    });

    it('oneHot matches tf.oneHot (as float32) and infers the class count', async () => {
      const idx = [0, 2, 4, 1, 1, 3];
      const { x, tx } = ctx.pairOf([2, 3], idx, 'int32');
      await expectExact(core.oneHot(x, 5), tf.cast(tf.oneHot(tx, 5), 'float32'), 'float32');
      if (ctx.backend.canReadSync) {
        await expectExact(x.oneHot(), tf.cast(tf.oneHot(tx, 5), 'float32'), 'float32', 'inferred count');
      } else {
        // Inferring the count needs the indices now; a backend that reads asynchronously asks for it.
        expect(() => x.oneHot()).toThrow(
          'oneHot(x): numClasses is required on backends that cannot read synchronously',
        );
      }
      await expectExact(core.oneHot(ctx.t(Int32Array.from([1])), 3), [[0, 1, 0]], 'float32');
      await expectExact(
        core.oneHot(ctx.t(Int32Array.from([2]), { shape: [] }), 4),
        [0, 0, 1, 0],
        'float32',
        'scalar index',
      );
      await expectExact(
        core.oneHot(ctx.t(new Int32Array(0)), 3),
        { shape: [0, 3], values: [] },
        'float32',
        'empty',
      );
    });

    it('toBackend / toBackendAsync copy values to another backend and back; gradients flow across', async () => {
      const other = createCpuBackend({ name: 'conformance-other' });
      // Leaving a backend that cannot read synchronously takes the asynchronous move.
      const leave = async (t: Tensor) =>
        ctx.backend.canReadSync ? core.toBackend(t, other) : await core.toBackendAsync(t, other);
      const next = seeder('toBackend');
      for (const dtype of ['float32', 'int32', 'bool'] as DType[]) {
        const kind = dtype === 'float32' ? 'normal' : dtype === 'int32' ? 'int' : 'bool';
        const { x, v } = ctx.pair([2, 3], next(), kind);
        const there = await leave(x);
        expect(there.backend).toBe(other);
        await expectExact(there, { shape: [2, 3], values: v }, dtype, `to other ${dtype}`);
        const back = await core.toBackendAsync(there, ctx.backend);
        expect(back.backend).toBe(ctx.backend);
        await expectExact(back, { shape: [2, 3], values: v }, dtype, `back ${dtype}`);
        const view = await leave(core.transpose(x));
        await expectExact(
          view,
          { shape: [3, 2], values: [v[0], v[3], v[1], v[4], v[2], v[5]] },
          dtype,
          `view ${dtype}`,
        );
      }
      const w = ctx.t([1, -2, 3]).requiresGrad_();
      const remote = (await leave(w))
        .square()
        .mul(await leave(ctx.t([1, 2, 3])))
        .sum();
      // backward() is synchronous, so its gradient can only leave a backend that reads synchronously:
      // the round trip back is taken where that holds, otherwise the loss stays on the other backend.
      const loss = ctx.backend.canReadSync ? remote.to(ctx.backend) : remote;
      loss.backward();
      expect(w.grad!.backend).toBe(ctx.backend);
      await expectClose(w.grad!, [2, -8, 18], ctx.tol);
      expect(core.toBackend(w, ctx.backend)).toBe(w);
    });
  });
}
