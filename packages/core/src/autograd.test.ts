import { describe, expect, it } from 'vitest';
import { backwardSteps, grad, noGrad, valueAndGrad } from './autograd';
import { tensor } from './ops/creation';
import { tidy } from './scope';

describe('backward', () => {
  it('accumulates into .grad across calls, as PyTorch does, until zeroGrad', () => {
    const w = tensor([1, 2, 3]).requiresGrad_();
    w.mul(2).sum().backward();
    w.mul(2).sum().backward();
    expect(w.grad!.toArraySync()).toEqual([4, 4, 4]);
    w.zeroGrad();
    expect(w.grad).toBeNull();
  });

  it('handles a value used twice: d(x·x)/dx = 2x', () => {
    const x = tensor([3, -1]).requiresGrad_();
    x.mul(x).sum().backward();
    expect(x.grad!.toArraySync()).toEqual([6, -2]);
  });

  it('gives each leaf its own gradient tensor even when an op passes one gradient to both', () => {
    const a = tensor([1]).requiresGrad_();
    const b = tensor([2]).requiresGrad_();
    a.add(b).sum().backward();
    a.zeroGrad();
    expect(b.grad!.toArraySync()).toEqual([1]);
  });

  it('walks a 20,000-op deep graph without recursion', () => {
    const x = tensor(1).requiresGrad_();
    tidy(() => {
      let y = x;
      for (let i = 0; i < 20_000; i++) y = y.mul(1);
      y.backward();
    });
    expect(x.grad!.item()).toBe(1);
  });

  it('retains gradients of intermediates on request', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const h = x.mul(3).retainGrad();
    h.square().sum().backward();
    expect(h.grad!.toArraySync()).toEqual([6, 12]);
    expect(x.grad!.toArraySync()).toEqual([18, 36]);
  });

  it('takes an explicit gradient for non-scalar outputs and refuses an implied one', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(
      /backward\(\): gradient can only be implied for a scalar output; this output has shape \[2\]/,
    );
    y.backward(tensor([1, 10]));
    expect(x.grad!.toArraySync()).toEqual([2, 20]);
  });

  it('refuses gradients through a tensor modified in place after use', () => {
    const w = tensor([1, 2]).requiresGrad_();
    const h = w.mul(1);
    const y = h.mul(h).sum();
    noGrad(() => h.add_(1));
    expect(() => y.backward()).toThrow(/modified in place/);
  });

  it('detach cuts the graph; noGrad records nothing', () => {
    const x = tensor([2]).requiresGrad_();
    expect(x.detach().mul(3).requiresGrad).toBe(false);
    expect(noGrad(() => x.mul(3)).requiresGrad).toBe(false);
  });
});

describe('functional grad', () => {
  it('grad(f) returns gradients and leaves inputs untouched', () => {
    const x = tensor([1, 2, 3]).requiresGrad_();
    const [g] = grad((a) => a.square().sum())(x);
    expect(g.toArraySync()).toEqual([2, 4, 6]);
    expect(x.grad).toBeNull();
  });

  it('valueAndGrad returns the value too', () => {
    const [value, [ga, gb]] = valueAndGrad((a, b) => a.mul(b).sum())(tensor([1, 2]), tensor([3, 4]));
    expect(value.item()).toBe(11);
    expect(ga.toArraySync()).toEqual([3, 4]);
    expect(gb.toArraySync()).toEqual([1, 2]);
  });

  it('second derivatives: d²/dx² of sin x is −sin x', () => {
    const d1 = (x: ReturnType<typeof tensor>) => grad((a) => a.sin().sum(), { createGraph: true })(x)[0];
    const [d2] = grad((a) => d1(a).sum())(tensor([0.5, 1.5]));
    const got = d2.toArraySync() as number[];
    expect(got[0]).toBeCloseTo(-Math.sin(0.5), 5);
    expect(got[1]).toBeCloseTo(-Math.sin(1.5), 5);
  });

  it('Hessian-vector product of f(x) = Σ x³ is 6·x·v', () => {
    const x = tensor([1, -2, 0.5]);
    const v = tensor([1, 1, 2]);
    const [hvp] = grad((a) =>
      grad((b) => b.pow(3).sum(), { createGraph: true })(a)[0]
        .mul(v)
        .sum(),
    )(x);
    const got = hvp.toArraySync() as number[];
    for (const [i, want] of [6, -12, 6].entries()) expect(got[i]).toBeCloseTo(want, 4);
  });

  it('double backward with .backward(createGraph) through tanh matches the analytic second derivative', () => {
    const x = tensor([0.3]).requiresGrad_();
    const y = x.tanh().sum();
    y.backward(undefined, { createGraph: true });
    const g = x.grad!;
    x.grad = null;
    g.sum().backward();
    g.dispose();
    const t = Math.tanh(0.3);
    expect(x.grad!.item()).toBeCloseTo(-2 * t * (1 - t * t), 5);
  });
});

describe('backwardSteps', () => {
  it('applies one VJP per step in reverse topological order, and ends where backward() ends', () => {
    const w = tensor([2]).requiresGrad_();
    const x = tensor([3]);
    const loss = x.mul(w).tanh().sum();
    const ops = [...backwardSteps(loss)].map((s) => s.op);
    expect(ops).toEqual(['sum', 'tanh', 'mul']);
    const expected = x.item() * (1 - Math.tanh(6) ** 2);
    expect(w.grad!.item()).toBeCloseTo(expected, 6);
  });
});
