import type { Backend, KernelView } from '../backend';
import type { DType, TypedArray } from '../dtype';
import { UNARY_SPECS } from '../ops/unary-ops';
import { binaryKernel, getWhereKernel, unaryKernel } from './codegen';
import { conv2dCpu, conv2dInputGradCpu, conv2dWeightGradCpu, pool2dCpu, pool2dGradCpu } from './conv';
import { matmulCpu } from './matmul';
import { assignCpu, axpyCpu, concatCpu, copyCpu, gatherCpu, padCpu, scatterAddCpu } from './movement';
import { recycleArray, takeArray } from './pool';
import { argReduceCpu, reduceCpu } from './reduce';
import { softmaxCpu } from './softmax';

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const data = (v: KernelView) => v.buffer as TypedArray;

export interface CpuBackendOptions {
  /**
   * Composite ops to run as fused kernels. Defaults to every composite with a kernel; pass an empty
   * list to run composites as their primitive decompositions (the conformance suite does both).
   */
  fused?: readonly string[];
  /** Registered name (default 'cpu'). */
  name?: string;
}

/** Composites the CPU backend can fuse: every elementwise composite, plus softmax/logSoftmax. */
export const CPU_FUSABLE = [
  ...Object.values(UNARY_SPECS)
    .filter((s) => s.decompose !== undefined)
    .map((s) => s.name),
  'softmax',
  'logSoftmax',
];

/**
 * The reference backend: TypeScript over typed arrays (plus a small WebAssembly SIMD matmul kernel),
 * synchronous, always available. Buffers are typed arrays; freed ones are recycled (see pool.ts).
 */
export function createCpuBackend(options: CpuBackendOptions = {}): Backend<TypedArray> {
  return {
    name: options.name ?? 'cpu',
    canReadSync: true,
    fused: new Set(options.fused ?? CPU_FUSABLE),
    alloc: (size, dtype) => takeArray(dtype, size),
    upload: (values, dtype) => {
      const out = takeArray(dtype, values.length, false);
      out.set(values);
      return out;
    },
    readSync: (view) => copyCpu(view, view.dtype),
    read: async (view) => copyCpu(view, view.dtype),
    free: (buffer) => recycleArray(buffer),
    byteSize: (buffer) => buffer.byteLength,
    unary(spec, x, outDtype) {
      const out = takeArray(outDtype, sizeOf(x.shape), false);
      unaryKernel(spec)(out, data(x), x.shape, x.strides, x.offset);
      return out;
    },
    fusedUnary(spec, x, outDtype) {
      return this.unary(spec, x, outDtype);
    },
    binary(spec, a, b, outDtype) {
      const out = takeArray(outDtype, sizeOf(a.shape), false);
      binaryKernel(spec)(out, data(a), data(b), a.shape, a.strides, b.strides, a.offset, b.offset);
      return out;
    },
    where(c, a, b, outDtype) {
      const out = takeArray(outDtype, sizeOf(a.shape), false);
      getWhereKernel()(
        out,
        data(c),
        data(a),
        data(b),
        a.shape,
        c.strides,
        a.strides,
        b.strides,
        c.offset,
        a.offset,
        b.offset,
      );
      return out;
    },
    reduce(op, x, axes) {
      // The frontend casts bool to int32 before sum and prod; max and min keep the input's dtype.
      const outDtype: DType = x.dtype;
      const out = takeArray(outDtype, sizeOf(x.shape.filter((_, i) => !axes.includes(i))), false);
      reduceCpu(op, x, axes, out);
      return out;
    },
    argReduce(op, x, axis) {
      const out = new Int32Array(sizeOf(x.shape.filter((_, i) => i !== axis)));
      argReduceCpu(op, x, axis, out);
      return out;
    },
    matmul(a, b) {
      const nd = a.shape.length;
      const out = takeArray(
        'float32',
        sizeOf(a.shape.slice(0, nd - 1)) * b.shape[nd - 1],
        false,
      ) as Float32Array;
      matmulCpu(a, b, out);
      return out;
    },
    copy: (x, dtype) => copyCpu(x, dtype),
    assign: (dst, src) => assignCpu(dst, src),
    axpy: (dst, src, alpha) => axpyCpu(dst, src, alpha),
    pad: (x, padding, value) => padCpu(x, padding, value),
    concat: (xs, axis) => concatCpu(xs, axis),
    gather: (x, axis, index) => gatherCpu(x, axis, index),
    scatterAdd: (shape, axis, index, src) => scatterAddCpu(shape, axis, index, src),
    conv2d: (x, w, p) => conv2dCpu(x, w, p),
    conv2dInputGrad: (dy, w, shape, p) => conv2dInputGradCpu(dy, w, shape, p),
    conv2dWeightGrad: (x, dy, shape, p) => conv2dWeightGradCpu(x, dy, shape, p),
    pool2d: (kind, x, p) => pool2dCpu(kind, x, p),
    pool2dGrad: (kind, x, dy, p) => pool2dGradCpu(kind, x, dy, p),
    fusedSoftmax: (x, log) => softmaxCpu(x, log),
  };
}
