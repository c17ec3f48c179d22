import type { Backend, Tensor } from '@plasticity/core';
import * as core from '@plasticity/core';
import { tfConv2d, tfPool } from './conv';
import { ARITH_CASES, UNARY_CASES } from './elementwise';
import { type CheckOptions, type Kind, tf } from './harness';
import { tfMatmul } from './reduce';

// The gradient test tables: every differentiable op for gradcheck, and a representative set written
// twice (our ops, tfjs ops) for tf.grads.

/** One gradient check: op inputs (shape and domain) and the op; the check weights its output randomly. */
export interface GradCase {
  name: string;
  inputs: [number[], Kind][];
  f: (...xs: Tensor[]) => Tensor;
  options?: CheckOptions;
}

// Inputs for kinked ops stay away from the kink: 'nonzero' keeps |x| ≥ 0.3 (eps is 1e-3).
export const UNARY_DOMAIN: Record<string, Kind> = {
  abs: 'nonzero',
  relu: 'nonzero',
  leakyRelu: 'nonzero',
  'leakyRelu(0.2)': 'nonzero',
  elu: 'nonzero',
  log: 'positive',
  log1p: 'unit',
  sqrt: 'positive',
  rsqrt: 'positive',
  reciprocal: 'nonzero',
  sign: 'nonzero',
  floor: 'frac',
  ceil: 'frac',
};

const idx = (b: Backend, values: number[], shape: number[]) =>
  core.tensor(Int32Array.from(values), { shape, backend: b });

