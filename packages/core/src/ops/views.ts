import { record } from '../autograd';
import { fail, fmtShape } from '../errors';
import { contiguousStrides, isContiguous, normalizeAxis, sizeOf } from '../shape';
import { Tensor } from '../tensor';
import { contiguous, sumToShape } from './api';

// Views: new shape/strides/offset over the same storage; nothing is copied.

/**
 * The same elements in a new shape (one dimension may be -1, inferred). Free for contiguous tensors;
 * otherwise the data is first made contiguous.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  if (x.disposed) x.assertLive(`reshape(x, ${fmtShape(shape)})`);
  const target = resolveShape(x, shape);
  if (target.length === x.ndim && target.every((d, i) => d === x.shape[i])) return x;
  const src = isContiguous(x.shape, x.strides) ? x : contiguous(x);
  const out = src.makeView(target, contiguousStrides(target), src.offset);
  return record('reshape', out, [src], (g) => [reshape(g, src.shape)], { shape: target });
}

function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  const out = [...shape];
  let known = 1;
  let inferAt = -1;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === -1 && inferAt < 0) inferAt = i;
    else known *= out[i];
  }
  if (inferAt >= 0 && known > 0 && x.size % known === 0) out[inferAt] = x.size / known;
  // The happy path ends here; the checks below only build messages when something is wrong.
  if (sizeOf(out) === x.size && out.every((d) => Number.isInteger(d) && d >= 0)) return out;
  return explainBadShape(x, shape);
}

function explainBadShape(x: Tensor, shape: readonly number[]): never {
  const label = `reshape(x, ${fmtShape(shape)})`;
  const out = [...shape];
  let inferAt = -1;
  let known = 1;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === -1) {
      if (inferAt >= 0) fail(label, 'only one dimension can be -1');
      inferAt = i;
    } else if (!Number.isInteger(out[i]) || out[i] < 0) {
      fail(label, `dimension ${i} must be a non-negative integer or -1, got ${out[i]}`);
    } else known *= out[i];
  }
  if (inferAt >= 0) {
    if (known === 0 || x.size % known !== 0) {
      fail(label, `cannot infer dimension ${inferAt}: ${x.size} elements do not divide into ${known}`);
    }
    out[inferAt] = x.size / known;
  }
  if (sizeOf(out) !== x.size) {
    fail(
      label,
      `shape ${fmtShape(x.shape)} has ${x.size} elements, which cannot be viewed as ${fmtShape(out)} (${sizeOf(out)})`,
    );
  }
  return fail(label, `cannot view shape ${fmtShape(x.shape)} as ${fmtShape(shape)}`);
}

/** Flattens dimensions `startDim..endDim` (inclusive) into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeAxis('flatten(x, startDim)', startDim, x.ndim);
  const e = normalizeAxis('flatten(x, endDim)', endDim, x.ndim);
  if (s > e) fail('flatten(x, startDim, endDim)', `startDim ${startDim} comes after endDim ${endDim}`);
  const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/** Removes dimension `dim` if it has size 1, or every size-1 dimension when `dim` is omitted. */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined)
    return reshape(
      x,
      x.shape.filter((d) => d !== 1),
    );
  const d = normalizeAxis('squeeze(x, dim)', dim, x.ndim);
  if (x.shape[d] !== 1) return x;
  return reshape(
    x,
    x.shape.filter((_, i) => i !== d),
  );
}

