/**
 * @plasticity/nn — modules, layers, losses, optimizers, initialisers, a training loop and safetensors
 * I/O, named as in PyTorch so that students recognise every piece when they move on.
 *
 * @example
 * ```ts
 * import { tensor } from '@plasticity/core';
 * import { Linear, ReLU, Sequential, SGD, mseLoss } from '@plasticity/nn';
 * const model = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 1));
 * const opt = new SGD(model.parameters(), { lr: 0.1 });
 * const loss = mseLoss(model.call(tensor([[0, 1]])), tensor([[1]]));
 * loss.backward();
 * opt.step();
 * ```
 * @packageDocumentation
 */

export type { Batch, BatchInfo, BatchSource, EpochInfo, FitOptions, History, Metric } from './fit';
export { accuracy, accuracyTensor, evaluate, fit } from './fit';
export type { GradcheckModuleOptions } from './gradcheck';
export { gradcheckModule } from './gradcheck';
export type { InitOptions, KaimingOptions, Nonlinearity } from './init';
export {
  calculateFans,
  calculateGain,
  constant_,
  kaimingNormal_,
  kaimingUniform_,
  normal_,
  ones_,
  uniform_,
  xavierNormal_,
  xavierUniform_,
  zeros_,
} from './init';
export {
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
} from './layers/activations';
export type { AttentionCallOptions, MultiheadAttentionOptions } from './layers/attention';
export { MultiheadAttention } from './layers/attention';
export type { DropoutOptions } from './layers/basic';
export { Dropout, Flatten } from './layers/basic';
export type { Conv1dOptions, Conv2dOptions } from './layers/conv';
export { Conv1d, Conv2d } from './layers/conv';
export type { EmbeddingOptions } from './layers/embedding';
export { Embedding } from './layers/embedding';
export type { LinearOptions } from './layers/linear';
export { Identity, Linear } from './layers/linear';
export type { BatchNormOptions, LayerNormOptions } from './layers/norm';
export { BatchNorm1d, BatchNorm2d, LayerNorm } from './layers/norm';
export type { Pool2dLayerOptions } from './layers/pool';
export { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from './layers/pool';
export type { RecurrentOptions, RNNOptions } from './layers/recurrent';
export { GRU, LSTM, RNN } from './layers/recurrent';
export type { EncoderCallOptions, TransformerEncoderLayerOptions } from './layers/transformer';
export { TransformerEncoderLayer } from './layers/transformer';
export type {
  BCEOptions,
  BCEWithLogitsOptions,
  CrossEntropyOptions,
  HingeOptions,
  KLDivOptions,
} from './losses/classification';
export {
  bceLoss,
  bceWithLogitsLoss,
  crossEntropyLoss,
  hingeLoss,
  klDivLoss,
  multiMarginLoss,
  nllLoss,
} from './losses/classification';
export {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  HingeLoss,
  KLDivLoss,
  MultiMarginLoss,
  NLLLoss,
} from './losses/modules';
export type { LossOptions, Reduction } from './losses/reduce';
export type { HuberOptions } from './losses/regression';
export { HuberLoss, huberLoss, L1Loss, l1Loss, MSELoss, mseLoss } from './losses/regression';
export type { ForwardHook, HookHandle, LoadStateDictOptions, LoadStateDictResult, StateDict } from './module';
export { Module } from './module';
export type { AdagradOptions } from './optim/adagrad';
export { Adagrad } from './optim/adagrad';
export type { AdamOptions } from './optim/adam';
export { Adam, AdamW } from './optim/adam';
export { clipGradNorm_, clipGradNormTensor_, clipGradValue_, l1Penalty, l2Penalty } from './optim/clip';
export type { ParamGroup, Params, ResolvedGroup } from './optim/optimizer';
export { Optimizer } from './optim/optimizer';
export type { RMSpropOptions } from './optim/rmsprop';
export { RMSprop } from './optim/rmsprop';
export { CosineAnnealingLR, ExponentialLR, LinearLR, LRScheduler, StepLR } from './optim/schedulers';
export type { SGDOptions } from './optim/sgd';
export { SGD } from './optim/sgd';
export type { PerceptronReport } from './rules';
export { hebbianUpdate, ojaUpdate, Perceptron, trainPerceptron } from './rules';
export type {
  SafetensorsDType,
  SafetensorsEntry,
  SafetensorsHeader,
  SaveSafetensorsOptions,
} from './safetensors';
export {
  loadModelSafetensors,
  loadSafetensors,
  parseSafetensorsHeader,
  saveSafetensors,
  saveSafetensorsSync,
} from './safetensors';
export type { Layer } from './sequential';
export { Residual, Sequential } from './sequential';
