import type { KernelView } from '../backend';
import { type DType, type TypedArray, typedArrayFor } from '../dtype';
import { copyKernel, isRowMajor, readContiguous } from './codegen';
import { takeArray } from './pool';
import { forEachOffset } from './reduce';

const make = (dtype: DType) => (n: number) => typedArrayFor(dtype, n);

const conversions: Record<DType, string> = {
  float32: 'x',
  // Float → int truncates toward zero; Int32Array stores do exactly that (NaN → 0).
  int32: 'x',
  bool: '(x !== 0 ? 1 : 0)',
};

/** Strided copy into a new contiguous array of `dtype`. */
export function copyCpu(x: KernelView, dtype: DType): TypedArray {
  const size = x.shape.reduce((a, b) => a * b, 1);
  const out = takeArray(dtype, size, false);
  copyKernel(conversions[dtype])(out, x.buffer as TypedArray, x.shape, x.strides, x.offset);
  return out;
}

/** Writes `src` (already broadcast to dst's shape) through the strided view `dst`. */
export function assignCpu(dst: KernelView, src: KernelView): void {
  const values = readContiguous(src, make(src.dtype));
  const target = dst.buffer as TypedArray;
  if (isRowMajor(dst.shape, dst.strides) && (dst.dtype !== 'bool' || src.dtype === 'bool')) {
    target.set(values, dst.offset);
    return;
  }
  const bool = dst.dtype === 'bool';
  forEachOffset(dst.shape, dst.strides, dst.offset, (i, at) => {
    target[at] = bool ? (values[i] !== 0 ? 1 : 0) : values[i];
  });
}

/** dst ← dst + alpha·src in place (src already broadcast to dst's shape): the optimizer's update. */
export function axpyCpu(dst: KernelView, src: KernelView, alpha: number): void {
  const target = dst.buffer as Float32Array;
  const source = src.buffer as Float32Array;
  if (isRowMajor(dst.shape, dst.strides) && isRowMajor(src.shape, src.strides)) {
    const n = dst.shape.reduce((a, b) => a * b, 1);
    const d = dst.offset;
    const o = src.offset;
    for (let i = 0; i < n; i++) target[d + i] += alpha * source[o + i];
    return;
  }
  const values = readContiguous(src, make('float32'));
  forEachOffset(dst.shape, dst.strides, dst.offset, (i, at) => {
    target[at] += alpha * values[i];
  });
}

export function padCpu(
  x: KernelView,
  padding: readonly (readonly [number, number])[],
  value: number,
): TypedArray {
  const shape = x.shape.map((d, i) => d + padding[i][0] + padding[i][1]);
  const outStrides = strides(shape);
  const out = typedArrayFor(
    x.dtype,
    shape.reduce((a, b) => a * b, 1),
  );
  out.fill(value);
  const src = readContiguous(x, make(x.dtype));
  const start = padding.reduce((acc, [before], i) => acc + before * outStrides[i], 0);
  forEachOffset(x.shape, outStrides, start, (i, at) => {
    out[at] = src[i];
  });
  return out;
}

export function concatCpu(xs: readonly KernelView[], axis: number): TypedArray {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((n, x) => n + x.shape[axis], 0);
  const outStrides = strides(shape);
  const out = typedArrayFor(
    xs[0].dtype,
    shape.reduce((a, b) => a * b, 1),
  );
  let at = 0;
  for (const x of xs) {
    const src = readContiguous(x, make(x.dtype));
    forEachOffset(x.shape, outStrides, at * outStrides[axis], (i, to) => {
      out[to] = src[i];
    });
    at += x.shape[axis];
  }
  return out;
}

export function gatherCpu(x: KernelView, axis: number, index: KernelView): TypedArray {
  const idx = readContiguous(index, make('int32'));
  const data = x.buffer as TypedArray;
  const out = typedArrayFor(x.dtype, idx.length);
  // Walk index positions; the source offset uses x's strides with the index value on `axis`.
  const walk = index.shape.map((_, d) => (d === axis ? 0 : x.strides[d]));
  const sAxis = x.strides[axis];
  forEachOffset(index.shape, walk, x.offset, (i, at) => {
    out[i] = data[at + idx[i] * sAxis];
  });
  return out;
}

export function scatterAddCpu(
  shape: readonly number[],
  axis: number,
  index: KernelView,
  src: KernelView,
): TypedArray {
  const idx = readContiguous(index, make('int32'));
  const values = readContiguous(src, make(src.dtype));
  const outStrides = strides(shape);
  const out = typedArrayFor(
    src.dtype,
    shape.reduce((a, b) => a * b, 1),
  );
  const walk = index.shape.map((_, d) => (d === axis ? 0 : outStrides[d]));
  forEachOffset(index.shape, walk, 0, (i, at) => {
    out[at + idx[i] * outStrides[axis]] += values[i];
  });
  return out;
}

export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}
