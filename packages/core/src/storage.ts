import type { Backend } from './backend';
import type { DType } from './dtype';
import { type Counter, counterFor } from './memory';

/**
 * A backend buffer shared by every view of it. Views (reshape, permute, slice, expand) add a reference;
 * the buffer is freed when the last view is disposed — deterministically, never by the garbage collector.
 */
export class Storage {
  refs = 0;
  /** Bumped by every in-place write, so autograd can refuse gradients computed from stale values. */
  version = 0;
  readonly bytes: number;
  /** @internal The backend's live counts (tensors and bytes). */
  readonly counter: Counter;

  constructor(
    readonly backend: Backend,
    readonly buffer: unknown,
    readonly dtype: DType,
  ) {
    this.bytes = backend.byteSize(buffer);
    this.counter = counterFor(backend);
    this.counter.bytes += this.bytes;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) {
      this.backend.free(this.buffer);
      this.counter.bytes -= this.bytes;
    }
  }
}
