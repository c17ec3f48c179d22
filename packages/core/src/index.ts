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

export type { BackwardOptions, BackwardStep } from './autograd';
// Autograd
export { backward, backwardSteps, enableGrad, grad, isGradEnabled, noGrad, valueAndGrad } from './autograd';
// Backends
export type { ArgReduceOp, Backend, Conv2dParams, KernelView, Pool2dParams, ReduceOp } from './backend';
export { getBackend, initBackend, listBackends, registerBackend, setBackend } from './backends';
export type { CpuBackendOptions } from './cpu/cpu-backend';
export { CPU_FUSABLE, createCpuBackend } from './cpu/cpu-backend';
export { erfApprox } from './cpu/erf';
export type { DType, TypedArray } from './dtype';
export { PlasticityError } from './errors';
export type { GradcheckOptions, GradcheckReport } from './gradcheck';
export { gradcheck, gradcheckAsync } from './gradcheck';
export type { KernelSupport } from './kernels';
export { kernelSupport, PRIMITIVE_KERNELS, withMissingKernelErrors } from './kernels';
export type { MemoryInfo } from './memory';
export { memory } from './memory';
export { BINARY_SPECS } from './ops/binary-ops';
export type { VarOptions } from './ops/composite';
export {
  clamp,
  elu,
  leakyRelu,
  logSoftmax,
  logsumexp,
  mean,
  norm,
  oneHot,
  softmax,
  std,
  variance,
} from './ops/composite';
export type { Conv2dOptions, Pool2dOptions } from './ops/conv';
export { avgPool2d, conv2d, maxPool2d } from './ops/conv';
export {
  cast,
  cat,
  clone,
  concat,
  contiguous,
  gather,
  indexSelect,
  pad,
  scatterAdd,
  stack,
  toBackend,
  toBackendAsync,
  where,
} from './ops/copying';
export type { CreationOptions, NestedInput, RandomOptions } from './ops/creation';
// Creation and randomness
export {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  tensor,
  zeros,
  zerosLike,
} from './ops/creation';
export type { BinarySpec, UnarySpec } from './ops/elementwise-spec';
export type { FormatOptions } from './ops/format';
export { formatTensor } from './ops/format';
// Elementwise math, comparisons and activations
export {
  abs,
  add,
  atan2,
  ceil,
  cos,
  div,
  eq,
  equal,
  erf,
  exp,
  expm1,
  floor,
  ge,
  gelu,
  greater,
  greaterEqual,
  gt,
  isfinite,
  isnan,
  le,
  less,
  lessEqual,
  log,
  log1p,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  neg,
  notEqual,
  pow,
  reciprocal,
  relu,
  remainder,
  round,
  rsqrt,
  sigmoid,
  sign,
  silu,
  sin,
  softplus,
  sqrt,
  square,
  sub,
  tanh,
} from './ops/math';
export { matmul } from './ops/matmul';
// Reductions, matmul, convolution
export { argmax, argmin, max, min, prod, sum } from './ops/reduce';
export { UNARY_SPECS } from './ops/unary-ops';
export type { SliceRange, SliceSpec } from './ops/views';
// Shapes, views and copies
export {
  expand,
  flatten,
  flip,
  narrow,
  permute,
  reshape,
  select,
  slice,
  squeeze,
  transpose,
  unsqueeze,
} from './ops/views';
export { defaultGenerator, Generator, manualSeed } from './random';
// Memory
export { dispose, keep, scopeDepth, tidy } from './scope';
export { broadcastShapes } from './shape';
export type { DebugOptions } from './state';
export { debug } from './state';
export type { NestedArray, Tensor as TensorType, TensorLike } from './tensor';
export { isTensor, Tensor } from './tensor';
export type { TracedGraph, TracedNode, TraceOptions } from './trace';
// Teaching and debugging
export { traceGraph } from './trace';
