import { memory, type Tensor, tensor, tidy } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad';
import { Adam, AdamW } from './adam';
import { clipGradNorm_, clipGradValue_, l1Penalty, l2Penalty } from './clip';
import type { Optimizer } from './optimizer';
import { RMSprop } from './rmsprop';
import { CosineAnnealingLR, ExponentialLR, LinearLR, StepLR } from './schedulers';
import { SGD } from './sgd';

const start = [1.5, -2, 0.25];
const centre = [0.5, 1, -1];
/** Gradient of f(p) = Σ (p − c)² · (i + 1): distinct curvature per coordinate. */
const gradOf = (p: number[]) => p.map((v, i) => 2 * (i + 1) * (v - centre[i]));

function run(make: (p: Tensor) => Optimizer<{ lr: number }>, steps: number): number[] {
  const p = tensor(start).requiresGrad_();
  const opt = make(p);
  const scale = tensor([1, 2, 3]);
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    p.sub(tensor(centre)).square().mul(scale).sum().backward();
    opt.step();
  }
  return Array.from(p.dataSync());
}

/** Runs a scalar reference rule per coordinate, as PyTorch documents it. */
function reference(
  steps: number,
  rule: (g: number[], p: number[], t: number, s: Record<string, number[]>) => void,
): number[] {
  const p = [...start];
  const state: Record<string, number[]> = {};
  for (let t = 1; t <= steps; t++) rule(gradOf(p), p, t, state);
  return p;
}

const zeros = () => start.map(() => 0);

function expectClose(a: number[], b: number[], digits = 5) {
  a.forEach((v, i) => {
    expect(v).toBeCloseTo(b[i], digits);
  });
}

