import { noGrad, stack, type Tensor, tidy } from '@plasticity/core';
import { fail } from '../errors';

function withGrads(op: string, params: Iterable<Tensor>): Tensor[] {
  if (params === null || typeof (params as Iterable<Tensor>)?.[Symbol.iterator] !== 'function')
    fail(op, 'params must be an array of tensors');
  return [...params].filter((p) => p.grad !== null);
}

function checkNormArgs(op: string, maxNorm: number, normType: number): void {
  if (!(maxNorm >= 0)) fail(op, `maxNorm must be ≥ 0, got ${maxNorm}`);
  if (!(normType > 0)) fail(op, `normType must be positive, got ${normType}`);
}

/**
 * Rescales the gradients in place so that their joint `normType`-norm is at most `maxNorm`
 * (PyTorch's `clip_grad_norm_`); returns the norm before clipping. It reads the norms on the host, so
 * it needs a backend that reads synchronously (the CPU); `clipGradNormTensor_` clips on any backend.
 */
export function clipGradNorm_(params: Iterable<Tensor>, maxNorm: number, normType = 2): number {
  const op = 'clipGradNorm_(params, maxNorm)';
  checkNormArgs(op, maxNorm, normType);
  const ps = withGrads(op, params);
  if (ps.length === 0) return 0;
  const async = ps.find((p) => !(p.grad as Tensor).backend.canReadSync);
  if (async !== undefined) {
    fail(
      op,
      `the gradients live on '${(async.grad as Tensor).backend.name}', which reads asynchronously: use clipGradNormTensor_ (it clips on the device and returns the norm as a tensor)`,
    );
  }
  return tidy(() =>
    noGrad(() => {
      const norms = ps.map((p) => (p.grad as Tensor).norm(normType).item());
      const total =
        normType === Number.POSITIVE_INFINITY
          ? Math.max(...norms)
          : norms.reduce((s, n) => s + n ** normType, 0) ** (1 / normType);
      const coef = maxNorm / (total + 1e-6);
      if (coef < 1) for (const p of ps) (p.grad as Tensor).mul_(coef);
      return total;
    }),
  );
}

/**
 * `clipGradNorm_` computed entirely on the gradients' device (nothing is read, so it works on WebGPU):
 * scales every gradient by min(1, maxNorm / (norm + 1e-6)) and returns the norm before clipping as a
 * float32 scalar tensor (PyTorch's `clip_grad_norm_` also returns a tensor); read it with `await data()`.
 */
export function clipGradNormTensor_(params: Iterable<Tensor>, maxNorm: number, normType = 2): Tensor {
  const op = 'clipGradNormTensor_(params, maxNorm)';
  checkNormArgs(op, maxNorm, normType);
  const ps = withGrads(op, params);
  if (ps.length === 0) fail(op, 'no parameter has a gradient (call backward() first)');
  return tidy(() =>
    noGrad(() => {
      const norms = stack(ps.map((p) => (p.grad as Tensor).norm(normType).reshape([])));
      const total =
        normType === Number.POSITIVE_INFINITY
          ? norms.max()
          : norms
              .pow(normType)
              .sum()
              .pow(1 / normType);
      const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp(null, 1);
      for (const p of ps) (p.grad as Tensor).mul_(coef);
      return total;
    }),
  );
}

/** Clamps every gradient element into [−clipValue, clipValue], in place (PyTorch's `clip_grad_value_`). */
export function clipGradValue_(params: Iterable<Tensor>, clipValue: number): void {
  const op = 'clipGradValue_(params, clipValue)';
  if (!(clipValue > 0)) fail(op, `clipValue must be positive, got ${clipValue}`);
  const ps = withGrads(op, params);
  tidy(() =>
    noGrad(() => {
      for (const p of ps) {
        const g = p.grad as Tensor;
        g.copy_(g.clamp(-clipValue, clipValue));
      }
    }),
  );
}

/** λ·Σ|w| over the parameters: add it to the loss for L1 regularisation (sparse weights). */
export function l1Penalty(params: Iterable<Tensor>, lambda: number): Tensor {
  return penalty('l1Penalty(params, lambda)', params, lambda, (p) => p.abs().sum());
}

/** λ·Σw² over the parameters: add it to the loss for L2 regularisation (weight decay). */
export function l2Penalty(params: Iterable<Tensor>, lambda: number): Tensor {
  return penalty('l2Penalty(params, lambda)', params, lambda, (p) => p.square().sum());
}

function penalty(op: string, params: Iterable<Tensor>, lambda: number, term: (p: Tensor) => Tensor): Tensor {
  if (!(lambda >= 0)) fail(op, `lambda must be ≥ 0, got ${lambda}`);
  const ps = [...params];
  if (ps.length === 0) fail(op, 'expected at least one parameter');
  let total = term(ps[0]);
  for (let i = 1; i < ps.length; i++) total = total.add(term(ps[i]));
  return total.mul(lambda);
}
