/** Live tensors and bytes per backend, kept exactly as tensors are created and disposed. */
export interface MemoryInfo {
  /** Tensors created and not yet disposed, over all backends. */
  tensors: number;
  /** Bytes of backend buffers still referenced by a live tensor, over all backends. */
  bytes: number;
  byBackend: Record<string, { tensors: number; bytes: number }>;
}

const live = new Map<string, { tensors: number; bytes: number }>();

function entry(backend: string) {
  let e = live.get(backend);
  if (!e) {
    e = { tensors: 0, bytes: 0 };
    live.set(backend, e);
  }
  return e;
}

export function accountTensor(backend: string, delta: number): void {
  entry(backend).tensors += delta;
}

export function accountBytes(backend: string, delta: number): void {
  entry(backend).bytes += delta;
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
