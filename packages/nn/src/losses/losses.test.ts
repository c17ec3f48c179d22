import { Generator, gradcheck, randn, type Tensor, tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import {
  bceLoss,
  bceWithLogitsLoss,
  crossEntropyLoss,
  hingeLoss,
  klDivLoss,
  multiMarginLoss,
  nllLoss,
} from './classification';
import { BCEWithLogitsLoss, CrossEntropyLoss } from './modules';
import { huberLoss, l1Loss, MSELoss, mseLoss } from './regression';

const num = (t: Tensor) => t.item();
const int = (v: number[]) => tensor(v, { dtype: 'int32' });

/** PyTorch's cross-entropy with class weights and label smoothing, written out with plain numbers. */
function referenceCE(
  logits: number[][],
  target: number[],
  weight: number[] | null,
  eps: number,
  ignore = -100,
): number {
  let num_ = 0;
  let den = 0;
  logits.forEach((row, i) => {
    if (target[i] === ignore) return;
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    const logp = row.map((v) => v - lse);
    const w = (c: number) => (weight === null ? 1 : weight[c]);
    const nll = -w(target[i]) * logp[target[i]];
    const smooth = -logp.reduce((s, lp, c) => s + w(c) * lp, 0);
    num_ += (1 - eps) * nll + (eps / row.length) * smooth;
    den += w(target[i]);
  });
  return num_ / den;
}

describe('regression losses', () => {
  const x = tensor([1, 2, 3, 6]);
  const y = tensor([1.5, 2, 1, 3]);
  it('MSE, L1 and Huber match hand-worked values', () => {
    expect(num(mseLoss(x, y))).toBeCloseTo((0.25 + 0 + 4 + 9) / 4, 6);
    expect(num(mseLoss(x, y, { reduction: 'sum' }))).toBeCloseTo(13.25, 5);
    expect(mseLoss(x, y, { reduction: 'none' }).toArraySync()).toEqual([0.25, 0, 4, 9]);
    expect(num(l1Loss(x, y))).toBeCloseTo((0.5 + 0 + 2 + 3) / 4, 6);
    // Huber δ = 1: ½·0.25, 0, 2 − ½, 3 − ½
    expect(num(huberLoss(x, y))).toBeCloseTo((0.125 + 0 + 1.5 + 2.5) / 4, 6);
    expect(num(new MSELoss().call(x, y))).toBeCloseTo(13.25 / 4, 6);
  });

  it('pass gradcheck', () => {
    const a = randn([3, 2], { generator: new Generator(1) });
    const b = randn([3, 2], { generator: new Generator(2) });
    expect(gradcheck((p: Tensor) => mseLoss(p, b), [a]).ok).toBe(true);
    expect(gradcheck((p: Tensor) => l1Loss(p, b), [a]).ok).toBe(true);
    expect(gradcheck((p: Tensor) => huberLoss(p, b, { delta: 0.7 }), [a]).ok).toBe(true);
  });

  it('refuse mismatched shapes and integer targets', () => {
    expect(() => mseLoss(x, tensor([1, 2]))).toThrow(
      'mseLoss(input, target): input [4] and target [2] must have the same shape',
    );
    expect(() => mseLoss(x, int([1, 2, 3, 4]))).toThrow(/target must be float32/);
    expect(() => mseLoss(x, y, { reduction: 'avg' as 'mean' })).toThrow(
      /reduction must be 'mean', 'sum' or 'none'/,
    );
  });
});

describe('classification losses', () => {
  it('cross-entropy equals PyTorch’s formula, with weights, label smoothing and ignoreIndex', () => {
    const logits = [
      [1, 2, 3],
      [0.5, -1, 2],
      [3, 0, -2],
      [0, 0, 0],
    ];
    const target = [2, 0, 0, 1];
    const w = [0.2, 1, 3];
    const x = tensor(logits);
    expect(num(crossEntropyLoss(tensor([[1, 2, 3]]), int([2])))).toBeCloseTo(0.4076059, 5);
    expect(num(crossEntropyLoss(tensor([[1, 2, 3]]), int([2]), { labelSmoothing: 0.1 }))).toBeCloseTo(
      0.5076055,
      5,
    );
    for (const eps of [0, 0.1, 0.3]) {
      for (const weight of [null, w]) {
        const opts = { labelSmoothing: eps, weight: weight === null ? undefined : tensor(weight) };
        expect(num(crossEntropyLoss(x, int(target), opts))).toBeCloseTo(
          referenceCE(logits, target, weight, eps),
          5,
        );
        expect(num(crossEntropyLoss(x, int([2, -100, 0, 1]), opts))).toBeCloseTo(
          referenceCE(logits, [2, -100, 0, 1], weight, eps),
          5,
        );
      }
    }
    expect(num(new CrossEntropyLoss().call(x, int(target)))).toBeCloseTo(
      referenceCE(logits, target, null, 0),
      5,
    );
    expect(crossEntropyLoss(x, int(target), { reduction: 'none' }).shape).toEqual([4]);
  });

  it('cross-entropy accepts probability targets and [N, C, L] inputs', () => {
    const x = tensor([[1, 2, 3]]);
    expect(num(crossEntropyLoss(x, tensor([[0, 0, 1]])))).toBeCloseTo(0.4076059, 5);
    const seq = randn([2, 3, 4], { generator: new Generator(3) });
    const labels = int([0, 1, 2, 1, 2, 2, 0, 1]);
    const perm = seq.permute(0, 2, 1).reshape([8, 3]);
    expect(num(crossEntropyLoss(seq, labels.reshape([2, 4])))).toBeCloseTo(
      num(crossEntropyLoss(perm, labels)),
      5,
    );
  });

  it('NLL of log-softmax equals cross-entropy', () => {
    const x = randn([5, 4], { generator: new Generator(4) });
    const t = int([0, 3, 1, 1, 2]);
    expect(num(nllLoss(x.logSoftmax(1), t))).toBeCloseTo(num(crossEntropyLoss(x, t)), 5);
  });

  it('BCE and BCE-with-logits agree and match hand values', () => {
    const logits = tensor([-2, 0, 3]);
    const y = tensor([0, 1, 1]);
    const p = logits.sigmoid();
    const expected =
      (-Math.log(1 - 1 / (1 + Math.exp(2))) - Math.log(0.5) - Math.log(1 / (1 + Math.exp(-3)))) / 3;
    expect(num(bceLoss(p, y))).toBeCloseTo(expected, 5);
    expect(num(bceWithLogitsLoss(logits, y))).toBeCloseTo(expected, 5);
    expect(num(new BCEWithLogitsLoss().call(tensor([1000, -1000]), tensor([1, 0])))).toBe(0);
    // posWeight p multiplies the positive term: y·p·(−log σ(x))
    expect(num(bceWithLogitsLoss(tensor([0]), tensor([1]), { posWeight: tensor([3]) }))).toBeCloseTo(
      3 * Math.log(2),
      5,
    );
  });

  it('KL divergence, hinge and multi-margin match hand values', () => {
    const q = tensor([[0.5, 0.5]]);
    const p = tensor([[0.25, 0.75]]);
    const kl = 0.25 * Math.log(0.25 / 0.5) + 0.75 * Math.log(0.75 / 0.5);
    expect(num(klDivLoss(q.log(), p, { reduction: 'batchmean' }))).toBeCloseTo(kl, 6);
    expect(num(klDivLoss(q.log(), p.log(), { reduction: 'sum', logTarget: true }))).toBeCloseTo(kl, 6);
    expect(num(klDivLoss(q.log(), tensor([[0, 1]]), { reduction: 'sum' }))).toBeCloseTo(Math.log(2), 6);
    expect(num(hingeLoss(tensor([2, 0.5, -1]), tensor([1, 1, 1])))).toBeCloseTo((0 + 0.5 + 2) / 3, 6);
    // row [1, 2, 0.5], y = 0: (max(0, 1−1+2) + max(0, 1−1+0.5)) / 3
    expect(num(multiMarginLoss(tensor([[1, 2, 0.5]]), int([0])))).toBeCloseTo(2.5 / 3, 6);
  });

  it('pass gradcheck', () => {
    const x = randn([4, 3], { generator: new Generator(5) });
    const t = int([0, 2, 1, 2]);
    const w = tensor([0.5, 2, 1]);
    expect(gradcheck((a: Tensor) => crossEntropyLoss(a, t, { weight: w, labelSmoothing: 0.2 }), [x]).ok).toBe(
      true,
    );
    expect(gradcheck((a: Tensor) => nllLoss(a.logSoftmax(1), t), [x]).ok).toBe(true);
    const y = tensor([
      [0, 1, 1],
      [1, 0, 0],
      [0.5, 1, 0],
      [1, 1, 0],
    ]);
    expect(
      gradcheck((a: Tensor) => bceWithLogitsLoss(a, y, { posWeight: tensor([2, 1, 0.5]) }), [x]).ok,
    ).toBe(true);
    const probs = tensor([
      [0.2, 0.7, 0.4],
      [0.9, 0.1, 0.5],
      [0.3, 0.6, 0.2],
      [0.8, 0.4, 0.3],
    ]);
    expect(gradcheck((a: Tensor) => bceLoss(a, y), [probs]).ok).toBe(true);
    expect(
      gradcheck(
        (a: Tensor) => klDivLoss(a.logSoftmax(1), x.softmax(1).detach(), { reduction: 'batchmean' }),
        [x.mul(0.5)],
      ).ok,
    ).toBe(true);
    expect(
      gradcheck(
        (a: Tensor) =>
          hingeLoss(
            a,
            tensor([
              [1, -1, 1],
              [-1, -1, 1],
              [1, 1, -1],
              [-1, 1, 1],
            ]),
          ),
        [x.mul(0.3)],
      ).ok,
    ).toBe(true);
    expect(gradcheck((a: Tensor) => multiMarginLoss(a, t), [x]).ok).toBe(true);
  });

  it('refuse targets of the wrong dtype or range', () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => crossEntropyLoss(x, tensor([2]))).toThrow(
      /probability targets must have the input's shape \[1,3\], got \[1\]/,
    );
    expect(() => crossEntropyLoss(x, tensor([2], { dtype: 'bool' }))).toThrow(
      /target must hold int32 class indices.*got bool/,
    );
    expect(() => crossEntropyLoss(x, int([3]))).toThrow(
      'crossEntropyLoss(input, target): target class 3 at index 0 is outside 0..2',
    );
    expect(() => crossEntropyLoss(x, int([1, 2]))).toThrow(/one class index per input row \(1\)/);
    expect(() => crossEntropyLoss(x, int([1]), { weight: tensor([1, 2]) })).toThrow(
      /options\.weight must have shape \[3\]/,
    );
    expect(() => crossEntropyLoss(x, int([1]), { labelSmoothing: 1.5 })).toThrow(
      /labelSmoothing must be a number in \[0, 1\]/,
    );
    expect(() => bceLoss(tensor([1.5]), tensor([1]))).toThrow(
      /input must hold probabilities in \[0, 1\].*found 1.5/,
    );
    expect(() => bceWithLogitsLoss(tensor([1]), tensor([2]))).toThrow(
      /target must hold values in \[0, 1\], found 2/,
    );
    expect(() => hingeLoss(tensor([1]), tensor([0]))).toThrow(/labels −1 or \+1, found 0/);
    expect(() => nllLoss(x, tensor([0.5]))).toThrow(/target must hold int32 class indices/);
  });
});
