import { Generator, gradcheck, randn, type Tensor, tensor } from '@plasticity/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  ELU,
  GELU,
  Heaviside,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  SiLU,
  Softmax,
  Tanh,
} from './activations';
import { Dropout, Flatten } from './basic';
import { Identity, Linear } from './linear';

function flat(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

describe('Linear', () => {
  it('equals tfjs Dense with the same weights (kernel = weightᵀ)', () => {
    const lin = new Linear(4, 3, { generator: new Generator(1) });
    const x = randn([5, 4], { generator: new Generator(2) });
    const dense = tf.layers.dense({ units: 3, inputShape: [4] });
    dense.build([null, 4]);
    const w = lin.weight.toArraySync() as number[][];
    dense.setWeights([tf.tensor2d(w).transpose(), tf.tensor1d(flat(lin.bias!))]);
    const expected = (dense.apply(tf.tensor2d(x.toArraySync() as number[][])) as tf.Tensor).dataSync();
    const got = flat(lin.call(x));
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i], 5);
    });
  });

  it('is initialised from U(−1/√in, 1/√in), reproducibly from a seed', () => {
    const a = new Linear(16, 8, { generator: new Generator(7) });
    const b = new Linear(16, 8, { generator: new Generator(7) });
    expect(flat(a.weight)).toEqual(flat(b.weight));
    expect(flat(a.weight).every((v) => Math.abs(v) <= 0.25)).toBe(true);
    expect(new Linear(2, 2, { bias: false }).bias).toBeNull();
  });

  it('accepts extra batch dimensions', () => {
    const lin = new Linear(2, 3);
    expect(lin.call(randn([4, 5, 2])).shape).toEqual([4, 5, 3]);
  });

  it('names itself and the expected shape on a wrong input', () => {
    const lin = new Linear(3, 2);
    expect(() => lin.call(tensor([[1, 2, 3, 4]]))).toThrow(
      'Linear(in=3, out=2).forward(x): expected input of shape [..., 3], got [1,4]',
    );
    expect(() => lin.call(tensor([[1, 2, 3]], { dtype: 'int32' }))).toThrow(
      /expected a float32 input, got int32/,
    );
    expect(() => new Linear(0, 2)).toThrow(/inFeatures must be a positive integer, got 0/);
  });

  it('passes gradcheck for input, weight and bias', () => {
    const lin = new Linear(3, 2, { generator: new Generator(3) });
    const x = randn([4, 3], { generator: new Generator(4) });
    const f = (xx: Tensor, w: Tensor, b: Tensor) => xx.matmul(w.transpose(0, 1)).add(b).square().sum();
    expect(gradcheck(f, [x, lin.weight.detach(), lin.bias!.detach()]).ok).toBe(true);
    // and through the module itself: the module's autograd gradient equals the analytic one.
    lin.call(x).square().sum().backward();
    const y = lin.call(x);
    const expected = tensor(2).mul(y).transpose(0, 1).matmul(x);
    flat(lin.weight.grad!).forEach((v, i) => {
      expect(v).toBeCloseTo(flat(expected)[i], 4);
    });
  });
});

describe('activations', () => {
  const x = tensor([-2, -0.5, 0, 0.5, 2]);
  const cases: [string, { call(t: Tensor): Tensor }, (v: number) => number][] = [
    ['ReLU', new ReLU(), (v) => Math.max(v, 0)],
    ['LeakyReLU', new LeakyReLU(0.1), (v) => (v > 0 ? v : 0.1 * v)],
    ['ELU', new ELU(1), (v) => (v > 0 ? v : Math.expm1(v))],
    ['Sigmoid', new Sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
    ['Tanh', new Tanh(), Math.tanh],
    ['SiLU', new SiLU(), (v) => v / (1 + Math.exp(-v))],
    // GELU at a few exact points: Φ(0) = 0.5, Φ(±2) = 0.97725, Φ(±0.5) = 0.69146
    [
      'GELU',
      new GELU(),
      (v) =>
        v *
        (
          { '-2': 0.0227501, '-0.5': 0.3085375, '0': 0.5, '0.5': 0.6914625, '2': 0.9772499 } as Record<
            string,
            number
          >
        )[String(v)],
    ],
    ['Heaviside', new Heaviside(), (v) => (v >= 0 ? 1 : 0)],
    ['Identity', new Identity(), (v) => v],
  ];
  for (const [name, layer, ref] of cases) {
    it(`${name} matches its formula`, () => {
      const got = flat(layer.call(x));
      flat(x).forEach((v, i) => {
        expect(got[i]).toBeCloseTo(ref(v), 5);
      });
    });
  }

  it('Heaviside takes the value at zero it is given and passes no gradient', () => {
    expect(flat(new Heaviside(0.5).call(tensor([-1, 0, 1])))).toEqual([0, 0.5, 1]);
    expect(new Heaviside().call(tensor([1]).requiresGrad_()).requiresGrad).toBe(false);
  });

  it('Softmax and LogSoftmax normalise along the last dim', () => {
    const s = new Softmax().call(tensor([[1, 2, 3]]));
    expect(flat(s.sum(1))[0]).toBeCloseTo(1, 6);
    const ls = new LogSoftmax().call(tensor([[1, 2, 3]]));
    flat(ls).forEach((v, i) => {
      expect(Math.exp(v)).toBeCloseTo(flat(s)[i], 6);
    });
  });

  it('pass gradcheck', () => {
    const input = tensor([[-1.3, -0.4, 0.3, 1.7]]);
    for (const layer of [
      new LeakyReLU(0.2),
      new ELU(),
      new GELU(),
      new SiLU(),
      new Sigmoid(),
      new Tanh(),
      new Softmax(),
      new LogSoftmax(),
    ]) {
      const weights = tensor([[0.3, -1, 2, 0.5]]);
      expect(gradcheck((t: Tensor) => layer.call(t).mul(weights).sum(), [input]).ok).toBe(true);
    }
  });
});

describe('Flatten and Dropout', () => {
  it('Flatten keeps the batch dim', () => {
    expect(new Flatten().call(randn([2, 3, 4, 5])).shape).toEqual([2, 60]);
    expect(new Flatten(0).call(randn([2, 3])).shape).toEqual([6]);
    expect(() => new Flatten(2).call(randn([3]))).toThrow(/Flatten\(startDim=2, endDim=-1\)\.forward\(x\)/);
  });

  it('Dropout zeroes about p of the elements and rescales the rest in training; identity in eval', () => {
    const d = new Dropout(0.25, { generator: new Generator(5) });
    const out = flat(d.call(tensor(new Float32Array(4000).fill(1))));
    const zeros = out.filter((v) => v === 0).length;
    expect(zeros / 4000).toBeGreaterThan(0.22);
    expect(zeros / 4000).toBeLessThan(0.28);
    expect(out.filter((v) => v !== 0).every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    d.eval();
    expect(flat(d.call(tensor([1, 2, 3])))).toEqual([1, 2, 3]);
    expect(() => new Dropout(1)).toThrow(/Dropout\(p\): p must be a number in \[0, 1\), got 1/);
  });
});
