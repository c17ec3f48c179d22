import { Generator, randn } from '@plasticity/core';
import { beforeAll, describe, it } from 'vitest';
import type { WebGPUBackend } from '../backend';
import { testBackend } from '../test-support/gpu';
import { expectParity } from '../test-support/parity';

let gpu: WebGPUBackend;
beforeAll(async () => {
  gpu = await testBackend();
});

const g = (seed: number) => ({ generator: new Generator(seed) });
const TOL = { atol: 1e-4, rtol: 1e-4 };

// The tiled kernel takes an unchecked path for whole tiles and a zero-padding one for tiles crossing
// an edge of m, n or k; these shapes put every edge on and off the 32-row, 32-column, 16-deep tiles.
describe('matmul shapes around the tile edges', () => {
  it('whole tiles, ragged m / n / k, k shorter than a tile, k = 1', async () => {
    await expectParity(
      gpu,
      () => [
        randn([64, 32], g(1)).matmul(randn([32, 64], g(2))),
        randn([33, 17], g(3)).matmul(randn([17, 65], g(4))),
        randn([31, 48], g(5)).matmul(randn([48, 95], g(6))),
        randn([96, 5], g(7)).matmul(randn([5, 32], g(8))),
        randn([40, 1], g(9)).matmul(randn([1, 40], g(10))),
        randn([16, 100], g(11)).matmul(randn([100, 64], g(12))),
      ],
      TOL,
    );
  });

  it('transposed and broadcast-batched operands on whole and ragged tiles', async () => {
    await expectParity(
      gpu,
      () => {
        const a = randn([64, 48], g(13));
        const b = randn([96, 64], g(14));
        const c = randn([37, 50], g(15));
        const d = randn([70, 50], g(16));
        return [
          a.T.matmul(b.T),
          c.matmul(d.T),
          randn([3, 1, 32, 32], g(17)).matmul(randn([2, 32, 64], g(18))),
          randn([2, 45, 19], g(19)).matmul(randn([19, 33], g(20))),
        ];
      },
      TOL,
    );
  });
});