describe('optimizers follow PyTorch’s update rules', () => {
  it('SGD with momentum, dampening, Nesterov and weight decay', () => {
    for (const [mu, damp, nesterov, wd] of [
      [0, 0, false, 0],
      [0.9, 0, false, 0],
      [0.9, 0.1, false, 0.01],
      [0.8, 0, true, 0.05],
    ] as const) {
      const got = run(
        (p) => new SGD([p], { lr: 0.05, momentum: mu, dampening: damp, nesterov, weightDecay: wd }),
        6,
      );
      const want = reference(6, (g, p, t, s) => {
        s.b ??= zeros();
        for (let i = 0; i < p.length; i++) {
          let gi = g[i] + wd * p[i];
          if (mu !== 0) {
            s.b[i] = t === 1 ? gi : mu * s.b[i] + (1 - damp) * gi;
            gi = nesterov ? gi + mu * s.b[i] : s.b[i];
          }
          p[i] -= 0.05 * gi;
        }
      });
      expectClose(got, want);
    }
  });

  it('Adam and AdamW', () => {
    for (const decoupled of [false, true]) {
      const wd = 0.1;
      const got = run(
        (p) => new (decoupled ? AdamW : Adam)([p], { lr: 0.1, betas: [0.8, 0.9], weightDecay: wd }),
        7,
      );
      const want = reference(7, (g, p, t, s) => {
        s.m ??= zeros();
        s.v ??= zeros();
        for (let i = 0; i < p.length; i++) {
          let gi = g[i];
          if (decoupled) p[i] *= 1 - 0.1 * wd;
          else gi += wd * p[i];
          s.m[i] = 0.8 * s.m[i] + 0.2 * gi;
          s.v[i] = 0.9 * s.v[i] + 0.1 * gi * gi;
          const mh = s.m[i] / (1 - 0.8 ** t);
          const vh = s.v[i] / (1 - 0.9 ** t);
          p[i] -= (0.1 * mh) / (Math.sqrt(vh) + 1e-8);
        }
      });
      expectClose(got, want, 4);
    }
    const p = tensor([1]).requiresGrad_();
    expect(new AdamW([p], { lr: 0.1 }).paramGroups[0].hp.weightDecay).toBe(0.01);
  });

  it('RMSprop (plain, centered, momentum) and Adagrad', () => {
    for (const [centered, mu] of [
      [false, 0],
      [true, 0],
      [false, 0.5],
    ] as const) {
      const got = run((p) => new RMSprop([p], { lr: 0.01, alpha: 0.9, centered, momentum: mu }), 5);
      const want = reference(5, (g, p, _t, s) => {
        s.v ??= zeros();
        s.a ??= zeros();
        s.b ??= zeros();
        for (let i = 0; i < p.length; i++) {
          s.v[i] = 0.9 * s.v[i] + 0.1 * g[i] * g[i];
          s.a[i] = 0.9 * s.a[i] + 0.1 * g[i];
          const denom = Math.sqrt(centered ? s.v[i] - s.a[i] ** 2 : s.v[i]) + 1e-8;
          if (mu > 0) {
            s.b[i] = mu * s.b[i] + g[i] / denom;
            p[i] -= 0.01 * s.b[i];
          } else p[i] -= (0.01 * g[i]) / denom;
        }
      });
      expectClose(got, want, 4);
    }
    const got = run((p) => new Adagrad([p], { lr: 0.5, lrDecay: 0.1, initialAccumulatorValue: 0.1 }), 5);
    const want = reference(5, (g, p, t, s) => {
      s.sum ??= start.map(() => 0.1);
      for (let i = 0; i < p.length; i++) {
        s.sum[i] += g[i] * g[i];
        p[i] -= ((0.5 / (1 + (t - 1) * 0.1)) * g[i]) / (Math.sqrt(s.sum[i]) + 1e-10);
      }
    });
    expectClose(got, want, 4);
  });

  it('keep memory flat across steps', () => {
    const p = tensor([1, 2, 3]).requiresGrad_();
    const opt = new Adam([p], { lr: 0.1 });
    // The forward/backward is the caller's to tidy; the step itself must leave nothing behind.
    const step = () =>
      tidy(() => {
        opt.zeroGrad();
        p.square().sum().backward();
        opt.step();
      });
    step();
    step();
    const before = memory().tensors;
    for (let i = 0; i < 10; i++) step();
    expect(memory().tensors).toBe(before);
  });

  it('refuse no parameters, non-trainable parameters and bad hyper-parameters', () => {
    expect(() => new SGD([], { lr: 0.1 })).toThrow(
      'SGD(params): expected at least one parameter to optimize, got none',
    );
    expect(() => new Adam([tensor([1])], { lr: 0.1 })).toThrow(/does not require grad/);
    const p = tensor([1]).requiresGrad_();
    expect(() => new SGD([p], { lr: -1 })).toThrow(/lr must be a finite number ≥ 0, got -1/);
    expect(() => new SGD([p], { lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum needs momentum > 0/);
    expect(() => new Adam([p], { lr: 0.1, betas: [1, 0.9] })).toThrow(
      /betas\[0\] must be a number in \[0, 1\)/,
    );
    expect(() => new SGD([p, p], { lr: 0.1 })).toThrow(/appears more than once/);
    expect(() => new SGD(undefined as unknown as Tensor[], { lr: 0.1 })).toThrow(
      /expected an array of parameters/,
    );
  });

  it('param groups take their own hyper-parameters', () => {
    const a = tensor([1]).requiresGrad_();
    const b = tensor([1]).requiresGrad_();
    const opt = new SGD([{ params: [a] }, { params: [b], options: { lr: 0.5 } }], { lr: 0.1 });
    a.mul(1).sum().backward();
    b.mul(1).sum().backward();
    opt.step();
    expect(a.item()).toBeCloseTo(0.9, 6);
    expect(b.item()).toBeCloseTo(0.5, 6);
  });
});

describe('schedulers', () => {
  const sequence = (make: (o: SGD) => { step(): void }, n: number) => {
    const opt = new SGD([tensor([1]).requiresGrad_()], { lr: 0.1 });
    const s = make(opt);
    const out = [opt.lr];
    for (let i = 0; i < n; i++) {
      s.step();
      out.push(opt.lr);
    }
    return out;
  };

  it('match PyTorch’s learning-rate sequences', () => {
    expectClose(
      sequence((o) => new StepLR(o, 2, 0.5), 5),
      [0.1, 0.1, 0.05, 0.05, 0.025, 0.025],
      8,
    );
    expectClose(
      sequence((o) => new ExponentialLR(o, 0.9), 3),
      [0.1, 0.09, 0.081, 0.0729],
      8,
    );
    expectClose(
      sequence((o) => new CosineAnnealingLR(o, 4, 0.02), 4),
      [0.1, 0.02 + (0.08 * (1 + Math.SQRT1_2)) / 2, 0.06, 0.02 + (0.08 * (1 - Math.SQRT1_2)) / 2, 0.02],
      8,
    );
    expectClose(
      sequence((o) => new LinearLR(o, 0.25, 1, 3), 4),
      [0.025, 0.05, 0.075, 0.1, 0.1],
      8,
    );
  });

  it('refuse bad arguments', () => {
    const opt = new SGD([tensor([1]).requiresGrad_()], { lr: 0.1 });
    expect(() => new StepLR(opt, 0)).toThrow(
      'StepLR(optimizer, stepSize): stepSize must be a positive integer, got 0',
    );
    expect(() => new StepLR({} as SGD, 1)).toThrow(/expected an optimizer/);
  });
});

describe('gradient clipping and penalties', () => {
  it('clipGradNorm_ rescales to the max norm and returns the original norm', () => {
    const a = tensor([3, 0]).requiresGrad_();
    const b = tensor([4]).requiresGrad_();
    a.mul(tensor([1, 0]))
      .sum()
      .mul(3)
      .backward();
    b.mul(4).sum().backward();
    expect(clipGradNorm_([a, b], 1)).toBeCloseTo(5, 5);
    expectClose([...a.grad!.dataSync(), ...b.grad!.dataSync()], [0.6, 0, 0.8]);
    expect(clipGradNorm_([a, b], 10)).toBeCloseTo(1, 4);
  });

  it('clipGradValue_ clamps each element; penalties add λ‖w‖', () => {
    const a = tensor([1, 1, 1]).requiresGrad_();
    a.mul(tensor([-5, 0.5, 2]))
      .sum()
      .backward();
    clipGradValue_([a], 1);
    expect(Array.from(a.grad!.dataSync())).toEqual([-1, 0.5, 1]);
    const w = tensor([1, -2]);
    expect(l1Penalty([w, tensor([3])], 0.1).item()).toBeCloseTo(0.6, 6);
    expect(l2Penalty([w], 0.5).item()).toBeCloseTo(2.5, 6);
    expect(() => clipGradNorm_([a], -1)).toThrow(/maxNorm must be ≥ 0/);
  });
});
