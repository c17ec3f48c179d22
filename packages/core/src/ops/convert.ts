import type { Backend } from '../backend';
import { getBackend } from '../backends';
import type { DType } from '../dtype';
import { fail, fmtShape } from '../errors';
import { isTensor, Tensor, type TensorLike } from '../tensor';

const pinnedConstants = new WeakMap<Backend, Map<string, Tensor>>();
const MAX_PINNED = 512;

/**
 * The constants gradient rules and activations use — small integers and halves, quarters, … (2, 1, −1,
 * 0.5) — are shared. Arbitrary values (a learning rate, Adam's 1 − βᵗ, 1/n) are not, so the cache is
 * bounded by construction and never grows with a training loop.
 */
function isStructuralConstant(value: number): boolean {
  return Number.isInteger(value * 1024) && Math.abs(value) <= 1024;
}

/**
 * @internal A scalar tensor on `backend`. Structural constants are made once per (backend, dtype, value)
 * and shared: pinned (never disposed) and never written. Other values are ordinary tensors.
 */
export function scalarOn(backend: Backend, value: number, dtype: DType): Tensor {
  const shareable = isStructuralConstant(value);
  let cache: Map<string, Tensor> | undefined;
  let id = '';
  if (shareable) {
    cache = pinnedConstants.get(backend);
    if (cache === undefined) {
      cache = new Map();
      pinnedConstants.set(backend, cache);
    }
    id = `${dtype}:${Object.is(value, -0) ? '-0' : value}`;
    const known = cache.get(id);
    if (known !== undefined) return known;
  }
  const data =
    dtype === 'float32' ? new Float32Array(1) : dtype === 'int32' ? new Int32Array(1) : new Uint8Array(1);
  data[0] = value;
  const t = Tensor.fromBuffer(backend, backend.upload(data, dtype), [], dtype);
  if (cache !== undefined && cache.size < MAX_PINNED) {
    t.kept = true;
    t.pinned = true;
    cache.set(id, t);
  }
  return t;
}

/**
 * @internal Turns an op argument into a tensor. Plain numbers become scalars on the backend of `like`
 * (or the current backend), with `like`'s dtype where the value fits it, so `x.mul(2)` stays int32 for
 * int32 `x` and `x.mul(0.5)` becomes float32.
 */
export function asTensor(opName: string, value: TensorLike, like?: Tensor): Tensor {
  if (isTensor(value)) {
    value.assertLive(opName);
    return value;
  }
  const backend = like?.backend ?? getBackend();
  if (typeof value === 'boolean') return scalarOn(backend, value ? 1 : 0, 'bool');
  if (typeof value === 'number') {
    let dtype: DType = 'float32';
    if (like !== undefined && like.dtype !== 'float32' && Number.isInteger(value)) dtype = 'int32';
    if (like?.dtype === 'bool' && (value === 0 || value === 1)) dtype = 'bool';
    return scalarOn(backend, value, dtype);
  }
  return fail(opName, `expected a tensor, number or boolean, got ${describe(value)}`);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (wrap it with tensor(...))`;
  if (isTensor(value)) return `a tensor ${fmtShape(value.shape)}`;
  return typeof value;
}

/** @internal Fails unless every tensor lives on the same backend. */
export function sameBackend(opName: string, tensors: readonly Tensor[]): Backend {
  const backend = tensors[0].backend;
  for (let i = 1; i < tensors.length; i++) {
    if (tensors[i].backend !== backend) {
      fail(
        opName,
        `tensors live on different backends: argument 0 is on '${backend.name}', argument ${i} is on ` +
          `'${tensors[i].backend.name}'; move one with .to('${backend.name}')`,
      );
    }
  }
  return backend;
}
