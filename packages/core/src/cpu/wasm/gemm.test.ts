import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import initWabt from 'wabt';
import { Generator } from '../../random';
import { wasmGemm, wasmGemmAvailable } from './gemm';
import { GEMM_WASM_BASE64 } from './gemm-wasm.gen';

function randomMatrix(g: Generator, length: number): Float32Array {
  const data = new Float32Array(length);
  for (let i = 0; i < length; i++) data[i] = g.normal();
  return data;
}

/**
 * Checks `got` against a float64 triple loop. The tolerance is relative to Σ_p |a_ip·b_pj|, the scale
 * float32 accumulation error grows with; relative to the entry itself it would be meaningless for
 * entries that cancel to near zero.
 */
function expectProduct(
  got: Float32Array,
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  gotOffset = 0,
): void {
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let scale = 0;
      for (let p = 0; p < k; p++) {
        sum += a[i * k + p] * b[p * n + j];
        scale += Math.abs(a[i * k + p] * b[p * n + j]);
      }
      const error = Math.abs(got[gotOffset + i * n + j] - sum) / Math.max(scale, 1e-30);
      // A NaN error must fail, so compare with `!(… <= …)` rather than `>`.
      if (!(error <= worst)) worst = error;
    }
  }
  expect(worst).toBeLessThanOrEqual(1e-4);
}

describe('wasmGemm', () => {
  it('is available in Node 20, which has WebAssembly SIMD', () => {
    expect(wasmGemmAvailable()).toBe(true);
  });

  const g = new Generator(2024);
  it.each([
    [1, 1, 1],
    [3, 5, 2],
    [4, 4, 4],
    [7, 9, 13],
    [17, 3, 8],
    [64, 64, 64],
    [33, 65, 17],
    [5, 8, 1],
    [4, 12, 3],
    [256, 256, 256],
  ])('m=%i n=%i k=%i matches a float64 triple loop', (m, n, k) => {
    const a = randomMatrix(g, m * k);
    const b = randomMatrix(g, k * n);
    const out = new Float32Array(m * n).fill(Number.NaN);
    expect(wasmGemm(a, 0, b, 0, out, 0, m, n, k)).toBe(true);
    expectProduct(out, a, b, m, n, k);
  });

  it('reads and writes at element offsets and leaves the rest of `out` alone', () => {
    const [m, n, k] = [6, 11, 5];
    const a = randomMatrix(g, m * k);
    const b = randomMatrix(g, k * n);
    const aPadded = new Float32Array(3 + m * k + 2).fill(99);
    aPadded.set(a, 3);
    const bPadded = new Float32Array(7 + k * n).fill(-99);
    bPadded.set(b, 7);
    const out = new Float32Array(5 + m * n + 4).fill(42);
    expect(wasmGemm(aPadded, 3, bPadded, 7, out, 5, m, n, k)).toBe(true);
    expectProduct(out, a, b, m, n, k, 5);
    expect(Array.from(out.subarray(0, 5))).toEqual([42, 42, 42, 42, 42]);
    expect(Array.from(out.subarray(5 + m * n))).toEqual([42, 42, 42, 42]);
  });

  it('overwrites C rather than accumulating into it, call after call', () => {
    const [m, n, k] = [9, 10, 7];
    const a = randomMatrix(g, m * k);
    const b = randomMatrix(g, k * n);
    const first = new Float32Array(m * n);
    const second = new Float32Array(m * n);
    wasmGemm(a, 0, b, 0, first, 0, m, n, k);
    wasmGemm(a, 0, b, 0, second, 0, m, n, k);
    expect(second).toEqual(first);
  });

  it('gives zeros for k = 0 and accepts empty m or n', () => {
    const out = new Float32Array(6).fill(Number.NaN);
    expect(wasmGemm(new Float32Array(0), 0, new Float32Array(0), 0, out, 0, 2, 3, 0)).toBe(true);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(wasmGemm(new Float32Array(4), 0, new Float32Array(0), 0, new Float32Array(0), 0, 0, 0, 4)).toBe(
      true,
    );
    expect(wasmGemm(new Float32Array(0), 0, new Float32Array(6), 0, new Float32Array(0), 0, 0, 3, 2)).toBe(
      true,
    );
  });

  it('propagates NaN and Infinity to exactly the affected entries', () => {
    // A is 5×2, B is 2×9: row 4 of A sits in the kernel's ragged last row block, column 8 of B in its
    // zero-padded last panel.
    const [m, n, k] = [5, 9, 2];
    const a = new Float32Array(m * k).fill(1);
    const b = new Float32Array(k * n).fill(1);
    a[4 * k + 1] = Number.NaN;
    b[8] = Number.POSITIVE_INFINITY;
    const out = new Float32Array(m * n);
    wasmGemm(a, 0, b, 0, out, 0, m, n, k);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const want = i === 4 ? Number.NaN : j === 8 ? Number.POSITIVE_INFINITY : 2;
        expect(out[i * n + j]).toBe(want);
      }
    }
  });

  it('grows its memory across calls of increasing size and still serves small ones after', () => {
    for (const size of [2, 40, 130, 300, 520, 3]) {
      const [m, n, k] = [size, size + 3, size + 1];
      const a = randomMatrix(g, m * k);
      const b = randomMatrix(g, k * n);
      const out = new Float32Array(m * n);
      expect(wasmGemm(a, 0, b, 0, out, 0, m, n, k)).toBe(true);
      // Spot-check rows at the start, middle and end rather than the whole 520³ product.
      for (const i of new Set([0, Math.floor(m / 2), m - 1])) {
        const rowA = a.subarray(i * k, (i + 1) * k);
        expectProduct(out.subarray(i * n, (i + 1) * n), rowA, b, 1, n, k);
      }
    }
  });

  it('rejects bad dimensions and operands that are too short, naming the argument', () => {
    const x = new Float32Array(4);
    expect(() => wasmGemm(x, 0, x, 0, x, 0, 2.5, 2, 2)).toThrow(
      /wasmGemm.*m must be a non-negative integer, got 2\.5/,
    );
    expect(() => wasmGemm(x, 0, x, 0, x, 0, 2, -1, 2)).toThrow(/n must be a non-negative integer, got -1/);
    expect(() => wasmGemm(x, 1, x, 0, x, 0, 2, 2, 2)).toThrow(
      /a needs 4 elements from offset 1, but has length 4/,
    );
    expect(() => wasmGemm(x, 0, x, 0, new Float32Array(3), 0, 2, 2, 2)).toThrow(/out needs 4 elements/);
  });
});

