import type { Tensor } from '@plasticity/core';
import * as core from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { expectClose, expectEach, expectExact, type Kind, type SuiteContext, seeder, tf } from './harness';

type TfT = tf.Tensor;

/** One unary op and its tfjs oracle; `kind` is the input domain its forward test draws from. */
export interface UnaryCase {
  name: string;
  ours: (x: Tensor) => Tensor;
  ref: (x: TfT) => TfT;
  kind: Kind;
}

const SQRT1_2 = Math.SQRT1_2;
// tfjs has no exact GELU (only the tanh approximation), so the oracle is x·Φ(x) written with tf.erf.
const tfGelu = (x: TfT) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT1_2))));
const tfSilu = (x: TfT) => tf.mul(x, tf.sigmoid(x));

export const UNARY_CASES: UnaryCase[] = [
  { name: 'neg', ours: core.neg, ref: tf.neg, kind: 'normal' },
  { name: 'abs', ours: core.abs, ref: tf.abs, kind: 'normal' },
  { name: 'sign', ours: core.sign, ref: tf.sign, kind: 'grid' },
  { name: 'exp', ours: core.exp, ref: tf.exp, kind: 'normal' },
  { name: 'expm1', ours: core.expm1, ref: tf.expm1, kind: 'normal' },
  { name: 'log', ours: core.log, ref: tf.log, kind: 'positive' },
  { name: 'log1p', ours: core.log1p, ref: tf.log1p, kind: 'unit' },
  { name: 'sqrt', ours: core.sqrt, ref: tf.sqrt, kind: 'positive' },
  { name: 'rsqrt', ours: core.rsqrt, ref: tf.rsqrt, kind: 'positive' },
  { name: 'reciprocal', ours: core.reciprocal, ref: tf.reciprocal, kind: 'nonzero' },
  { name: 'square', ours: core.square, ref: tf.square, kind: 'normal' },
  { name: 'sin', ours: core.sin, ref: tf.sin, kind: 'normal' },
  { name: 'cos', ours: core.cos, ref: tf.cos, kind: 'normal' },
  { name: 'erf', ours: core.erf, ref: tf.erf, kind: 'normal' },
  { name: 'floor', ours: core.floor, ref: tf.floor, kind: 'normal' },
  { name: 'ceil', ours: core.ceil, ref: tf.ceil, kind: 'normal' },
  // Halves on the grid check round-half-to-even, which tfjs also uses.
  { name: 'round', ours: core.round, ref: tf.round, kind: 'grid' },
  { name: 'tanh', ours: core.tanh, ref: tf.tanh, kind: 'normal' },
  { name: 'sigmoid', ours: core.sigmoid, ref: tf.sigmoid, kind: 'normal' },
  { name: 'relu', ours: core.relu, ref: tf.relu, kind: 'normal' },
  { name: 'softplus', ours: core.softplus, ref: tf.softplus, kind: 'normal' },
  { name: 'silu', ours: core.silu, ref: tfSilu, kind: 'normal' },
  { name: 'gelu', ours: core.gelu, ref: tfGelu, kind: 'normal' },
  { name: 'elu', ours: (x) => core.elu(x), ref: tf.elu, kind: 'normal' },
  { name: 'leakyRelu', ours: (x) => core.leakyRelu(x), ref: (x) => tf.leakyRelu(x, 0.01), kind: 'normal' },
  {
    name: 'leakyRelu(0.2)',
    ours: (x) => core.leakyRelu(x, 0.2),
    ref: (x) => tf.leakyRelu(x, 0.2),
    kind: 'normal',
  },
];

/** One binary op and its oracle, with the domains of its two operands. */
export interface BinaryCase {
  name: string;
  ours: (a: Tensor, b: Tensor) => Tensor;
  ref: (a: TfT, b: TfT) => TfT;
  kinds: [Kind, Kind];
}

export const ARITH_CASES: BinaryCase[] = [
  { name: 'add', ours: core.add, ref: tf.add, kinds: ['normal', 'normal'] },
  { name: 'sub', ours: core.sub, ref: tf.sub, kinds: ['normal', 'normal'] },
  { name: 'mul', ours: core.mul, ref: tf.mul, kinds: ['normal', 'normal'] },
  { name: 'div', ours: core.div, ref: tf.div, kinds: ['normal', 'nonzero'] },
  { name: 'pow', ours: core.pow, ref: tf.pow, kinds: ['positive', 'normal'] },
  { name: 'maximum', ours: core.maximum, ref: tf.maximum, kinds: ['grid', 'grid'] },
  { name: 'minimum', ours: core.minimum, ref: tf.minimum, kinds: ['grid', 'grid'] },
  // tfjs's mod is floored like Python's %: the result takes the divisor's sign, as remainder does.
  { name: 'remainder', ours: core.remainder, ref: tf.mod, kinds: ['grid', 'nonzero'] },
  { name: 'atan2', ours: core.atan2, ref: tf.atan2, kinds: ['normal', 'normal'] },
];

