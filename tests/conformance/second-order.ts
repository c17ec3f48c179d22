import type { Tensor } from '@plasticity/core';
import * as core from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { checkGradient, expectClose, type Kind, type SuiteContext, seeder, tf, weighted } from './harness';

/** A function whose second derivatives are checked: inputs and a scalar-valued f. */
interface SecondOrderCase {
  name: string;
  inputs: [number[], Kind][];
  f: (...xs: Tensor[]) => Tensor;
}

/**
 * Double backward: g(x) = Σ uᵢ · ∂f/∂xᵢ, built with `grad(f, { createGraph: true })`, is itself
 * differentiated by gradcheck, so every op in f's backward pass must have a correct gradient of its own.
 */
const SECOND_ORDER_CASES: SecondOrderCase[] = [
  {
    name: 'matmul',
    inputs: [
      [[3, 4], 'normal'],
      [[4, 2], 'normal'],
    ],
    f: (a, b) => weighted(core.square(core.matmul(a, b)), 1),
  },
  {
    name: 'batched matmul (broadcast)',
    inputs: [
      [[2, 2, 3], 'normal'],
      [[3, 2], 'normal'],
    ],
    f: (a, b) => weighted(core.tanh(core.matmul(a, b)), 2),
  },
  {
    name: 'conv2d',
    inputs: [
      [[1, 2, 4, 4], 'normal'],
      [[2, 2, 2, 2], 'normal'],
    ],
    f: (x, w) => weighted(core.square(core.conv2d(x, w, null, { padding: 1, stride: [2, 1] })), 3),
  },
  {
    name: 'conv2d (groups, dilation)',
    inputs: [
      [[1, 2, 5, 4], 'normal'],
      [[4, 1, 2, 2], 'normal'],
    ],
    f: (x, w) => weighted(core.sigmoid(core.conv2d(x, w, null, { groups: 2, dilation: [2, 1] })), 4),
  },
  { name: 'softmax', inputs: [[[2, 4], 'normal']], f: (x) => weighted(core.softmax(x, -1), 5) },
  { name: 'softmax dim 0', inputs: [[[3, 2], 'normal']], f: (x) => weighted(core.softmax(x, 0), 6) },
  { name: 'logSoftmax', inputs: [[[2, 4], 'normal']], f: (x) => weighted(core.logSoftmax(x, -1), 7) },
  {
    name: 'tanh, sigmoid, gelu, silu, softplus',
    inputs: [[[2, 3], 'normal']],
    f: (x) =>
      weighted(
        core.tanh(x).add(core.sigmoid(x)).add(core.gelu(x)).add(core.silu(x)).add(core.softplus(x)),
        8,
      ),
  },
  {
    name: 'exp, log, sqrt, reciprocal, pow',
    inputs: [
      [[2, 3], 'positive'],
      [[2, 3], 'normal'],
    ],
    f: (a, b) =>
      weighted(
        core
          .exp(b)
          .mul(core.log(a))
          .add(core.sqrt(a).mul(core.reciprocal(a)))
          .add(core.pow(a, b)),
        9,
      ),
  },
  {
    name: 'sin, cos, erf, atan2, div',
    inputs: [
      [[2, 3], 'normal'],
      [[2, 3], 'nonzero'],
    ],
    f: (a, b) =>
      weighted(core.sin(a).mul(core.cos(b)).add(core.erf(a)).add(core.atan2(a, b)).add(core.div(a, b)), 10),
  },
  {
    name: 'var, logsumexp, norm',
    inputs: [[[3, 4], 'normal']],
    f: (x) =>
      core
        .variance(x)
        .add(core.logsumexp(x, 1).sum())
        .add(core.norm(x, 2, 0).sum()),
  },
  {
    name: 'avgPool2d, pad, slice, gather',
    inputs: [[[1, 1, 4, 4], 'normal']],
    f: (x) =>
      weighted(
        core
          .square(
            core.avgPool2d(
              core.pad(x, [
                [0, 0],
                [0, 0],
                [1, 1],
                [1, 1],
              ]),
              2,
            ),
          )
          .slice(0, 0, [0, 3, 2]),
        11,
      ),
  },
  {
    name: 'prod, max, where',
    inputs: [[[3, 3], 'distinct']],
    f: (x) =>
      weighted(
        core
          .prod(x, 1)
          .mul(core.max(x, 0))
          .add(core.where(core.greater(x, 0), core.square(x), core.mul(x, 3)).sum(1)),
        12,
      ),
  },
];

