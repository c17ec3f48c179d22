/**
 * @plasticity/core — tensors, NumPy broadcasting, reverse-mode autograd, a CPU backend,
 * a seeded generator and graph tracing, for teaching deep learning.
 *
 * @example
 * ```ts
 * import { tensor } from '@plasticity/core';
 * const w = tensor([[0.5], [-0.3]]).requiresGrad_();
 * const loss = tensor([[1, 2]]).matmul(w).square().sum();
 * loss.backward();
 * console.log(w.grad?.toString());
 * ```
 * @packageDocumentation
 */

export type { Tensor as TensorType, NestedArray, TensorLike } from './tensor';
export { isTensor, Tensor } from './tensor';
export type { DType, TypedArray } from './dtype';
export { PlasticityError } from './errors';

// Creation and randomness
export {
  arange, eye, full, fullLike, linspace, ones, onesLike, rand, randint, randLike, randn, randnLike, tensor, zeros,
  zerosLike,
} from './ops/creation';
export type { CreationOptions, NestedInput, RandomOptions } from './ops/creation';
export { defaultGenerator, Generator, manualSeed } from './random';

// Elementwise math, comparisons and activations
export {
  abs, add, atan2, ceil, cos, div, equal, erf, exp, expm1, floor, gelu, greater, greaterEqual, isfinite, isnan,
  less, lessEqual, log, log1p, logicalAnd, logicalNot, logicalOr, logicalXor, maximum, minimum, mul, neg, notEqual,
  pow, reciprocal, relu, remainder, round, rsqrt, sigmoid, sign, silu, sin, softplus, sqrt, square, sub, tanh,
} from './ops/math';
export { clamp, elu, leakyRelu, logSoftmax, logsumexp, mean, norm, oneHot, softmax, std, variance } from './ops/composite';
export type { VarOptions } from './ops/composite';

// Reductions, matmul, convolution
export { argmax, argmin, max, min, prod, sum } from './ops/reduce';
export { matmul } from './ops/matmul';
export { avgPool2d, conv2d, maxPool2d } from './ops/conv';
export type { Conv2dOptions, Pool2dOptions } from './ops/conv';

// Shapes, views and copies
export {
  expand, flatten, flip, narrow, permute, reshape, select, slice, squeeze, transpose, unsqueeze,
} from './ops/views';
export type { SliceRange, SliceSpec } from './ops/views';
export {
  cast, clone, concat, contiguous, gather, indexSelect, pad, scatterAdd, stack, toBackend, toBackendAsync, where,
} from './ops/copying';

// Autograd
export { backward, backwardSteps, enableGrad, grad, isGradEnabled, noGrad, valueAndGrad } from './autograd';
export type { BackwardOptions, BackwardStep } from './autograd';
export { gradcheck } from './gradcheck';
export type { GradcheckOptions, GradcheckReport } from './gradcheck';

// Memory
export { dispose, keep, scopeDepth, tidy } from './scope';
export { memory } from './memory';
export type { MemoryInfo } from './memory';

// Backends
export type { ArgReduceOp, Backend, Conv2dParams, KernelView, Pool2dParams, ReduceOp } from './backend';
export { getBackend, initBackend, listBackends, registerBackend, setBackend } from './backends';
export { createCpuBackend, CPU_FUSABLE } from './cpu/cpu-backend';
export type { CpuBackendOptions } from './cpu/cpu-backend';
export { kernelSupport, PRIMITIVE_KERNELS, withMissingKernelErrors } from './kernels';
export type { KernelSupport } from './kernels';
export type { BinarySpec, UnarySpec } from './ops/elementwise-spec';
export { BINARY_SPECS } from './ops/binary-ops';
export { UNARY_SPECS } from './ops/unary-ops';
export { erfApprox } from './cpu/erf';

// Teaching and debugging
export { traceGraph } from './trace';
export type { TracedGraph, TracedNode, TraceOptions } from './trace';
export { debug } from './state';
export type { DebugOptions } from './state';
export { formatTensor } from './ops/format';
export type { FormatOptions } from './ops/format';
export { broadcastShapes } from './shape';