/** Inserts a size-1 dimension at `dim` (which may be ndim, or negative counting from ndim + 1). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeAxis('unsqueeze(x, dim)', dim, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/** Reorders dimensions: `permute(x, [2, 0, 1])` makes the old dim 2 the new dim 0. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (x.disposed) x.assertLive(`permute(x, ${fmtShape(dims)})`);
  const n = x.ndim;
  let valid = dims.length === n;
  const axes = new Array<number>(dims.length);
  const seen = new Array<boolean>(n).fill(false);
  for (let i = 0; valid && i < dims.length; i++) {
    const a = dims[i] < 0 ? dims[i] + n : dims[i];
    if (!Number.isInteger(a) || a < 0 || a >= n || seen[a]) valid = false;
    else {
      seen[a] = true;
      axes[i] = a;
    }
  }
  if (!valid) explainBadPermutation(x, dims);
  return permuteView(x, axes);
}

function permuteView(x: Tensor, axes: readonly number[]): Tensor {
  const shape = new Array<number>(axes.length);
  const strides = new Array<number>(axes.length);
  const inverse = new Array<number>(axes.length);
  for (let i = 0; i < axes.length; i++) {
    shape[i] = x.shape[axes[i]];
    strides[i] = x.strides[axes[i]];
    inverse[axes[i]] = i;
  }
  const out = x.makeView(shape, strides, x.offset);
  return record('permute', out, [x], (g) => [permuteView(g, inverse)], { dims: axes });
}

function explainBadPermutation(x: Tensor, dims: readonly number[]): never {
  const label = `permute(x, ${fmtShape(dims)})`;
  if (dims.length !== x.ndim)
    fail(label, `expected ${x.ndim} dims for a tensor of shape ${fmtShape(x.shape)}, got ${dims.length}`);
  for (const d of dims) normalizeAxis(label, d, x.ndim);
  return fail(label, 'dims must be a permutation (no repeats)');
}

/** Swaps two dimensions (default: the last two, a batched matrix transpose). */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  if (x.ndim < 2) return x;
  const a = normalizeAxis('transpose(x, dim0)', dim0, x.ndim);
  const b = normalizeAxis('transpose(x, dim1)', dim1, x.ndim);
  const axes = new Array<number>(x.ndim);
  for (let i = 0; i < x.ndim; i++) axes[i] = i === a ? b : i === b ? a : i;
  x.assertLive('transpose(x)');
  return permuteView(x, axes);
}

/**
 * Broadcasts to a larger shape without copying (size-1 dims get stride 0). -1 keeps a dimension.
 * Writing through an expanded view is refused, since one storage element stands for many.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const label = () => `expand(x, ${fmtShape(shape)})`;
  if (x.disposed) x.assertLive(label());
  if (shape.length < x.ndim)
    fail(label(), `target has fewer dims (${shape.length}) than the tensor ${fmtShape(x.shape)}`);
  const lead = shape.length - x.ndim;
  const outShape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const j = i - lead;
    const src = j >= 0 ? x.shape[j] : 1;
    const want = shape[i] === -1 && j >= 0 ? src : shape[i];
    if (src !== want && src !== 1) {
      fail(label(), `dimension ${i} has size ${src}, which can only expand if it is 1 (target ${want})`);
    }
    outShape.push(want);
    strides.push(j < 0 || (src === 1 && want !== 1) ? 0 : x.strides[j]);
  }
  const out = x.makeView(outShape, strides, x.offset);
  return record('expand', out, [x], (g) => [sumToShape(g, x.shape)], { shape: outShape });
}

/** One axis of a slice: an index (drops the axis), or start/stop/step as Python's `start:stop:step`. */
export type SliceSpec = number | null | undefined | readonly [number?, number?, number?] | SliceRange;
export interface SliceRange {
  start?: number;
  stop?: number;
  step?: number;
}

/** @internal The normalised form: per axis, where to start, how to step, how many, and whether it drops. */
export interface SliceAxis {
  start: number;
  step: number;
  length: number;
  drop: boolean;
}

export function normalizeSlice(
  label: string,
  shape: readonly number[],
  specs: readonly SliceSpec[],
): SliceAxis[] {
  if (specs.length > shape.length)
    fail(label, `${specs.length} indices for a tensor with ${shape.length} dimension(s)`);
  return shape.map((size, axis) => {
    const spec = specs[axis];
    if (spec === null || spec === undefined) return { start: 0, step: 1, length: size, drop: false };
    if (typeof spec === 'number') {
      if (!Number.isInteger(spec) || spec < -size || spec >= size) {
        fail(
          label,
          `index ${spec} is out of range for dimension ${axis} of size ${size} (expected ${-size}..${size - 1})`,
        );
      }
      return { start: spec < 0 ? spec + size : spec, step: 1, length: 1, drop: true };
    }
    const [rawStart, rawStop, rawStep] = Array.isArray(spec)
      ? (spec as readonly (number | undefined)[])
      : [(spec as SliceRange).start, (spec as SliceRange).stop, (spec as SliceRange).step];
    const step = rawStep ?? 1;
    if (!Number.isInteger(step) || step === 0)
      fail(label, `step must be a non-zero integer on dimension ${axis}, got ${step}`);
    // Python's slice.indices(): clamp bounds into range, defaults depend on the step's direction.
    const clampBound = (v: number | undefined, dflt: number, lo: number, hi: number) => {
      if (v === undefined || v === null) return dflt;
      const w = v < 0 ? v + size : v;
      return Math.min(Math.max(w, lo), hi);
    };
    const start = step > 0 ? clampBound(rawStart, 0, 0, size) : clampBound(rawStart, size - 1, -1, size - 1);
    const stop = step > 0 ? clampBound(rawStop, size, 0, size) : clampBound(rawStop, -1, -1, size - 1);
    const length =
      step > 0
        ? Math.max(0, Math.ceil((stop - start) / step))
        : Math.max(0, Math.ceil((start - stop) / -step));
    return { start, step, length, drop: false };
  });
}