export const COMPARE_CASES: BinaryCase[] = [
  { name: 'equal', ours: core.equal, ref: tf.equal, kinds: ['grid', 'grid'] },
  { name: 'notEqual', ours: core.notEqual, ref: tf.notEqual, kinds: ['grid', 'grid'] },
  { name: 'less', ours: core.less, ref: tf.less, kinds: ['grid', 'grid'] },
  { name: 'lessEqual', ours: core.lessEqual, ref: tf.lessEqual, kinds: ['grid', 'grid'] },
  { name: 'greater', ours: core.greater, ref: tf.greater, kinds: ['grid', 'grid'] },
  { name: 'greaterEqual', ours: core.greaterEqual, ref: tf.greaterEqual, kinds: ['grid', 'grid'] },
];

const truth = (x: TfT) => tf.notEqual(x, 0);
export const LOGICAL_CASES: BinaryCase[] = [
  {
    name: 'logicalAnd',
    ours: core.logicalAnd,
    ref: (a, b) => tf.logicalAnd(truth(a), truth(b)),
    kinds: ['bool', 'bool'],
  },
  {
    name: 'logicalOr',
    ours: core.logicalOr,
    ref: (a, b) => tf.logicalOr(truth(a), truth(b)),
    kinds: ['bool', 'bool'],
  },
  {
    name: 'logicalXor',
    ours: core.logicalXor,
    ref: (a, b) => tf.logicalXor(truth(a), truth(b)),
    kinds: ['bool', 'bool'],
  },
];

/** Operand shapes that broadcast: columns × rows, trailing vectors, scalars both sides, size-0 and size-1 dims. */
export const BROADCAST_SHAPES: [number[], number[]][] = [
  [
    [2, 3],
    [2, 3],
  ],
  [
    [3, 1],
    [1, 4],
  ],
  [[2, 3, 4], [4]],
  [[4], [2, 3, 4]],
  [[], [2, 3]],
  [[2, 3], []],
  [[], []],
  [
    [2, 1, 3],
    [4, 1],
  ],
  [[1], [5]],
  [[0, 3], [3]],
  [
    [0, 3],
    [1, 3],
  ],
  [
    [2, 0],
    [2, 1],
  ],
];