describe('wasmGemm without WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('reports itself unavailable and returns false, leaving `out` for the JS fallback', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    const fresh = await import('./gemm');
    const out = new Float32Array([7]);
    expect(fresh.wasmGemmAvailable()).toBe(false);
    expect(fresh.wasmGemm(new Float32Array([2]), 0, new Float32Array([3]), 0, out, 0, 1, 1, 1)).toBe(false);
    expect(out[0]).toBe(7);
  });

  it('reports itself unavailable when the engine rejects the module (no SIMD)', async () => {
    vi.resetModules();
    const rejecting = {
      ...WebAssembly,
      Module: class {
        constructor() {
          throw new WebAssembly.CompileError('SIMD unsupported');
        }
      },
    };
    vi.stubGlobal('WebAssembly', rejecting);
    const fresh = await import('./gemm');
    expect(fresh.wasmGemmAvailable()).toBe(false);
  });
});

describe('gemm-wasm.gen.ts', () => {
  const g0 = new Generator(7);
  it('grows memory for its own scratch when the caller left no room, at unaligned operand offsets', () => {
    const module = new WebAssembly.Module(Buffer.from(GEMM_WASM_BASE64, 'base64'));
    const { memory, gemm } = new WebAssembly.Instance(module, {}).exports as unknown as {
      memory: WebAssembly.Memory;
      gemm: (aPtr: number, bPtr: number, cPtr: number, m: number, n: number, k: number) => void;
    };
    // A, B and C fill the single initial page but for 4 bytes; the kernel needs 128 + 32·k more.
    const [m, n, k] = [21, 29, 200];
    const aPtr = 4;
    const bPtr = aPtr + m * k * 4;
    const cPtr = 65536 - 4 - m * n * 4;
    expect(bPtr + k * n * 4).toBeLessThanOrEqual(cPtr);
    const a = randomMatrix(g0, m * k);
    const b = randomMatrix(g0, k * n);
    new Float32Array(memory.buffer, aPtr, m * k).set(a);
    new Float32Array(memory.buffer, bPtr, k * n).set(b);
    gemm(aPtr, bPtr, cPtr, m, n, k);
    expect(memory.buffer.byteLength).toBe(2 * 65536);
    expectProduct(new Float32Array(memory.buffer, cPtr, m * n), a, b, m, n, k);
  });

  it('holds exactly the bytes gemm.wat assembles to (rerun scripts/build-wasm.mjs if not)', async () => {
    const wabt = await initWabt();
    const source = readFileSync(new URL('./gemm.wat', import.meta.url), 'utf8');
    const parsed = wabt.parseWat('gemm.wat', source, { simd: true });
    parsed.resolveNames();
    parsed.validate();
    const bytes = parsed.toBinary({ log: false, write_debug_names: false }).buffer;
    parsed.destroy();
    expect(Buffer.from(GEMM_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
  });
});
