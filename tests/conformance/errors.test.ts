import * as core from '@plasticity/core';
import {
  type Backend,
  createCpuBackend,
  debug,
  keep,
  PlasticityError,
  type Tensor,
  tensor,
  tidy,
  withMissingKernelErrors,
} from '@plasticity/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

// Bad input: every message names the op (as called), and the offending shapes, values or dtypes.
// Each expectation spells out the message, with regex escapes for ( ) [ ] . only.

let cpu: Backend;
beforeAll(() => {
  cpu = createCpuBackend({ name: 'errors-cpu' });
});

const t = (data: Parameters<typeof tensor>[0], options: { dtype?: core.DType; shape?: number[] } = {}) =>
  tensor(data, { ...options, backend: cpu });
const zerosOf = (shape: number[], dtype: core.DType = 'float32') =>
  core.zeros(shape, { backend: cpu, dtype });

describe('shape mismatches name the op and the clashing dimensions', () => {
  it('matmul: inner dimensions', () => {
    expect(() => core.matmul(zerosOf([3, 4]), zerosOf([5, 2]))).toThrow(
      'matmul(a, b): inner dimensions differ: a is [3,4], b is [5,2] (4 ≠ 5)',
    );
    expect(() => core.matmul(zerosOf([2, 3, 4]), zerosOf([3]))).toThrow(
      /^matmul\(a, b\): inner dimensions differ: a is \[2,3,4\], b is \[3,1\] \(4 ≠ 3\)$/,
    );
    expect(() => zerosOf([3]).matmul(zerosOf([4, 2]))).toThrow(
      /^matmul\(a, b\): inner dimensions differ: a is \[1,3\], b is \[4,2\] \(3 ≠ 4\)$/,
    );
    expect(() => core.matmul(zerosOf([]), zerosOf([2]))).toThrow(
      'matmul(a, b): both operands need at least one dimension: a is [], b is [2] (use mul for scalars)',
    );
  });

  it('matmul: batch dimensions that do not broadcast', () => {
    expect(() => core.matmul(zerosOf([2, 3, 4]), zerosOf([3, 4, 5]))).toThrow(
      'matmul(a, b): shapes [2] and [3] cannot be broadcast: dimension 0 of the first is 2, dimension 0 of the second is 3 (they must be equal, or one of them 1)',
    );
  });

  it('elementwise broadcasting: names both shapes and the dimension of each operand', () => {
    expect(() => core.add(zerosOf([2, 3]), zerosOf([4, 3]))).toThrow(
      'add(a, b): shapes [2,3] and [4,3] cannot be broadcast: dimension 0 of the first is 2, dimension 0 of the second is 4 (they must be equal, or one of them 1)',
    );
    expect(() => core.mul(zerosOf([2, 3, 4]), zerosOf([5, 4]))).toThrow(
      'mul(a, b): shapes [2,3,4] and [5,4] cannot be broadcast: dimension 1 of the first is 3, dimension 0 of the second is 5',
    );
    expect(() => zerosOf([3]).gt(zerosOf([2]))).toThrow(
      /^gt\(a, b\): shapes \[3\] and \[2\] cannot be broadcast/,
    );
    expect(() => core.where(zerosOf([2], 'bool'), zerosOf([3]), 0)).toThrow(
      'where(condition, a, b): shapes [2] and [3] cannot be broadcast: dimension 0 of the first is 2, dimension 0 of the second is 3',
    );
    expect(() => core.broadcastShapes('myOp(x, y)', [0], [2])).toThrow(
      'myOp(x, y): shapes [0] and [2] cannot be broadcast: dimension 0 of the first is 0, dimension 0 of the second is 2',
    );
  });

  it('reshape, expand, concat, stack', () => {
    expect(() => core.reshape(zerosOf([2, 3]), [4, 4])).toThrow(
      'reshape(x, [4,4]): shape [2,3] has 6 elements, which cannot be viewed as [4,4] (16)',
    );
    expect(() => core.reshape(zerosOf([2, 3]), [4, -1])).toThrow(
      'reshape(x, [4,-1]): cannot infer dimension 1: 6 elements do not divide into 4',
    );
    expect(() => core.reshape(zerosOf([2, 3]), [-1, -1])).toThrow(
      'reshape(x, [-1,-1]): only one dimension can be -1',
    );
    expect(() => core.expand(zerosOf([2, 3]), [2, 4])).toThrow(
      'expand(x, [2,4]): dimension 1 has size 3, which can only expand if it is 1 (target 4)',
    );
    expect(() => core.expand(zerosOf([2, 3]), [3])).toThrow(
      'expand(x, [3]): target has fewer dims (1) than the tensor [2,3]',
    );
    expect(() => core.concat([zerosOf([2, 3]), zerosOf([2, 4])], 0)).toThrow(
      'concat(tensors, 0): tensor 1 has shape [2,4], which differs from [2,3] outside dimension 0',
    );
    expect(() => core.concat([zerosOf([2, 3]), zerosOf([2, 3, 1])], 1)).toThrow(
      'concat(tensors, 1): tensor 1 has shape [2,3,1], which differs from [2,3] outside dimension 1',
    );
    expect(() => core.concat([])).toThrow('concat(tensors, 0): expected at least one tensor');
    expect(() => core.stack([zerosOf([2, 3]), zerosOf([3, 2])])).toThrow(
      'stack(tensors, 0): tensor 1 has shape [3,2], tensor 0 has [2,3]',
    );
  });

  it('conv2d and pooling geometry', () => {
    expect(() => core.conv2d(zerosOf([1, 3, 5, 5]), zerosOf([4, 2, 3, 3]))).toThrow(
      'conv2d(x, weight): x has 3 channels but weight [4,2,3,3] expects 2 (2 per group × 1 groups)',
    );
    expect(() => core.conv2d(zerosOf([1, 3, 5]), zerosOf([4, 3, 3, 3]))).toThrow(
      'conv2d(x, weight): x must be [N, C, H, W], got [1,3,5]',
    );
    expect(() => core.conv2d(zerosOf([1, 3, 2, 5]), zerosOf([4, 3, 3, 3]))).toThrow(
      'conv2d(x, weight): input size 2 with padding 0 is too small for kernel 3 (dilation 1)',
    );
    expect(() => core.conv2d(zerosOf([1, 4, 5, 5]), zerosOf([3, 2, 3, 3]), null, { groups: 2 })).toThrow(
      'conv2d(x, weight): groups 2 must divide both in channels 4 and out channels 3',
    );
    expect(() => core.conv2d(zerosOf([1, 3, 5, 5]), zerosOf([4, 3, 3, 3]), zerosOf([3]))).toThrow(
      'conv2d(x, weight): bias must be [4], got [3]',
    );
    expect(() => core.conv2d(zerosOf([1, 3, 5, 5]), zerosOf([4, 3, 3, 3]), null, { stride: 0 })).toThrow(
      'conv2d(x, weight): stride must be positive integers, got [0,0]',
    );
    expect(() => core.maxPool2d(zerosOf([1, 1, 4, 4]), { kernelSize: 2, padding: 2 })).toThrow(
      'maxPool2d(x): padding [2,2] must be between 0 and half the kernel [2,2]',
    );
    expect(() => core.avgPool2d(zerosOf([4, 4]), 2)).toThrow(
      'avgPool2d(x): x must be [N, C, H, W], got [4,4]',
    );
    expect(() => core.maxPool2d(zerosOf([1, 1, 1, 4]), 2)).toThrow(
      'maxPool2d(x): input size 1 with padding 0 is too small for kernel 2',
    );
  });

  it('gather, scatterAdd and backward(gradient) shapes', () => {
    const idx = t(Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1]), { shape: [2, 4] });
    expect(() => core.gather(zerosOf([3, 3]), 0, idx)).toThrow(
      'gather(x, 0, index): index [2,4] must have 2 dims and no dimension larger than x [3,3] (except dim 0)',
    );
    expect(() => core.scatterAdd(zerosOf([3, 4]), 0, idx, zerosOf([4, 2]))).toThrow(
      'scatterAdd(x, 0, index, src): index [2,4] and src [4,2] must have the same shape',
    );
    const x = t([1, 2]).requiresGrad_();
    expect(() => x.mul(2).backward(t([1, 2, 3]))).toThrow(
      'backward(gradient): gradient shape [3] does not match output shape [2]',
    );
  });

  it('tensor() data that does not fit its shape', () => {
    expect(() => t([[1, 2], [3]] as number[][])).toThrow(
      'tensor(data): ragged nested array: at [1] expected 2 elements (like the first row), got 1',
    );
    expect(() => t(Float32Array.from([1, 2, 3]), { shape: [2, 2] })).toThrow(
      'tensor(data): shape [2,2] needs 4 elements, the typed array has 3',
    );
    expect(() => t([1, 2, 3], { shape: [2] })).toThrow(
      'tensor(data): shape [2] needs 2 elements, data has 3',
    );
    expect(() => core.zeros([2, -1], { backend: cpu })).toThrow(
      'full([2,-1], 0): shape [2,-1] must hold non-negative integers, got -1',
    );
  });

  it('in-place writes of a value that does not fit', () => {
    expect(() => zerosOf([3]).add_(zerosOf([2, 3]))).toThrow(
      'add_(): value of shape [2,3] does not fit into [3]',
    );
    expect(() => core.expand(zerosOf([1, 3]), [2, 3]).fill_(1)).toThrow(
      'fill_(): cannot write into an expanded (broadcast) view: several elements share one storage slot',
    );
  });
});

