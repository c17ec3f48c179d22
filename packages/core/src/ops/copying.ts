import { record } from '../autograd';
import type { Backend } from '../backend';
import { resolveBackend } from '../backends';
import type { DType } from '../dtype';
import { fail, fmtShape } from '../errors';
import { broadcastShapes, normalizeAxis, shapesEqual } from '../shape';
import { state } from '../state';
import { isTensor, Tensor, type TensorLike } from '../tensor';
import { add, expand, mul, narrow, reshape, sumToShape, unsqueeze } from './api';
import { broadcastView } from './broadcast';
import { asTensor, sameBackend, scalarOn } from './convert';

/** `x` itself if its view is already contiguous, else a contiguous copy (explicit, as in PyTorch). */
export function contiguous(x: Tensor): Tensor {
  x.assertLive('contiguous(x)');
  if (x.isContiguous) return x;
  return clone(x);
}

/** A contiguous copy with its own storage; gradients flow through it. */
export function clone(x: Tensor): Tensor {
  x.assertLive('clone(x)');
  const out = Tensor.fromBuffer(x.backend, x.backend.copy(x, x.dtype), x.shape, x.dtype);
  return record('clone', out, [x], (g) => [g]);
}

/** Converts to another dtype (float→int truncates toward zero; anything non-zero → true). */
export function cast(x: Tensor, dtype: DType): Tensor {
  x.assertLive(`cast(x, '${dtype}')`);
  if (x.dtype === dtype) return x;
  const out = Tensor.fromBuffer(x.backend, x.backend.copy(x, dtype), x.shape, dtype);
  return record('cast', out, [x], x.dtype === 'float32' && dtype === 'float32' ? (g) => [g] : null, {
    dtype,
  });
}

/** Picks from `a` where `condition` is true and from `b` elsewhere, with broadcasting of all three. */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const label = 'where(condition, a, b)';
  let c = asTensor(label, condition);
  // Number branches take the dtype of a tensor branch; with none, they go to the condition's backend as
  // int32 when both are integers (PyTorch gives int64), bool for two booleans, float32 otherwise.
  const like = isTensor(a) ? a : isTensor(b) ? b : undefined;
  const scalarDtype: DType =
    typeof a === 'boolean' && typeof b === 'boolean'
      ? 'bool'
      : Number.isInteger(a) && Number.isInteger(b)
        ? 'int32'
        : 'float32';
  const branch = (v: TensorLike) =>
    like === undefined ? scalarOn(c.backend, Number(v), scalarDtype) : asTensor(label, v, like);
  const ta = branch(a);
  const tb = branch(b);
  if (c.dtype !== 'bool') c = cast(c, 'bool');
  const dtype: DType =
    ta.dtype === 'float32' || tb.dtype === 'float32'
      ? 'float32'
      : ta.dtype === 'int32' || tb.dtype === 'int32'
        ? 'int32'
        : 'bool';
  const xa = ta.dtype === dtype ? ta : cast(ta, dtype);
  const xb = tb.dtype === dtype ? tb : cast(tb, dtype);
  const backend = sameBackend(label, [c, xa, xb]);
  const shape = broadcastShapes(label, broadcastShapes(label, c.shape, xa.shape), xb.shape);
  const buffer = backend.where(
    broadcastView(c, shape),
    broadcastView(xa, shape),
    broadcastView(xb, shape),
    dtype,
  );
  const out = Tensor.fromBuffer(backend, buffer, shape, dtype);
  return record(
    'where',
    out,
    [c, xa, xb],
    dtype !== 'float32'
      ? null
      : (g) => [
          null,
          xa.requiresGrad ? sumToShape(where(c, g, 0), xa.shape) : null,
          xb.requiresGrad ? sumToShape(where(c, 0, g), xb.shape) : null,
        ],
  );
}

/** Constant padding: `padding[i] = [before, after]` for dimension i (missing trailing dims: no padding). */
export function pad(x: Tensor, padding: readonly (readonly [number, number])[], value = 0): Tensor {
  const label = `pad(x, ${JSON.stringify(padding)})`;
  x.assertLive(label);
  if (padding.length > x.ndim)
    fail(label, `${padding.length} pad pairs for a tensor with ${x.ndim} dimension(s)`);
  const full = x.shape.map((_, i) => padding[i] ?? ([0, 0] as const));
  for (const [before, after] of full) {
    if (!Number.isInteger(before) || !Number.isInteger(after) || before < 0 || after < 0) {
      fail(label, `padding must be non-negative integers, got [${before}, ${after}]`);
    }
  }
  const shape = x.shape.map((d, i) => d + full[i][0] + full[i][1]);
  const out = Tensor.fromBuffer(x.backend, x.backend.pad(x, full, value), shape, x.dtype);
  return record('pad', out, [x], (g) => {
    let gx = g;
    full.forEach(([before], i) => {
      if (before > 0 || shape[i] !== x.shape[i]) gx = narrow(gx, i, before, x.shape[i]);
    });
    return [gx];
  });
}

