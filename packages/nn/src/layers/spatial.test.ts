import { Generator, gradcheck, randn, type Tensor, tensor } from '@plasticity/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Conv1d, Conv2d } from './conv';
import { Embedding } from './embedding';
import { BatchNorm1d, BatchNorm2d, LayerNorm } from './norm';
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from './pool';

const flat = (t: Tensor | tf.Tensor) => Array.from(t.dataSync() as Float32Array);
/** [N, C, H, W] → tfjs NHWC. */
const nhwc = (t: Tensor) =>
  tf.tensor4d(flat(t), t.shape as [number, number, number, number]).transpose([0, 2, 3, 1]);
const nchw = (t: tf.Tensor) => t.transpose([0, 3, 1, 2]);
const hwio = (w: Tensor) =>
  tf.tensor4d(flat(w), w.shape as [number, number, number, number]).transpose([2, 3, 1, 0]);

function expectClose(a: number[], b: number[], digits = 4) {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    expect(v).toBeCloseTo(b[i], digits);
  });
}

const seeded = (shape: number[], seed: number) => randn(shape, { generator: new Generator(seed) });

describe('Conv2d', () => {
  it('equals tfjs conv2d (NHWC/HWIO) with stride, padding and dilation', () => {
    for (const [stride, padding, dilation] of [
      [1, 0, 1],
      [2, 1, 1],
      [1, 2, 2],
    ] as const) {
      const conv = new Conv2d(3, 4, 3, { stride, padding, dilation, generator: new Generator(1) });
      const x = seeded([2, 3, 9, 8], 2);
      const layer = tf.layers.conv2d({
        filters: 4,
        kernelSize: 3,
        strides: stride,
        dilationRate: dilation,
        padding: 'valid',
        inputShape: [9 + 2 * padding, 8 + 2 * padding, 3],
      });
      layer.build([null, 9 + 2 * padding, 8 + 2 * padding, 3]);
      layer.setWeights([hwio(conv.weight), tf.tensor1d(flat(conv.bias!))]);
      const padded = tf.pad(nhwc(x), [
        [0, 0],
        [padding, padding],
        [padding, padding],
        [0, 0],
      ]);
      const expected = nchw(layer.apply(padded) as tf.Tensor);
      const got = conv.call(x);
      expect(got.shape).toEqual(expected.shape);
      expectClose(flat(got), flat(expected));
    }
  });

  it("equals tfjs with padding 'same' (odd and even kernels) and depthwise groups", () => {
    for (const k of [3, 4]) {
      const conv = new Conv2d(2, 3, k, { padding: 'same', generator: new Generator(3) });
      const x = seeded([1, 2, 6, 7], 4);
      const layer = tf.layers.conv2d({ filters: 3, kernelSize: k, padding: 'same', inputShape: [6, 7, 2] });
      layer.build([null, 6, 7, 2]);
      layer.setWeights([hwio(conv.weight), tf.tensor1d(flat(conv.bias!))]);
      // tfjs, like TensorFlow, pads the extra row of an even kernel at the bottom — as PyTorch does.
      expectClose(flat(conv.call(x)), flat(nchw(layer.apply(nhwc(x)) as tf.Tensor)));
    }
    const dw = new Conv2d(3, 3, 3, { groups: 3, generator: new Generator(5) });
    const x = seeded([2, 3, 5, 5], 6);
    const layer = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 1, inputShape: [5, 5, 3] });
    layer.build([null, 5, 5, 3]);
    layer.setWeights([hwio(dw.weight).transpose([0, 1, 3, 2]), tf.tensor1d(flat(dw.bias!))]);
    expectClose(flat(dw.call(x)), flat(nchw(layer.apply(nhwc(x)) as tf.Tensor)));
  });

  it('passes gradcheck and names the expected shape', () => {
    const conv = new Conv2d(2, 2, 2, { stride: 1, padding: 1, generator: new Generator(7) });
    const x = seeded([1, 2, 3, 3], 8);
    expect(
      gradcheck(
        (a: Tensor, w: Tensor) => a.conv2d(w, conv.bias, { padding: 1 }).square().sum(),
        [x, conv.weight.detach()],
      ).ok,
    ).toBe(true);
    expect(() => conv.call(seeded([1, 3, 3, 3], 9))).toThrow(
      'Conv2d(2, 2, kernel=2×2, padding=1×1).forward(x): expected input of shape [N, 2, H, W], got [1,3,3,3]',
    );
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(/groups 2 must divide inChannels 3/);
  });

  it('Conv1d equals tfjs conv1d and passes gradcheck', () => {
    const conv = new Conv1d(2, 3, 3, { stride: 2, generator: new Generator(10) });
    const x = seeded([2, 2, 9], 11);
    const layer = tf.layers.conv1d({ filters: 3, kernelSize: 3, strides: 2, inputShape: [9, 2] });
    layer.build([null, 9, 2]);
    const w = tf.tensor3d(flat(conv.weight), [3, 2, 3]).transpose([2, 1, 0]);
    layer.setWeights([w, tf.tensor1d(flat(conv.bias!))]);
    const expected = (
      layer.apply(tf.tensor3d(flat(x), [2, 2, 9]).transpose([0, 2, 1])) as tf.Tensor
    ).transpose([0, 2, 1]);
    expectClose(flat(conv.call(x)), flat(expected));
    const small = seeded([1, 2, 5], 12);
    expect(gradcheck((a: Tensor) => conv.call(a).square().sum(), [small]).ok).toBe(true);
  });
});

