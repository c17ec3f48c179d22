/** Live tensors and bytes per backend, kept exactly as tensors are created and disposed. */
export interface MemoryInfo {
  /** Tensors created and not yet disposed, over all backends. */
  tensors: number;
  /** Bytes of backend buffers still referenced by a live tensor, over all backends. */
  bytes: number;
  byBackend: Record<string, { tensors: number; bytes: number }>;
}

/** @internal Live counts of one backend; storages keep a reference so accounting needs no lookup. */
export interface Counter {
  tensors: number;
  bytes: number;
}

const live = new Map<string, Counter>();

const COUNTER = Symbol('plasticity.memoryCounter');

/** @internal The counter of a backend (created on first use), kept on the backend object itself. */
export function counterFor(backend: { readonly name: string }): Counter {
  const holder = backend as { [COUNTER]?: Counter };
  let counter = holder[COUNTER];
  if (counter === undefined) {
    counter = live.get(backend.name);
    if (counter === undefined) {
      counter = { tensors: 0, bytes: 0 };
      live.set(backend.name, counter);
    }
    holder[COUNTER] = counter;
  }
  return counter;
}

/**
 * How many tensors and bytes are alive now. A training loop that disposes what it creates keeps both flat;
 * a growing number is a leak (see `debug({ leaks: true })` to find the line that created the tensors).
 */
export function memory(): MemoryInfo {
  const byBackend: MemoryInfo['byBackend'] = {};
  let tensors = 0;
  let bytes = 0;
  for (const [name, e] of live) {
    byBackend[name] = { tensors: e.tensors, bytes: e.bytes };
    tensors += e.tensors;
    bytes += e.bytes;
  }
  return { tensors, bytes, byBackend };
}
