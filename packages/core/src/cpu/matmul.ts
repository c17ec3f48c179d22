import type { KernelView } from '../backend';
import { forEachOffset } from './reduce';
import { wasmGemm, wasmGemmAvailable } from './wasm/gemm';

/** Below this many multiply-adds the copies into WebAssembly memory cost more than they save. */
export const WASM_MIN_MACS = 4096;

let packA = new Float32Array(1024);
let packB = new Float32Array(1024);

/** Copies a strided rows×cols matrix into `dst` row-major (a transposed operand becomes contiguous). */
function pack(
  src: Float32Array,
  off: number,
  sRow: number,
  sCol: number,
  rows: number,
  cols: number,
  dst: Float32Array,
): void {
  let at = 0;
  for (let r = 0; r < rows; r++) {
    let from = off + r * sRow;
    for (let c = 0; c < cols; c++, from += sCol) dst[at++] = src[from];
  }
}

/** One product C = A·B of strided operands: WebAssembly SIMD when it pays and is there, else JS. */
function multiply(
  A: Float32Array,
  aOff: number,
  asM: number,
  asK: number,
  B: Float32Array,
  bOff: number,
  bsK: number,
  bsN: number,
  C: Float32Array,
  cOff: number,
  m: number,
  n: number,
  k: number,
  panel: Float32Array,
): void {
  if (m * n * k >= WASM_MIN_MACS && wasmGemmAvailable()) {
    let a = A;
    let ao = aOff;
    if (!(asK === 1 && asM === k)) {
      if (packA.length < m * k) packA = new Float32Array(m * k);
      pack(A, aOff, asM, asK, m, k, packA);
      a = packA;
      ao = 0;
    }
    let b = B;
    let bo = bOff;
    if (!(bsN === 1 && bsK === n)) {
      if (packB.length < k * n) packB = new Float32Array(k * n);
      pack(B, bOff, bsK, bsN, k, n, packB);
      b = packB;
      bo = 0;
    }
    if (wasmGemm(a, ao, b, bo, C, cOff, m, n, k)) return;
  }
  if (m * n * k <= SMALL_MACS) smallGemm(A, aOff, asM, asK, B, bOff, bsK, bsN, C, cOff, n, m, n, k);
  else gemm(A, aOff, asM, asK, B, bOff, bsK, bsN, C, cOff, m, n, k, panel);
}

/** Up to this many multiply-adds, packing a panel costs more than it saves (a playground layer). */
const SMALL_MACS = 512;

/**
 * The textbook triple loop: the tiny products of small networks, and the ragged edges of the blocked
 * kernel. C rows are `ldc` apart, so it can fill a sub-block of a larger C.
 */
function smallGemm(
  A: Float32Array,
  aOff: number,
  asM: number,
  asK: number,
  B: Float32Array,
  bOff: number,
  bsK: number,
  bsN: number,
  C: Float32Array,
  cOff: number,
  ldc: number,
  m: number,
  n: number,
  k: number,
): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * asM;
    const ci = cOff + i * ldc;
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0, ap = ai, bp = bOff + j * bsN; p < k; p++, ap += asK, bp += bsK) acc += A[ap] * B[bp];
      C[ci + j] = acc;
    }
  }
}

/**
 * Batched matmul on strided views. Products of at least `WASM_MIN_MACS` multiply-adds run on the
 * WebAssembly SIMD kernel (f32x4, accumulating in float32, as tfjs-wasm and GPUs do) when the runtime has
 * it; the rest — and every product where it is missing — run a 4×4 register-blocked JS kernel that
 * accumulates in double precision: four columns of B are packed into a contiguous panel (absorbing any
 * stride or transpose), and sixteen accumulators live in locals.
 */
