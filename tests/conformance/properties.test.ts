import * as core from '@plasticity/core';
import { type Backend, createCpuBackend, type Tensor } from '@plasticity/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Algebraic laws that must hold for any input, checked by fast-check on random shapes and values,
// on the CPU backend both with fused composite kernels and with every composite decomposed.

const RUNS = { numRuns: 60, seed: 20240611 };

const backends: [string, Backend][] = [
  ['cpu (fused kernels)', createCpuBackend({ name: 'props-fused' })],
  ['cpu (decomposed composites)', createCpuBackend({ fused: [], name: 'props-decomposed' })],
];

const dim = fc.integer({ min: 0, max: 4 });
const positiveDim = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 3 });

function valuesArb(n: number, bound = 10) {
  return fc.float32Array({
    minLength: n,
    maxLength: n,
    min: -bound,
    max: bound,
    noNaN: true,
    noDefaultInfinity: true,
  });
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A full shape plus two operand shapes that broadcast to it (dims set to 1, leading dims dropped). */
const broadcastPairArb = fc
  .tuple(
    fc.array(dim, { minLength: 0, maxLength: 3 }),
    fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    fc.nat(3),
    fc.nat(3),
  )
  .map(([full, ones, dropA, dropB]) => {
    const a = full.map((d, i) => (ones[i] ? 1 : d)).slice(Math.min(dropA, full.length));
    const b = full.map((d, i) => (ones[i + 3] ? 1 : d)).slice(Math.min(dropB, full.length));
    return { full, a, b };
  });

function close(actual: Tensor, expected: Tensor, atol: number, rtol = 1e-5): boolean {
  if (actual.shape.length !== expected.shape.length || actual.shape.some((d, i) => d !== expected.shape[i]))
    return false;
  const a = actual.dataSync();
  const e = expected.dataSync();
  for (let i = 0; i < a.length; i++)
    if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) return false;
  return true;
}

function same(actual: Tensor, expected: Tensor): boolean {
  return close(actual, expected, 0, 0);
}

