import { cast, type Tensor, tensor, where } from '@plasticity/core';
import { fail, fmtShape, requireRange, requireTensor } from '../errors';
import { checkPair, checkValues, type LossOptions, reduceLoss } from './reduce';

/** Options of the binary cross-entropy losses. */
export interface BCEOptions extends LossOptions {
  /** Per-element rescaling weight, broadcast against the input. */
  weight?: Tensor;
}

/**
 * Binary cross-entropy of probabilities: −[y·log x + (1 − y)·log(1 − x)], with logs clamped at −100 as
 * PyTorch's `F.binary_cross_entropy`. Input and target must be in [0, 1]; prefer `bceWithLogitsLoss`.
 */
export function bceLoss(input: Tensor, target: Tensor, options: BCEOptions = {}): Tensor {
  const op = 'bceLoss(input, target)';
  checkPair(op, input, target);
  checkValues(op, 'input', input, 0, 1, 'probabilities in [0, 1] (apply sigmoid, or use bceWithLogitsLoss)');
  checkValues(op, 'target', target, 0, 1, 'values in [0, 1]');
  const logX = input.log().clamp(-100, null);
  const log1mX = input.neg().add(1).log().clamp(-100, null);
  let loss = target.mul(logX).add(target.neg().add(1).mul(log1mX)).neg();
  if (options.weight !== undefined) loss = loss.mul(options.weight);
  return reduceLoss(op, loss, options.reduction);
}

/** Options of `bceWithLogitsLoss`. */
export interface BCEWithLogitsOptions extends BCEOptions {
  /** Weight of the positive examples (one per class, broadcast on the last dim), for imbalanced data. */
  posWeight?: Tensor;
}

/**
 * Binary cross-entropy on logits, computed stably from the sigmoid's log-sum-exp form, as PyTorch's
 * `F.binary_cross_entropy_with_logits`: (1 − y)·x + (1 + (p − 1)·y)·log(1 + e⁻ˣ).
 */
export function bceWithLogitsLoss(input: Tensor, target: Tensor, options: BCEWithLogitsOptions = {}): Tensor {
  const op = 'bceWithLogitsLoss(input, target)';
  checkPair(op, input, target);
  checkValues(op, 'target', target, 0, 1, 'values in [0, 1]');
  // log(1 + e^(−x)) = softplus(−|x|) + max(−x, 0), finite for every x.
  const logSigNeg = input.abs().neg().softplus().add(input.neg().relu());
  const coef = options.posWeight === undefined ? null : target.mul(options.posWeight.sub(1)).add(1);
  let loss = target
    .neg()
    .add(1)
    .mul(input)
    .add(coef === null ? logSigNeg : coef.mul(logSigNeg));
  if (options.weight !== undefined) loss = loss.mul(options.weight);
  return reduceLoss(op, loss, options.reduction);
}

/** Options of `crossEntropyLoss` and `nllLoss`. */
export interface CrossEntropyOptions extends LossOptions {
  /** A weight per class, shape [C], for imbalanced classes. */
  weight?: Tensor;
  /** Targets equal to this are skipped (default −100, as PyTorch). */
  ignoreIndex?: number;
  /** Mixes the one-hot target with the uniform distribution: (1 − ε)·onehot + ε/C (Szegedy et al. 2016). */
  labelSmoothing?: number;
}

/** [N, C, d1, …] → [N·d1·…, C] with classes last; [C] → [1, C]. */
function classesLast(op: string, input: Tensor): Tensor {
  if (input.ndim === 1) return input.reshape([1, input.shape[0]]);
  if (input.ndim === 2) return input;
  const perm = [0, ...Array.from({ length: input.ndim - 2 }, (_, i) => i + 2), 1];
  if (input.shape[1] < 1) fail(op, `input ${fmtShape(input.shape)} has no classes`);
  return input.permute(perm).reshape([-1, input.shape[1]]);
}

function classWeights(op: string, weight: Tensor | undefined, classes: number): Float32Array | null {
  if (weight === undefined) return null;
  requireTensor(op, 'options.weight', weight);
  if (weight.ndim !== 1 || weight.shape[0] !== classes)
    fail(op, `options.weight must have shape [${classes}] (one per class), got ${fmtShape(weight.shape)}`);
  return Float32Array.from(weight.dataSync());
}

/** Class weights read on the host (a Float32Array) or kept on the device, as a tensor on `like`'s backend. */
function weightOn(weight: Float32Array | Tensor, like: Tensor): Tensor {
  return weight instanceof Float32Array ? tensor(weight, { backend: like.backend }) : weight;
}

/** The class weights as a float32 tensor on `like`'s backend (nothing read when they already live there). */
function classWeightTensor(
  op: string,
  weight: Tensor | undefined,
  classes: number,
  like: Tensor,
): Tensor | null {
  if (weight === undefined) return null;
  requireTensor(op, 'options.weight', weight);
  if (weight.ndim !== 1 || weight.shape[0] !== classes)
    fail(op, `options.weight must have shape [${classes}] (one per class), got ${fmtShape(weight.shape)}`);
  return (weight.backend === like.backend ? weight : weight.to(like.backend)).float();
}