/** Joins tensors along an existing dimension; all other dimensions must agree. */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  const label = `concat(tensors, ${dim})`;
  if (tensors.length === 0) fail(label, 'expected at least one tensor');
  for (const t of tensors) t.assertLive(label);
  const first = tensors[0];
  const axis = normalizeAxis(label, dim, first.ndim);
  const dtype = tensors.some((t) => t.dtype === 'float32') ? 'float32' : first.dtype;
  for (let i = 1; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.ndim !== first.ndim || t.shape.some((d, j) => j !== axis && d !== first.shape[j])) {
      fail(
        label,
        `tensor ${i} has shape ${fmtShape(t.shape)}, which differs from ${fmtShape(first.shape)} outside dimension ${axis}`,
      );
    }
  }
  const inputs = tensors.map((t) => (t.dtype === dtype ? t : cast(t, dtype)));
  const backend = sameBackend(label, inputs);
  const shape = [...first.shape];
  shape[axis] = inputs.reduce((n, t) => n + t.shape[axis], 0);
  const out = Tensor.fromBuffer(backend, backend.concat(inputs, axis), shape, dtype);
  return record(
    'concat',
    out,
    inputs,
    (g) => {
      let at = 0;
      return inputs.map((t) => {
        const part = narrow(g, axis, at, t.shape[axis]);
        at += t.shape[axis];
        return part;
      });
    },
    { dim: axis },
  );
}

/** Alias of `concat` (PyTorch's `torch.cat`). */
export const cat = concat;

/** Joins tensors of equal shape along a new dimension `dim`. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const label = `stack(tensors, ${dim})`;
  if (tensors.length === 0) fail(label, 'expected at least one tensor');
  const shape = tensors[0].shape;
  tensors.forEach((t, i) => {
    if (!shapesEqual(t.shape, shape))
      fail(label, `tensor ${i} has shape ${fmtShape(t.shape)}, tensor 0 has ${fmtShape(shape)}`);
  });
  const axis = normalizeAxis(label, dim, shape.length + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, axis)),
    axis,
  );
}

function checkIndex(label: string, index: Tensor, bound: number): void {
  if (index.dtype !== 'int32') fail(label, `index must be int32, got ${index.dtype}`);
  if (!index.backend.canReadSync) return;
  const data = index.backend.readSync(index);
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 || data[i] >= bound) {
      fail(
        label,
        `index ${data[i]} is out of range for a dimension of size ${bound} (expected 0..${bound - 1})`,
      );
    }
  }
}

/**
 * PyTorch's gather: `out[i][j] = x[index[i][j]][j]` for dim 0 (likewise for other dims). `index` has
 * x's number of dims and, outside `dim`, sizes no larger than x's.
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const label = `gather(x, ${dim}, index)`;
  x.assertLive(label);
  index.assertLive(label);
  const axis = normalizeAxis(label, dim, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((d, i) => i !== axis && d > x.shape[i])) {
    fail(
      label,
      `index ${fmtShape(index.shape)} must have ${x.ndim} dims and no dimension larger than x ${fmtShape(x.shape)} (except dim ${axis})`,
    );
  }
  checkIndex(label, index, x.shape[axis]);
  const backend = sameBackend(label, [x, index]);
  const out = Tensor.fromBuffer(backend, backend.gather(x, axis, index), index.shape, x.dtype);
  return record('gather', out, [x, index], (g) => [scatterAddInto(x.shape, axis, index, g), null], {
    dim: axis,
  });
}

/** Rows (or slices along `dim`) picked by a 1-D list of indices — what an embedding lookup does. */
export function indexSelect(x: Tensor, dim: number, index: Tensor | readonly number[]): Tensor {
  const label = `indexSelect(x, ${dim}, index)`;
  const idx = Array.isArray(index)
    ? Tensor.fromBuffer(x.backend, x.backend.upload(Int32Array.from(index), 'int32'), [index.length], 'int32')
    : (index as Tensor);
  if (idx.ndim !== 1) fail(label, `index must be 1-D, got shape ${fmtShape(idx.shape)}`);
  const axis = normalizeAxis(label, dim, x.ndim);
  checkIndex(label, idx, x.shape[axis]);
  const viewShape = x.shape.map((_, i) => (i === axis ? idx.shape[0] : 1));
  const full = x.shape.map((d, i) => (i === axis ? idx.shape[0] : d));
  return gather(x, axis, expand(reshape(idx, viewShape), full));
}

/** `x` plus `src` scattered along `dim` at `index` (PyTorch's out-of-place `scatter_add`). */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const label = `scatterAdd(x, ${dim}, index, src)`;
  const axis = normalizeAxis(label, dim, x.ndim);
  if (!shapesEqual(index.shape, src.shape))
    fail(label, `index ${fmtShape(index.shape)} and src ${fmtShape(src.shape)} must have the same shape`);
  const scattered = scatterAddInto(x.shape, axis, index, src.dtype === x.dtype ? src : cast(src, x.dtype));
  return x.add(scattered);
}

