import { describe, expect, it } from 'vitest';
import { randn } from '../ops/creation';
import { matmul } from '../ops/matmul';
import { Generator } from '../random';
import type { Tensor } from '../tensor';

/** Textbook triple loop over nested arrays: the reference the blocked kernel must match. */
function naive(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, p) => s + v * b[p][j], 0)));
}

function close(got: Tensor, want: number[][][]): void {
  const flatGot = Array.from(got.dataSync());
  const flatWant = want.flat(2);
  expect(flatGot.length).toBe(flatWant.length);
  for (const [i, w] of flatWant.entries()) expect(flatGot[i]).toBeCloseTo(w, 4);
}

describe('blocked CPU matmul', () => {
  const g = new Generator(11);
  // Sizes chosen to cross every path: triple loop, blocked JS kernel, WebAssembly.
  it.each([
    [1, 1, 1],
    [3, 5, 2],
    [4, 4, 4],
    [7, 9, 13],
    [17, 3, 8],
    // 512 < m·k·n < 4096: the register-blocked JS kernel with ragged edges.
    [9, 10, 11],
    [13, 20, 12],
    // ≥ 4096: the WebAssembly SIMD kernel (the JS kernel where WebAssembly is missing).
    [33, 40, 17],
  ])('m=%i k=%i n=%i matches the triple loop, also with a transposed right operand', (m, k, n) => {
    const a = randn([m, k], { generator: g });
    const b = randn([k, n], { generator: g });
    const want = [naive(a.toArraySync() as number[][], b.toArraySync() as number[][])];
    close(matmul(a, b), want);
    const bt = randn([n, k], { generator: g });
    close(matmul(a, bt.transpose()), [
      naive(a.toArraySync() as number[][], bt.transpose().contiguous().toArraySync() as number[][]),
    ]);
  });

  it('broadcasts batch dimensions', () => {
    const a = randn([2, 1, 5, 6], { generator: g });
    const b = randn([3, 6, 7], { generator: g });
    const out = matmul(a, b);
    expect(out.shape).toEqual([2, 3, 5, 7]);
    const A = a.toArraySync() as number[][][][];
    const B = b.toArraySync() as number[][][];
    close(
      out,
      A.flatMap((ai) => B.map((bj) => naive(ai[0], bj))),
    );
  });
});
