import type { Backend, KernelView } from './backend';
import type { DType, TypedArray } from './dtype';
import { fail, fmtShape } from './errors';
import * as op from './ops/api';
import type { Conv2dOptions, Pool2dOptions } from './ops/conv';
import type { SliceSpec } from './ops/views';
import { trackTensor } from './scope';
import { contiguousStrides, isContiguous, sizeOf } from './shape';
import { state } from './state';
import { Storage } from './storage';

/** What ops accept wherever a tensor is expected: a tensor, or a plain number / boolean (a scalar). */
export type TensorLike = Tensor | number | boolean;

/** @internal One recorded op in the autograd graph: how to send a gradient back to its inputs. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Gradients for each input (null where the input needs none), given the output's gradient. */
  readonly vjp: (g: Tensor) => readonly (Tensor | null | undefined)[];
  /** Storage versions of the inputs when recorded: an in-place write since then makes backward refuse. */
  readonly versions: readonly number[];
  readonly attrs?: Record<string, unknown>;
}

const leakRegistry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<{ id: number; stack: string }>((info) => {
        console.warn(
          `plasticity: tensor #${info.id} was garbage-collected without dispose(); created at\n${info.stack}`,
        );
      })
    : undefined;

/**
 * An n-dimensional array on a backend, with a view (shape, strides, offset) onto shared storage.
 * Names follow PyTorch: `t.matmul(w).add(b).relu()`, `t.sum(1, true)`, `loss.backward()`, `w.grad`.
 */
export class Tensor implements KernelView {
  /** Unique and increasing: the order tensors were created in. */
  readonly id: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** @internal */
  readonly storage: Storage;
  /** Whether gradients flow to this tensor (set on leaves with `requiresGrad_()`; inherited by results). */
  requiresGrad = false;
  /** @internal The op that produced this tensor, when recorded for autograd. */
  node: GradNode | null = null;
  /** An optional name shown by `toString()` and in traced graphs (e.g. 'W1'). */
  name: string | undefined = undefined;
  /** Whether `.grad` is kept for this non-leaf tensor after backward (see `retainGrad()`). */
  retainsGrad = false;
  /** @internal Exempt from `tidy` (see `keep`). */
  kept = false;
  /** @internal A shared constant (see `scalarOn`): never disposed. */
  pinned = false;
  disposed = false;
  #grad: Tensor | null = null;

  /** @internal Use `tensor()`, `zeros()`, … to make tensors. */
  constructor(
    storage: Storage,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
    dtype: DType,
  ) {
    this.id = state.nextId++;
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.dtype = dtype;
    this.size = sizeOf(shape);
    storage.retain();
    storage.counter.tensors++;
    trackTensor(this);
    if (state.trackLeaks && leakRegistry) {
      leakRegistry.register(this, { id: this.id, stack: new Error().stack ?? '' }, this);
    }
  }

  /** @internal A contiguous tensor over a freshly made backend buffer. */
  static fromBuffer(backend: Backend, buffer: unknown, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(new Storage(backend, buffer, dtype), shape, contiguousStrides(shape), 0, dtype);
  }

  /** @internal Another view onto this tensor's storage. */
  makeView(shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    this.assertLive('view');
    return new Tensor(this.storage, shape, strides, offset, this.dtype);
  }

  /** The buffer kernels read (part of `KernelView`). */
  get buffer(): unknown {
    return this.storage.buffer;
  }

