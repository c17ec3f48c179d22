import { fail, fmtShape } from './errors';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major (C order) strides: the last axis moves fastest. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * NumPy broadcasting: align shapes on the right; each pair of sizes must be equal or one of them 1.
 * The error names the op and the clashing dimension, counted from the left of each operand.
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      const ia = a.length - n + i;
      const ib = b.length - n + i;
      fail(
        op,
        `shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast: dimension ${ia} of the first is ${da}, ` +
          `dimension ${ib} of the second is ${db} (they must be equal, or one of them 1)`,
      );
    }
  }
  return out;
}

/** An op label, or a function making it: labels are only formatted when an error needs them. */
export type Label = string | (() => string);
const labelText = (op: Label) => (typeof op === 'function' ? op() : op);

/** Turns a possibly negative axis into 0..ndim-1, or fails naming the op and the valid range. */
export function normalizeAxis(label: Label, axis: number, ndim: number): number {
  if (Number.isInteger(axis) && axis < Math.max(ndim, 1) && axis >= -Math.max(ndim, 1)) {
    return axis < 0 ? axis + Math.max(ndim, 1) : axis;
  }
  const op = labelText(label);
  if (!Number.isInteger(axis)) fail(op, `dim must be an integer, got ${axis}`);
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  if (axis < lo || axis > hi) {
    fail(op, `dim ${axis} is out of range for a tensor with ${ndim} dimension(s) (expected ${lo}..${hi})`);
  }
  return axis < 0 ? axis + Math.max(ndim, 1) : axis;
}

/** Normalizes a dim argument (undefined = all axes) into a sorted list of distinct axes. */
export function normalizeAxes(
  op: Label,
  dim: number | readonly number[] | undefined,
  ndim: number,
): number[] {
  if (dim === undefined) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof dim === 'number') {
    const axis = normalizeAxis(op, dim, ndim);
    return ndim === 0 ? [] : [axis];
  }
  const list = [...dim];
  const axes = list.map((d) => normalizeAxis(op, d, ndim));
  const unique = [...new Set(axes)].sort((x, y) => x - y);
  if (unique.length !== axes.length) fail(labelText(op), `dim ${JSON.stringify(list)} repeats an axis`);
  return ndim === 0 ? [] : unique;
}

export function checkShape(op: string, shape: readonly number[]): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      fail(op, `shape ${fmtShape(shape)} must hold non-negative integers, got ${d}`);
    }
  }
  return [...shape];
}

/** True when a view with these strides walks its storage in row-major order with no gaps. */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}