export function matmulCpu(a: KernelView, b: KernelView, out: Float32Array): void {
  const nd = a.shape.length;
  const m = a.shape[nd - 2];
  const k = a.shape[nd - 1];
  const n = b.shape[nd - 1];
  const A = a.buffer as Float32Array;
  const B = b.buffer as Float32Array;
  const panel = scratchPanel(k * 4);
  if (nd === 2) {
    multiply(
      A,
      a.offset,
      a.strides[0],
      a.strides[1],
      B,
      b.offset,
      b.strides[0],
      b.strides[1],
      out,
      0,
      m,
      n,
      k,
      panel,
    );
    return;
  }
  const batchShape = a.shape.slice(0, nd - 2);
  const offsetsB: number[] = [];
  forEachOffset(batchShape, b.strides.slice(0, nd - 2), b.offset, (_, at) => offsetsB.push(at));
  forEachOffset(batchShape, a.strides.slice(0, nd - 2), a.offset, (batch, aOff) => {
    multiply(
      A,
      aOff,
      a.strides[nd - 2],
      a.strides[nd - 1],
      B,
      offsetsB[batch],
      b.strides[nd - 2],
      b.strides[nd - 1],
      out,
      batch * m * n,
      m,
      n,
      k,
      panel,
    );
  });
}

let panelStore = new Float32Array(1024);

/** One growing scratch panel for packed columns of B (matmul is synchronous, so one is enough). */
function scratchPanel(length: number): Float32Array {
  if (panelStore.length < length) panelStore = new Float32Array(length);
  return panelStore;
}

function gemm(
  A: Float32Array,
  aOff: number,
  asM: number,
  asK: number,
  B: Float32Array,
  bOff: number,
  bsK: number,
  bsN: number,
  C: Float32Array,
  cOff: number,
  m: number,
  n: number,
  k: number,
  panel: Float32Array,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let j = 0; j < n4; j += 4) {
    for (let p = 0, q = 0, at = bOff + j * bsN; p < k; p++, q += 4, at += bsK) {
      panel[q] = B[at];
      panel[q + 1] = B[at + bsN];
      panel[q + 2] = B[at + 2 * bsN];
      panel[q + 3] = B[at + 3 * bsN];
    }
    for (let i = 0; i < m4; i += 4) {
      const a0 = aOff + i * asM;
      const a1 = a0 + asM;
      const a2 = a1 + asM;
      const a3 = a2 + asM;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let p = 0, q = 0, ap = 0; p < k; p++, q += 4, ap += asK) {
        const b0 = panel[q];
        const b1 = panel[q + 1];
        const b2 = panel[q + 2];
        const b3 = panel[q + 3];
        let x = A[a0 + ap];
        c00 += x * b0;
        c01 += x * b1;
        c02 += x * b2;
        c03 += x * b3;
        x = A[a1 + ap];
        c10 += x * b0;
        c11 += x * b1;
        c12 += x * b2;
        c13 += x * b3;
        x = A[a2 + ap];
        c20 += x * b0;
        c21 += x * b1;
        c22 += x * b2;
        c23 += x * b3;
        x = A[a3 + ap];
        c30 += x * b0;
        c31 += x * b1;
        c32 += x * b2;
        c33 += x * b3;
      }
      let c = cOff + i * n + j;
      C[c] = c00;
      C[c + 1] = c01;
      C[c + 2] = c02;
      C[c + 3] = c03;
      c += n;
      C[c] = c10;
      C[c + 1] = c11;
      C[c + 2] = c12;
      C[c + 3] = c13;
      c += n;
      C[c] = c20;
      C[c + 1] = c21;
      C[c + 2] = c22;
      C[c + 3] = c23;
      c += n;
      C[c] = c30;
      C[c + 1] = c31;
      C[c + 2] = c32;
      C[c + 3] = c33;
    }
  }
  // The ragged edges: rows past the last block of four (all columns), then the right-hand columns.
  if (m4 < m) smallGemm(A, aOff + m4 * asM, asM, asK, B, bOff, bsK, bsN, C, cOff + m4 * n, n, m - m4, n, k);
  if (n4 < n && m4 > 0)
    smallGemm(A, aOff, asM, asK, B, bOff + n4 * bsN, bsK, bsN, C, cOff + n4, n, m4, n - n4, k);
}
