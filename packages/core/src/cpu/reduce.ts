import type { ArgReduceOp, KernelView, ReduceOp } from '../backend';
import type { TypedArray } from '../dtype';
import { isRowMajor } from './codegen';

/**
 * Splits a view's axes into kept (outer) and reduced (inner) ones and visits, for each output element,
 * the storage offsets of the elements it reduces over.
 */
function plan(x: KernelView, axes: readonly number[]) {
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  x.shape.forEach((d, i) => {
    if (axes.includes(i)) {
      redShape.push(d);
      redStrides.push(x.strides[i]);
    } else {
      keptShape.push(d);
      keptStrides.push(x.strides[i]);
    }
  });
  return { keptShape, keptStrides, redShape, redStrides };
}

/** Calls `visit(outIndex, baseOffset)` for each combination of the given axes, in row-major order. */
function forEachOffset(
  shape: readonly number[],
  strides: readonly number[],
  start: number,
  visit: (i: number, at: number) => void,
): void {
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let at = start;
  for (let i = 0; i < total; i++) {
    visit(i, at);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      at += strides[d];
      if (idx[d] < shape[d]) break;
      at -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

const initial: Record<ReduceOp, number> = {
  sum: 0,
  prod: 1,
  max: Number.NEGATIVE_INFINITY,
  min: Number.POSITIVE_INFINITY,
};

/**
 * Sums of a row-major view whose reduced axes are a suffix (row sums) or a prefix (column sums, the
 * bias gradient): plain loops without offset bookkeeping. Returns false when the layout does not fit.
 */
function sumFastPath(x: KernelView, axes: readonly number[], out: TypedArray): boolean {
  if (!isRowMajor(x.shape, x.strides)) return false;
  const nd = x.shape.length;
  const data = x.buffer as TypedArray;
  const o = x.offset;
  const suffix = axes.every((a, i) => a === nd - axes.length + i);
  const prefix = axes.every((a, i) => a === i);
  if (!suffix && !prefix) return false;
  let reduced = 1;
  for (const a of axes) reduced *= x.shape[a];
  const kept = out.length;
  if (suffix) {
    for (let i = 0, at = o; i < kept; i++) {
      let acc = 0;
      for (let j = 0; j < reduced; j++) acc += data[at++];
      out[i] = acc;
    }
    return true;
  }
  const acc = new Float64Array(kept);
  for (let j = 0, at = o; j < reduced; j++) for (let i = 0; i < kept; i++) acc[i] += data[at++];
  for (let i = 0; i < kept; i++) out[i] = acc[i];
  return true;
}

export function reduceCpu(op: ReduceOp, x: KernelView, axes: readonly number[], out: TypedArray): void {
  if (op === 'sum' && sumFastPath(x, axes, out)) return;
  const data = x.buffer as TypedArray;
  const { keptShape, keptStrides, redShape, redStrides } = plan(x, axes);
  const single = redShape.length === 1;
  const n1 = single ? redShape[0] : 0;
  const s1 = single ? redStrides[0] : 0;
  forEachOffset(keptShape, keptStrides, x.offset, (i, base) => {
    let acc = initial[op];
    if (single) {
      // The common case (one reduced axis) without the generic counter.
      if (op === 'sum') for (let j = 0; j < n1; j++) acc += data[base + j * s1];
      else if (op === 'max') {
        for (let j = 0; j < n1; j++) {
          const v = data[base + j * s1];
          if (v > acc) acc = v;
          else if (Number.isNaN(v)) {
            acc = Number.NaN;
            break;
          }
        }
      } else if (op === 'min') {
        for (let j = 0; j < n1; j++) {
          const v = data[base + j * s1];
          if (v < acc) acc = v;
          else if (Number.isNaN(v)) {
            acc = Number.NaN;
            break;
          }
        }
      } else for (let j = 0; j < n1; j++) acc *= data[base + j * s1];
    } else {
      forEachOffset(redShape, redStrides, base, (_, at) => {
        const v = data[at];
        if (op === 'sum') acc += v;
        else if (op === 'prod') acc *= v;
        else if (Number.isNaN(v) || Number.isNaN(acc)) acc = Number.NaN;
        else if (op === 'max' ? v > acc : v < acc) acc = v;
      });
    }
    out[i] = acc;
  });
}

export function argReduceCpu(op: ArgReduceOp, x: KernelView, axis: number, out: Int32Array): void {
  const data = x.buffer as TypedArray;
  const { keptShape, keptStrides } = plan(x, [axis]);
  const n = x.shape[axis];
  const s = x.strides[axis];
  const better =
    op === 'argmax' ? (v: number, best: number) => v > best : (v: number, best: number) => v < best;
  forEachOffset(keptShape, keptStrides, x.offset, (i, base) => {
    let best = data[base];
    let at = 0;
    // NaN counts as the extreme (as NumPy and PyTorch): the first NaN wins.
    if (!Number.isNaN(best)) {
      for (let j = 1; j < n; j++) {
        const v = data[base + j * s];
        if (Number.isNaN(v)) {
          at = j;
          break;
        }
        if (better(v, best)) {
          best = v;
          at = j;
        }
      }
    }
    out[i] = at;
  });
}

export { forEachOffset };
