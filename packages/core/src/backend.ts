import type { DType, TypedArray } from './dtype';
import type { BinarySpec, UnarySpec } from './ops/elementwise-spec';

/**
 * What a kernel sees of a tensor: the backend's buffer plus the view that says how to walk it.
 * Views make reshape, permute, expand (stride 0) and slice free: kernels read through the strides.
 */
export interface KernelView<B = unknown> {
  readonly buffer: B;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
}

export type ReduceOp = 'sum' | 'max' | 'min' | 'prod';
export type ArgReduceOp = 'argmax' | 'argmin';

/** Geometry of a 2-D convolution on NCHW input and OIHW weights (PyTorch's layout). */
export interface Conv2dParams {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/** Geometry of a 2-D pooling window on NCHW input. */
export interface Pool2dParams {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  /** avg only: whether padded zeros count in the divisor (PyTorch's count_include_pad). */
  countIncludePad: boolean;
}

/**
 * The small set of primitives a backend must implement. Every kernel returns a fresh, contiguous
 * buffer of the stated shape; inputs arrive as strided views. Ops are issued synchronously
 * (a GPU backend enqueues them) and only reading data back may be asynchronous.
 *
 * Everything else in core — broadcasting, views, gradients, composites such as softmax — is
 * written once above this interface, so a new backend gets all of it by implementing these.
 */
export interface Backend<B = unknown> {
  readonly name: string;
  /** Whether `readSync` works (the CPU: yes; WebGPU: no). */
  readonly canReadSync: boolean;

  /** A new buffer of `size` elements, zero-filled. */
  alloc(size: number, dtype: DType): B;
  /** A new buffer holding a copy of `data`. */
  upload(data: TypedArray, dtype: DType): B;
  /** Copies a view out, contiguous, as the dtype's typed array. */
  read(view: KernelView<B>): Promise<TypedArray>;
  readSync(view: KernelView<B>): TypedArray;
  /** Releases the buffer now. Called exactly once, when the last view of it is disposed. */
  free(buffer: B): void;
  /** Bytes a buffer occupies (for `memory()`). */
  byteSize(buffer: B): number;

  unary(spec: UnarySpec, x: KernelView<B>, outDtype: DType): B;
  /** `a` and `b` are already broadcast to `outShape` (stride 0 on broadcast axes). */
  binary(spec: BinarySpec, a: KernelView<B>, b: KernelView<B>, outDtype: DType): B;
  /** All three views are broadcast to the same shape. */
  where(cond: KernelView<B>, a: KernelView<B>, b: KernelView<B>, outDtype: DType): B;
  /** Reduces over `axes` (sorted, distinct); the result has those axes removed. */
  reduce(op: ReduceOp, x: KernelView<B>, axes: readonly number[]): B;
  /** Index (int32) of the first extreme along `axis`; the result has that axis removed. */
  argReduce(op: ArgReduceOp, x: KernelView<B>, axis: number): B;
  /** Batched matmul: `a` is [...batch, m, k], `b` is [...batch, k, n], batch dims already broadcast. */
  matmul(a: KernelView<B>, b: KernelView<B>): B;
  /** A contiguous copy of the view, optionally converted to another dtype. */
  copy(x: KernelView<B>, outDtype: DType): B;
  /** Writes `src` (broadcast to dst's shape) through the strided view `dst`, in place. */
  assign(dst: KernelView<B>, src: KernelView<B>): void;
  /**
   * Optional: dst ← dst + alpha·src in place (src broadcast to dst's shape, both float32). The optimizer
   * step; without it, in-place add_/sub_ compute a new tensor and `assign` it.
   */
  axpy?(dst: KernelView<B>, src: KernelView<B>, alpha: number): void;
  /** Constant padding: `padding[i]` = [before, after] for axis i. */
  pad(x: KernelView<B>, padding: readonly (readonly [number, number])[], value: number): B;
  /** Concatenation along `axis`; inputs agree on every other axis. */
  concat(xs: readonly KernelView<B>[], axis: number): B;
  /** PyTorch gather: out[i][j] = x[index[i][j]][j] (axis 0); out has index's shape. */
  gather(x: KernelView<B>, axis: number, index: KernelView<B>): B;
  /** PyTorch scatter_add into zeros(outShape): out[index[i][j]][j] += src[i][j] (axis 0). */
  scatterAdd(outShape: readonly number[], axis: number, index: KernelView<B>, src: KernelView<B>): B;

  conv2d(x: KernelView<B>, w: KernelView<B>, p: Conv2dParams): B;
  /** The adjoint of conv2d in its input: gradient of conv2d w.r.t. x given dy. */
  conv2dInputGrad(dy: KernelView<B>, w: KernelView<B>, inputShape: readonly number[], p: Conv2dParams): B;
  /** The adjoint of conv2d in its weight: gradient of conv2d w.r.t. w given x and dy. */
  conv2dWeightGrad(x: KernelView<B>, dy: KernelView<B>, weightShape: readonly number[], p: Conv2dParams): B;
  pool2d(kind: 'max' | 'avg', x: KernelView<B>, p: Pool2dParams): B;
  /** Routes dy back through the pooling window: to the first max (max) or evenly (avg). */
  pool2dGrad(kind: 'max' | 'avg', x: KernelView<B>, dy: KernelView<B>, p: Pool2dParams): B;

  /**
   * Names of composite ops this backend runs as one fused kernel (e.g. 'tanh', 'softmax').
   * Composites not listed here run as their decomposition into primitives.
   */
  readonly fused: ReadonlySet<string>;
  /** Runs a fused elementwise composite generated from its spec (only for names in `fused`). */
  fusedUnary?(spec: UnarySpec, x: KernelView<B>, outDtype: DType): B;
  /** Fused softmax / logSoftmax over the last axis of a contiguous view. */
  fusedSoftmax?(x: KernelView<B>, log: boolean): B;

  /** Optional: a promise that settles when all queued work has finished (GPU). */
  sync?(): Promise<void>;
}