/** @internal zeros(shape) with src added at index along axis; its adjoint is gather. */
function scatterAddInto(shape: readonly number[], axis: number, index: Tensor, src: Tensor): Tensor {
  const label = `scatterAdd(shape ${fmtShape(shape)}, ${axis}, index, src)`;
  if (index.ndim !== shape.length || index.shape.some((d, i) => i !== axis && d > shape[i])) {
    fail(
      label,
      `index ${fmtShape(index.shape)} must have ${shape.length} dims, none larger than the target outside dim ${axis}`,
    );
  }
  checkIndex(label, index, shape[axis]);
  const backend = sameBackend(label, [index, src]);
  const out = Tensor.fromBuffer(backend, backend.scatterAdd(shape, axis, index, src), shape, src.dtype);
  return record('scatterAdd', out, [index, src], (g) => [null, gather(g, axis, index)], { dim: axis });
}

/** Copies a tensor to another backend; the gradient flows back to the original backend. */
export function toBackend(x: Tensor, target: string | Backend): Tensor {
  const label = `to('${typeof target === 'string' ? target : target.name}')`;
  x.assertLive(label);
  const backend: Backend = resolveBackend(label, target);
  if (backend === x.backend) return x;
  if (!x.backend.canReadSync) {
    fail(
      label,
      `reading from '${x.backend.name}' is asynchronous: use await toBackendAsync(x, '${backend.name}')`,
    );
  }
  return moved(x, backend, x.backend.readSync(x));
}

/** Like `to()`, for backends that can only read asynchronously (copy GPU parameters to the CPU). */
export async function toBackendAsync(x: Tensor, target: string | Backend): Promise<Tensor> {
  const label = `toBackendAsync(x, '${typeof target === 'string' ? target : target.name}')`;
  x.assertLive(label);
  const backend: Backend = resolveBackend(label, target);
  if (backend === x.backend) return x;
  return moved(x, backend, await x.backend.read(x));
}

function moved(x: Tensor, backend: Backend, data: Parameters<Backend['upload']>[0]): Tensor {
  const out = Tensor.fromBuffer(backend, backend.upload(data, x.dtype), x.shape, x.dtype);
  const origin = x.backend;
  return record('to', out, [x], (g) => [toBackend(g, origin)], { backend: backend.name });
}

/**
 * @internal target ← target + alpha·src in place, in one pass when the backend has an `axpy` kernel
 * (the optimizer's update); otherwise computed out of place and assigned.
 */
export function axpyInPlace<T extends Tensor>(target: T, opName: string, src: TensorLike, alpha: number): T {
  const backend = target.backend;
  if (
    backend.axpy === undefined ||
    !isTensor(src) ||
    target.dtype !== 'float32' ||
    src.dtype !== 'float32' ||
    src.backend !== backend
  ) {
    return assignInPlace(target, opName, () => add(target, alpha === 1 ? src : mul(src, alpha)));
  }
  const label = `${opName}()`;
  target.assertLive(label);
  src.assertLive(label);
  checkWritable(label, target);
  const shape = broadcastShapes(label, target.shape, src.shape);
  if (!shapesEqual(shape, target.shape)) {
    fail(label, `value of shape ${fmtShape(src.shape)} does not fit into ${fmtShape(target.shape)}`);
  }
  backend.axpy(target, broadcastView(src, target.shape), alpha);
  target.storage.version++;
  return target;
}

function checkWritable(label: string, target: Tensor): void {
  if (state.gradEnabled && target.requiresGrad) {
    fail(
      label,
      `tensor ${fmtShape(target.shape)} requires grad; modifying it in place while gradients are recorded would ` +
        'corrupt them: wrap the update in noGrad(() => ...)',
    );
  }
  if (target.strides.some((s, i) => s === 0 && target.shape[i] > 1)) {
    fail(label, 'cannot write into an expanded (broadcast) view: several elements share one storage slot');
  }
}

/** @internal Runs `compute` without recording and writes its value into `target` through its view. */
export function assignInPlace<T extends Tensor>(
  target: T,
  opName: string,
  compute: () => Tensor,
  ownsValue = true,
): T {
  const label = `${opName}()`;
  target.assertLive(label);
  checkWritable(label, target);
  const previous = state.gradEnabled;
  state.gradEnabled = false;
  let value: Tensor;
  try {
    value = compute();
  } finally {
    state.gradEnabled = previous;
  }
  const shape = broadcastShapes(label, target.shape, value.shape);
  if (!shapesEqual(shape, target.shape)) {
    fail(label, `value of shape ${fmtShape(value.shape)} does not fit into ${fmtShape(target.shape)}`);
  }
  sameBackend(label, [target, value]);
  const source = value.dtype === target.dtype ? value : cast(value, target.dtype);
  target.backend.assign(target, broadcastView(source, target.shape));
  target.storage.version++;
  if (source !== value) source.dispose();
  if (ownsValue && value !== target) value.dispose();
  return target;
}
