import type { Backend } from './backend';
import { fail } from './errors';

/** Every primitive kernel a backend is expected to provide. */
export const PRIMITIVE_KERNELS = [
  'alloc',
  'upload',
  'read',
  'readSync',
  'free',
  'byteSize',
  'unary',
  'binary',
  'where',
  'reduce',
  'argReduce',
  'matmul',
  'copy',
  'assign',
  'pad',
  'concat',
  'gather',
  'scatterAdd',
  'conv2d',
  'conv2dInputGrad',
  'conv2dWeightGrad',
  'pool2d',
  'pool2dGrad',
] as const;

export interface KernelSupport {
  backend: string;
  /** Primitive kernel → whether the backend implements it. */
  primitives: Record<(typeof PRIMITIVE_KERNELS)[number], boolean>;
  /** Composite ops the backend runs as fused kernels (the rest run decomposed into primitives). */
  fused: string[];
}

/** Which kernels `backend` implements, and which composites it fuses. */
export function kernelSupport(backend: Backend): KernelSupport {
  const primitives = {} as KernelSupport['primitives'];
  for (const name of PRIMITIVE_KERNELS) {
    primitives[name] =
      typeof (backend as unknown as Record<string, unknown>)[name] === 'function' &&
      !isMissing(backend, name);
  }
  return { backend: backend.name, primitives, fused: [...backend.fused] };
}

const missingMarker = Symbol('missing kernel');

function isMissing(backend: Backend, name: string): boolean {
  return (
    (
      (backend as unknown as Record<string, { [missingMarker]?: boolean }>)[name] as {
        [missingMarker]?: boolean;
      }
    )[missingMarker] === true
  );
}

/**
 * Fills every kernel a backend lacks with one that throws a clear error naming the kernel and the
 * backend — a partial backend fails loudly at the first op that needs the missing piece, never silently.
 */
const checked = new WeakSet<Backend>();

export function withMissingKernelErrors<B extends Backend>(backend: B): B {
  if (checked.has(backend)) return backend;
  checked.add(backend);
  const record = backend as unknown as Record<string, unknown>;
  for (const name of PRIMITIVE_KERNELS) {
    if (typeof record[name] !== 'function') {
      const thrower = () =>
        fail(name, `the '${backend.name}' backend has no '${name}' kernel (see kernelSupport())`);
      (thrower as unknown as Record<symbol, boolean>)[missingMarker] = true;
      record[name] = thrower;
    }
  }
  return backend;
}
