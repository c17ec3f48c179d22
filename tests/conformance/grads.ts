import type { Tensor } from '@plasticity/core';
import * as core from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { ARITH_CASES, UNARY_CASES } from './elementwise';
import { gradCases, TF_GRAD_CASES, UNARY_DOMAIN } from './grad-cases';
import {
  checkGradient,
  expectClose,
  expectEach,
  expectExact,
  type Kind,
  type SuiteContext,
  seeder,
  tf,
  tfWeighted,
  weighted,
} from './harness';

export function registerGradients(ctx: SuiteContext): void {
  describe('gradients: autograd vs finite differences (gradcheck)', () => {
    for (const c of gradCases()) {
      it(c.name, async () => {
        const next = seeder(`grad ${c.name}`);
        const inputs = c.inputs.map(([shape, kind]) => ctx.pair(shape, next(), kind).x);
        const weightSeed = next();
        await checkGradient((...xs) => weighted(c.f(...xs), weightSeed), inputs, c.options);
      });
    }

    it('sign, floor, ceil and round have zero gradients', async () => {
      const x = ctx.pair([2, 3], 5, 'frac').x;
      for (const op of [core.sign, core.floor, core.ceil, core.round]) {
        const [g] = core.grad((t: Tensor) => core.sum(op(t)))(x);
        await expectClose(g, { shape: [2, 3], values: [0, 0, 0, 0, 0, 0] }, ctx.tol);
      }
    });

    it("abs and relu have gradient 0 at 0 (PyTorch's choice); leakyRelu has its slope and elu 1", async () => {
      const x = ctx.t([0, 0]);
      const at0 = async (f: (t: Tensor) => Tensor) =>
        (
          await core
            .grad((t: Tensor) => core.sum(f(t)))(x)[0]
            .data()
        )[0];
      expect(await at0(core.abs)).toBe(0);
      expect(await at0(core.relu)).toBe(0);
      expect(await at0((t) => core.leakyRelu(t, 0.2))).toBeCloseTo(0.2, 6);
      expect(await at0((t) => core.elu(t))).toBeCloseTo(1, 6);
    });

    it('smooth activations keep their derivative at exactly 0: tanh 1, sigmoid 1/4, softplus 1/2, gelu 1/2, silu 1/2', async () => {
      const x = ctx.t([0]);
      const at0 = async (f: (t: Tensor) => Tensor) =>
        (
          await core
            .grad((t: Tensor) => core.sum(f(t)))(x)[0]
            .data()
        )[0];
      await expectEach({
        tanh: async () => expect(await at0(core.tanh)).toBeCloseTo(1, 6),
        sigmoid: async () => expect(await at0(core.sigmoid)).toBeCloseTo(0.25, 6),
        softplus: async () => expect(await at0(core.softplus)).toBeCloseTo(0.5, 6),
        gelu: async () => expect(await at0(core.gelu)).toBeCloseTo(0.5, 6),
        silu: async () => expect(await at0(core.silu)).toBeCloseTo(0.5, 6),
      });
    });

    it('prod has the exact gradient when a factor is 0 (∏ of the others), as tfjs and PyTorch', async () => {
      const p = ctx.pairOf([2, 3], [0, 2, 3, 0, 0, 5]);
      const [ours] = core.grad((x: Tensor) => weighted(core.prod(x, 1), 79))(p.x);
      const [theirs] = tf.grads((x: tf.Tensor) => tfWeighted(tf.prod(x, 1), 79))([p.tx]);
      await expectClose(ours, theirs, ctx.gradTol, { label: '∂prod/∂x with zeros' });
      const [all] = core.grad((x: Tensor) => core.prod(x))(ctx.t([4, 0, -2]));
      await expectClose(all, [0, -8, 0], ctx.gradTol, { label: '∂prod(all)/∂x with one zero' });
    });

    it('the autograd API works on this backend: valueAndGrad, unused inputs, noGrad, retainGrad, backwardSteps', async () => {
      const x = ctx.t([1, 2, 3]);
      const y = ctx.t([[1], [2]]);
      const [value, [gx, gy]] = core.valueAndGrad((a: Tensor, _b: Tensor) => core.sum(core.square(a)))(x, y);
      await expectClose(value, { shape: [], values: [14] }, ctx.tol);
      await expectClose(gx, [2, 4, 6], ctx.tol);
      await expectExact(gy, [[0], [0]], 'float32', 'gradient of an unused input');
      expect([gx.backend, gy.backend]).toEqual([ctx.backend, ctx.backend]);
      const w = ctx.t([0.5, -1]).requiresGrad_();
      expect(core.noGrad(() => w.mul(2)).requiresGrad).toBe(false);
      const h = w.mul(3).retainGrad();
      const loss = h.mul(h).sum();
      const steps = [...core.backwardSteps(loss)];
      expect(steps.map((st) => st.op)).toEqual(['sum', 'mul', 'mul']);
      await expectClose(h.grad!, [3, -6], ctx.tol, { label: 'retained ∂loss/∂h' });
      await expectClose(w.grad!, [9, -18], ctx.tol, { label: '∂loss/∂w' });
      w.zeroGrad();
      // A non-scalar output takes its upstream gradient explicitly: the vector-Jacobian product.
      w.mul(w).backward(ctx.t([1, 10]));
      await expectClose(w.grad!, [1, -20], ctx.tol, { label: 'backward(gradient)' });
      w.zeroGrad();
      w.mul(w).sum().backward();
      w.sum().backward();
      await expectClose(w.grad!, [2, -1], ctx.tol, { label: 'accumulated over two backward calls' });
    });

    it('gradients of size-0 and scalar tensors have their shapes', async () => {
      const e = ctx.t(new Float32Array(0), { shape: [0, 3] });
      const [ge] = core.grad((x: Tensor) => core.sum(core.exp(x)))(e);
      await expectExact(ge, { shape: [0, 3], values: [] }, 'float32', 'size-0');
      const [gm] = core.grad((a: Tensor, b: Tensor) => core.sum(core.matmul(a, b)))(
        ctx.t(new Float32Array(0), { shape: [2, 0] }),
        ctx.t(new Float32Array(0), { shape: [0, 3] }),
      );
      await expectExact(gm, { shape: [2, 0], values: [] }, 'float32', 'matmul with k = 0');
      const s = ctx.t(1.5);
      const [gs] = core.grad((x: Tensor) =>
        core.sum(
          core.mul(
            core.expand(x, [2, 3]),
            ctx.t([
              [1, 2, 3],
              [4, 5, 6],
            ]),
          ),
        ),
      )(s);
      await expectClose(gs, { shape: [], values: [21] }, ctx.tol, { label: 'scalar broadcast to [2,3]' });
    });

    it("maxPool2d routes each window's gradient to its first maximum (row-major), as PyTorch", async () => {
      const x = ctx.t(Float32Array.from([1, 3, 3, 0, 2, 3, 1, 0, 5, 5, 5, 5, 5, 5, 5, 5]), {
        shape: [1, 1, 4, 4],
      });
      const [g] = core.grad((t: Tensor) =>
        core.sum(
          core.maxPool2d(t, 2).mul(
            ctx.t([
              [
                [
                  [1, 10],
                  [100, 1000],
                ],
              ],
            ]),
          ),
        ),
      )(x);
      await expectExact(
        g,
        { shape: [1, 1, 4, 4], values: [0, 1, 10, 0, 0, 0, 0, 0, 100, 0, 1000, 0, 0, 0, 0, 0] },
        'float32',
      );
    });

    it('max/min share the gradient equally between tied extremes (PyTorch amax rule)', async () => {
      const x = ctx.t([
        [1, 3, 3],
        [2, 2, 2],
      ]);
      const [g] = core.grad((t: Tensor) => core.sum(core.max(t, 1)))(x);
      await expectClose(
        g,
        [
          [0, 0.5, 0.5],
          [1 / 3, 1 / 3, 1 / 3],
        ],
        ctx.tol,
      );
      const [h] = core.grad((t: Tensor) => core.min(t))(x);
      await expectClose(
        h,
        [
          [1, 0, 0],
          [0, 0, 0],
        ],
        ctx.tol,
      );
    });
  });

  describe('gradients: autograd vs tf.grads', () => {
    it('every unary op, on random inputs, at exactly 0 and at large |x|', async () => {
      const next = seeder('unary tf.grads');
      const singularAtZero = ['log', 'sqrt', 'rsqrt', 'reciprocal'];
      const checks: Record<string, () => Promise<void>> = {};
      for (const c of UNARY_CASES) {
        checks[c.name] = async () => {
          const random = ctx.pair([2, 3], next(), UNARY_DOMAIN[c.name] ?? 'normal');
          // 0 is where a composite written with |x| or sign(x) can lose its derivative (e.g. tanh'(0) = 1).
          // abs is left out at 0: tfjs's abs'(0) is −1, ours is 0 (PyTorch's subgradient, tested below).
          const special = singularAtZero.includes(c.name)
            ? ctx.pairOf([4], [0.25, 1, 4, 30])
            : c.name === 'abs'
              ? ctx.pairOf([4], [-1, 1, -30, 30])
              : ctx.pairOf(
                  [7],
                  c.name === 'log1p' ? [0, -0.5, 0.5, 1, 3, 10, 30] : [0, -1, 1, -30, 30, 0.5, -0.5],
                );
          for (const [label, p] of [
            ['random', random],
            ['special', special],
          ] as const) {
            const [ours] = core.grad((x: Tensor) => weighted(c.ours(x), 77))(p.x);
            const [theirs] = tf.grads((x: tf.Tensor) => tfWeighted(c.ref(x), 77))([p.tx]);
            await expectClose(ours, theirs, ctx.gradTol, {
              label: `${c.name}' (${label} inputs ${JSON.stringify(p.v)})`,
            });
          }
        };
      }
      await expectEach(checks);
    });

    it('every binary arithmetic op under broadcasting', async () => {
      const next = seeder('binary tf.grads');
      const checks: Record<string, () => Promise<void>> = {};
      for (const c of ARITH_CASES) {
        const kinds: Kind[] =
          c.name === 'maximum' || c.name === 'minimum'
            ? ['normal', 'normal']
            : c.name === 'remainder'
              ? ['normal', 'positive']
              : c.kinds;
        for (const [sa, sb] of [
          [
            [3, 1],
            [1, 4],
          ],
          [[2, 3], []],
          [[4], [2, 4]],
        ] as [number[], number[]][]) {
          checks[`${c.name} ${JSON.stringify(sa)}·${JSON.stringify(sb)}`] = async () => {
            const a = ctx.pair(sa, next(), kinds[0]);
            const b = ctx.pair(sb, next(), kinds[1]);
            const ours = core.grad((x: Tensor, y: Tensor) => weighted(c.ours(x, y), 78))(a.x, b.x);
            // tfjs's maximum/minimum gradients do not handle broadcasting, so its operands are broadcast first.
            const shape = core.broadcastShapes('oracle', sa, sb);
            const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
              tfWeighted(c.ref(tf.broadcastTo(x, shape), tf.broadcastTo(y, shape)), 78),
            )([a.tx, b.tx]);
            await expectClose(ours[0], theirs[0], ctx.gradTol, { label: '∂/∂a' });
            await expectClose(ours[1], theirs[1], ctx.gradTol, { label: '∂/∂b' });
          };
        }
      }
      await expectEach(checks);
    });

    for (const c of TF_GRAD_CASES) {
      it(c.name, async () => {
        const next = seeder(`tf.grads ${c.name}`);
        const pairs = c.inputs.map(([shape, kind]) => ctx.pair(shape, next(), kind));
        const w = next();
        const ours = core.grad((...xs: Tensor[]) => weighted(c.ours(...xs), w))(...pairs.map((p) => p.x));
        const theirs = tf.grads((...xs: tf.Tensor[]) => tfWeighted(c.ref(...xs), w))(pairs.map((p) => p.tx));
        expect(ours).toHaveLength(theirs.length);
        for (let i = 0; i < ours.length; i++) {
          expect(ours[i].backend).toBe(ctx.backend);
          await expectClose(ours[i], theirs[i], ctx.gradTol, { label: `∂/∂input ${i}`, dtype: 'float32' });
        }
      });
    }
  });
}