describe('out-of-range indices and axes name the op, the value and the valid range', () => {
  it('dims of reductions, softmax and views', () => {
    const x = zerosOf([2, 3]);
    expect(() => core.sum(x, 2)).toThrow(
      'sum(x, 2): dim 2 is out of range for a tensor with 2 dimension(s) (expected -2..1)',
    );
    expect(() => core.mean(x, -3)).toThrow(
      'mean(x, dim): dim -3 is out of range for a tensor with 2 dimension(s) (expected -2..1)',
    );
    expect(() => core.max(x, [0, 5])).toThrow(
      'max(x, [0,5]): dim 5 is out of range for a tensor with 2 dimension(s) (expected -2..1)',
    );
    expect(() => core.sum(x, [0, -2])).toThrow('sum(x, [0,-2]): dim [0,-2] repeats an axis');
    expect(() => core.sum(x, 0.5)).toThrow('sum(x, 0.5): dim must be an integer, got 0.5');
    expect(() => core.argmax(x, 2)).toThrow(
      'argmax(x, 2): dim 2 is out of range for a tensor with 2 dimension(s) (expected -2..1)',
    );
    expect(() => core.softmax(x, 2)).toThrow(
      'softmax(x, 2): dim 2 is out of range for a tensor with 2 dimension(s) (expected -2..1)',
    );
    expect(() => core.logSoftmax(x, -3)).toThrow('logSoftmax(x, -3): dim -3 is out of range');
    expect(() => core.transpose(x, 0, 5)).toThrow(
      'transpose(x, dim1): dim 5 is out of range for a tensor with 2 dimension(s) (expected -2..1)',
    );
    expect(() => core.permute(x, [0, 2])).toThrow(
      'permute(x, [0,2]): dim 2 is out of range for a tensor with 2 dimension(s) (expected -2..1)',
    );
    expect(() => core.permute(x, [0, 0])).toThrow(
      'permute(x, [0,0]): dims must be a permutation (no repeats)',
    );
    expect(() => core.permute(x, [0])).toThrow(
      'permute(x, [0]): expected 2 dims for a tensor of shape [2,3], got 1',
    );
    expect(() => core.unsqueeze(x, 3)).toThrow(
      'unsqueeze(x, dim): dim 3 is out of range for a tensor with 3 dimension(s) (expected -3..2)',
    );
    expect(() => core.squeeze(x, 2)).toThrow('squeeze(x, dim): dim 2 is out of range');
    expect(() => core.flip(x, [3])).toThrow('flip(x, dims): dim 3 is out of range');
    expect(() => core.flatten(x, 1, 0)).toThrow(
      'flatten(x, startDim, endDim): startDim 1 comes after endDim 0',
    );
    expect(() => core.concat([x, x], 2)).toThrow(
      'concat(tensors, 2): dim 2 is out of range for a tensor with 2 dimension(s) (expected -2..1)',
    );
    expect(() => core.stack([x, x], 3)).toThrow(
      'stack(tensors, 3): dim 3 is out of range for a tensor with 3 dimension(s) (expected -3..2)',
    );
    expect(() => core.sum(zerosOf([]), 1)).toThrow(
      'sum(x, 1): dim 1 is out of range for a tensor with 0 dimension(s) (expected -1..0)',
    );
  });

  it('slice, select and narrow indices', () => {
    const x = zerosOf([3, 4]);
    expect(() => core.slice(x, 5)).toThrow(
      'slice(x, ...): index 5 is out of range for dimension 0 of size 3 (expected -3..2)',
    );
    expect(() => core.slice(x, null, -5)).toThrow(
      'slice(x, ...): index -5 is out of range for dimension 1 of size 4 (expected -4..3)',
    );
    expect(() => core.slice(x, 0, 0, 0)).toThrow('slice(x, ...): 3 indices for a tensor with 2 dimension(s)');
    expect(() => core.slice(x, [0, 3, 0])).toThrow(
      'slice(x, ...): step must be a non-zero integer on dimension 0, got 0',
    );
    expect(() => core.narrow(x, 1, 2, 3)).toThrow(
      'narrow(x, dim, start, length): [2, 5) is outside dimension 1 of size 4',
    );
    expect(() => core.narrow(x, 2, 0, 1)).toThrow('narrow(x, dim): dim 2 is out of range');
  });

  it('gather, indexSelect, scatterAdd and oneHot index values', () => {
    const x = zerosOf([3, 4]);
    expect(() => core.gather(x, 1, t(Int32Array.from([0, 4, 1]), { shape: [1, 3] }))).toThrow(
      'gather(x, 1, index): index 4 is out of range for a dimension of size 4 (expected 0..3)',
    );
    expect(() => core.gather(x, 0, t(Int32Array.from([-1]), { shape: [1, 1] }))).toThrow(
      'gather(x, 0, index): index -1 is out of range for a dimension of size 3 (expected 0..2)',
    );
    expect(() => core.scatterAdd(x, 0, t(Int32Array.from([3]), { shape: [1, 1] }), zerosOf([1, 1]))).toThrow(
      /^scatterAdd\(.*\): index 3 is out of range for a dimension of size 3 \(expected 0\.\.2\)$/,
    );
    expect(() => core.oneHot(t(Int32Array.from([0, 3])), 3)).toThrow(
      'oneHot(x, 3): class index 3 is outside 0..2',
    );
    expect(() => core.oneHot(t(Int32Array.from([-1])))).toThrow('oneHot(x): class index -1 is outside 0..-1');
  });

  it('select names itself, not the slice it is built on', () => {
    expect(() => core.select(zerosOf([3, 4]), 1, 4)).toThrow(
      /^select\(x, 1, 4\): index 4 is out of range for dimension 1 of size 4 \(expected -4\.\.3\)$/,
    );
  });

  it('indexSelect names itself, not the gather it is built on', () => {
    const x = zerosOf([3, 4]);
    expect(() => core.indexSelect(x, 0, [0, 7])).toThrow(
      /^indexSelect\(x, 0, index\): index 7 is out of range for a dimension of size 3 \(expected 0\.\.2\)$/,
    );
    expect(() => core.indexSelect(x, 2, [0])).toThrow(/^indexSelect\(x, 2, index\): dim 2 is out of range/);
  });

  it('item() of a tensor with more than one element', () => {
    expect(() => zerosOf([2]).item()).toThrow('item(): expected a tensor with one element, got shape [2]');
  });
});

