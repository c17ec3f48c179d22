import type { KernelView } from '../backend';
import { copyKernel } from './codegen';
import { forEachOffset } from './reduce';

/**
 * Batched matmul on strided views. B is packed row-major when its rows are not contiguous, then each
 * batch runs an i-k-j loop over four rows of C at once: every loaded element of B feeds four
 * multiply-adds, which is what makes plain JS reach several GFLOP/s.
 */
export function matmulCpu(a: KernelView, b: KernelView, out: Float32Array): void {
  const nd = a.shape.length;
  const m = a.shape[nd - 2];
  const k = a.shape[nd - 1];
  const n = b.shape[nd - 1];
  const A = a.buffer as Float32Array;
  let B = b.buffer as Float32Array;
  let bStrides = b.strides;
  let bOffset = b.offset;
  if (b.strides[nd - 1] !== 1 && n > 1) {
    const packed = new Float32Array(b.shape.reduce((x, y) => x * y, 1));
    copyKernel('x')(packed, B, b.shape, b.strides, b.offset);
    B = packed;
    bStrides = contiguous(b.shape);
    bOffset = 0;
  }
  const batchShape = a.shape.slice(0, nd - 2);
  const asM = a.strides[nd - 2];
  const asK = a.strides[nd - 1];
  const bsK = bStrides[nd - 2];
  const batchA = a.strides.slice(0, nd - 2);
  const batchB = bStrides.slice(0, nd - 2);
  const offsetsB: number[] = [];
  forEachOffset(batchShape, batchB, bOffset, (_, at) => offsetsB.push(at));
  forEachOffset(batchShape, batchA, a.offset, (batch, aOff) => {
    gemm(A, aOff, asM, asK, B, offsetsB[batch], bsK, out, batch * m * n, m, n, k);
  });
}

function contiguous(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

function gemm(
  A: Float32Array, aOff: number, asM: number, asK: number,
  B: Float32Array, bOff: number, bsK: number,
  C: Float32Array, cOff: number, m: number, n: number, k: number,
): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const c0 = cOff + i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    const a0 = aOff + i * asM;
    for (let p = 0; p < k; p++) {
      const ap = a0 + p * asK;
      const x0 = A[ap];
      const x1 = A[ap + asM];
      const x2 = A[ap + 2 * asM];
      const x3 = A[ap + 3 * asM];
      const row = bOff + p * bsK;
      for (let j = 0; j < n; j++) {
        const bv = B[row + j];
        C[c0 + j] += x0 * bv;
        C[c1 + j] += x1 * bv;
        C[c2 + j] += x2 * bv;
        C[c3 + j] += x3 * bv;
      }
    }
  }
  for (; i < m; i++) {
    const c0 = cOff + i * n;
    const a0 = aOff + i * asM;
    for (let p = 0; p < k; p++) {
      const x0 = A[a0 + p * asK];
      const row = bOff + p * bsK;
      for (let j = 0; j < n; j++) C[c0 + j] += x0 * B[row + j];
    }
  }
}