/** Per-row negative log-likelihood −w[y]·logp[y], the per-row weights (0 where ignored) and the class weights. */
function pickedNll(op: string, logp: Tensor, target: Tensor, options: CrossEntropyOptions) {
  const [n, classes] = logp.shape;
  requireTensor(op, 'target', target);
  if (target.dtype !== 'int32') {
    fail(
      op,
      `target must hold int32 class indices (use tensor(labels, { dtype: 'int32' })), got ${target.dtype}`,
    );
  }
  if (target.size !== n)
    fail(op, `target ${fmtShape(target.shape)} must have one class index per input row (${n})`);
  if (!target.backend.canReadSync) return pickedNllOnDevice(op, logp, target, options);
  const ignore = options.ignoreIndex ?? -100;
  const w = classWeights(op, options.weight, classes);
  const labels = target.dataSync();
  const idx = new Int32Array(n);
  const rowWeight = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y === ignore) continue;
    if (y < 0 || y >= classes) fail(op, `target class ${y} at index ${i} is outside 0..${classes - 1}`);
    idx[i] = y;
    rowWeight[i] = w === null ? 1 : w[y];
  }
  const rw = tensor(rowWeight, { backend: logp.backend });
  const picked = logp.gather(1, tensor(idx, { shape: [n, 1], backend: logp.backend })).reshape([n]);
  return { nll: picked.neg().mul(rw), rw, weight: w as Float32Array | Tensor | null };
}

/**
 * `pickedNll` without reading the target, for backends that read asynchronously (WebGPU): the class
 * range cannot be checked here, so a row whose class is outside 0..C − 1 (and not ignored) gets a NaN
 * loss — `fit` then stops with an error — rather than a silently wrong value from an out-of-range gather.
 */
function pickedNllOnDevice(op: string, logp: Tensor, target: Tensor, options: CrossEntropyOptions) {
  const [n, classes] = logp.shape;
  const labels = target.reshape([n]);
  const counted = labels.ne(options.ignoreIndex ?? -100);
  const inRange = labels.ge(0).logicalAnd(labels.lt(classes));
  const idx = where(counted.logicalAnd(inRange), labels, 0);
  const weight = classWeightTensor(op, options.weight, classes, logp);
  const rw = weight === null ? counted.float() : weight.indexSelect(0, idx).mul(counted.float());
  const picked = logp.gather(1, idx.reshape([n, 1])).reshape([n]);
  const poison = where(counted.logicalAnd(inRange.logicalNot()), Number.NaN, 0);
  return { nll: picked.neg().mul(rw).add(poison), rw, weight: weight as Float32Array | Tensor | null };
}

function reshapeNone(loss: Tensor, target: Tensor): Tensor {
  return loss.reshape(target.shape.length === 0 ? [] : [...target.shape]);
}

/**
 * Negative log-likelihood of log-probabilities `input` [N, C] (or [N, C, d…]) at int32 class `target`
 * [N] (or [N, d…]), as PyTorch's `F.nll_loss`. With class weights, 'mean' divides by the summed weights.
 */
export function nllLoss(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'nllLoss(input, target)';
  requireTensor(op, 'input', input);
  if (input.dtype !== 'float32' || input.ndim < 1)
    fail(op, `input must be float32 log-probabilities [N, C], got ${input.dtype} ${fmtShape(input.shape)}`);
  const { nll, rw } = pickedNll(op, classesLast(op, input), target, options);
  return finish(op, nll, rw, target, options);
}

function finish(op: string, loss: Tensor, rw: Tensor, target: Tensor, options: LossOptions): Tensor {
  const reduction = options.reduction ?? 'mean';
  if (reduction === 'mean') return loss.sum().div(rw.sum());
  if (reduction === 'none') return reshapeNone(loss, target);
  return reduceLoss(op, loss, reduction);
}

/**
 * Cross-entropy of raw scores (logits) `input` [N, C] (or [N, C, d…]) against int32 class indices, or
 * against class probabilities of the input's shape, as PyTorch's `F.cross_entropy` — including class
 * `weight`, `ignoreIndex` and `labelSmoothing` with PyTorch's exact formulas.
 *
 * Targets are validated without reading them on every backend (dtype, shape). Value checks read the
 * target, so they need a backend that reads synchronously (the CPU): there an out-of-range class or
 * probability throws; on WebGPU an out-of-range class makes that row's loss NaN (and `fit` stop with an
 * error), and probabilities outside [0, 1] are not detected.
 */