  get backend(): Backend {
    return this.storage.backend;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Number of dimensions (PyTorch's `dim()`; same as `ndim`). */
  dim(): number {
    return this.shape.length;
  }

  /** Number of elements (PyTorch's `numel()`; same as `size`). */
  numel(): number {
    return this.size;
  }

  /** True when this view walks its storage in row-major order without gaps. */
  get isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** True for tensors not produced by a recorded op (inputs and parameters). */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /**
   * The gradient accumulated by `backward()`. The tensor owns it: `zeroGrad()` and `dispose()` dispose it.
   * Assigning replaces it without disposing the previous one (you may still hold it, as in PyTorch).
   */
  get grad(): Tensor | null {
    return this.#grad;
  }

  set grad(value: Tensor | null) {
    this.#grad = value;
    if (value !== null) value.kept = true;
  }

  /** @internal Throws the standard message when a disposed tensor is used. */
  assertLive(opName: string): void {
    if (this.disposed) {
      fail(
        opName,
        `tensor #${this.id}${this.name ? ` '${this.name}'` : ''} ${fmtShape(this.shape)} was disposed ` +
          '(by dispose() or by the tidy() that created it); keep() it or return it from tidy() to use it later',
      );
    }
  }

  /** Releases this tensor's hold on its storage now; the buffer is freed with its last view. */
  dispose(): void {
    if (this.disposed || this.pinned) return;
    this.disposed = true;
    if (this.#grad !== null) {
      this.#grad.dispose();
      this.#grad = null;
    }
    this.node = null;
    this.storage.counter.tensors--;
    this.storage.release();
    if (leakRegistry) leakRegistry.unregister(this);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- autograd --------------------------------------------------------------------------------

  /** Marks this leaf as a parameter whose gradient `backward()` computes (PyTorch's `requires_grad_`). */
  requiresGrad_(requiresGrad = true): this {
    if (requiresGrad && this.dtype !== 'float32') {
      fail('requiresGrad_()', `only float32 tensors can require gradients, this one is ${this.dtype}`);
    }
    if (!this.isLeaf && !requiresGrad) {
      fail('requiresGrad_(false)', 'cannot turn off gradients of a non-leaf tensor; use detach()');
    }
    this.requiresGrad = requiresGrad;
    return this;
  }

  /** Keeps `.grad` for this intermediate (non-leaf) tensor after backward, as PyTorch's `retain_grad()`. */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /**
   * Computes gradients of this tensor with respect to every leaf that requires them and *adds* them to
   * their `.grad` (PyTorch semantics: call `zeroGrad` between steps). A non-scalar tensor needs `gradient`.
   */
  backward(gradient?: TensorLike, options?: { createGraph?: boolean }): void {
    op.backward(this, gradient, options);
  }

  /** Disposes `.grad` and sets it to null, as PyTorch's `zero_grad(set_to_none=True)`. */
  zeroGrad(): void {
    this.#grad?.dispose();
    this.#grad = null;
  }

  /** The same values, cut from the graph: no gradient flows through the result. Shares storage. */
  detach(): Tensor {
    this.assertLive('detach()');
    const t = new Tensor(this.storage, this.shape, this.strides, this.offset, this.dtype);
    t.name = this.name;
    return t;
  }

  // ---- reading data ----------------------------------------------------------------------------

  /** The elements in row-major order, as a new typed array (works on every backend). */
  async data(): Promise<TypedArray> {
    this.assertLive('data()');
    return this.backend.read(this);
  }

  /** The elements now, synchronously: only on backends that can (the CPU); use `await data()` elsewhere. */
  dataSync(): TypedArray {
    this.assertLive('dataSync()');
    if (!this.backend.canReadSync) {
      fail('dataSync()', `the '${this.backend.name}' backend reads asynchronously: use await t.data()`);
    }
    return this.backend.readSync(this);
  }

  /** The elements as nested JS arrays (numbers, booleans for bool tensors). */
  async toArray(): Promise<NestedArray> {
    return op.nest(await this.data(), this.shape, this.dtype);
  }

  toArraySync(): NestedArray {
    return op.nest(this.dataSync(), this.shape, this.dtype);
  }

  /** The single element of a one-element tensor, as a number. */
  item(): number {
    if (this.size !== 1)
      fail('item()', `expected a tensor with one element, got shape ${fmtShape(this.shape)}`);
    return this.dataSync()[0];
  }

  toString(options?: op.FormatOptions): string {
    return op.formatTensor(this, options);
  }

  /** Moves (copies) the tensor to another backend; gradients flow back across the move. */
  to(backend: string | Backend): Tensor {
    return op.toBackend(this, backend);
  }

  // ---- ops as methods: each is the free function of the same name ------------------------------

  add(b: TensorLike): Tensor {
    return op.add(this, b);
  }
  sub(b: TensorLike): Tensor {
    return op.sub(this, b);
  }
  mul(b: TensorLike): Tensor {
    return op.mul(this, b);
  }
  div(b: TensorLike): Tensor {
    return op.div(this, b);
  }
  pow(b: TensorLike): Tensor {
    return op.pow(this, b);
  }
  remainder(b: TensorLike): Tensor {
    return op.remainder(this, b);
  }
  maximum(b: TensorLike): Tensor {
    return op.maximum(this, b);
  }
  minimum(b: TensorLike): Tensor {
    return op.minimum(this, b);
  }
  atan2(b: TensorLike): Tensor {
    return op.atan2(this, b);
  }
  eq(b: TensorLike): Tensor {
    return op.equal(this, b);
  }
  ne(b: TensorLike): Tensor {
    return op.notEqual(this, b);
  }
  lt(b: TensorLike): Tensor {
    return op.less(this, b);
  }
  le(b: TensorLike): Tensor {
    return op.lessEqual(this, b);
  }
  gt(b: TensorLike): Tensor {
    return op.greater(this, b);
  }
  ge(b: TensorLike): Tensor {
    return op.greaterEqual(this, b);
  }
  logicalAnd(b: TensorLike): Tensor {
    return op.logicalAnd(this, b);
  }
  logicalOr(b: TensorLike): Tensor {
    return op.logicalOr(this, b);
  }
  logicalXor(b: TensorLike): Tensor {
    return op.logicalXor(this, b);
  }
  logicalNot(): Tensor {
    return op.logicalNot(this);
  }
  neg(): Tensor {
    return op.neg(this);
  }
  abs(): Tensor {
    return op.abs(this);
  }
  sign(): Tensor {
    return op.sign(this);
  }
  exp(): Tensor {
    return op.exp(this);
  }
  expm1(): Tensor {
    return op.expm1(this);
  }
  log(): Tensor {
    return op.log(this);
  }
  log1p(): Tensor {
    return op.log1p(this);
  }
  sqrt(): Tensor {
    return op.sqrt(this);
  }
  rsqrt(): Tensor {
    return op.rsqrt(this);
  }
  reciprocal(): Tensor {
    return op.reciprocal(this);
  }
  square(): Tensor {
    return op.square(this);
  }
  sin(): Tensor {
    return op.sin(this);
  }
  cos(): Tensor {
    return op.cos(this);
  }
  erf(): Tensor {
    return op.erf(this);
  }
  floor(): Tensor {
    return op.floor(this);
  }
  ceil(): Tensor {
    return op.ceil(this);
  }
  round(): Tensor {
    return op.round(this);
  }
  isnan(): Tensor {
    return op.isnan(this);
  }
  isfinite(): Tensor {
    return op.isfinite(this);
  }
  tanh(): Tensor {
    return op.tanh(this);
  }
  sigmoid(): Tensor {
    return op.sigmoid(this);
  }
  relu(): Tensor {
    return op.relu(this);
  }
  leakyRelu(negativeSlope?: number): Tensor {
    return op.leakyRelu(this, negativeSlope);
  }
  elu(alpha?: number): Tensor {
    return op.elu(this, alpha);
  }
  gelu(): Tensor {
    return op.gelu(this);
  }
  silu(): Tensor {
    return op.silu(this);
  }
  softplus(): Tensor {
    return op.softplus(this);
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    return op.clamp(this, min, max);
  }
  where(condition: TensorLike, other: TensorLike): Tensor {
    return op.where(condition, this, other);
  }

  sum(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return op.sum(this, dim, keepdim);
  }
  mean(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return op.mean(this, dim, keepdim);
  }
  prod(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return op.prod(this, dim, keepdim);
  }
  max(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return op.max(this, dim, keepdim);
  }
  min(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return op.min(this, dim, keepdim);
  }
  argmax(dim?: number, keepdim?: boolean): Tensor {
    return op.argmax(this, dim, keepdim);
  }
  argmin(dim?: number, keepdim?: boolean): Tensor {
    return op.argmin(this, dim, keepdim);
  }
  var(dim?: number | readonly number[], options?: op.VarOptions): Tensor {
    return op.variance(this, dim, options);
  }
  std(dim?: number | readonly number[], options?: op.VarOptions): Tensor {
    return op.std(this, dim, options);
  }
  logsumexp(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return op.logsumexp(this, dim, keepdim);
  }
  softmax(dim = -1): Tensor {
    return op.softmax(this, dim);
  }
  logSoftmax(dim = -1): Tensor {
    return op.logSoftmax(this, dim);
  }
  norm(p?: number, dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return op.norm(this, p, dim, keepdim);
  }

  matmul(b: Tensor): Tensor {
    return op.matmul(this, b);
  }

  reshape(...shape: (number | readonly number[])[]): Tensor {
    return op.reshape(this, flatArgs(shape));
  }
  /**
   * The same storage seen with a new shape (PyTorch's `view`): refused, with the reason, when the
   * layout does not allow it — call `reshape` (which copies when it must) or `contiguous()` first.
   */
  view(...shape: (number | readonly number[])[]): Tensor {
    if (!this.isContiguous) {
      fail(
        'view(shape)',
        `this tensor ${fmtShape(this.shape)} is not contiguous (strides [${this.strides.join(',')}]): use reshape() or contiguous().view()`,
      );
    }
    return op.reshape(this, flatArgs(shape));
  }
  flatten(startDim?: number, endDim?: number): Tensor {
    return op.flatten(this, startDim, endDim);
  }
  squeeze(dim?: number): Tensor {
    return op.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return op.unsqueeze(this, dim);
  }
  permute(...dims: (number | readonly number[])[]): Tensor {
    return op.permute(this, flatArgs(dims));
  }
  transpose(dim0 = -2, dim1 = -1): Tensor {
    return op.transpose(this, dim0, dim1);
  }
  /** All dimensions reversed: the matrix transpose for 2-D tensors (PyTorch's `.T`). */
  get T(): Tensor {
    return op.permute(
      this,
      this.shape.map((_, i) => this.ndim - 1 - i),
    );
  }
  expand(...shape: (number | readonly number[])[]): Tensor {
    return op.expand(this, flatArgs(shape));
  }
  broadcastTo(shape: readonly number[]): Tensor {
    return op.expand(this, shape);
  }
  slice(...specs: SliceSpec[]): Tensor {
    return op.slice(this, ...specs);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return op.narrow(this, dim, start, length);
  }
  select(dim: number, index: number): Tensor {
    return op.select(this, dim, index);
  }
  flip(dims: number | readonly number[]): Tensor {
    return op.flip(this, dims);
  }
  contiguous(): Tensor {
    return op.contiguous(this);
  }
  clone(): Tensor {
    return op.clone(this);
  }
  pad(padding: readonly (readonly [number, number])[], value?: number): Tensor {
    return op.pad(this, padding, value);
  }
  gather(dim: number, index: Tensor): Tensor {
    return op.gather(this, dim, index);
  }
  indexSelect(dim: number, index: Tensor | readonly number[]): Tensor {
    return op.indexSelect(this, dim, index);
  }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return op.scatterAdd(this, dim, index, src);
  }
  cast(dtype: DType): Tensor {
    return op.cast(this, dtype);
  }
  float(): Tensor {
    return op.cast(this, 'float32');
  }
  int(): Tensor {
    return op.cast(this, 'int32');
  }
  bool(): Tensor {
    return op.cast(this, 'bool');
  }
  oneHot(numClasses?: number): Tensor {
    return op.oneHot(this, numClasses);
  }
  conv2d(weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): Tensor {
    return op.conv2d(this, weight, bias, options);
  }
  maxPool2d(options: Pool2dOptions | number): Tensor {
    return op.maxPool2d(this, options);
  }
  avgPool2d(options: Pool2dOptions | number): Tensor {
    return op.avgPool2d(this, options);
  }

  // ---- in place (no gradient is recorded; refused on tensors that autograd still needs) ----------

  /** this ← this + alpha·other, in place (as PyTorch's `add_(other, alpha=…)`). */
  add_(other: TensorLike, alpha = 1): this {
    return op.axpyInPlace(this, 'add_', other, alpha);
  }
  sub_(other: TensorLike, alpha = 1): this {
    return op.axpyInPlace(this, 'sub_', other, -alpha);
  }
  mul_(other: TensorLike): this {
    return op.assignInPlace(this, 'mul_', () => op.mul(this, other));
  }
  div_(other: TensorLike): this {
    return op.assignInPlace(this, 'div_', () => op.div(this, other));
  }
  /** Overwrites this tensor's elements with `src` (broadcast to this shape). */
  copy_(src: TensorLike): this {
    return op.assignInPlace(this, 'copy_', () => op.asTensor('copy_', src, this), !isTensor(src));
  }
  fill_(value: number): this {
    return op.assignInPlace(this, 'fill_', () => op.asTensor('fill_', value, this));
  }
  zero_(): this {
    return this.fill_(0);
  }
}

/** Nested JS arrays as `toArray()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

function flatArgs(args: (number | readonly number[])[]): number[] {
  return args.length === 1 && typeof args[0] !== 'number' ? [...args[0]] : (args as number[]);
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
