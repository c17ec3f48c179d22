import { type DType, type TypedArray, typedArrayFor } from '../dtype';

// Allocating a typed array larger than 16 elements costs V8 an off-heap backing store (0.3–1 µs) — more
// than the arithmetic of a small layer. Freed CPU buffers are therefore kept by (dtype, length) and
// handed out again. Safe because a storage's buffer is freed exactly once, after its last view is gone,
// and every read-back returns a copy.

const SMALLEST = 17;
const PER_LENGTH = 32;
const BUDGET_BYTES = 64 * 1024 * 1024;

const free: Record<DType, Map<number, TypedArray[]>> = {
  float32: new Map(),
  int32: new Map(),
  bool: new Map(),
};
let pooledBytes = 0;

function dtypeOf(buffer: TypedArray): DType {
  return buffer instanceof Float32Array ? 'float32' : buffer instanceof Int32Array ? 'int32' : 'bool';
}

/**
 * A typed array of `length` elements, recycled when one is free. `zeroed: false` is for kernels that
 * write every element; anything else gets zeros, as a fresh array would have.
 */
export function takeArray(dtype: DType, length: number, zeroed = true): TypedArray {
  if (length >= SMALLEST) {
    const list = free[dtype].get(length);
    const recycled = list?.pop();
    if (recycled !== undefined) {
      pooledBytes -= recycled.byteLength;
      if (zeroed) recycled.fill(0);
      return recycled;
    }
  }
  return typedArrayFor(dtype, length);
}

/** Returns a buffer no tensor uses any more. */
export function recycleArray(buffer: TypedArray): void {
  const length = buffer.length;
  if (length < SMALLEST || buffer.byteOffset !== 0 || pooledBytes + buffer.byteLength > BUDGET_BYTES) return;
  const byLength = free[dtypeOf(buffer)];
  let list = byLength.get(length);
  if (list === undefined) {
    list = [];
    byLength.set(length, list);
  }
  if (list.length >= PER_LENGTH) return;
  list.push(buffer);
  pooledBytes += buffer.byteLength;
}
