import type { SliceSpec } from '@plasticity/core';
import * as core from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { tfConv2d, tfPool } from './conv';
import { expectClose, expectExact, type SuiteContext, seeder, tf } from './harness';

/** Our NumPy-style slice specs as a tf.stridedSlice call (plus a squeeze for integer indices). */
export function tfSlice(x: tf.Tensor, specs: readonly SliceSpec[]): tf.Tensor {
  const begin: number[] = [];
  const end: number[] = [];
  const strides: number[] = [];
  const drop: number[] = [];
  let beginMask = 0;
  let endMask = 0;
  x.shape.forEach((size, i) => {
    const spec = specs[i];
    if (spec === null || spec === undefined) {
      begin.push(0);
      end.push(0);
      strides.push(1);
      beginMask |= 1 << i;
      endMask |= 1 << i;
    } else if (typeof spec === 'number') {
      const k = spec < 0 ? spec + size : spec;
      begin.push(k);
      end.push(k + 1);
      strides.push(1);
      drop.push(i);
    } else {
      const [start, stop, step] = Array.isArray(spec)
        ? (spec as readonly (number | undefined)[])
        : [(spec as core.SliceRange).start, (spec as core.SliceRange).stop, (spec as core.SliceRange).step];
      begin.push(start ?? 0);
      end.push(stop ?? 0);
      strides.push(step ?? 1);
      if (start === undefined) beginMask |= 1 << i;
      if (stop === undefined) endMask |= 1 << i;
    }
  });
  const out = tf.stridedSlice(x, begin, end, strides, beginMask, endMask);
  return drop.length > 0
    ? tf.reshape(
        out,
        out.shape.filter((_, i) => !drop.includes(i)),
      )
    : out;
}