describe('wrong dtypes name the op and both dtypes', () => {
  it('requiresGrad_ and grad() refuse non-float tensors', () => {
    expect(() => zerosOf([2], 'int32').requiresGrad_()).toThrow(
      'requiresGrad_(): only float32 tensors can require gradients, this one is int32',
    );
    expect(() => zerosOf([2], 'bool').requiresGrad_()).toThrow(
      'requiresGrad_(): only float32 tensors can require gradients, this one is bool',
    );
    expect(() => core.grad((x: Tensor) => x.sum())(zerosOf([2], 'int32'))).toThrow(
      'grad(f): arguments must be float32 to be differentiated, got int32',
    );
    expect(() => core.zeros([2], { backend: cpu, dtype: 'int32', requiresGrad: true })).toThrow(
      /^requiresGrad_\(\): only float32 tensors/,
    );
  });

  it('float-only ops refuse int32 input', () => {
    const i = zerosOf([1, 1, 4, 4], 'int32');
    expect(() => core.conv2d(i, zerosOf([1, 1, 2, 2]))).toThrow(
      'conv2d(x, weight): expected a float32 tensor, got int32',
    );
    expect(() => core.conv2d(zerosOf([1, 1, 4, 4]), zerosOf([1, 1, 2, 2], 'bool'))).toThrow(
      'conv2d(x, weight): expected a float32 tensor, got bool',
    );
    expect(() => core.maxPool2d(i, 2)).toThrow('maxPool2d(x): expected a float32 tensor, got int32');
    expect(() => core.softmax(zerosOf([3], 'int32'))).toThrow(
      'softmax(x, -1): expected a float32 tensor, got int32',
    );
    expect(() => core.logsumexp(zerosOf([3], 'int32'))).toThrow(
      'logsumexp(x): expected a float32 tensor, got int32',
    );
  });

  it('indices must be int32', () => {
    expect(() => core.gather(zerosOf([3]), 0, zerosOf([2]))).toThrow(
      'gather(x, 0, index): index must be int32, got float32',
    );
    expect(() => core.oneHot(zerosOf([2]), 3)).toThrow(
      'oneHot(x, 3): expected int32 class indices, got float32',
    );
  });

  it('non-tensor arguments and unknown dtypes', () => {
    expect(() => core.add([1, 2] as unknown as Tensor, zerosOf([2]))).toThrow(
      'add(a, b): expected a tensor, number or boolean, got an array (wrap it with tensor(...))',
    );
    expect(() => core.exp('3' as unknown as Tensor)).toThrow(
      'exp(x): expected a tensor, number or boolean, got string',
    );
    expect(() => t([1], { dtype: 'float64' as core.DType })).toThrow(
      `tensor(data): dtype must be 'float32', 'int32' or 'bool', got "float64"`,
    );
  });
});

