import type { Backend } from '../backend';
import { resolveBackend } from '../backends';
import { type DType, dtypeOfTypedArray, isDType, type TypedArray, typedArrayFor } from '../dtype';
import { fail, fmtShape } from '../errors';
import { defaultGenerator, type Generator } from '../random';
import { checkShape, sizeOf } from '../shape';
import { Tensor } from '../tensor';

export interface CreationOptions {
  dtype?: DType;
  /** A backend name ('cpu', 'webgpu') or instance; defaults to the current backend. */
  backend?: string | Backend;
  requiresGrad?: boolean;
}

export interface RandomOptions extends CreationOptions {
  /** Draw from this generator instead of the global one. */
  generator?: Generator;
}

/** Nested arrays of numbers or booleans, as `tensor()` accepts. */
export type NestedInput = number | boolean | readonly NestedInput[];

function make(
  label: string,
  data: TypedArray,
  shape: readonly number[],
  dtype: DType,
  options: CreationOptions,
): Tensor {
  const backend = resolveBackend(label, options.backend);
  const t = Tensor.fromBuffer(backend, backend.upload(data, dtype), shape, dtype);
  if (options.requiresGrad) t.requiresGrad_(true);
  return t;
}

function inferShape(data: NestedInput): number[] {
  const shape: number[] = [];
  let level: NestedInput = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flattenInto(
  label: string,
  data: NestedInput,
  shape: readonly number[],
  depth: number,
  out: number[],
  path: number[],
): boolean {
  if (depth === shape.length) {
    if (Array.isArray(data))
      fail(label, `ragged nested array: element at [${path.join(',')}] is an array, expected a number`);
    if (typeof data === 'boolean') {
      out.push(data ? 1 : 0);
      return true;
    }
    if (typeof data !== 'number')
      fail(label, `element at [${path.join(',')}] is ${typeof data}, expected a number or boolean`);
    out.push(data);
    return false;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    fail(
      label,
      `ragged nested array: at [${path.join(',')}] expected ${shape[depth]} elements (like the first row), got ` +
        `${Array.isArray(data) ? data.length : 'a scalar'}`,
    );
  }
  let allBool = true;
  for (let i = 0; i < data.length; i++) {
    path.push(i);
    allBool = flattenInto(label, data[i], shape, depth + 1, out, path) && allBool;
    path.pop();
  }
  return allBool;
}

/**
 * Makes a tensor from nested arrays, a number, a boolean or a typed array (with `options.shape`).
 * The dtype is inferred — booleans → bool, a Float32Array → float32, an Int32Array → int32, plain numbers →
 * float32 — unless given.
 */
export function tensor(
  data: NestedInput | ArrayLike<number> | TypedArray,
  options: CreationOptions & { shape?: readonly number[] } = {},
): Tensor {
  const label = 'tensor(data)';
  if (options.dtype !== undefined && !isDType(options.dtype)) {
    fail(label, `dtype must be 'float32', 'int32' or 'bool', got ${JSON.stringify(options.dtype)}`);
  }
  if (ArrayBuffer.isView(data)) {
    const inferred = dtypeOfTypedArray(data as ArrayBufferView) ?? 'float32';
    const dtype = options.dtype ?? inferred;
    const length = (data as TypedArray).length;
    const shape = options.shape ? checkShape(label, options.shape) : [length];
    if (sizeOf(shape) !== length)
      fail(label, `shape ${fmtShape(shape)} needs ${sizeOf(shape)} elements, the typed array has ${length}`);
    const buffer = typedArrayFor(dtype, length);
    buffer.set(data as ArrayLike<number>);
    return make(label, buffer, shape, dtype, options);
  }
  const nested = data as NestedInput;
  const shape = inferShape(nested);
  const flat: number[] = [];
  const allBool = flattenInto(label, nested, shape, 0, flat, []);
  const dtype = options.dtype ?? (allBool && flat.length > 0 ? 'bool' : 'float32');
  const finalShape = options.shape ? checkShape(label, options.shape) : shape;
  if (sizeOf(finalShape) !== flat.length)
    fail(
      label,
      `shape ${fmtShape(finalShape)} needs ${sizeOf(finalShape)} elements, data has ${flat.length}`,
    );
  const buffer = typedArrayFor(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) buffer[i] = flat[i];
  return make(label, buffer, finalShape, dtype, options);
}

/** A tensor of `shape` filled with `value`. */
export function full(
  shape: readonly number[],
  value: number | boolean,
  options: CreationOptions = {},
): Tensor {
  const label = `full(${fmtShape(shape)}, ${value})`;
  const s = checkShape(label, shape);
  const dtype = options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  const data = typedArrayFor(dtype, sizeOf(s));
  data.fill(Number(value));
  return make(label, data, s, dtype, options);
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], options: CreationOptions = {}): Tensor {
  return full(shape, 0, options);
}

