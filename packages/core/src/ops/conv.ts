import { record } from '../autograd';
import type { Conv2dParams, Pool2dParams } from '../backend';
import { fail, fmtShape } from '../errors';
import { Tensor } from '../tensor';
import { add, reshape } from './api';
import { sameBackend } from './convert';
import { requireFloat } from './elementwise';

type Pair = number | readonly [number, number];
const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
}

export interface Pool2dOptions {
  kernelSize: Pair;
  /** Defaults to the kernel size (non-overlapping windows), as PyTorch. */
  stride?: Pair;
  padding?: Pair;
  /** avgPool2d only: count padded zeros in the divisor (PyTorch's default true). */
  countIncludePad?: boolean;
}

function outSize(
  label: string,
  size: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
): number {
  const out = Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1;
  if (out <= 0)
    fail(
      label,
      `input size ${size} with padding ${pad} is too small for kernel ${kernel} (dilation ${dilation})`,
    );
  return out;
}

function checkPositive(label: string, name: string, v: readonly number[]): void {
  if (v.some((x) => !Number.isInteger(x) || x < 1))
    fail(label, `${name} must be positive integers, got ${JSON.stringify(v)}`);
}

/**
 * 2-D convolution (cross-correlation, as every DL library): x [N, C, H, W], weight [O, C/groups, kH, kW],
 * optional bias [O] → [N, O, H', W'].
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  const label = 'conv2d(x, weight)';
  x.assertLive(label);
  weight.assertLive(label);
  requireFloat(label, x);
  requireFloat(label, weight);
  if (x.ndim !== 4) fail(label, `x must be [N, C, H, W], got ${fmtShape(x.shape)}`);
  if (weight.ndim !== 4)
    fail(label, `weight must be [outChannels, inChannels/groups, kH, kW], got ${fmtShape(weight.shape)}`);
  const p: Conv2dParams = {
    stride: pair(options.stride ?? 1),
    padding: pair(options.padding ?? 0),
    dilation: pair(options.dilation ?? 1),
    groups: options.groups ?? 1,
  };
  checkPositive(label, 'stride', p.stride);
  checkPositive(label, 'dilation', p.dilation);
  if (p.padding.some((v) => !Number.isInteger(v) || v < 0))
    fail(label, `padding must be non-negative integers, got ${JSON.stringify(p.padding)}`);
  const [n, c, h, w] = x.shape;
  const [o, cg, kh, kw] = weight.shape;
  if (!Number.isInteger(p.groups) || p.groups < 1 || c % p.groups !== 0 || o % p.groups !== 0) {
    fail(label, `groups ${p.groups} must divide both in channels ${c} and out channels ${o}`);
  }
  if (cg * p.groups !== c) {
    fail(
      label,
      `x has ${c} channels but weight ${fmtShape(weight.shape)} expects ${cg * p.groups} (${cg} per group × ${p.groups} groups)`,
    );
  }
  const oh = outSize(label, h, kh, p.stride[0], p.padding[0], p.dilation[0]);
  const ow = outSize(label, w, kw, p.stride[1], p.padding[1], p.dilation[1]);
  const y = convForward(x, weight, p, [n, o, oh, ow]);
  if (bias == null) return y;
  if (bias.ndim !== 1 || bias.shape[0] !== o) fail(label, `bias must be [${o}], got ${fmtShape(bias.shape)}`);
  return add(y, reshape(bias, [o, 1, 1]));
}

// conv, its input-adjoint and its weight-adjoint are bilinear and close under VJPs, so each one's
// gradient is written with the other two and double backward works through convolutions.
function convForward(x: Tensor, w: Tensor, p: Conv2dParams, shape: number[]): Tensor {
  const backend = sameBackend('conv2d(x, weight)', [x, w]);
  const out = Tensor.fromBuffer(backend, backend.conv2d(x, w, p), shape, 'float32');
  return record(
    'conv2d',
    out,
    [x, w],
    (g) => [
      x.requiresGrad ? convInputGrad(g, w, x.shape, p) : null,
      w.requiresGrad ? convWeightGrad(x, g, w.shape, p) : null,
    ],
    { ...p },
  );
}

function convInputGrad(g: Tensor, w: Tensor, inputShape: readonly number[], p: Conv2dParams): Tensor {
  const backend = sameBackend('conv2d backward', [g, w]);
  const out = Tensor.fromBuffer(backend, backend.conv2dInputGrad(g, w, inputShape, p), inputShape, 'float32');
  return record('conv2dInputGrad', out, [g, w], (h) => [
    g.requiresGrad ? convForward(h, w, p, [...g.shape]) : null,
    w.requiresGrad ? convWeightGrad(h, g, w.shape, p) : null,
  ]);
}

function convWeightGrad(x: Tensor, g: Tensor, weightShape: readonly number[], p: Conv2dParams): Tensor {
  const backend = sameBackend('conv2d backward', [x, g]);
  const out = Tensor.fromBuffer(
    backend,
    backend.conv2dWeightGrad(x, g, weightShape, p),
    weightShape,
    'float32',
  );
  return record('conv2dWeightGrad', out, [x, g], (h) => [
    x.requiresGrad ? convInputGrad(g, h, x.shape, p) : null,
    g.requiresGrad ? convForward(x, h, p, [...g.shape]) : null,
  ]);
}

function poolParams(label: string, x: Tensor, options: Pool2dOptions | number): Pool2dParams {
  const o = typeof options === 'number' ? { kernelSize: options } : options;
  const kernel = pair(o.kernelSize);
  const p: Pool2dParams = {
    kernel,
    stride: pair(o.stride ?? kernel),
    padding: pair(o.padding ?? 0),
    countIncludePad: o.countIncludePad ?? true,
  };
  checkPositive(label, 'kernelSize', p.kernel);
  checkPositive(label, 'stride', p.stride);
  if (p.padding.some((v, i) => v < 0 || v > p.kernel[i] / 2)) {
    fail(
      label,
      `padding ${JSON.stringify(p.padding)} must be between 0 and half the kernel ${JSON.stringify(p.kernel)}`,
    );
  }
  if (x.ndim !== 4) fail(label, `x must be [N, C, H, W], got ${fmtShape(x.shape)}`);
  requireFloat(label, x);
  return p;
}

function pool(kind: 'max' | 'avg', x: Tensor, options: Pool2dOptions | number): Tensor {
  const label = `${kind}Pool2d(x)`;
  x.assertLive(label);
  const p = poolParams(label, x, options);
  const [n, c, h, w] = x.shape;
  const oh = outSize(label, h, p.kernel[0], p.stride[0], p.padding[0], 1);
  const ow = outSize(label, w, p.kernel[1], p.stride[1], p.padding[1], 1);
  const out = Tensor.fromBuffer(x.backend, x.backend.pool2d(kind, x, p), [n, c, oh, ow], 'float32');
  return record(`${kind}Pool2d`, out, [x], (g) => [poolGrad(kind, x, g, p)], { ...p });
}

function poolGrad(kind: 'max' | 'avg', x: Tensor, g: Tensor, p: Pool2dParams): Tensor {
  const out = Tensor.fromBuffer(x.backend, x.backend.pool2dGrad(kind, x, g, p), x.shape, 'float32');
  return record(`${kind}Pool2dGrad`, out, [g], (h) => {
    // The pooling gradient is linear in g: for avg its adjoint is avg pooling again; for max it is
    // picking h at each window's maximum, which is max pooling's own routing applied to h.
    if (kind === 'avg')
      return [
        pool('avg', h, {
          kernelSize: p.kernel,
          stride: p.stride,
          padding: p.padding,
          countIncludePad: p.countIncludePad,
        }),
      ];
    return fail('maxPool2d double backward', 'second derivatives through maxPool2d are not supported');
  });
}

/** Max pooling over kH×kW windows of x [N, C, H, W]; the gradient goes to the first maximum of each window. */
export function maxPool2d(x: Tensor, options: Pool2dOptions | number): Tensor {
  return pool('max', x, options);
}

/** Average pooling over kH×kW windows of x [N, C, H, W]. */
export function avgPool2d(x: Tensor, options: Pool2dOptions | number): Tensor {
  return pool('avg', x, options);
}