describe.each(backends)('properties on %s', (_name, backend) => {
  const make = (values: Float32Array, shape: readonly number[]) => core.tensor(values, { shape, backend });
  /** A tensor of a random shape (with its values). */
  const tensorArb = shapeArb.chain((shape) => valuesArb(sizeOf(shape)).map((v) => make(v, shape)));
  const withShape = (shape: readonly number[], bound = 10) =>
    valuesArb(sizeOf(shape), bound).map((v) => make(v, shape));

  it('add is commutative (exactly) under broadcasting', () => {
    fc.assert(
      fc.property(
        broadcastPairArb.chain(({ a, b }) => fc.tuple(withShape(a), withShape(b))),
        ([a, b]) =>
          core.tidy(() => same(core.add(a, b), core.add(b, a)) && same(core.mul(a, b), core.mul(b, a))),
      ),
      RUNS,
    );
  });

  it('add is associative within float32 rounding', () => {
    fc.assert(
      fc.property(
        shapeArb.chain((s) => fc.tuple(withShape(s), withShape(s), withShape(s))),
        ([a, b, c]) =>
          core.tidy(() => close(core.add(core.add(a, b), c), core.add(a, core.add(b, c)), 1e-5 * 30)),
      ),
      RUNS,
    );
  });

  it('mul distributes over add within float32 rounding', () => {
    fc.assert(
      fc.property(
        broadcastPairArb.chain(({ a, b }) => fc.tuple(withShape(a), withShape(b), withShape(b))),
        ([a, b, c]) =>
          core.tidy(() =>
            close(core.mul(a, core.add(b, c)), core.add(core.mul(a, b), core.mul(a, c)), 1e-4 * 20),
          ),
      ),
      RUNS,
    );
  });

  it('broadcasting equals an explicit expand, for every binary op', () => {
    const ops = [
      core.add,
      core.sub,
      core.mul,
      core.maximum,
      core.minimum,
      core.atan2,
      core.greater,
      core.equal,
    ];
    fc.assert(
      fc.property(
        broadcastPairArb.chain(({ full, a, b }) => fc.tuple(fc.constant(full), withShape(a), withShape(b))),
        ([, a, b]) =>
          core.tidy(() => {
            const shape = core.broadcastShapes('test', a.shape, b.shape);
            const ea = core.expand(a, shape);
            const eb = core.expand(b, shape);
            return ops.every(
              (op) =>
                same(op(a, b), op(ea, eb)) && same(op(a, b), op(core.contiguous(ea), core.contiguous(eb))),
            );
          }),
      ),
      RUNS,
    );
  });

  it('the sum over all dims equals the sum of per-dim sums, in any order', () => {
    fc.assert(
      fc.property(tensorArb, fc.nat(5), (x, r) =>
        core.tidy(() => {
          const total = core.sum(x);
          const tol = 1e-5 * (sizeOf(x.shape) + 1) * 10;
          for (let d = 0; d < x.ndim; d++) {
            if (!close(core.sum(core.sum(x, d)), total, tol)) return false;
          }
          // Reduce one dim at a time, starting from a rotating dim.
          let y = x;
          while (y.ndim > 0) y = core.sum(y, (r % y.ndim) - y.ndim);
          return close(y, total, tol) && close(core.sum(x, [...x.shape.keys()]), total, tol);
        }),
      ),
      RUNS,
    );
  });

  it('matmul is associative within tolerance', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(positiveDim, positiveDim, positiveDim, positiveDim)
          .chain(([m, k, n, p]) =>
            fc.tuple(withShape([m, k], 3), withShape([k, n], 3), withShape([n, p], 3)),
          ),
        ([a, b, c]) =>
          core.tidy(() =>
            close(core.matmul(core.matmul(a, b), c), core.matmul(a, core.matmul(b, c)), 1e-3, 1e-4),
          ),
      ),
      RUNS,
    );
  });

  it('(AB)ᵀ = BᵀAᵀ, batched too', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.integer({ min: 1, max: 3 }), positiveDim, positiveDim, positiveDim)
          .chain(([batch, m, k, n]) => fc.tuple(withShape([batch, m, k]), withShape([k, n]))),
        ([a, b]) =>
          core.tidy(() =>
            close(core.transpose(core.matmul(a, b)), core.matmul(core.transpose(b), core.transpose(a)), 1e-4),
          ),
      ),
      RUNS,
    );
  });

  it('softmax rows are positive, sum to 1, are invariant to shifting each row, and equal exp(logSoftmax)', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(positiveDim, positiveDim)
          .chain(([r, c]) =>
            fc.tuple(withShape([r, c], 50), withShape([r, 1], 1000), fc.constantFrom(0, 1, -1)),
          ),
        ([x, shift, dim]) =>
          core.tidy(() => {
            const s = core.softmax(x, dim);
            const rowSums = core.sum(s, dim);
            const values = Array.from(s.dataSync());
            const shifted =
              dim === 0 ? core.add(x, core.reshape(core.sum(shift), [1, 1])) : core.add(x, shift);
            return (
              values.every((v) => v >= 0 && v <= 1) &&
              close(rowSums, core.onesLike(rowSums), 1e-5) &&
              close(core.softmax(shifted, dim), s, 2e-4) &&
              close(core.exp(core.logSoftmax(x, dim)), s, 1e-5, 1e-4)
            );
          }),
      ),
      RUNS,
    );
  });

  it('reshape to any factorisation and back is the identity', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(positiveDim, positiveDim, positiveDim)
          .chain(([a, b, c]) =>
            fc.tuple(
              withShape([a, b, c]),
              fc.shuffledSubarray([a, b, c], { minLength: 3, maxLength: 3 }),
              fc.boolean(),
            ),
          ),
        ([x, order, transposeFirst]) =>
          core.tidy(() => {
            const src = transposeFirst ? core.transpose(x, 0, 2) : x;
            const there = core.reshape(src, [order[0] * order[1], -1]);
            return (
              same(core.reshape(there, src.shape), src) && same(core.flatten(src), core.reshape(there, [-1]))
            );
          }),
      ),
      RUNS,
    );
  });

  it('permute followed by the inverse permutation is the identity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }).chain((n) =>
          fc.tuple(
            fc.array(positiveDim, { minLength: n, maxLength: n }).chain((shape) => withShape(shape)),
            fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
          ),
        ),
        ([x, perm]) =>
          core.tidy(() => {
            const inverse = perm.map((_, i) => perm.indexOf(i));
            const there = core.permute(x, perm);
            return (
              same(core.permute(there, inverse), x) && same(core.permute(core.contiguous(there), inverse), x)
            );
          }),
      ),
      RUNS,
    );
  });

  it('gradients are linear: ∇(a·f + b·g) = a∇f + b∇g', () => {
    const f = (x: Tensor) => core.sum(core.mul(core.tanh(x), core.sigmoid(x)));
    const g = (x: Tensor) =>
      core.sum(
        core.softmax(core.square(x), -1).mul(core.reshape(core.arange(0, x.size, 1, { backend }), x.shape)),
      );
    fc.assert(
      fc.property(
        fc.tuple(positiveDim, positiveDim).chain(([r, c]) => withShape([r, c], 3)),
        fc.float({ min: -4, max: 4, noNaN: true }),
        fc.float({ min: -4, max: 4, noNaN: true }),
        (x, a, b) =>
          core.tidy(() => {
            const [combined] = core.grad((t: Tensor) => core.add(core.mul(f(t), a), core.mul(g(t), b)))(x);
            const [gf] = core.grad(f)(x);
            const [gg] = core.grad(g)(x);
            return close(combined, core.add(core.mul(gf, a), core.mul(gg, b)), 1e-4, 1e-4);
          }),
      ),
      RUNS,
    );
  });

  it('the gradient of a broadcast operand is the summed gradient of its explicit expansion', () => {
    const ops = [core.add, core.sub, core.mul, core.div, core.maximum, core.atan2];
    fc.assert(
      fc.property(
        broadcastPairArb.chain(({ a, b }) => fc.tuple(withShape(a, 3), withShape(b, 3))),
        fc.nat(ops.length - 1),
        ([a, raw], k) =>
          core.tidy(() => {
            const op = ops[k];
            // b kept ≥ 0.5 in magnitude so div and atan2 are differentiable everywhere.
            const b = core.add(core.abs(raw), 0.5);
            const shape = core.broadcastShapes('test', a.shape, b.shape);
            const w = core
              .reshape(core.arange(0, sizeOf(shape), 1, { backend, dtype: 'float32' }), shape)
              .mul(0.1)
              .sin();
            const [ga, gb] = core.grad((x: Tensor, y: Tensor) => core.sum(core.mul(op(x, y), w)))(a, b);
            const [ea, eb] = core.grad((x: Tensor, y: Tensor) => core.sum(core.mul(op(x, y), w)))(
              core.contiguous(core.expand(a, shape)),
              core.contiguous(core.expand(b, shape)),
            );
            const back = (g: Tensor, to: readonly number[]) => {
              const lead = shape.length - to.length;
              const axes = shape
                .map((_, i) => i)
                .filter((i) => i < lead || (to[i - lead] === 1 && shape[i] !== 1));
              return core.reshape(axes.length > 0 ? core.sum(g, axes) : g, to);
            };
            return close(ga, back(ea, a.shape), 1e-4, 1e-4) && close(gb, back(eb, b.shape), 1e-4, 1e-4);
          }),
      ),
      RUNS,
    );
  });

  it('the harness can fail: a law that does not hold is refuted', () => {
    // sub is not commutative; if this passed, the properties above would prove nothing.
    expect(() =>
      fc.assert(
        fc.property(
          shapeArb.chain((s) => fc.tuple(withShape(s), withShape(s))),
          ([a, b]) => core.tidy(() => same(core.sub(a, b), core.sub(b, a))),
        ),
        RUNS,
      ),
    ).toThrow(/Property failed/);
  });
});