describe('pooling', () => {
  const x = seeded([2, 3, 6, 6], 13);
  it('MaxPool2d and AvgPool2d equal tfjs', () => {
    const mp = tf.layers.maxPooling2d({ poolSize: 3, strides: 2 });
    expectClose(flat(new MaxPool2d(3, { stride: 2 }).call(x)), flat(nchw(mp.apply(nhwc(x)) as tf.Tensor)));
    const ap = tf.layers.averagePooling2d({ poolSize: 2 });
    expectClose(flat(new AvgPool2d(2).call(x)), flat(nchw(ap.apply(nhwc(x)) as tf.Tensor)));
  });

  it('AdaptiveAvgPool2d equals global pooling for 1×1 and PyTorch’s bins otherwise', () => {
    const gap = tf.layers.globalAveragePooling2d({});
    expectClose(flat(new AdaptiveAvgPool2d(1).call(x)), flat(gap.apply(nhwc(x)) as tf.Tensor));
    const y = tensor([[[[1, 2, 3, 4, 5]]]]);
    // 5 → 3 bins: [0,2), [1,4), [3,5)
    expectClose(flat(new AdaptiveAvgPool2d([1, 3]).call(y)), [1.5, 3, 4.5]);
    expect(new AdaptiveAvgPool2d([2, 3]).call(x).shape).toEqual([2, 3, 2, 3]);
  });

  it('pass gradcheck and refuse non-4-D input', () => {
    const small = seeded([1, 1, 4, 5], 14);
    for (const layer of [new MaxPool2d(2), new AvgPool2d(2, { stride: 1 }), new AdaptiveAvgPool2d([3, 2])]) {
      expect(gradcheck((a: Tensor) => layer.call(a).mul(layer.call(a)).sum(), [small]).ok).toBe(true);
    }
    expect(() => new MaxPool2d(2).call(seeded([3, 4, 4], 1))).toThrow(
      /MaxPool2d\(kernel=2×2\)\.forward\(x\): expected input of shape \[N, C, H, W\], got \[3,4,4\]/,
    );
  });
});