export function crossEntropyLoss(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropyLoss(input, target)';
  requireTensor(op, 'input', input);
  requireTensor(op, 'target', target);
  if (input.dtype !== 'float32' || input.ndim < 1)
    fail(op, `input must be float32 logits [N, C], got ${input.dtype} ${fmtShape(input.shape)}`);
  const eps = requireRange(op, 'options.labelSmoothing', options.labelSmoothing ?? 0, 0, 1);
  const logp = classesLast(op, input).logSoftmax(1);
  const classes = logp.shape[1];
  if (target.dtype === 'float32') {
    if (target.ndim !== input.ndim || target.shape.some((d, i) => d !== input.shape[i])) {
      fail(
        op,
        `probability targets must have the input's shape ${fmtShape(input.shape)}, got ${fmtShape(target.shape)}`,
      );
    }
    checkValues(op, 'target', target, 0, 1, 'probabilities in [0, 1]');
    let probs = classesLast(op, target);
    if (eps > 0) probs = probs.mul(1 - eps).add(eps / classes);
    const weight = target.backend.canReadSync
      ? classWeights(op, options.weight, classes)
      : classWeightTensor(op, options.weight, classes, logp);
    let terms = probs.mul(logp);
    if (weight !== null) terms = terms.mul(weightOn(weight, logp));
    const loss = terms.sum(1).neg();
    if ((options.reduction ?? 'mean') === 'none')
      return loss.reshape(input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)]);
    return reduceLoss(op, loss, options.reduction);
  }
  const { nll, rw, weight } = pickedNll(op, logp, target, options);
  if (eps === 0) return finish(op, nll, rw, target, options);
  // Smoothing term −Σ_c w_c·logp_c, only on rows that are not ignored (PyTorch's formula).
  let smooth = weight === null ? logp.sum(1) : logp.mul(weightOn(weight, logp)).sum(1);
  smooth = smooth.neg().mul(cast(rw.gt(0), 'float32'));
  const loss = nll.mul(1 - eps).add(smooth.mul(eps / classes));
  return finish(op, loss, rw, target, options);
}

/** Options of the hinge losses. */
export interface HingeOptions extends LossOptions {
  /** The margin (default 1). */
  margin?: number;
}

/**
 * The SVM hinge loss max(0, margin − y·s) for scores `input` and labels `target` in {−1, +1}
 * (float32, same shape).
 */
export function hingeLoss(input: Tensor, target: Tensor, options: HingeOptions = {}): Tensor {
  const op = 'hingeLoss(input, target)';
  checkPair(op, input, target);
  // The label check reads the target: only on backends that read synchronously (see `checkValues`).
  if (target.backend.canReadSync) {
    const labels = target.dataSync();
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== 1 && labels[i] !== -1)
        fail(op, `target must hold labels −1 or +1, found ${labels[i]} at flat index ${i}`);
    }
  }
  const margin = options.margin ?? 1;
  return reduceLoss(op, target.mul(input).neg().add(margin).relu(), options.reduction);
}

/**
 * The multi-class hinge loss of Weston & Watkins as PyTorch's `F.multi_margin_loss` (p = 1):
 * Σ_{c≠y} max(0, margin − s_y + s_c) / C per row, for scores [N, C] and int32 classes [N].
 */
export function multiMarginLoss(input: Tensor, target: Tensor, options: HingeOptions = {}): Tensor {
  const op = 'multiMarginLoss(input, target)';
  requireTensor(op, 'input', input);
  if (input.ndim !== 2 || input.dtype !== 'float32')
    fail(op, `input must be float32 scores [N, C], got ${input.dtype} ${fmtShape(input.shape)}`);
  const [n, classes] = input.shape;
  const { nll } = pickedNll(op, input, target, {});
  const correct = nll.neg().reshape([n, 1]);
  const margins = input
    .sub(correct)
    .add(options.margin ?? 1)
    .relu();
  // The c = y term is max(0, margin) for every row: remove it.
  const perRow = margins
    .sum(1)
    .sub(Math.max(0, options.margin ?? 1))
    .div(classes);
  return reduceLoss(op, perRow, options.reduction);
}

/** Options of `klDivLoss`. */
export interface KLDivOptions {
  /** 'batchmean' divides by the batch size and gives the true KL divergence; 'mean' (PyTorch's default) divides by every element. */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target is given as log-probabilities. */
  logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence KL(target ‖ input) with `input` as log-probabilities, as PyTorch's
 * `F.kl_div`: Σ target·(log target − input), where 0·log 0 = 0.
 */
export function klDivLoss(input: Tensor, target: Tensor, options: KLDivOptions = {}): Tensor {
  const op = 'klDivLoss(input, target)';
  checkPair(op, input, target);
  let pointwise: Tensor;
  if (options.logTarget) pointwise = target.exp().mul(target.sub(input));
  else {
    checkValues(op, 'target', target, 0, 1, 'probabilities in [0, 1] (or pass logTarget: true)');
    const positive = target.gt(0);
    const safeLog = where(positive, target, 1).log();
    pointwise = where(positive, target.mul(safeLog.sub(input)), 0);
  }
  const reduction = options.reduction ?? 'mean';
  if (reduction === 'batchmean') return pointwise.sum().div(input.ndim === 0 ? 1 : input.shape[0]);
  return reduceLoss(op, pointwise, reduction);
}
