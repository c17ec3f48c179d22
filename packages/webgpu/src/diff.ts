import {
  type Backend,
  createCpuBackend,
  type DType,
  getBackend,
  setBackend,
  type TypedArray,
  tidy,
} from '@plasticity/core';

/** How far one kernel's output on the candidate backend is from the reference's. */
export interface OpDifference {
  /** Position in the sequence of kernels the function ran. */
  index: number;
  /** Kernel and op, e.g. 'binary:mul', 'reduce:sum', 'matmul'. */
  op: string;
  size: number;
  maxAbsDiff: number;
  /** max |a − b| / max(|a|, 1e-30) over the elements (Infinity where only one side is NaN). */
  maxRelDiff: number;
}

export interface BackendDiffReport {
  reference: string;
  candidate: string;
  ops: OpDifference[];
  /** The op with the largest absolute difference (null when the function ran no kernels). */
  worst: OpDifference | null;
}

export interface BackendDiffOptions {
  /** The trusted backend (default: a fresh CPU backend). */
  reference?: Backend;
  candidate: Backend;
}

const RECORDED = [
  'unary',
  'fusedUnary',
  'binary',
  'where',
  'reduce',
  'argReduce',
  'matmul',
  'copy',
  'pad',
  'concat',
  'gather',
  'scatterAdd',
  'conv2d',
  'conv2dInputGrad',
  'conv2dWeightGrad',
  'pool2d',
  'pool2dGrad',
  'fusedSoftmax',
] as const;

interface Recording {
  op: string;
  buffer: unknown;
}

/** Size and dtype of a kernel's output: typed arrays (CPU) or GPU buffers, which carry both. */
function describe(buffer: unknown): { size: number; dtype: DType } {
  if (buffer instanceof Float32Array) return { size: buffer.length, dtype: 'float32' };
  if (buffer instanceof Int32Array) return { size: buffer.length, dtype: 'int32' };
  if (buffer instanceof Uint8Array) return { size: buffer.length, dtype: 'bool' };
  const b = buffer as { size?: unknown; dtype?: unknown };
  if (typeof b.size === 'number' && typeof b.dtype === 'string')
    return { size: b.size, dtype: b.dtype as DType };
  throw new Error(
    'backendDiff(): cannot tell the size of this backend’s buffers (expected typed arrays or { size, dtype })',
  );
}

/** Runs `fn` on a wrapper of `backend` that records every kernel output and holds every buffer until read. */
async function record(
  fn: () => void,
  backend: Backend,
): Promise<{ outputs: TypedArray[]; labels: string[] }> {
  const recordings: Recording[] = [];
  const held: unknown[] = [];
  const target = backend as unknown as Record<string, (...args: unknown[]) => unknown>;
  const wrapped: Record<string, unknown> = {
    name: `diff:${backend.name}`,
    canReadSync: backend.canReadSync,
    fused: backend.fused,
    alloc: (...a: unknown[]) => target.alloc.apply(backend, a),
    upload: (...a: unknown[]) => target.upload.apply(backend, a),
    read: (...a: unknown[]) => target.read.apply(backend, a),
    readSync: (...a: unknown[]) => target.readSync.apply(backend, a),
    byteSize: (...a: unknown[]) => target.byteSize.apply(backend, a),
    sync: backend.sync ? () => backend.sync!() : undefined,
    free: (buffer: unknown) => held.push(buffer),
    assign: (...a: unknown[]) => {
      target.assign.apply(backend, a);
      const dst = a[0] as { dtype: DType };
      recordings.push({ op: 'assign', buffer: target.copy.apply(backend, [dst, dst.dtype]) });
    },
  };
  for (const name of RECORDED) {
    if (typeof target[name] !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      const buffer = target[name].apply(backend, args);
      const first = args[0];
      const detail =
        typeof first === 'string'
          ? first
          : typeof first === 'object' && first !== null && 'wgsl' in first
            ? (first as unknown as { name: string }).name
            : '';
      recordings.push({ op: detail ? `${name}:${detail}` : name, buffer });
      return buffer;
    };
  }
  const previous = getBackend();
  await setBackend(wrapped as unknown as Backend);
  try {
    tidy(() => {
      fn();
    });
  } finally {
    await setBackend(previous);
  }
  const outputs: TypedArray[] = [];
  for (const r of recordings) {
    const { size, dtype } = describe(r.buffer);
    outputs.push(await backend.read({ buffer: r.buffer, shape: [size], strides: [1], offset: 0, dtype }));
  }
  for (const b of held) backend.free(b);
  // Snapshots taken after assign belong to no tensor: free them here.
  for (const r of recordings) if (r.op === 'assign') backend.free(r.buffer);
  return { outputs, labels: recordings.map((r) => r.op) };
}

/**
 * Runs `fn` on the reference backend (the CPU by default) and on `candidate`, and reports for every
 * kernel, in order, the largest difference between the two outputs. `fn` must be deterministic
 * (seed its generators) and synchronous; tensors it creates are disposed when it returns.
 *
 * @example
 * ```ts
 * const report = await backendDiff(() => {
 *   const x = randn([4, 3], { generator: new Generator(1) });
 *   x.matmul(x.T).softmax();
 * }, { candidate: gpuBackend });
 * console.log(report.worst);
 * ```
 */
export async function backendDiff(fn: () => void, options: BackendDiffOptions): Promise<BackendDiffReport> {
  const reference = options.reference ?? createCpuBackend();
  const ref = await record(fn, reference);
  const cand = await record(fn, options.candidate);
  if (ref.labels.join() !== cand.labels.join()) {
    throw new Error(
      `backendDiff(): the two backends ran different kernels (${ref.labels.length} vs ${cand.labels.length}); ` +
        'give both the same `fused` list',
    );
  }
  const ops: OpDifference[] = ref.outputs.map((a, index) => {
    const b = cand.outputs[index];
    let maxAbsDiff = 0;
    let maxRelDiff = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      const d = x === y ? 0 : Number.isNaN(x) || Number.isNaN(y) ? Number.POSITIVE_INFINITY : Math.abs(x - y);
      if (!(d <= maxAbsDiff)) maxAbsDiff = d;
      const rel = d / Math.max(Math.abs(x), 1e-30);
      if (!(rel <= maxRelDiff)) maxRelDiff = rel;
    }
    if (a.length !== b.length) maxAbsDiff = maxRelDiff = Number.POSITIVE_INFINITY;
    return { index, op: ref.labels[index], size: a.length, maxAbsDiff, maxRelDiff };
  });
  let worst: OpDifference | null = null;
  for (const op of ops) if (worst === null || !(op.maxAbsDiff <= worst.maxAbsDiff)) worst = op;
  return { reference: reference.name, candidate: options.candidate.name, ops, worst };
}
