import { type Backend, createCpuBackend } from '@plasticity/core';
import { defineOpSuite } from './suite';

// One suite, run per backend configuration. The CPU backend runs it twice: with its fused composite
// kernels, and with every composite (tanh, sigmoid, softmax, …) decomposed into primitives; both must
// agree with tfjs. The third run hides the CPU's synchronous reads, as a GPU backend would, so the suite's
// asynchronous paths (reads, gradient checks) are exercised here before the WebGPU backend reuses them.
defineOpSuite('cpu (fused kernels)', () => createCpuBackend());
defineOpSuite('cpu (decomposed composites)', () => createCpuBackend({ fused: [], name: 'cpu-decomposed' }));
defineOpSuite('cpu (asynchronous reads only)', () => asyncOnly(createCpuBackend({ name: 'cpu-async' })));

function asyncOnly(base: Backend): Backend {
  return {
    ...base,
    canReadSync: false,
    readSync: () => {
      throw new Error('cpu-async: readSync must not be called on a backend with canReadSync = false');
    },
  };
}