describe('autograd misuse', () => {
  it('backward of a non-scalar without a gradient', () => {
    const y = t([1, 2]).requiresGrad_().mul(2);
    expect(() => y.backward()).toThrow(
      'backward(): gradient can only be implied for a scalar output; this output has shape [2]: pass backward(gradient) with that shape, or reduce it first (e.g. loss.sum())',
    );
    expect(() =>
      core.backward(
        t([[1, 2]])
          .requiresGrad_()
          .square(),
      ),
    ).toThrow(
      /^backward\(\): gradient can only be implied for a scalar output; this output has shape \[1,2\]/,
    );
  });

  it('backward of something that does not require grad, and grad() of a non-scalar f', () => {
    expect(() => t(3).mul(2).backward()).toThrow(
      'backward(): tensor [] does not require grad: no input of the computation had requiresGrad_() set',
    );
    expect(() => core.grad((x: Tensor) => x.mul(2))(t([1, 2]))).toThrow(
      'grad(f): f must return a scalar tensor, it returned [2]',
    );
  });

  it('in-place changes that would corrupt gradients', () => {
    const w = t([1, 2]).requiresGrad_();
    expect(() => w.add_(1)).toThrow(
      'add_(): tensor [2] requires grad; modifying it in place while gradients are recorded would corrupt them: wrap the update in noGrad(() => ...)',
    );
    const h = w.mul(1);
    const y = h.mul(h).sum();
    core.noGrad(() => h.add_(1));
    expect(() => y.backward()).toThrow(
      'backward() through mul: input #0 [2] was modified in place after the op used it; its gradient would be wrong (clone() it before the in-place op)',
    );
  });

  it('second derivatives through maxPool2d are refused clearly', () => {
    const x = core.randn([1, 1, 4, 4], { backend: cpu, generator: new core.Generator(1) });
    const g = (t0: Tensor) =>
      core
        .grad((s: Tensor) => core.maxPool2d(s, 2).square().sum(), { createGraph: true })(t0)[0]
        .sum();
    expect(() => core.grad(g)(x)).toThrow(
      'maxPool2d double backward: second derivatives through maxPool2d are not supported',
    );
  });
});