export function gradCases(): GradCase[] {
  const unary: GradCase[] = UNARY_CASES.filter((c) => c.name !== 'round').map((c) => ({
    name: c.name,
    inputs: [[[2, 3], UNARY_DOMAIN[c.name] ?? 'normal']],
    f: c.ours,
  }));
  const binary: GradCase[] = ARITH_CASES.flatMap((c) => {
    const [ka, kb] =
      c.name === 'maximum' || c.name === 'minimum'
        ? (['normal', 'normal'] as Kind[])
        : c.name === 'remainder'
          ? (['normal', 'positive'] as Kind[])
          : c.kinds;
    return [
      {
        name: `${c.name} [3,1]·[1,4]`,
        inputs: [
          [[3, 1], ka],
          [[1, 4], kb],
        ],
        f: c.ours,
      },
      {
        name: `${c.name} [2,3]·[]`,
        inputs: [
          [[2, 3], ka],
          [[], kb],
        ],
        f: c.ours,
      },
      {
        name: `${c.name} [4]·[2,4]`,
        inputs: [
          [[4], ka],
          [[2, 4], kb],
        ],
        f: c.ours,
      },
    ] as GradCase[];
  });
  return [
    ...unary,
    ...binary,
    { name: 'sum all', inputs: [[[2, 3, 4], 'normal']], f: (x) => core.sum(x) },
    { name: 'sum dims [0,2] keepdim', inputs: [[[2, 3, 4], 'normal']], f: (x) => core.sum(x, [0, 2], true) },
    { name: 'mean dim -1', inputs: [[[2, 3, 4], 'normal']], f: (x) => core.mean(x, -1) },
    { name: 'prod dim 1', inputs: [[[3, 4], 'nonzero']], f: (x) => core.prod(x, 1) },
    { name: 'prod all', inputs: [[[2, 3], 'nonzero']], f: (x) => core.prod(x) },
    { name: 'max dim 1', inputs: [[[3, 4], 'distinct']], f: (x) => core.max(x, 1) },
    { name: 'max all', inputs: [[[3, 4], 'distinct']], f: (x) => core.max(x) },
    { name: 'min dim 0 keepdim', inputs: [[[3, 4], 'distinct']], f: (x) => core.min(x, 0, true) },
    { name: 'logsumexp dim 1', inputs: [[[3, 4], 'normal']], f: (x) => core.logsumexp(x, 1) },
    { name: 'logsumexp all', inputs: [[[3, 4], 'normal']], f: (x) => core.logsumexp(x) },
    { name: 'var (unbiased) dim 1', inputs: [[[3, 4], 'normal']], f: (x) => core.variance(x, 1) },
    {
      name: 'var (population) all',
      inputs: [[[3, 4], 'normal']],
      f: (x) => core.variance(x, undefined, { correction: 0 }),
    },
    { name: 'std dim 0', inputs: [[[3, 4], 'normal']], f: (x) => core.std(x, 0) },
    { name: 'softmax dim -1', inputs: [[[3, 4], 'normal']], f: (x) => core.softmax(x, -1) },
    { name: 'softmax dim 0', inputs: [[[3, 4], 'normal']], f: (x) => core.softmax(x, 0) },
    { name: 'logSoftmax dim -1', inputs: [[[3, 4], 'normal']], f: (x) => core.logSoftmax(x, -1) },
    { name: 'logSoftmax dim 1 of 3-D', inputs: [[[2, 3, 2], 'normal']], f: (x) => core.logSoftmax(x, 1) },
    { name: 'norm p=2 dim 1', inputs: [[[3, 4], 'normal']], f: (x) => core.norm(x, 2, 1) },
    { name: 'norm p=1', inputs: [[[3, 4], 'nonzero']], f: (x) => core.norm(x, 1) },
    { name: 'norm p=3 dim 0', inputs: [[[3, 4], 'nonzero']], f: (x) => core.norm(x, 3, 0) },
    {
      name: 'norm p=∞ dim 1',
      inputs: [[[3, 4], 'distinct']],
      f: (x) => core.norm(x, Number.POSITIVE_INFINITY, 1),
    },
    { name: 'clamp', inputs: [[[3, 4], 'distinct']], f: (x) => core.clamp(x, -0.61, 0.59) },
    {
      name: 'matmul 2-D',
      inputs: [
        [[3, 4], 'normal'],
        [[4, 2], 'normal'],
      ],
      f: core.matmul,
    },
    {
      name: 'matmul batch broadcast',
      inputs: [
        [[2, 1, 3, 2], 'normal'],
        [[3, 2, 2], 'normal'],
      ],
      f: core.matmul,
    },
    {
      name: 'matmul [4]·[4,3]',
      inputs: [
        [[4], 'normal'],
        [[4, 3], 'normal'],
      ],
      f: core.matmul,
    },
    {
      name: 'matmul [3,4]·[4]',
      inputs: [
        [[3, 4], 'normal'],
        [[4], 'normal'],
      ],
      f: core.matmul,
    },
    {
      name: 'matmul [4]·[4]',
      inputs: [
        [[4], 'normal'],
        [[4], 'normal'],
      ],
      f: core.matmul,
    },
    {
      name: 'matmul of transposed views',
      inputs: [
        [[4, 3], 'normal'],
        [[2, 4], 'normal'],
      ],
      f: (a, b) => core.matmul(a.T, b.T),
    },
    { name: 'reshape', inputs: [[[2, 3, 2], 'normal']], f: (x) => core.reshape(x, [3, -1]) },
    { name: 'flatten', inputs: [[[2, 3, 2], 'normal']], f: (x) => core.flatten(x, 1) },
    {
      name: 'squeeze/unsqueeze',
      inputs: [[[2, 1, 3], 'normal']],
      f: (x) => core.unsqueeze(core.squeeze(x, 1), -1),
    },
    { name: 'permute', inputs: [[[2, 3, 2], 'normal']], f: (x) => core.permute(x, [2, 0, 1]) },
    { name: 'transpose', inputs: [[[2, 3, 2], 'normal']], f: (x) => core.transpose(x, 0, 2) },
    { name: 'expand', inputs: [[[3, 1], 'normal']], f: (x) => core.expand(x, [2, 3, 4]) },
    {
      name: 'slice with negative step',
      inputs: [[[4, 5], 'normal']],
      f: (x) => core.slice(x, [3, 0, -2], [undefined, undefined, -1]),
    },
    { name: 'slice with an index', inputs: [[[4, 5], 'normal']], f: (x) => core.slice(x, 2, [1, 5, 2]) },
    { name: 'narrow', inputs: [[[4, 5], 'normal']], f: (x) => core.narrow(x, 1, 1, 3) },
    { name: 'select', inputs: [[[4, 5], 'normal']], f: (x) => core.select(x, 0, -1) },
    { name: 'flip', inputs: [[[3, 4], 'normal']], f: (x) => core.flip(x, [0, 1]) },
    { name: 'contiguous of a view', inputs: [[[3, 4], 'normal']], f: (x) => core.contiguous(x.T) },
    { name: 'clone', inputs: [[[3, 4], 'normal']], f: (x) => core.clone(x) },
    {
      name: 'pad',
      inputs: [[[2, 3], 'normal']],
      f: (x) =>
        core.pad(
          x,
          [
            [1, 0],
            [2, 1],
          ],
          0.5,
        ),
    },
    {
      name: 'concat',
      inputs: [
        [[2, 3], 'normal'],
        [[2, 1], 'normal'],
        [[2, 2], 'normal'],
      ],
      f: (a, b, c) => core.concat([a, b, c], 1),
    },
    {
      name: 'stack',
      inputs: [
        [[2, 3], 'normal'],
        [[2, 3], 'normal'],
      ],
      f: (a, b) => core.stack([a, b], 1),
    },
    {
      name: 'gather dim 1',
      inputs: [[[3, 4], 'normal']],
      f: (x) => core.gather(x, 1, idx(x.backend, [0, 3, 3, 1, 2, 2, 0, 0, 1], [3, 3])),
    },
    {
      name: 'gather dim 0',
      inputs: [[[3, 4], 'normal']],
      f: (x) => core.gather(x, 0, idx(x.backend, [2, 2, 0, 1, 1, 0, 0, 2], [2, 4])),
    },
    {
      name: 'indexSelect with repeats',
      inputs: [[[4, 3], 'normal']],
      f: (x) => core.indexSelect(x, 0, [3, 0, 3, 3]),
    },
    {
      name: 'indexSelect dim 1',
      inputs: [[[2, 4], 'normal']],
      f: (x) => core.indexSelect(x, 1, idx(x.backend, [1, 1, 2], [3])),
    },
    {
      name: 'scatterAdd (x and src)',
      inputs: [
        [[3, 4], 'normal'],
        [[2, 4], 'normal'],
      ],
      f: (x, s) => core.scatterAdd(x, 0, idx(x.backend, [2, 0, 2, 1, 0, 0, 1, 2], [2, 4]), s),
    },
    {
      name: 'where (both branches, broadcast)',
      inputs: [
        [[3, 1], 'normal'],
        [[1, 4], 'normal'],
      ],
      f: (a, b) => core.where(core.greater(core.add(a, b), 0), a, b),
    },
    {
      name: 'where with a scalar branch',
      inputs: [[[3, 4], 'normal']],
      f: (a) => core.where(core.greater(a, 0), 0.5, a),
    },
    {
      name: 'conv2d with bias',
      inputs: [
        [[1, 2, 5, 5], 'normal'],
        [[3, 2, 3, 3], 'normal'],
        [[3], 'normal'],
      ],
      f: (x, w, b) => core.conv2d(x, w, b),
    },
    {
      name: 'conv2d stride/padding/dilation',
      inputs: [
        [[1, 2, 6, 5], 'normal'],
        [[2, 2, 2, 3], 'normal'],
      ],
      f: (x, w) => core.conv2d(x, w, null, { stride: [2, 1], padding: [1, 2], dilation: [1, 2] }),
    },
    {
      name: 'conv2d groups',
      inputs: [
        [[1, 4, 4, 4], 'normal'],
        [[4, 2, 3, 3], 'normal'],
      ],
      f: (x, w) => core.conv2d(x, w, null, { groups: 2, padding: 1 }),
    },
    {
      name: 'conv2d depthwise',
      inputs: [
        [[1, 3, 4, 4], 'normal'],
        [[6, 1, 2, 2], 'normal'],
      ],
      f: (x, w) => core.conv2d(x, w, null, { groups: 3 }),
    },
    {
      name: 'maxPool2d',
      inputs: [[[1, 2, 4, 5], 'distinct']],
      f: (x) => core.maxPool2d(x, { kernelSize: 2, stride: [2, 1] }),
    },
    {
      name: 'maxPool2d with padding',
      inputs: [[[1, 2, 5, 5], 'distinct']],
      f: (x) => core.maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }),
    },
    {
      name: 'avgPool2d',
      inputs: [[[1, 2, 4, 5], 'normal']],
      f: (x) => core.avgPool2d(x, { kernelSize: [2, 3], stride: 1 }),
    },
    {
      name: 'avgPool2d padding countIncludePad',
      inputs: [[[1, 2, 5, 5], 'normal']],
      f: (x) => core.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }),
    },
    {
      name: 'avgPool2d padding excluded',
      inputs: [[[1, 2, 5, 5], 'normal']],
      f: (x) => core.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }),
    },
  ];
}