/** A tensor of ones. */
export function ones(shape: readonly number[], options: CreationOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** Values from `start` up to (not including) `end` in steps of `step`; `arange(5)` is 0…4. */
export function arange(start: number, end?: number, step = 1, options: CreationOptions = {}): Tensor {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  const label = `arange(${start}, ${end}, ${step})`;
  if (step === 0 || !Number.isFinite(step)) fail(label, 'step must be a non-zero finite number');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = options.dtype ?? (Number.isInteger(start) && Number.isInteger(step) ? 'int32' : 'float32');
  const data = typedArrayFor(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return make(label, data, [n], dtype, options);
}

/** `steps` evenly spaced values from `start` to `end`, both included. */
export function linspace(start: number, end: number, steps: number, options: CreationOptions = {}): Tensor {
  const label = `linspace(${start}, ${end}, ${steps})`;
  if (!Number.isInteger(steps) || steps < 0)
    fail(label, `steps must be a non-negative integer, got ${steps}`);
  const data = typedArrayFor(options.dtype ?? 'float32', steps);
  for (let i = 0; i < steps; i++) data[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return make(label, data, [steps], options.dtype ?? 'float32', options);
}

/** The n×m identity matrix (m defaults to n). */
export function eye(n: number, m = n, options: CreationOptions = {}): Tensor {
  const label = `eye(${n}, ${m})`;
  checkShape(label, [n, m]);
  const dtype = options.dtype ?? 'float32';
  const data = typedArrayFor(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return make(label, data, [n, m], dtype, options);
}

function randomTensor(
  label: string,
  shape: readonly number[],
  options: RandomOptions,
  draw: (g: Generator) => number,
): Tensor {
  const s = checkShape(label, shape);
  const dtype = options.dtype ?? 'float32';
  const g = options.generator ?? defaultGenerator();
  const data = typedArrayFor(dtype, sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = draw(g);
  return make(label, data, s, dtype, options);
}

/** Uniform random values in [0, 1), from the seeded generator (see `manualSeed`). */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return randomTensor(`rand(${fmtShape(shape)})`, shape, options, (g) => g.uniform());
}

/** Standard normal random values, from the seeded generator. */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return randomTensor(`randn(${fmtShape(shape)})`, shape, options, (g) => g.normal());
}

/** Random integers in [low, high), int32. */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  options: RandomOptions = {},
): Tensor {
  const label = `randint(${low}, ${high}, ${fmtShape(shape)})`;
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low)
    fail(label, `expected integers low < high, got ${low}, ${high}`);
  return randomTensor(label, shape, { dtype: 'int32', ...options }, (g) => g.integer(low, high));
}

const like = (x: Tensor, options: CreationOptions): CreationOptions => ({
  dtype: x.dtype,
  backend: x.backend,
  ...options,
});

/** Zeros with x's shape, dtype and backend. */
export const zerosLike = (x: Tensor, options: CreationOptions = {}): Tensor =>
  zeros(x.shape, like(x, options));
/** Ones with x's shape, dtype and backend. */
export const onesLike = (x: Tensor, options: CreationOptions = {}): Tensor => ones(x.shape, like(x, options));
/** `value` with x's shape, dtype and backend. */
export const fullLike = (x: Tensor, value: number, options: CreationOptions = {}): Tensor =>
  full(x.shape, value, like(x, options));
/** Uniform [0, 1) values with x's shape and backend. */
export const randLike = (x: Tensor, options: RandomOptions = {}): Tensor =>
  rand(x.shape, { backend: x.backend, ...options });
/** Standard normal values with x's shape and backend. */
export const randnLike = (x: Tensor, options: RandomOptions = {}): Tensor =>
  randn(x.shape, { backend: x.backend, ...options });
