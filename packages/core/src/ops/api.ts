// Internal barrel: op modules import each other through here, so gradient rules can call any op.
export { backward } from '../autograd';
export { broadcastView, sumToShape } from './broadcast';
export type { VarOptions } from './composite';
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
} from './composite';
export type { Conv2dOptions, Pool2dOptions } from './conv';
export { avgPool2d, conv2d, maxPool2d } from './conv';
export { asTensor } from './convert';
export {
  assignInPlace,
  axpyInPlace,
  cast,
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
} from './copying';
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
} from './creation';
export type { FormatOptions } from './format';
export { formatTensor, nest } from './format';
export * from './math';
export { matmul } from './matmul';
export { argmax, argmin, max, min, prod, sum } from './reduce';
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
} from './views';