/** One tf.grads comparison: the same function written with our ops and with tfjs ops. */
export interface TfGradCase {
  name: string;
  inputs: [number[], Kind][];
  ours: (...xs: Tensor[]) => Tensor;
  ref: (...xs: tf.Tensor[]) => tf.Tensor;
}

const constant = (t: tf.Tensor) => tf.tensor(t.dataSync(), t.shape);

export const TF_GRAD_CASES: TfGradCase[] = [
  {
    name: 'add (broadcast)',
    inputs: [
      [[3, 1], 'normal'],
      [[1, 4], 'normal'],
    ],
    ours: core.add,
    ref: tf.add,
  },
  {
    name: 'mul (broadcast)',
    inputs: [
      [[2, 3, 4], 'normal'],
      [[4], 'normal'],
    ],
    ours: core.mul,
    ref: tf.mul,
  },
  {
    name: 'div',
    inputs: [
      [[2, 3], 'normal'],
      [[2, 3], 'nonzero'],
    ],
    ours: core.div,
    ref: tf.div,
  },
  {
    name: 'pow',
    inputs: [
      [[2, 3], 'positive'],
      [[2, 3], 'normal'],
    ],
    ours: core.pow,
    ref: tf.pow,
  },
  {
    name: 'matmul (batched)',
    inputs: [
      [[2, 3, 4], 'normal'],
      [[4, 5], 'normal'],
    ],
    ours: core.matmul,
    ref: tfMatmul,
  },
  { name: 'sum dim 1', inputs: [[[3, 4], 'normal']], ours: (x) => core.sum(x, 1), ref: (x) => tf.sum(x, 1) },
  {
    name: 'mean all',
    inputs: [[[3, 4], 'normal']],
    ours: (x) => core.mean(x).reshape([1]),
    ref: (x) => tf.reshape(tf.mean(x), [1]),
  },
  {
    name: 'max dim 0',
    inputs: [[[3, 4], 'distinct']],
    ours: (x) => core.max(x, 0),
    ref: (x) => tf.max(x, 0),
  },
  { name: 'softmax', inputs: [[[3, 4], 'normal']], ours: (x) => core.softmax(x), ref: (x) => tf.softmax(x) },
  {
    name: 'logSoftmax',
    inputs: [[[3, 4], 'normal']],
    ours: (x) => core.logSoftmax(x),
    ref: (x) => tf.logSoftmax(x),
  },
  { name: 'tanh', inputs: [[[3, 4], 'normal']], ours: core.tanh, ref: tf.tanh },
  { name: 'sigmoid', inputs: [[[3, 4], 'normal']], ours: core.sigmoid, ref: tf.sigmoid },
  {
    name: 'conv2d',
    inputs: [
      [[2, 2, 5, 4], 'normal'],
      [[3, 2, 3, 2], 'normal'],
    ],
    ours: (x, w) => core.conv2d(x, w, null, { padding: 1, stride: [1, 2] }),
    ref: (x, w) => tfConv2d(x, w, null, { padding: 1, stride: [1, 2] }),
  },
  {
    name: 'maxPool2d',
    inputs: [[[1, 2, 4, 6], 'distinct']],
    ours: (x) => core.maxPool2d(x, { kernelSize: 2, stride: [1, 2] }),
    ref: (x) => tfPool('max', x, { kernelSize: 2, stride: [1, 2] }),
  },
  {
    name: 'avgPool2d (padded, countIncludePad)',
    inputs: [[[1, 2, 5, 5], 'normal']],
    ours: (x) => core.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }),
    ref: (x) => tfPool('avg', x, { kernelSize: 3, stride: 2, padding: 1 }),
  },
  {
    name: 'indexSelect',
    inputs: [[[4, 3], 'normal']],
    ours: (x) => core.indexSelect(x, 0, [3, 1, 3]),
    ref: (x) => tf.gather(x, tf.tensor([3, 1, 3], [3], 'int32'), 0),
  },
  {
    name: 'gather (last dim)',
    inputs: [[[3, 4], 'normal']],
    ours: (x) => core.gather(x, 1, idx(x.backend, [3, 3, 0, 1, 2, 1], [3, 2])),
    ref: (x) => tf.gather(x, tf.tensor([3, 3, 0, 1, 2, 1], [3, 2], 'int32'), 1, 1),
  },
  {
    name: 'concat',
    inputs: [
      [[2, 3], 'normal'],
      [[2, 2], 'normal'],
    ],
    ours: (a, b) => core.concat([a, b], 1),
    ref: (a, b) => tf.concat([a, b], 1),
  },
  {
    name: 'slice',
    inputs: [[[4, 5], 'normal']],
    ours: (x) => core.slice(x, [1, 4], [0, 5, 2]),
    // tfjs has no gradient for stridedSlice: the oracle is a slice (rows) and a gather (every other column).
    ref: (x) => tf.gather(tf.slice(x, [1, 0], [3, -1]), tf.tensor([0, 2, 4], [3], 'int32'), 1),
  },
  {
    name: 'pad',
    inputs: [[[2, 3], 'normal']],
    ours: (x) =>
      core.pad(x, [
        [1, 2],
        [0, 1],
      ]),
    ref: (x) =>
      tf.pad(x, [
        [1, 2],
        [0, 1],
      ]),
  },
  {
    name: 'where',
    inputs: [
      [[3, 4], 'normal'],
      [[3, 4], 'normal'],
    ],
    ours: (a, b) => core.where(core.greater(a, b), core.mul(a, 2), core.square(b)),
    // tfjs refuses to differentiate through Greater, so its condition is taken from constant copies.
    ref: (a, b) => tf.where(tf.greater(constant(a), constant(b)), tf.mul(a, 2), tf.square(b)),
  },
];

/** Gradients of every differentiable op against finite differences, and a representative set against tf.grads. */
