import type { Backend } from './backend';
import type { DType } from './dtype';
import { accountBytes } from './memory';

/**
 * A backend buffer shared by every view of it. Views (reshape, permute, slice, expand) add a reference;
 * the buffer is freed when the last view is disposed — deterministically, never by the garbage collector.
 */
export class Storage {
  refs = 0;
  /** Bumped by every in-place write, so autograd can refuse gradients computed from stale values. */
  version = 0;
  readonly bytes: number;

  constructor(
    readonly backend: Backend,
    readonly buffer: unknown,
    readonly dtype: DType,
  ) {
    this.bytes = backend.byteSize(buffer);
    accountBytes(backend.name, this.bytes);
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) {
      this.backend.free(this.buffer);
      accountBytes(this.backend.name, -this.bytes);
    }
  }
}