describe('disposed tensors', () => {
  it('using a disposed tensor names the op, the tensor id and its shape', () => {
    const x = t([1, 2]);
    x.dispose();
    expect(() => x.add(1)).toThrow(
      /^add\(a, b\): tensor #\d+ \[2\] was disposed \(by dispose\(\) or by the tidy\(\) that created it\); keep\(\) it or return it from tidy\(\) to use it later$/,
    );
    expect(() => core.matmul(x, zerosOf([2, 2]))).toThrow(/^matmul\(a, b\): tensor #\d+ \[2\] was disposed/);
    expect(() => x.dataSync()).toThrow(/^dataSync\(\): tensor #\d+ \[2\] was disposed/);
    expect(() => core.sum(x)).toThrow(/^sum\(x\): tensor #\d+ \[2\] was disposed/);
    expect(() => x.reshape([2, 1])).toThrow(/^reshape\(x, \[2,1\]\): tensor #\d+ \[2\] was disposed/);
    expect(() => core.concat([zerosOf([2]), x])).toThrow(
      /^concat\(tensors, 0\): tensor #\d+ \[2\] was disposed/,
    );
    const named = t([[1]]);
    named.name = 'W1';
    named.dispose();
    expect(() => named.exp()).toThrow(
      new RegExp(`^exp\\(x\\): tensor #${named.id} 'W1' \\[1,1\\] was disposed`),
    );
  });

  it('a tensor created inside tidy() and not returned is disposed when tidy ends', async () => {
    let inner: Tensor | undefined;
    let kept: Tensor | undefined;
    const returned = tidy(() => {
      inner = t([1, 2, 3]);
      kept = keep(t([4]));
      return inner.mul(2);
    });
    expect(returned.disposed).toBe(false);
    expect(Array.from(returned.dataSync())).toEqual([2, 4, 6]);
    expect(Array.from(kept!.dataSync())).toEqual([4]);
    expect(() => inner!.sum()).toThrow(
      /^sum\(x\): tensor #\d+ \[3\] was disposed \(by dispose\(\) or by the tidy\(\) that created it\)/,
    );
    const asyncInner = await tidy(async () => {
      const a = t([5]);
      await Promise.resolve();
      return { a, b: t([6]) };
    });
    expect(asyncInner.a.disposed).toBe(false);
  });

  it('backward through a graph whose input was disposed names the op it was going through', () => {
    const w = t([1, 2]).requiresGrad_();
    const x = t([3, 4]);
    const y = w.mul(x).sum();
    x.dispose();
    expect(() => y.backward()).toThrow(/^backward\(\) through mul: tensor #\d+ \[2\] was disposed/);
  });
});

describe('tensors of two backends', () => {
  const a = createCpuBackend({ name: 'cpu-a' });
  const b = createCpuBackend({ name: 'cpu-b' });
  const on = (backend: Backend, data: number[] | number[][]) => tensor(data, { backend });

  it('binary ops, matmul, where, concat, conv2d and gather refuse them, naming both backends', () => {
    const mixed =
      "tensors live on different backends: argument 0 is on 'cpu-a', argument 1 is on 'cpu-b'; move one with .to('cpu-a')";
    expect(() => core.add(on(a, [1]), on(b, [1]))).toThrow(`add(a, b): ${mixed}`);
    expect(() => on(a, [1]).gt(on(b, [1]))).toThrow(`gt(a, b): ${mixed}`);
    expect(() => core.matmul(on(a, [[1]]), on(b, [[1]]))).toThrow(`matmul(a, b): ${mixed}`);
    expect(() => core.where(on(a, [1]).gt(0), on(b, [1]), on(b, [2]))).toThrow(
      `where(condition, a, b): ${mixed}`,
    );
    expect(() => core.concat([on(a, [1]), on(a, [2]), on(b, [3])])).toThrow(
      "concat(tensors, 0): tensors live on different backends: argument 0 is on 'cpu-a', argument 2 is on 'cpu-b'; move one with .to('cpu-a')",
    );
    const x = core.zeros([1, 1, 3, 3], { backend: a });
    const w = core.zeros([1, 1, 2, 2], { backend: b });
    expect(() => core.conv2d(x, w)).toThrow(`conv2d(x, weight): ${mixed}`);
    expect(() => core.gather(on(a, [1, 2]), 0, tensor(Int32Array.from([0]), { backend: b }))).toThrow(
      `gather(x, 0, index): ${mixed}`,
    );
  });

  it('moving one side with .to() fixes it', () => {
    const sum = core.add(on(a, [1, 2]), on(b, [3, 4]).to(a));
    expect(sum.backend).toBe(a);
    expect(Array.from(sum.dataSync())).toEqual([4, 6]);
  });

  it('an uninitialised backend name and an unknown backend are named', async () => {
    expect(() => tensor([1], { backend: 'not-a-backend' })).toThrow(
      "tensor(data): backend 'not-a-backend' is not initialised: await setBackend('not-a-backend') or initBackend('not-a-backend') first",
    );
    await expect(core.setBackend('not-a-backend')).rejects.toThrow(
      /^setBackend\(name\): no backend named 'not-a-backend' is registered \(registered: cpu/,
    );
    await expect(core.initBackend('not-a-backend')).rejects.toThrow(PlasticityError);
  });

  it('an asynchronous backend refuses synchronous reads with a pointer to the async API', async () => {
    const base = createCpuBackend({ name: 'async-cpu' });
    const asyncOnly: Backend = {
      ...base,
      canReadSync: false,
      readSync: () => {
        throw new Error('readSync must not be called');
      },
    };
    const x = tensor([1, 2], { backend: asyncOnly });
    expect(() => x.dataSync()).toThrow(
      "dataSync(): the 'async-cpu' backend reads asynchronously: use await t.data()",
    );
    expect(() => x.to(a)).toThrow(
      "to('cpu-a'): reading from 'async-cpu' is asynchronous: use await toBackendAsync(x, 'cpu-a')",
    );
    expect(Array.from(await x.data())).toEqual([1, 2]);
    expect(() => core.oneHot(tensor(Int32Array.from([1]), { backend: asyncOnly }))).toThrow(
      'oneHot(x): numClasses is required on backends that cannot read synchronously',
    );
  });

  it('a backend missing a kernel fails at the first op needing it, naming kernel and backend', () => {
    const base = createCpuBackend({ name: 'partial' });
    const { conv2d: _dropped, ...rest } = base;
    const partial = withMissingKernelErrors(rest as unknown as Backend);
    expect(() =>
      core.conv2d(
        core.zeros([1, 1, 3, 3], { backend: partial }),
        core.zeros([1, 1, 2, 2], { backend: partial }),
      ),
    ).toThrow("conv2d: the 'partial' backend has no 'conv2d' kernel (see kernelSupport())");
    expect(core.kernelSupport(partial).primitives.conv2d).toBe(false);
    expect(core.kernelSupport(partial).primitives.matmul).toBe(true);
  });

  it('a partial backend passed straight to tensor() also gets the missing-kernel error', () => {
    const { conv2d: _dropped, ...rest } = createCpuBackend({ name: 'partial-direct' });
    const partial = rest as unknown as Backend;
    expect(() =>
      core.conv2d(
        core.zeros([1, 1, 3, 3], { backend: partial }),
        core.zeros([1, 1, 2, 2], { backend: partial }),
      ),
    ).toThrow("conv2d: the 'partial-direct' backend has no 'conv2d' kernel (see kernelSupport())");
  });
});

describe('debug({ checkNumerics: true })', () => {
  afterEach(() => {
    debug({ checkNumerics: false });
  });

  it('throws at the first op producing NaN/Inf from finite inputs, naming it and the output shape', () => {
    const previous = debug({ checkNumerics: true });
    expect(previous.checkNumerics).toBe(false);
    const x = t([1, 0]);
    expect(() => core.log(x)).toThrow(
      'log: produced NaN or Infinity from finite inputs (output shape [2]; debug checkNumerics is on)',
    );
    expect(() => core.div(t([[1], [2]]), t([0, 1]))).toThrow(
      'div: produced NaN or Infinity from finite inputs (output shape [2,2]; debug checkNumerics is on)',
    );
    expect(() => t([-1]).sqrt()).toThrow(/^sqrt: produced NaN or Infinity from finite inputs/);
    expect(() => t([1e20]).mul(1e30)).toThrow(
      /^mul: produced NaN or Infinity from finite inputs \(output shape \[1\]/,
    );
    // The op is found inside a chain: the subtraction is fine, the log is not.
    const chain = () => t([1, 2]).sub(1).log();
    expect(chain).toThrow(/^log: produced NaN or Infinity/);
  });

  it('names the failing op of a backward pass too', () => {
    debug({ checkNumerics: true });
    const x = t([0, 4]).requiresGrad_();
    const y = x.sqrt().sum();
    // d√x/dx = 1 / (2√x) is infinite at 0: the division in sqrt's gradient is the first op to overflow.
    expect(() => y.backward()).toThrow(
      /^div: produced NaN or Infinity from finite inputs \(output shape \[2\]/,
    );
  });

  it('does not blame ops whose inputs were already non-finite, and is silent when off', () => {
    debug({ checkNumerics: true });
    expect(() => t([Number.NaN, 1]).mul(2).add(1)).not.toThrow();
    debug({ checkNumerics: false });
    expect(Array.from(core.log(t([0])).dataSync())).toEqual([Number.NEGATIVE_INFINITY]);
  });
});

describe('other invalid arguments', () => {
  it('creation, statistics and activations say what was expected', () => {
    expect(() => core.arange(0, 5, 0, { backend: cpu })).toThrow(
      'arange(0, 5, 0): step must be a non-zero finite number',
    );
    expect(() => core.linspace(0, 1, -1, { backend: cpu })).toThrow(
      'linspace(0, 1, -1): steps must be a non-negative integer, got -1',
    );
    expect(() => core.randint(3, 3, [2], { backend: cpu })).toThrow(
      'randint(3, 3, [2]): expected integers low < high, got 3, 3',
    );
    expect(() => new core.Generator(Number.NaN)).toThrow(
      'new Generator(seed): seed must be a finite number, got NaN',
    );
    expect(() => core.clamp(zerosOf([2]), 1, 0)).toThrow('clamp(x, min, max): min 1 is greater than max 0');
    expect(() => core.norm(zerosOf([2]), 0)).toThrow('norm(x, p): p must be positive, got 0');
    expect(() => core.variance(zerosOf([1, 3]), 0)).toThrow(
      'var(x, dim): needs more than 1 element(s) per group for correction=1, got 1',
    );
    expect(() => core.mean(zerosOf([0, 3]), 0)).toThrow(
      'mean(x, dim): the mean over an empty dimension is undefined (shape [0,3])',
    );
    expect(() => core.max(zerosOf([0, 3]), 0)).toThrow(
      'max(x, 0): cannot take the max over an empty dimension (shape [0,3])',
    );
    expect(() => core.argmin(zerosOf([0]))).toThrow(
      'argmin(x): cannot take the argmin of an empty tensor [0]',
    );
    expect(() => core.pad(zerosOf([2]), [[-1, 0]])).toThrow(
      'pad(x, [[-1,0]]): padding must be non-negative integers, got [-1, 0]',
    );
    expect(() =>
      core.pad(zerosOf([2]), [
        [0, 0],
        [1, 1],
      ]),
    ).toThrow('pad(x, [[0,0],[1,1]]): 2 pad pairs for a tensor with 1 dimension(s)');
  });
});