describe('normalisation', () => {
  it('BatchNorm2d equals tfjs in training and inference, and tracks PyTorch’s running statistics', () => {
    const bn = new BatchNorm2d(3);
    const gamma = [1.5, 0.5, -1];
    const beta = [0.1, 0.2, 0.3];
    bn.weight!.detach().copy_(tensor(gamma));
    bn.bias!.detach().copy_(tensor(beta));
    const x = seeded([4, 3, 2, 2], 15);
    // Channels-last in tfjs: its training-mode batch norm on axis 1 broadcasts the statistics wrongly.
    const layer = tf.layers.batchNormalization({ axis: -1, epsilon: 1e-5, momentum: 0.9 });
    layer.build([null, 2, 2, 3]);
    layer.setWeights([tf.tensor1d(gamma), tf.tensor1d(beta), tf.zeros([3]), tf.ones([3])]);
    const xt = nhwc(x);
    expectClose(flat(bn.call(x)), flat(nchw(layer.apply(xt, { training: true }) as tf.Tensor)));
    // running stats: 0.9·init + 0.1·batch (unbiased variance)
    const values = (c: number) => flat(x.narrow(1, c, 1));
    for (let c = 0; c < 3; c++) {
      const v = values(c);
      const m = v.reduce((s, a) => s + a, 0) / v.length;
      const uv = v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1);
      expect(flat(bn.running_mean!)[c]).toBeCloseTo(0.1 * m, 5);
      expect(flat(bn.running_var!)[c]).toBeCloseTo(0.9 + 0.1 * uv, 5);
    }
    expect(bn.num_batches_tracked!.item()).toBe(1);
    bn.eval();
    layer.setWeights([
      tf.tensor1d(gamma),
      tf.tensor1d(beta),
      tf.tensor1d(flat(bn.running_mean!)),
      tf.tensor1d(flat(bn.running_var!)),
    ]);
    expectClose(flat(bn.call(x)), flat(nchw(layer.apply(xt, { training: false }) as tf.Tensor)));
    expect(Object.keys(bn.stateDict())).toEqual([
      'weight',
      'bias',
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
  });

  it('BatchNorm1d normalises each feature over the batch and passes gradcheck', () => {
    const bn = new BatchNorm1d(2);
    const y = bn.call(
      tensor([
        [1, 10],
        [3, 30],
      ]),
    );
    expectClose(flat(y), [-1, -1, 1, 1], 3);
    const x = seeded([5, 2], 16);
    expect(
      gradcheck(
        (a: Tensor) =>
          bn
            .call(a)
            .mul(tensor([[1, 2]]))
            .square()
            .sum(),
        [x],
      ).ok,
    ).toBe(true);
    expect(() => bn.call(tensor([[1, 2]]))).toThrow(/expected more than 1 value per channel when training/);
    expect(() => bn.call(seeded([2, 3], 1))).toThrow(
      /BatchNorm1d\(2\)\.forward\(x\): expected input of shape \[N, 2\] or \[N, 2, L\], got \[2,3\]/,
    );
  });

  it('LayerNorm equals tfjs layerNormalization and passes gradcheck', () => {
    const ln = new LayerNorm(4);
    ln.weight!.detach().copy_(tensor([1, 2, 0.5, -1]));
    ln.bias!.detach().copy_(tensor([0, 0.1, 0.2, 0.3]));
    const x = seeded([2, 3, 4], 17);
    const layer = tf.layers.layerNormalization({ axis: -1, epsilon: 1e-5 });
    layer.build([null, 3, 4]);
    layer.setWeights([tf.tensor1d([1, 2, 0.5, -1]), tf.tensor1d([0, 0.1, 0.2, 0.3])]);
    expectClose(flat(ln.call(x)), flat(layer.apply(tf.tensor3d(flat(x), [2, 3, 4])) as tf.Tensor));
    expect(
      gradcheck(
        (a: Tensor) =>
          ln
            .call(a)
            .mul(tensor([1, -2, 3, 0.5]))
            .square()
            .sum(),
        [seeded([2, 4], 18)],
      ).ok,
    ).toBe(true);
    expect(() => ln.call(seeded([2, 5], 1))).toThrow(
      /LayerNorm\(\[4\]\)\.forward\(x\): expected input of shape \[\.\.\., 4\], got \[2,5\]/,
    );
  });
});

describe('Embedding', () => {
  it('equals tfjs embedding, zeroes the padding row and its gradient', () => {
    const emb = new Embedding(5, 3, { generator: new Generator(19), paddingIdx: 0 });
    const layer = tf.layers.embedding({ inputDim: 5, outputDim: 3 });
    layer.build([null, 4]);
    layer.setWeights([tf.tensor2d(emb.weight.toArraySync() as number[][])]);
    const idx = [
      [1, 4, 0, 2],
      [3, 3, 1, 0],
    ];
    const got = emb.call(tensor(idx, { dtype: 'int32' }));
    expect(got.shape).toEqual([2, 4, 3]);
    expectClose(flat(got), flat(layer.apply(tf.tensor2d(idx, [2, 4], 'int32')) as tf.Tensor));
    expect(flat(emb.weight.narrow(0, 0, 1))).toEqual([0, 0, 0]);
    got.sum().backward();
    const g = emb.weight.grad!.toArraySync() as number[][];
    expect(g[0]).toEqual([0, 0, 0]);
    expect(g[3]).toEqual([2, 2, 2]);
  });

  it('refuses float or out-of-range indices', () => {
    const emb = new Embedding(4, 2);
    expect(() => emb.call(tensor([1, 2]))).toThrow(
      'Embedding(4, 2).forward(x): expected a int32 input, got float32',
    );
    expect(() => emb.call(tensor([1, 4], { dtype: 'int32' }))).toThrow(
      /index 4 at flat position 1 is outside 0\.\.3/,
    );
  });
});