/** Second-order autograd: Hessian-vector products and double backward through every kind of op. */
export function registerSecondOrder(ctx: SuiteContext): void {
  describe('second-order gradients', () => {
    it('a Hessian-vector product of Σ tanh(Wx)² matches finite differences of the gradient (and tfjs)', async () => {
      const next = seeder('hvp');
      const W = ctx.pair([4, 3], next());
      const x = ctx.pair([3], next());
      const v = ctx.pair([3], next());
      const f = (t: Tensor) => core.square(core.tanh(core.matmul(W.x, t))).sum();
      const gradF = (t: Tensor) => core.grad(f, { createGraph: true })(t)[0];
      const [hvp] = core.grad((t: Tensor) => gradF(t).mul(v.x).sum())(x.x);
      expect([...hvp.shape]).toEqual([3]);
      // Central differences of the gradient along v: (∇f(x + εv) − ∇f(x − εv)) / 2ε.
      const eps = 1e-2;
      const plus = core.grad(f)(x.x.add(v.x.mul(eps)))[0];
      const minus = core.grad(f)(x.x.sub(v.x.mul(eps)))[0];
      const fd = Array.from(
        await plus
          .sub(minus)
          .div(2 * eps)
          .data(),
      );
      await expectClose(
        hvp,
        { shape: [3], values: fd },
        { rtol: 2e-3, atol: 2e-4 },
        { label: 'H·v vs finite differences' },
      );
      // And the closed form, computed by tfjs (whose own second-order tape is not reliable through tanh):
      // with t = tanh(Wx), H = Wᵀ diag((2 − 6t²)(1 − t²)) W.
      const t = tf.tanh(tf.matMul(W.tx, tf.reshape(x.tx, [3, 1])));
      const t2 = tf.square(t);
      const d = tf.mul(tf.sub(2, tf.mul(6, t2)), tf.sub(1, t2));
      const closed = tf.reshape(
        tf.matMul(W.tx, tf.mul(d, tf.matMul(W.tx, tf.reshape(v.tx, [3, 1]))), true, false),
        [3],
      );
      await expectClose(hvp, closed, ctx.gradTol, { label: 'H·v vs the closed form' });
    });

    it('the full Hessian of a quadratic form xᵀAx is A + Aᵀ', async () => {
      const next = seeder('hessian');
      const A = ctx.pair([3, 3], next());
      const x = ctx.pair([3], next());
      const f = (t: Tensor) => core.matmul(t, core.matmul(A.x, t));
      const rows: number[] = [];
      for (let i = 0; i < 3; i++) {
        const e = ctx.t(Float32Array.from([0, 1, 2].map((j) => (j === i ? 1 : 0))));
        const [row] = core.grad((t: Tensor) => core.grad(f, { createGraph: true })(t)[0].mul(e).sum())(x.x);
        rows.push(...(await row.data()));
      }
      const expected = Array.from(await tf.add(A.tx, tf.transpose(A.tx)).data());
      await expectClose(
        ctx.t(Float32Array.from(rows), { shape: [3, 3] }),
        { shape: [3, 3], values: expected },
        ctx.gradTol,
      );
    });

    it('backward(createGraph) leaves a differentiable .grad: d/dx (d/dx x³) = 6x', async () => {
      const x = ctx.t([0.5, -2, 3]).requiresGrad_();
      x.pow(3).sum().backward(undefined, { createGraph: true });
      const g = x.grad!;
      await expectClose(g, [0.75, 12, 27], ctx.tol);
      const [h] = core.grad((t: Tensor) => t.pow(3).sum(), { createGraph: true })(x);
      const [second] = core.grad((t: Tensor) =>
        core
          .grad((s: Tensor) => s.pow(3).sum(), { createGraph: true })(t)[0]
          .sum(),
      )(x);
      await expectClose(h, [0.75, 12, 27], ctx.tol);
      await expectClose(second, [3, -12, 18], ctx.gradTol);
    });

    for (const c of SECOND_ORDER_CASES) {
      it(`double backward through ${c.name} matches finite differences`, async () => {
        const next = seeder(`double backward ${c.name}`);
        const inputs = c.inputs.map(([shape, kind]) => ctx.pair(shape, next(), kind).x);
        const seeds = inputs.map(() => next());
        // g(x) = Σᵢ ⟨uᵢ, ∂f/∂xᵢ⟩ with fixed random uᵢ: its gradient needs f's second derivatives.
        const g = (...xs: Tensor[]) => {
          const grads = core.grad(c.f, { createGraph: true })(...xs);
          return grads.map((gi, i) => weighted(gi, seeds[i])).reduce((a, b) => a.add(b));
        };
        // eps 1e-2: g is a sum of gradients of magnitude ~10, whose float32 rounding would swamp a 1e-3 step.
        await checkGradient(g, inputs, { eps: 1e-2, atol: 2e-3, rtol: 2e-2 });
      });
    }
  });
}