describe('fused kernels and decompositions agree, in value and gradient, for any input', () => {
  const fused = createCpuBackend({ name: 'agree-fused' });
  const decomposed = createCpuBackend({ fused: [], name: 'agree-decomposed' });
  const composites: [string, (x: Tensor) => Tensor][] = [
    ['tanh', core.tanh],
    ['sigmoid', core.sigmoid],
    ['relu', core.relu],
    ['softplus', core.softplus],
    ['silu', core.silu],
    ['gelu', core.gelu],
    ['square', core.square],
    ['softmax', (x) => core.softmax(x, -1)],
    ['logSoftmax', (x) => core.logSoftmax(x, -1)],
  ];
  for (const [name, op] of composites) {
    it(name, () => {
      fc.assert(
        fc.property(valuesArb(6, 20), (v) =>
          core.tidy(() => {
            const run = (backend: Backend) => {
              const x = core.tensor(v, { shape: [2, 3], backend });
              const y = op(x);
              // The weights make every output element matter to the gradient differently.
              const [g] = core.grad((t: Tensor) =>
                core.sum(
                  core.mul(
                    op(t),
                    core.tensor(
                      [
                        [1, -2, 3],
                        [0.5, 4, -1],
                      ],
                      { backend },
                    ),
                  ),
                ),
              )(x);
              return [Array.from(y.dataSync()), Array.from(g.dataSync())];
            };
            const [yf, gf] = run(fused);
            const [yd, gd] = run(decomposed);
            const near = (a: number[], b: number[]) =>
              a.every((ai, i) => Math.abs(ai - b[i]) <= 1e-5 + 1e-4 * Math.abs(b[i]));
            return near(yd, yf) && near(gd, gf);
          }),
        ),
        RUNS,
      );
    });
  }
});
