import { type Backend, createCpuBackend, type TypedArray } from '@plasticity/core';

/** The CPU backend posing as an asynchronous one, counting its reads. */
export type AsyncCpuBackend = Backend<TypedArray> & { reads: number };

/**
 * The CPU backend posing as one that reads only asynchronously, as WebGPU does (`canReadSync: false`,
 * `readSync` throws): the same kernels, so results must equal the plain CPU's, while every synchronous
 * read nn still made would fail. `reads` counts the `await data()` round trips. For tests only; not
 * exported from the package.
 */
export function createAsyncCpuBackend(name = 'nn-async-cpu'): AsyncCpuBackend {
  const cpu = createCpuBackend({ name });
  const backend: AsyncCpuBackend = {
    ...cpu,
    canReadSync: false,
    reads: 0,
    readSync() {
      throw new Error(`${name}: readSync called on a backend that reads asynchronously`);
    },
    read(view) {
      backend.reads++;
      return cpu.read(view);
    },
  };
  return backend;
}