/** Shape ops and views against tfjs: reshape, flatten, squeeze, permute, expand, slicing, flips. */
export function registerViews(ctx: SuiteContext): void {
  describe('views', () => {
    it('reshape (with -1), flatten, squeeze and unsqueeze match tfjs', async () => {
      const next = seeder('reshape');
      const { x, tx } = ctx.pair([2, 3, 4], next());
      for (const shape of [[4, -1], [24], [2, 12], [-1], [1, 2, 1, 12], [3, 2, 4]]) {
        await expectExact(
          core.reshape(x, shape),
          tf.reshape(tx, shape),
          'float32',
          `reshape ${JSON.stringify(shape)}`,
        );
      }
      await expectExact(x.reshape(6, 4), tf.reshape(tx, [6, 4]), 'float32', 'reshape(...dims)');
      // Reshaping a non-contiguous view reads in the view's (logical) order.
      await expectExact(
        core.reshape(core.transpose(x), [-1]),
        tf.reshape(tf.transpose(tx, [0, 2, 1]), [-1]),
        'float32',
        'reshape of xᵀ',
      );
      await expectExact(
        core.reshape(core.flip(x, 2), [6, 4]),
        tf.reshape(tf.reverse(tx, 2), [6, 4]),
        'float32',
        'reshape of flip',
      );
      await expectExact(core.reshape(ctx.t([5]), []), tf.scalar(5), 'float32', 'reshape [1] → []');
      await expectExact(core.reshape(ctx.t(2), [1, 1]), tf.tensor([[2]]), 'float32', 'reshape [] → [1,1]');
      const empty = ctx.t(new Float32Array(0), { shape: [0, 3] });
      await expectExact(
        core.reshape(empty, [3, 0]),
        { shape: [3, 0], values: [] },
        'float32',
        'reshape [0,3] → [3,0]',
      );
      await expectExact(
        core.reshape(empty, [-1, 3]),
        { shape: [0, 3], values: [] },
        'float32',
        'reshape [0,3] → [-1,3]',
      );

      await expectExact(core.flatten(x), tf.reshape(tx, [24]), 'float32', 'flatten()');
      await expectExact(core.flatten(x, 1), tf.reshape(tx, [2, 12]), 'float32', 'flatten(1)');
      await expectExact(core.flatten(x, 0, 1), tf.reshape(tx, [6, 4]), 'float32', 'flatten(0, 1)');
      await expectExact(core.flatten(x, -2, -1), tf.reshape(tx, [2, 12]), 'float32', 'flatten(-2, -1)');
      await expectExact(core.flatten(ctx.t(3)), tf.tensor([3]), 'float32', 'flatten of a scalar');

      const s = ctx.pair([1, 3, 1, 2], next());
      await expectExact(core.squeeze(s.x), tf.squeeze(s.tx), 'float32', 'squeeze()');
      await expectExact(core.squeeze(s.x, 2), tf.squeeze(s.tx, [2]), 'float32', 'squeeze(2)');
      await expectExact(core.squeeze(s.x, -4), tf.squeeze(s.tx, [0]), 'float32', 'squeeze(-4)');
      await expectExact(core.squeeze(s.x, 1), s.tx, 'float32', 'squeeze of a non-1 dim is a no-op');
      await expectExact(core.squeeze(ctx.t([[7]])), tf.scalar(7), 'float32', 'squeeze to a scalar');

      for (const dim of [0, 1, 2, -1, -3]) {
        const u = ctx.pair([2, 3], next());
        await expectExact(
          core.unsqueeze(u.x, dim),
          tf.expandDims(u.tx, dim < 0 ? dim + 3 : dim),
          'float32',
          `unsqueeze(${dim})`,
        );
      }
      await expectExact(core.unsqueeze(ctx.t(4), 0), tf.tensor([4]), 'float32', 'unsqueeze of a scalar');
    });

    it('permute, transpose and .T match tf.transpose (and compose with other views)', async () => {
      const next = seeder('permute');
      const { x, tx } = ctx.pair([2, 3, 4], next());
      for (const perm of [
        [0, 1, 2],
        [2, 0, 1],
        [1, 2, 0],
        [2, 1, 0],
        [-1, 0, -2],
      ]) {
        const tfPerm = perm.map((p) => (p < 0 ? p + 3 : p));
        await expectExact(
          core.permute(x, perm),
          tf.transpose(tx, tfPerm),
          'float32',
          `permute ${JSON.stringify(perm)}`,
        );
      }
      await expectExact(x.permute(2, 0, 1), tf.transpose(tx, [2, 0, 1]), 'float32', 'permute(...dims)');
      await expectExact(core.transpose(x), tf.transpose(tx, [0, 2, 1]), 'float32', 'transpose()');
      await expectExact(core.transpose(x, 0, 2), tf.transpose(tx, [2, 1, 0]), 'float32', 'transpose(0, 2)');
      await expectExact(core.transpose(x, -3, 1), tf.transpose(tx, [1, 0, 2]), 'float32', 'transpose(-3, 1)');
      const m = ctx.pair([3, 5], next());
      await expectExact(m.x.T, tf.transpose(m.tx), 'float32', '.T');
      await expectExact(m.x.T.T, m.tx, 'float32', '.T.T');
      await expectExact(
        core.transpose(ctx.t([1, 2, 3])),
        tf.tensor([1, 2, 3]),
        'float32',
        'transpose of 1-D',
      );
      const chained = core.permute(core.flip(core.slice(x, null, [1, undefined]), 0), [1, 2, 0]);
      await expectExact(
        chained,
        tf.transpose(tf.reverse(tfSlice(tx, [null, [1, undefined]]), 0), [1, 2, 0]),
        'float32',
        'chain',
      );
      await expectExact(core.permute(ctx.t(new Float32Array(0), { shape: [0, 2] }), [1, 0]), {
        shape: [2, 0],
        values: [],
      });
    });

    it('expand and broadcastTo match tf.broadcastTo, with -1 keeping a dim', async () => {
      const next = seeder('expand');
      const c = ctx.pair([3, 1], next());
      await expectExact(
        core.expand(c.x, [2, 3, 4]),
        tf.broadcastTo(c.tx, [2, 3, 4]),
        'float32',
        'expand [3,1] → [2,3,4]',
      );
      await expectExact(core.expand(c.x, [-1, 4]), tf.broadcastTo(c.tx, [3, 4]), 'float32', 'expand [-1, 4]');
      await expectExact(c.x.expand(2, -1, 5), tf.broadcastTo(c.tx, [2, 3, 5]), 'float32', 'expand(...dims)');
      await expectExact(c.x.broadcastTo([3, 2]), tf.broadcastTo(c.tx, [3, 2]), 'float32', 'broadcastTo');
      await expectExact(core.expand(ctx.t(1.5), [2, 2]), tf.fill([2, 2], 1.5), 'float32', 'expand a scalar');
      await expectExact(
        core.expand(c.x, [3, 0]),
        { shape: [3, 0], values: [] },
        'float32',
        'expand to size 0',
      );
      // An expanded view feeds other ops like the materialised tensor would.
      const r = ctx.pair([4], next());
      await expectClose(
        core.add(core.expand(c.x, [3, 4]), r.x),
        tf.add(tf.broadcastTo(c.tx, [3, 4]), r.tx),
        ctx.tol,
      );
      await expectClose(
        core.sum(core.expand(c.x, [3, 4]), 1),
        tf.sum(tf.broadcastTo(c.tx, [3, 4]), 1),
        ctx.tol,
      );
    });

    it('slice matches tf.stridedSlice for indices, ranges, steps and negative steps', async () => {
      const next = seeder('slice');
      const { x, tx } = ctx.pair([4, 5, 6], next());
      const cases: SliceSpec[][] = [
        [1],
        [-1],
        [null, 2],
        [null, null, -2],
        [[1, 3]],
        [[undefined, undefined, 2]],
        [[undefined, undefined, -1]],
        [
          [3, 0, -1],
          [4, undefined, -2],
          [undefined, undefined, 3],
        ],
        [
          [-3, -1],
          [-100, 100],
          [5, -7, -2],
        ],
        [null, [1, 4, 2], 0],
        [2, 3],
        [1, 2, 3],
        [null, [undefined, undefined, -3], [1, undefined, 4]],
      ];
      for (const specs of cases) {
        await expectExact(
          core.slice(x, ...specs),
          tfSlice(tx, specs),
          'float32',
          `slice ${JSON.stringify(specs)}`,
        );
      }
      await expectExact(
        x.slice({ start: 1, step: 2 }, { stop: -1 }),
        tfSlice(tx, [
          [1, undefined, 2],
          [undefined, -1],
        ]),
        'float32',
        'range objects',
      );
      // Slices of slices compose their offsets and strides.
      const twice = core.slice(
        core.slice(x, [1, undefined], [undefined, undefined, -1]),
        [undefined, undefined, 2],
        [1, 4],
      );
      await expectExact(
        twice,
        tfSlice(
          tfSlice(tx, [
            [1, undefined],
            [undefined, undefined, -1],
          ]),
          [
            [undefined, undefined, 2],
            [1, 4],
          ],
        ),
        'float32',
        'slice of slice',
      );
      // Empty ranges (tf.stridedSlice rejects these, so the expected shapes are written out).
      await expectExact(core.slice(x, [2, 2]), { shape: [0, 5, 6], values: [] }, 'float32', 'slice [2:2]');
      await expectExact(core.slice(x, [3, 1]), { shape: [0, 5, 6], values: [] }, 'float32', 'slice [3:1]');
      await expectExact(
        core.slice(x, null, [1, 3, -1]),
        { shape: [4, 0, 6], values: [] },
        'float32',
        'slice [1:3:-1]',
      );
      const v = ctx.pair([5], next());
      await expectExact(core.slice(v.x, 2), tf.scalar(v.v[2]), 'float32', 'index a vector to a scalar');
    });

    it('narrow, select and flip match tf.slice, tf.gather and tf.reverse', async () => {
      const next = seeder('narrow');
      const { x, tx } = ctx.pair([3, 4, 5], next());
      await expectExact(
        core.narrow(x, 1, 1, 2),
        tf.slice(tx, [0, 1, 0], [-1, 2, -1]),
        'float32',
        'narrow(1, 1, 2)',
      );
      await expectExact(
        core.narrow(x, -1, -3, 3),
        tf.slice(tx, [0, 0, 2], [-1, -1, 3]),
        'float32',
        'narrow(-1, -3, 3)',
      );
      await expectExact(
        core.narrow(x, 0, 3, 0),
        { shape: [0, 4, 5], values: [] },
        'float32',
        'narrow to length 0',
      );
      await expectExact(core.select(x, 1, 2), tf.gather(tx, 2, 1), 'float32', 'select(1, 2)');
      await expectExact(core.select(x, -1, -1), tf.gather(tx, 4, 2), 'float32', 'select(-1, -1)');
      await expectExact(x.select(0, 0), tf.gather(tx, 0, 0), 'float32', 'select(0, 0)');
      for (const dims of [0, [1], [0, 2], [-1], [0, 1, 2]]) {
        const list = (typeof dims === 'number' ? [dims] : dims).map((d) => (d < 0 ? d + 3 : d));
        await expectExact(
          core.flip(x, dims),
          tf.reverse(tx, list),
          'float32',
          `flip ${JSON.stringify(dims)}`,
        );
      }
      await expectExact(core.flip(core.flip(x, [0, 2]), [2, 0]), tx, 'float32', 'flip twice');
    });

    it('views with offsets, negative strides and zero strides feed every copying and conv kernel', async () => {
      const next = seeder('views into copying kernels');
      const { x, tx } = ctx.pair([4, 5, 6], next());
      // An offset, reversed, strided view and its tfjs twin.
      const v = core.slice(x, [1, 4], [undefined, undefined, -2], [5, 0, -1]);
      const tv = tfSlice(tx, [
        [1, 4],
        [undefined, undefined, -2],
        [5, 0, -1],
      ]);
      const e = core.expand(core.slice(x, 0, [0, 3], [0, 1]), [3, 3, 5]);
      const te = tf.broadcastTo(tfSlice(tx, [0, [0, 3], [0, 1]]), [3, 3, 5]);
      await expectExact(core.concat([v, e, v], 1), tf.concat([tv, te, tv], 1), 'float32', 'concat');
      await expectExact(
        core.stack([v, core.flip(v, 0)], 1),
        tf.stack([tv, tf.reverse(tv, 0)], 1),
        'float32',
        'stack',
      );
      await expectExact(
        core.pad(
          v,
          [
            [0, 1],
            [2, 0],
            [1, 1],
          ],
          9,
        ),
        tf.pad(
          tv,
          [
            [0, 1],
            [2, 0],
            [1, 1],
          ],
          9,
        ),
        'float32',
        'pad',
      );
      await expectExact(
        core.indexSelect(v, 2, [4, 0, 4]),
        tf.gather(tv, [4, 0, 4], 2),
        'float32',
        'indexSelect',
      );
      await expectExact(core.cast(e, 'int32'), tf.cast(te, 'int32'), 'int32', 'cast of an expanded view');
      await expectExact(core.clone(v), tv, 'float32', 'clone');
      await expectClose(
        core.matmul(e, core.transpose(v, 1, 2)),
        tf.matMul(te, tf.transpose(tv, [0, 2, 1])),
        ctx.tol,
        { label: 'matmul' },
      );
      await expectClose(core.sum(v, [0, 2]), tf.sum(tv, [0, 2]), ctx.tol, { label: 'sum' });
      await expectExact(
        core.argmax(e, 1),
        tf.argMax(te, 1),
        'int32',
        'argmax over a zero-stride axis (all ties)',
      );
      const img = ctx.pair([2, 3, 9, 8], next());
      const w = ctx.pair([4, 3, 3, 2], next());
      const iv = core.narrow(core.flip(img.x, 2), 2, 1, 7);
      const tiv = tf.slice(tf.reverse(img.tx, 2), [0, 0, 1, 0], [-1, -1, 7, -1]);
      const wv = core.flip(w.x, [2, 3]);
      const twv = tf.reverse(w.tx, [2, 3]);
      await expectClose(
        core.conv2d(iv, wv, null, { padding: 1 }),
        tfConv2d(tiv, twv, null, { padding: 1 }),
        ctx.tol,
        { label: 'conv2d' },
      );
      await expectClose(
        core.maxPool2d(iv, { kernelSize: 2, stride: 1 }),
        tfPool('max', tiv, { kernelSize: 2, stride: 1 }),
        ctx.tol,
        { label: 'maxPool2d' },
      );
      await expectClose(
        core.avgPool2d(iv, { kernelSize: 3, padding: 1 }),
        tfPool('avg', tiv, { kernelSize: 3, padding: 1 }),
        ctx.tol,
        { label: 'avgPool2d' },
      );
      const idx = ctx.t(Int32Array.from([2, 0, 1, 1, 0, 2, 2, 2, 0]), { shape: [3, 3, 1] });
      await expectExact(
        core.gather(v, 2, idx),
        tf.gather(tv, tf.tensor([2, 0, 1, 1, 0, 2, 2, 2, 0], [3, 3, 1], 'int32'), 2, 2),
        'float32',
        'gather',
      );
    });

    it('reads views back as nested arrays, scalars and strings in logical order', async () => {
      const next = seeder('read back');
      const { x, tx } = ctx.pair([2, 3, 4], next());
      const view = core.slice(core.permute(x, [2, 0, 1]), [undefined, undefined, -1], null, [1, 3]);
      const tview = tfSlice(tf.transpose(tx, [2, 0, 1]), [[undefined, undefined, -1], null, [1, 3]]);
      expect(await view.toArray()).toEqual(tview.arraySync());
      expect(await ctx.t([[true, false]]).T.toArray()).toEqual([[true], [false]]);
      expect(await ctx.t(2.5).toArray()).toBe(2.5);
      expect(
        await core
          .select(
            ctx.t(
              [
                [1, 2],
                [3, 4],
              ],
              { dtype: 'int32' },
            ),
            1,
            0,
          )
          .toArray(),
      ).toEqual([1, 3]);
      if (ctx.backend.canReadSync) {
        expect(view.toArraySync()).toEqual(tview.arraySync());
        expect(core.select(core.select(core.select(x, 0, 1), 0, 2), 0, 3).item()).toBe(
          (tx.arraySync() as number[][][])[1][2][3],
        );
        expect(
          ctx
            .t([
              [1, 2],
              [3, 4],
            ])
            .T.toString(),
        ).toBe('tensor([[1.0000, 3.0000],\n        [2.0000, 4.0000]], shape=[2,2], dtype=float32)');
      } else {
        expect(ctx.t([1]).toString()).toMatch(
          /^tensor\(<on .*: await data\(\)>, shape=\[1\], dtype=float32\)$/,
        );
      }
    });

    it('views share storage with their base, contiguous()/clone() copy it', async () => {
      const base = ctx.t([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      const viewed = core.slice(base, null, [undefined, undefined, -2]);
      viewed.mul_(10);
      await expectExact(base, [
        [10, 2, 30],
        [40, 5, 60],
      ]);
      const t = base.T;
      expect(t.isContiguous).toBe(false);
      const c = core.contiguous(t);
      expect(c.isContiguous).toBe(true);
      await expectExact(
        c,
        tf.transpose(
          tf.tensor([
            [10, 2, 30],
            [40, 5, 60],
          ]),
        ),
      );
      expect(core.contiguous(c)).toBe(c);
      const copy = core.clone(base);
      copy.add_(1);
      await expectExact(base, [
        [10, 2, 30],
        [40, 5, 60],
      ]);
      await expectExact(copy, [
        [11, 3, 31],
        [41, 6, 61],
      ]);
      const r = base.reshape([6]);
      r.fill_(0);
      await expectExact(base, [
        [0, 0, 0],
        [0, 0, 0],
      ]);
    });

    it('in-place ops write through strided views: add_, sub_, mul_, div_, copy_, fill_, zero_', async () => {
      const x = ctx.t([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ]);
      const odd = core.slice(x, null, [1, undefined, 2]);
      odd.add_(ctx.t([[100], [200]]));
      await expectExact(x, [
        [1, 102, 3, 104],
        [5, 206, 7, 208],
      ]);
      odd.sub_(ctx.t([1, 2]), 2);
      await expectExact(odd, [
        [100, 100],
        [204, 204],
      ]);
      odd.div_(4);
      odd.mul_(ctx.t([[1], [-1]]));
      await expectExact(x, [
        [1, 25, 3, 25],
        [5, -51, 7, -51],
      ]);
      const rev = core.flip(x, 1);
      rev.copy_(ctx.t([9, 8, 7, 6]));
      await expectExact(x, [
        [6, 7, 8, 9],
        [6, 7, 8, 9],
      ]);
      core.select(x, 0, 1).zero_();
      core.select(x, 1, -1).fill_(-1);
      await expectExact(x, [
        [6, 7, 8, -1],
        [0, 0, 0, -1],
      ]);
      const ints = ctx.t([1, 2, 3], { dtype: 'int32' });
      ints.add_(1.7);
      await expectExact(ints, [2, 3, 4], 'int32', 'an int32 target keeps its dtype (truncating)');
    });

    it('view ops read the right elements for every backend kernel (strided view into binary, matmul, reduce)', async () => {
      const next = seeder('views into kernels');
      const a = ctx.pair([4, 6], next());
      const b = ctx.pair([6, 4], next());
      const av = core.slice(core.flip(a.x, 0), [undefined, undefined, 2], [1, undefined, 2]);
      const tav = tfSlice(tf.reverse(a.tx, 0), [
        [undefined, undefined, 2],
        [1, undefined, 2],
      ]);
      const bv = core.transpose(core.narrow(b.x, 1, 1, 2));
      const tbv = tf.transpose(tf.slice(b.tx, [0, 1], [-1, 2]));
      await expectClose(
        core.mul(av, bv.slice(null, [0, 3])),
        tf.mul(tav, tfSlice(tbv, [null, [0, 3]])),
        ctx.tol,
        { label: 'mul' },
      );
      await expectClose(
        core.matmul(av, core.transpose(bv.slice(null, [0, 3]))),
        tf.matMul(tav, tfSlice(tbv, [null, [0, 3]]), false, true),
        ctx.tol,
        {
          label: 'matmul',
        },
      );
      await expectClose(core.max(av, 0), tf.max(tav, 0), ctx.tol, { label: 'max' });
      await expectClose(core.softmax(av, 0), tf.transpose(tf.softmax(tf.transpose(tav))), ctx.tol, {
        label: 'softmax',
      });
      await expectClose(core.where(core.greater(av, 0), av, core.neg(av)), tf.abs(tav), ctx.tol, {
        label: 'where',
      });
      await expectExact(core.cast(av, 'int32'), tf.cast(tav, 'int32'), 'int32', 'cast');
    });
  });
}
