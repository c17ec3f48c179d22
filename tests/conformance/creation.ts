import {
  arange,
  type Backend,
  createCpuBackend,
  eye,
  full,
  fullLike,
  Generator,
  linspace,
  manualSeed,
  ones,
  onesLike,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  tensor,
  zeros,
  zerosLike,
} from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { expectClose, expectExact, type SuiteContext, tf } from './harness';

/** Tensor construction, filled tensors, ranges, and seeded randomness that is identical on every backend. */
export function registerCreation(ctx: SuiteContext): void {
  describe('creation', () => {
    it('tensor() from nested arrays infers shape and dtype like tf.tensor', async () => {
      const b = ctx.backend;
      const nested = [
        [
          [1.5, -2],
          [3, 4],
          [5, 6.25],
        ],
      ];
      await expectExact(tensor(nested, { backend: b }), tf.tensor(nested), 'float32');
      await expectExact(tensor([true, false, true], { backend: b }), [true, false, true], 'bool');
      await expectExact(tensor(3.5, { backend: b }), tf.scalar(3.5), 'float32');
      await expectExact(tensor(true, { backend: b }), { shape: [], values: [1] }, 'bool');
      await expectExact(tensor([], { backend: b }), { shape: [0], values: [] }, 'float32');
      await expectExact(tensor([[], []], { backend: b }), { shape: [2, 0], values: [] }, 'float32');
      // An explicit int32 dtype truncates toward zero, as a C cast (and tf.cast) does.
      await expectExact(
        tensor([1.7, -1.7, 2], { backend: b, dtype: 'int32' }),
        tf.cast(tf.tensor([1.7, -1.7, 2]), 'int32'),
        'int32',
      );
      await expectExact(tensor([0, 2, -1], { backend: b, dtype: 'bool' }), [false, true, true], 'bool');
      expect(tensor([1], { backend: b }).backend).toBe(b);
    });

    it('tensor() from typed arrays takes the dtype from the array and the shape from options', async () => {
      const b = ctx.backend;
      const f = Float32Array.from([1, 2, 3, 4, 5, 6]);
      await expectExact(tensor(f, { backend: b, shape: [2, 3] }), tf.tensor(f, [2, 3]), 'float32');
      await expectExact(
        tensor(Int32Array.from([7, -8]), { backend: b }),
        tf.tensor([7, -8], [2], 'int32'),
        'int32',
      );
      await expectExact(tensor(Uint8Array.from([1, 0]), { backend: b }), [true, false], 'bool');
      await expectExact(tensor(Float32Array.from([9]), { backend: b, shape: [] }), tf.scalar(9), 'float32');
      await expectExact(
        tensor(new Float32Array(0), { backend: b, shape: [0, 3] }),
        tf.zeros([0, 3]),
        'float32',
      );
      // The tensor copies its input: later writes to the array do not leak in.
      const src = Float32Array.from([1, 2]);
      const t = tensor(src, { backend: b });
      src[0] = 100;
      await expectExact(t, [1, 2]);
    });

    it('zeros, ones and full match tfjs for scalars, matrices and size-0 shapes', async () => {
      const b = ctx.backend;
      for (const shape of [[], [2, 3], [0, 4], [1, 0, 2]]) {
        await expectExact(zeros(shape, { backend: b }), tf.zeros(shape), 'float32', `zeros ${shape}`);
        await expectExact(ones(shape, { backend: b }), tf.ones(shape), 'float32', `ones ${shape}`);
        await expectExact(
          full(shape, -2.5, { backend: b }),
          tf.fill(shape, -2.5),
          'float32',
          `full ${shape}`,
        );
      }
      await expectExact(full([2], 7, { backend: b, dtype: 'int32' }), tf.fill([2], 7, 'int32'), 'int32');
      await expectExact(full([2, 1], true, { backend: b }), tf.fill([2, 1], 1, 'bool'), 'bool');
      await expectExact(zeros([3], { backend: b, dtype: 'bool' }), [false, false, false], 'bool');
    });

    it('arange matches tf.range for integer, fractional, negative and empty ranges', async () => {
      const b = ctx.backend;
      await expectExact(arange(5, undefined, 1, { backend: b }), tf.range(0, 5, 1, 'int32'), 'int32');
      await expectExact(arange(2, 11, 3, { backend: b }), tf.range(2, 11, 3, 'int32'), 'int32');
      await expectClose(arange(5, 0, -1.5, { backend: b }), tf.range(5, 0, -1.5), ctx.tol, {
        dtype: 'float32',
      });
      await expectClose(arange(0, 1, 0.25, { backend: b }), tf.range(0, 1, 0.25), ctx.tol, {
        dtype: 'float32',
      });
      await expectExact(arange(3, 3, 1, { backend: b }), { shape: [0], values: [] }, 'int32');
      await expectExact(arange(3, 0, 1, { backend: b }), { shape: [0], values: [] }, 'int32');
      await expectClose(arange(0, 3, 1, { backend: b, dtype: 'float32' }), tf.range(0, 3), ctx.tol, {
        dtype: 'float32',
      });
    });

    it('linspace matches tf.linspace and includes both ends', async () => {
      const b = ctx.backend;
      await expectClose(linspace(0, 1, 5, { backend: b }), tf.linspace(0, 1, 5), ctx.tol, {
        dtype: 'float32',
      });
      await expectClose(linspace(-3, 7, 11, { backend: b }), tf.linspace(-3, 7, 11), ctx.tol);
      await expectClose(linspace(2, -2, 4, { backend: b }), tf.linspace(2, -2, 4), ctx.tol);
      await expectExact(linspace(-1, 1, 1, { backend: b }), [-1]);
      await expectExact(linspace(3, 4, 0, { backend: b }), { shape: [0], values: [] });
    });

    it('eye matches tf.eye for square, wide, tall and empty matrices', async () => {
      const b = ctx.backend;
      await expectExact(eye(3, undefined, { backend: b }), tf.eye(3), 'float32');
      await expectExact(eye(2, 4, { backend: b }), tf.eye(2, 4), 'float32');
      await expectExact(eye(4, 2, { backend: b }), tf.eye(4, 2), 'float32');
      await expectExact(eye(0, undefined, { backend: b }), { shape: [0, 0], values: [] });
      await expectExact(eye(2, 2, { backend: b, dtype: 'int32' }), tf.eye(2, 2, undefined, 'int32'), 'int32');
    });

    it('*Like creators copy shape, dtype and backend from their model', async () => {
      const x = ctx.t([[1, 2, 3]], { dtype: 'int32' });
      const z = zerosLike(x);
      const o = onesLike(x);
      const f = fullLike(x, 7);
      for (const t of [z, o, f]) {
        expect(t.backend).toBe(ctx.backend);
        expect(t.dtype).toBe('int32');
      }
      await expectExact(z, tf.zerosLike(tf.tensor([[1, 2, 3]], [1, 3], 'int32')), 'int32');
      await expectExact(o, tf.onesLike(tf.tensor([[1, 2, 3]], [1, 3], 'int32')), 'int32');
      await expectExact(f, [[7, 7, 7]], 'int32');
      await expectExact(zerosLike(x, { dtype: 'float32' }), [[0, 0, 0]], 'float32');
      const u = randLike(
        ctx.t([
          [0, 0],
          [0, 0],
        ]),
        { generator: new Generator(1) },
      );
      const n = randnLike(ctx.t([0, 0, 0]), { generator: new Generator(1) });
      expect([u.backend, n.backend]).toEqual([ctx.backend, ctx.backend]);
      expect([[...u.shape], [...n.shape]]).toEqual([[2, 2], [3]]);
    });

    it('rand/randn/randint are reproducible under manualSeed and equal the generator stream', async () => {
      const b = ctx.backend;
      manualSeed(1234);
      const r1 = await rand([3, 4], { backend: b }).data();
      const n1 = await randn([5], { backend: b }).data();
      const i1 = await randint(-3, 4, [6], { backend: b }).data();
      manualSeed(1234);
      expect(await rand([3, 4], { backend: b }).data()).toEqual(r1);
      expect(await randn([5], { backend: b }).data()).toEqual(n1);
      expect(await randint(-3, 4, [6], { backend: b }).data()).toEqual(i1);
      // The tensors hold exactly the generator's draws (rounded to float32), in row-major order.
      const g = new Generator(1234);
      expect(Array.from(r1)).toEqual(Array.from({ length: 12 }, () => Math.fround(g.uniform())));
      expect(Array.from(n1)).toEqual(Array.from({ length: 5 }, () => Math.fround(g.normal())));
      manualSeed(1235);
      expect(await rand([3, 4], { backend: b }).data()).not.toEqual(r1);
    });

    it('random tensors are identical on every backend for the same seed', async () => {
      const reference = createCpuBackend({ name: 'reference-cpu' });
      for (const draw of [
        (backend: Backend) => rand([4, 3], { backend, generator: new Generator(7) }),
        (backend: Backend) => randn([2, 5], { backend, generator: new Generator(7) }),
        (backend: Backend) => randint(0, 10, [9], { backend, generator: new Generator(7) }),
      ]) {
        const ours = draw(ctx.backend);
        const ref = draw(reference);
        expect(ours.dtype).toBe(ref.dtype);
        expect(await ours.data()).toEqual(await ref.data());
      }
    });

    it('random tensors have the promised ranges and moments', async () => {
      const b = ctx.backend;
      const g = new Generator(99);
      const u = Array.from(await rand([4000], { backend: b, generator: g }).data());
      expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...u)).toBeLessThan(1);
      expect(Math.abs(u.reduce((a, v) => a + v, 0) / u.length - 0.5)).toBeLessThan(0.02);
      const n = Array.from(await randn([4000], { backend: b, generator: g }).data());
      const mean = n.reduce((a, v) => a + v, 0) / n.length;
      const sd = Math.sqrt(n.reduce((a, v) => a + (v - mean) ** 2, 0) / (n.length - 1));
      expect(Math.abs(mean)).toBeLessThan(0.06);
      expect(Math.abs(sd - 1)).toBeLessThan(0.05);
      const k = randint(-2, 3, [500], { backend: b, generator: g });
      expect(k.dtype).toBe('int32');
      const ks = Array.from(await k.data());
      expect(new Set(ks)).toEqual(new Set([-2, -1, 0, 1, 2]));
      await expectExact(rand([0, 3], { backend: b }), { shape: [0, 3], values: [] });
    });

    it('requiresGrad creation option marks a float leaf', () => {
      const w = zeros([2], { backend: ctx.backend, requiresGrad: true });
      expect(w.requiresGrad).toBe(true);
      expect(w.isLeaf).toBe(true);
    });
  });
}