/** Every elementwise op, forward, against tfjs: shapes, broadcasting, dtypes, strided views and special values. */
export function registerElementwise(ctx: SuiteContext): void {
  describe('unary elementwise', () => {
    for (const c of UNARY_CASES) {
      it(`${c.name} matches tfjs on scalars, size-0/size-1 dims and strided views`, async () => {
        const nextSeed = seeder(`${c.name} matches tfjs on scalars, size-0/size-1 dims and strided views`);
        for (const shape of [[], [1], [2, 3, 4], [0, 3], [3, 1, 0]]) {
          const { x, tx } = ctx.pair(shape, nextSeed(), c.kind);
          const y = c.ours(x);
          expect(y.backend).toBe(ctx.backend);
          await expectClose(y, c.ref(tx), ctx.tol, {
            label: `${c.name} ${JSON.stringify(shape)}`,
            dtype: 'float32',
          });
        }
        // A transposed (non-contiguous) view and a negative-stride view read through their strides.
        const { x, tx } = ctx.pair([3, 4], nextSeed(), c.kind);
        await expectClose(c.ours(x.T), c.ref(tf.transpose(tx)), ctx.tol, { label: `${c.name} of x.T` });
        await expectClose(c.ours(core.flip(x, 1)), c.ref(tf.reverse(tx, 1)), ctx.tol, {
          label: `${c.name} of flip`,
        });
      });
    }

    it('activations and exp/log stay stable at large magnitudes, like tfjs', async () => {
      const v = [-100, -30, -20, -1e-4, 0, 1e-4, 20, 30, 100];
      const { x, tx } = ctx.pairOf([v.length], v);
      for (const c of UNARY_CASES.filter((u) =>
        [
          'exp',
          'expm1',
          'tanh',
          'sigmoid',
          'relu',
          'softplus',
          'silu',
          'gelu',
          'elu',
          'leakyRelu',
          'erf',
        ].includes(u.name),
      )) {
        await expectClose(c.ours(x), c.ref(tx), ctx.tol, { label: `${c.name} at large |x|` });
      }
    });

    it('log, sqrt, rsqrt and reciprocal give ±Infinity and NaN where tfjs does', async () => {
      const v = [0, -1, Number.POSITIVE_INFINITY, 4];
      const { x, tx } = ctx.pairOf([v.length], v);
      for (const c of UNARY_CASES.filter((u) =>
        ['log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal', 'exp'].includes(u.name),
      )) {
        await expectClose(c.ours(x), c.ref(tx), ctx.tol, { label: `${c.name} at 0, -1, Inf` });
      }
    });

    it('NaN propagates through every float unary op as in tfjs', async () => {
      const v = [Number.NaN, 1.5, -0.5];
      const { x, tx } = ctx.pairOf([v.length], v);
      const checks: Record<string, () => Promise<void>> = {};
      for (const c of UNARY_CASES.filter((u) => u.name !== 'sign')) {
        checks[c.name] = () => expectClose(c.ours(x), c.ref(tx), ctx.tol, { label: `${c.name} of NaN` });
      }
      await expectEach(checks);
    });

    it('isnan, isfinite and logicalNot give bool tensors like tfjs', async () => {
      const nextSeed = seeder('isnan, isfinite and logicalNot give bool tensors like tfjs');
      const v = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -2.5, 3];
      const { x, tx } = ctx.pairOf([2, 3], v);
      await expectExact(core.isnan(x), tf.isNaN(tx), 'bool');
      await expectExact(core.isfinite(x), tf.isFinite(tx), 'bool');
      // NaN's truth value has its own test below; here the non-NaN values.
      const finiteish = ctx.pairOf([5], v.slice(1));
      await expectExact(core.logicalNot(finiteish.x), tf.logicalNot(truth(finiteish.tx)), 'bool');
      const b = ctx.pair([3, 2], nextSeed(), 'bool');
      await expectExact(core.logicalNot(b.x), tf.logicalNot(b.tx), 'bool');
      const i = ctx.pair([4], nextSeed(), 'int');
      await expectExact(core.isfinite(i.x), [true, true, true, true], 'bool');
      await expectExact(core.isnan(i.x), [false, false, false, false], 'bool');
    });

    it('int32 inputs keep int32 through sign-preserving ops and become float32 through transcendental ones', async () => {
      const nextSeed = seeder(
        'int32 inputs keep int32 through sign-preserving ops and become float32 through transcendental ones',
      );
      const { x, tx, v } = ctx.pair([2, 4], nextSeed(), 'int');
      const same: [string, (t: Tensor) => Tensor, (n: number) => number][] = [
        ['neg', core.neg, (n) => -n],
        ['abs', core.abs, Math.abs],
        ['sign', core.sign, Math.sign],
        ['square', core.square, (n) => n * n],
        ['relu', core.relu, (n) => Math.max(n, 0)],
        ['floor', core.floor, (n) => n],
        ['ceil', core.ceil, (n) => n],
        ['round', core.round, (n) => n],
      ];
      for (const [name, op, fn] of same) {
        await expectExact(
          op(x),
          { shape: [2, 4], values: v.map(fn).map((n) => n + 0) },
          'int32',
          `${name} of int32`,
        );
      }
      for (const c of UNARY_CASES.filter((u) =>
        ['exp', 'sin', 'erf', 'tanh', 'sigmoid', 'gelu'].includes(u.name),
      )) {
        await expectClose(c.ours(x), c.ref(tf.cast(tx, 'float32')), ctx.tol, {
          label: `${c.name} of int32`,
          dtype: 'float32',
        });
      }
      const flags = ctx.t([true, false]);
      await expectExact(core.neg(flags), [-1, 0], 'int32', 'neg of bool');
      await expectClose(core.exp(flags), [Math.E, 1], ctx.tol, { dtype: 'float32' });
    });
  });

  describe('binary elementwise', () => {
    for (const c of [...ARITH_CASES, ...COMPARE_CASES, ...LOGICAL_CASES]) {
      it(`${c.name} matches tfjs under broadcasting (incl. scalars and size-0 dims)`, async () => {
        const nextSeed = seeder(`${c.name} matches tfjs under broadcasting (incl. scalars and size-0 dims)`);
        for (const [sa, sb] of BROADCAST_SHAPES) {
          const a = ctx.pair(sa, nextSeed(), c.kinds[0]);
          const b = ctx.pair(sb, nextSeed(), c.kinds[1]);
          const label = `${c.name}(${JSON.stringify(sa)}, ${JSON.stringify(sb)})`;
          const y = c.ours(a.x, b.x);
          expect(y.backend).toBe(ctx.backend);
          await expectClose(y, c.ref(a.tx, b.tx), ctx.tol, { label });
          // The same op on transposed views of the operands.
          if (sa.length === 2 && sb.length === 2) {
            await expectClose(c.ours(a.x.T, b.x.T), c.ref(tf.transpose(a.tx), tf.transpose(b.tx)), ctx.tol, {
              label: `${label} on transposed views`,
            });
          }
        }
      });
    }

    it('comparisons and logical ops return bool tensors', async () => {
      const nextSeed = seeder('comparisons and logical ops return bool tensors');
      const a = ctx.pair([3], nextSeed(), 'grid');
      const b = ctx.pair([3], nextSeed(), 'grid');
      for (const c of [...COMPARE_CASES, ...LOGICAL_CASES])
        expect(c.ours(a.x, b.x).dtype, c.name).toBe('bool');
      // Logical ops read any non-zero number as true.
      await expectExact(
        core.logicalAnd(ctx.t([0, 2, -1, 0]), ctx.t([3, 0, 0.5, 0])),
        [false, false, true, false],
        'bool',
      );
      await expectExact(
        core.logicalXor(ctx.t([0, 2, -1, 0]), ctx.t([3, 0, 0.5, 0])),
        [true, true, false, false],
        'bool',
      );
      await expectExact(
        core.logicalOr(ctx.t([0, 2, -1, 0]), ctx.t([3, 0, 0.5, 0])),
        [true, true, true, false],
        'bool',
      );
    });

    it('logical ops read NaN as true, as a cast to bool does (and PyTorch and tfjs do)', async () => {
      const nan = ctx.t([Number.NaN, Number.NaN, Number.NaN]);
      const other = ctx.t([1, 0, Number.NaN]);
      await expectEach({
        cast: () => expectExact(core.cast(nan, 'bool'), [true, true, true], 'bool', 'cast(NaN, bool)'),
        logicalNot: () => expectExact(core.logicalNot(nan), [false, false, false], 'bool', 'logicalNot(NaN)'),
        logicalAnd: () =>
          expectExact(
            core.logicalAnd(nan, other),
            [true, false, true],
            'bool',
            'logicalAnd(NaN, [1, 0, NaN])',
          ),
        logicalOr: () =>
          expectExact(core.logicalOr(nan, other), [true, true, true], 'bool', 'logicalOr(NaN, [1, 0, NaN])'),
        logicalXor: () =>
          expectExact(
            core.logicalXor(nan, other),
            [false, true, false],
            'bool',
            'logicalXor(NaN, [1, 0, NaN])',
          ),
      });
    });

    it('promotes dtypes bool < int32 < float32, with true division always float32', async () => {
      const nextSeed = seeder('promotes dtypes bool < int32 < float32, with true division always float32');
      const i = ctx.pair([2, 3], nextSeed(), 'int');
      const j = ctx.pair([2, 3], nextSeed(), 'int');
      const f = ctx.pair([2, 3], nextSeed(), 'normal');
      await expectExact(core.add(i.x, j.x), tf.add(i.tx, j.tx), 'int32');
      await expectExact(core.sub(i.x, j.x), tf.sub(i.tx, j.tx), 'int32');
      await expectExact(core.mul(i.x, j.x), tf.mul(i.tx, j.tx), 'int32');
      await expectExact(core.maximum(i.x, j.x), tf.maximum(i.tx, j.tx), 'int32');
      await expectExact(core.minimum(i.x, j.x), tf.minimum(i.tx, j.tx), 'int32');
      await expectClose(core.add(i.x, f.x), tf.add(tf.cast(i.tx, 'float32'), f.tx), ctx.tol, {
        dtype: 'float32',
      });
      await expectClose(core.mul(f.x, i.x), tf.mul(f.tx, tf.cast(i.tx, 'float32')), ctx.tol, {
        dtype: 'float32',
      });
      const nz = ctx.pairOf([2, 3], [1, -2, 3, -4, 5, 7], 'int32');
      await expectClose(
        core.div(i.x, nz.x),
        tf.div(tf.cast(i.tx, 'float32'), tf.cast(nz.tx, 'float32')),
        ctx.tol,
        {
          dtype: 'float32',
        },
      );
      await expectExact(core.remainder(i.x, nz.x), tf.mod(i.tx, nz.tx), 'int32');
      await expectExact(core.pow(ctx.t([2, 3], { dtype: 'int32' }), 2), [4, 9], 'float32');
      const t = ctx.t([true, false, true]);
      const u = ctx.t([true, true, false]);
      await expectExact(core.add(t, u), [2, 1, 1], 'int32', 'bool + bool');
      await expectExact(core.mul(t, u), [1, 0, 0], 'int32', 'bool * bool');
      await expectExact(core.add(t, ctx.t([1, 2, 3], { dtype: 'int32' })), [2, 2, 4], 'int32');
      await expectExact(
        core.equal(ctx.t([1, 2], { dtype: 'int32' }), ctx.t([1, 2.5])),
        [true, false],
        'bool',
      );
    });

    it('plain numbers become scalars of the tensor dtype when they fit it', async () => {
      const i = ctx.t([1, 2, 3], { dtype: 'int32' });
      await expectExact(i.add(2), [3, 4, 5], 'int32');
      await expectExact(i.mul(-1), [-1, -2, -3], 'int32');
      await expectClose(i.add(0.5), [1.5, 2.5, 3.5], ctx.tol, { dtype: 'float32' });
      await expectExact(core.sub(10, i), [9, 8, 7], 'int32');
      await expectExact(core.div(1, ctx.t([2, 4])), [0.5, 0.25], 'float32');
      await expectExact(core.pow(2, ctx.t([0, 3])), [1, 8], 'float32');
      await expectExact(core.greater(ctx.t([1, 3]), 2), [false, true], 'bool');
      expect(core.add(ctx.t([1]), 1).backend).toBe(ctx.backend);
    });

    it('remainder follows the divisor sign (floored), as tf.mod', async () => {
      const a = [-7, -7, 7, 7, -6, 6, 5.5, -5.5, 0];
      const b = [3, -3, 3, -3, 3, -3, 2, 2, -4];
      const pa = ctx.pairOf([a.length], a);
      const pb = ctx.pairOf([b.length], b);
      await expectClose(core.remainder(pa.x, pb.x), tf.mod(pa.tx, pb.tx), ctx.tol, { label: 'floats' });
      await expectExact(core.remainder(pa.x, pb.x), [2, -1, 1, -2, 0, 0, 1.5, 0.5, 0]);
      const ia = ctx.pairOf([6], [-7, -7, 7, 7, 0, -1], 'int32');
      const ib = ctx.pairOf([6], [3, -3, 3, -3, 5, 5], 'int32');
      await expectExact(core.remainder(ia.x, ib.x), tf.mod(ia.tx, ib.tx), 'int32');
    });

    it('pow handles negative bases with integral exponents and zero bases like tfjs', async () => {
      const a = [-2, -2, -1.5, 0, 0, 0, 2, 4];
      const b = [3, 2, -2, 0, 2, -1, 0.5, -0.5];
      const pa = ctx.pairOf([a.length], a);
      const pb = ctx.pairOf([b.length], b);
      await expectClose(core.pow(pa.x, pb.x), tf.pow(pa.tx, pb.tx), ctx.tol);
    });

    it('maximum and minimum propagate NaN; atan2 covers all four quadrants and the axes', async () => {
      const pa = ctx.pairOf([4], [Number.NaN, 1, 2, Number.NaN]);
      const pb = ctx.pairOf([4], [1, Number.NaN, 3, Number.NaN]);
      await expectClose(core.maximum(pa.x, pb.x), tf.maximum(pa.tx, pb.tx), ctx.tol);
      await expectClose(core.minimum(pa.x, pb.x), tf.minimum(pa.tx, pb.tx), ctx.tol);
      const y = ctx.pairOf([8], [1, 1, -1, -1, 0, 1, 0, -1]);
      const x = ctx.pairOf([8], [1, -1, 1, -1, 1, 0, -1, 0]);
      await expectClose(core.atan2(y.x, x.x), tf.atan2(y.tx, x.tx), ctx.tol);
    });
  });
}