/** @internal Applies normalised slice axes to a view's geometry. */
export function sliceGeometry(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  axes: readonly SliceAxis[],
) {
  const outShape: number[] = [];
  const outStrides: number[] = [];
  let outOffset = offset;
  for (let i = 0; i < shape.length; i++) {
    const a = axes[i];
    if (a.length > 0) outOffset += a.start * strides[i];
    if (!a.drop) {
      outShape.push(a.length);
      outStrides.push(strides[i] * a.step);
    }
  }
  return { shape: outShape, strides: outStrides, offset: outOffset };
}

/**
 * Basic indexing as NumPy's `x[i, a:b:s, ...]`: each argument is an index (drops that axis),
 * `null` (the whole axis) or `[start, stop, step]`. Steps may be negative. A view: nothing is copied.
 */
export function slice(x: Tensor, ...specs: SliceSpec[]): Tensor {
  const label = 'slice(x, ...)';
  x.assertLive(label);
  const axes = normalizeSlice(label, x.shape, specs);
  const geo = sliceGeometry(x.shape, x.strides, x.offset, axes);
  const out = x.makeView(geo.shape, geo.strides, geo.offset);
  return record('slice', out, [x], (g) => [sliceScatter(g, x.shape, axes)], { axes });
}

/** `length` elements of dimension `dim` from `start` (PyTorch's `narrow`). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeAxis('narrow(x, dim)', dim, x.ndim);
  if (start < 0) start += x.shape[d];
  if (start < 0 || length < 0 || start + length > x.shape[d]) {
    fail(
      'narrow(x, dim, start, length)',
      `[${start}, ${start + length}) is outside dimension ${d} of size ${x.shape[d]}`,
    );
  }
  const specs: SliceSpec[] = x.shape.map(() => null);
  specs[d] = [start, start + length, 1];
  return slice(x, ...specs);
}

/** The slice at `index` along `dim`, with that dimension removed. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const label = `select(x, ${dim}, ${index})`;
  const d = normalizeAxis(label, dim, x.ndim);
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    fail(
      label,
      `index ${index} is out of range for dimension ${d} of size ${size} (expected ${-size}..${size - 1})`,
    );
  }
  const specs: SliceSpec[] = x.shape.map(() => null);
  specs[d] = index;
  return slice(x, ...specs);
}

/** Reverses the order of elements along the given dims (a view with negative strides). */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const list = typeof dims === 'number' ? [dims] : dims;
  const specs: SliceSpec[] = x.shape.map(() => null);
  for (const dim of list) specs[normalizeAxis('flip(x, dims)', dim, x.ndim)] = [undefined, undefined, -1];
  return slice(x, ...specs);
}

/**
 * @internal The adjoint of slicing: a zero tensor of `shape` with `g` written where the slice was.
 * Differentiable (its VJP is the slice again), so double backward through slices works.
 */
export function sliceScatter(g: Tensor, shape: readonly number[], axes: readonly SliceAxis[]): Tensor {
  const backend = g.backend;
  const base = backend.alloc(sizeOf(shape), g.dtype);
  const geo = sliceGeometry(shape, contiguousStrides(shape), 0, axes);
  backend.assign(
    { buffer: base, shape: geo.shape, strides: geo.strides, offset: geo.offset, dtype: g.dtype },
    g,
  );
  const out = Tensor.fromBuffer(backend, base, shape, g.dtype);
  return record('sliceScatter', out, [g], (h) => [sliceWithAxes(h, axes)]);
}

function sliceWithAxes(h: Tensor, axes: readonly SliceAxis[]): Tensor {
  const geo = sliceGeometry(h.shape, h.strides, h.offset, axes);
  const out = h.makeView(geo.shape, geo.strides, geo.offset);
  return record('slice', out, [h], (g) => [sliceScatter(g, h.shape, axes)], { axes });
}
