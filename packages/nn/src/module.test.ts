import {
  createCpuBackend,
  initBackend,
  memory,
  registerBackend,
  type Tensor,
  tensor,
  tidy,
} from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { ReLU } from './layers/activations';
import { Dropout } from './layers/basic';
import { Linear } from './layers/linear';
import { BatchNorm1d } from './layers/norm';
import { Module } from './module';
import { Residual, Sequential } from './sequential';

registerBackend('nn-test-cpu', () => createCpuBackend({ name: 'nn-test-cpu' }));

class TwoTowers extends Module {
  readonly left: Linear;
  readonly right: Sequential;
  scale: Tensor;

  constructor() {
    super();
    this.left = this.registerModule('left', new Linear(2, 3));
    this.right = this.registerModule('right', new Sequential(new Linear(2, 4), new ReLU(), new Linear(4, 3)));
    this.scale = this.registerParameter('scale', tensor([2]));
  }

  forward(x: Tensor): Tensor {
    return this.left.call(x).add(this.right.call(x)).mul(this.scale);
  }
}

describe('Module', () => {
  it('names parameters with dotted PyTorch paths in registration order', () => {
    const m = new TwoTowers();
    expect([...m.namedParameters()].map(([n, p]) => [n, p.shape])).toEqual([
      ['scale', [1]],
      ['left.weight', [3, 2]],
      ['left.bias', [3]],
      ['right.0.weight', [4, 2]],
      ['right.0.bias', [4]],
      ['right.2.weight', [3, 4]],
      ['right.2.bias', [3]],
    ]);
    expect(m.numParameters()).toBe(1 + 9 + 12 + 15);
    expect([...m.namedModules()].map(([n]) => n)).toEqual([
      '',
      'left',
      'right',
      'right.0',
      'right.1',
      'right.2',
    ]);
    expect([...m.namedChildren()].map(([n]) => n)).toEqual(['left', 'right']);
    m.dispose();
  });

  it('lists a shared layer once', () => {
    const shared = new Linear(2, 2);
    const m = new Sequential(shared, new ReLU(), shared);
    expect(m.parameters()).toHaveLength(2);
    expect([...m.namedParameters()].map(([n]) => n)).toEqual(['0.weight', '0.bias']);
    m.dispose();
  });

  it('propagates train() and eval() to every descendant', () => {
    const m = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5)));
    m.eval();
    expect([...m.modules()].every((x) => !x.training)).toBe(true);
    m.train();
    expect([...m.modules()].every((x) => x.training)).toBe(true);
    m.dispose();
  });

  it('zeroGrad clears every gradient', () => {
    const m = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1));
    m.call(tensor([[1, 2]]))
      .sum()
      .backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
    m.dispose();
  });

  it('parameters survive tidy, and a forward pass in tidy leaves nothing behind', () => {
    const m = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    const before = memory().tensors;
    tidy(() => {
      m.call(tensor([[1, 2, 3]]))
        .sum()
        .backward();
      m.zeroGrad();
    });
    expect(memory().tensors).toBe(before);
    expect(m.parameters().every((p) => !p.disposed)).toBe(true);
    m.dispose();
  });

  it('round-trips a state dict and refuses missing, extra and mismatched keys without changing weights', () => {
    const a = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    const b = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    expect(Object.keys(a.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    b.loadStateDict(a.stateDict());
    for (const [name, t] of Object.entries(a.stateDict()))
      expect(b.stateDict()[name].toArraySync()).toEqual(t.toArraySync());

    const c = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    const original = c.parameters().map((p) => p.toArraySync());
    const { '2.bias': _dropped, ...missing } = a.stateDict();
    expect(() => c.loadStateDict(missing)).toThrow(/missing keys: 2\.bias.*no weights were changed/);
    expect(() => c.loadStateDict({ ...a.stateDict(), 'extra.weight': tensor([1]) })).toThrow(
      /unexpected keys: extra\.weight/,
    );
    expect(() => c.loadStateDict({ ...a.stateDict(), '0.weight': tensor([[1, 2]]) })).toThrow(
      /'0\.weight' has shape \[1,2\], the model expects \[3,2\]/,
    );
    expect(() =>
      c.loadStateDict({ ...a.stateDict(), '0.bias': tensor([1, 2, 3], { dtype: 'int32' }) }),
    ).toThrow(/'0\.bias' has dtype int32/);
    expect(c.parameters().map((p) => p.toArraySync())).toEqual(original);

    const partial = c.loadStateDict(missing, { strict: false });
    expect(partial.missingKeys).toEqual(['2.bias']);
    expect(c.stateDict()['0.weight'].toArraySync()).toEqual(a.stateDict()['0.weight'].toArraySync());
    for (const m of [a, b, c]) m.dispose();
  });

  it('runs forward hooks that capture activations and can be removed', () => {
    const relu = new ReLU();
    const m = new Sequential(new Linear(2, 3), relu, new Linear(3, 1));
    const seen: number[][][] = [];
    const handle = relu.registerForwardHook((_mod, _inputs, out) => {
      seen.push(out.toArraySync() as number[][]);
    });
    m.call(tensor([[1, -1]]));
    expect(seen).toHaveLength(1);
    expect(seen[0][0].every((v) => v >= 0)).toBe(true);
    handle.remove();
    m.call(tensor([[1, -1]]));
    expect(seen).toHaveLength(1);
    m.dispose();
  });

  it('lets a hook retain the activation gradient (the ingredient of Grad-CAM)', () => {
    const first = new Linear(2, 3);
    const m = new Sequential(first, new ReLU(), new Linear(3, 1));
    let act: Tensor | undefined;
    first.registerForwardHook((_m, _i, out) => {
      act = out.retainGrad();
    });
    m.call(tensor([[0.5, -2]]))
      .sum()
      .backward();
    const w2 = (m.at(2) as Linear).weight.toArraySync() as number[][];
    const pre = act!.toArraySync() as number[][];
    const expected = pre[0].map((v, j) => (v > 0 ? w2[0][j] : 0));
    const got = (act!.grad as Tensor).toArraySync() as number[][];
    got[0].forEach((g, j) => {
      expect(g).toBeCloseTo(expected[j], 6);
    });
    m.dispose();
  });

  it('a hook may replace the output', () => {
    const relu = new ReLU();
    relu.registerForwardHook((_m, _i, out) => out.mul(0));
    expect(relu.call(tensor([1, 2])).toArraySync()).toEqual([0, 0]);
  });

  it('composes residual blocks and refuses a body that changes the shape', () => {
    const block = new Residual(new Sequential(new Linear(3, 3), new ReLU()));
    const x = tensor([[1, 2, 3]]);
    const body = block.body.call(x).toArraySync() as number[][];
    const out = block.call(x).toArraySync() as number[][];
    out[0].forEach((v, i) => {
      expect(v).toBeCloseTo(body[0][i] + i + 1, 6);
    });
    expect(() => new Residual(new Linear(3, 2)).call(x)).toThrow(/Residual\.forward\(x\).*same shape/);
    block.dispose();
  });

  it('describes itself', () => {
    const m = new Sequential(new Linear(2, 3), new ReLU());
    expect(m.toString()).toBe('Sequential\n  (0): Linear(in=2, out=3) {weight[3,2], bias[3]}\n  (1): ReLU');
    m.dispose();
  });

  it('refuses bad registrations and indices', () => {
    expect(() => new Sequential(new Linear(1, 1)).at(3)).toThrow(/Sequential\.at\(3\)/);
    class Bad extends Module {
      constructor() {
        super();
        this.registerParameter('w', tensor([1]));
        this.registerParameter('w', tensor([2]));
      }
      forward(x: Tensor) {
        return x;
      }
    }
    expect(() => new Bad()).toThrow(/registerParameter\('w'\): that name is already registered/);
  });

  it('to() moves parameters and buffers to another backend, keeping names and gradients', async () => {
    await initBackend('nn-test-cpu');
    const m = new Sequential(new Linear(2, 2), new BatchNorm1d(2));
    const before = m.stateDict()['0.weight'].toArraySync();
    m.to('nn-test-cpu');
    for (const [, t] of Object.entries(m.stateDict())) expect(t.backend.name).toBe('nn-test-cpu');
    expect(m.stateDict()['0.weight'].toArraySync()).toEqual(before);
    expect(m.parameters().every((p) => p.requiresGrad)).toBe(true);
    const x = tensor(
      [
        [1, 2],
        [3, 5],
      ],
      { backend: 'nn-test-cpu' },
    );
    m.call(x).sum().backward();
    expect(m.parameters().every((p) => p.grad?.backend.name === 'nn-test-cpu')).toBe(true);
    m.to('cpu');
    expect(m.stateDict()['1.running_mean'].backend.name).toBe('cpu');
    m.dispose();
  });

  it('to() keeps parameters in place on the same backend', () => {
    const m = new Linear(2, 2);
    const w = m.weight;
    m.to('cpu');
    expect(m.weight).toBe(w);
    m.dispose();
  });
});
