import { defaultGenerator, Generator } from '@plasticity/core';
import { type Batch, type CollateOptions, collate } from './collate';
import { asDataset, type DataRecord, type Dataset } from './dataset';
import { checkInteger, fail, show } from './errors';
import { deriveSeed } from './random';

/** How a {@link DataLoader} batches a dataset. */
export interface DataLoaderOptions<R extends DataRecord<unknown, unknown>, B> extends CollateOptions {
  /** Samples per batch (default 32). */
  batchSize?: number;
  /** Visit the samples in a new random order every epoch (default false). */
  shuffle?: boolean;
  /** Seeds the epoch orders and the augmentation stream; without it, one is drawn from core's global generator. */
  seed?: number;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Builds a batch from records (default: {@link collate} into tensors). */
  collate?: (records: R[], indices: number[]) => B;
  /**
   * Per-sample transform, e.g. augmentation, given a seeded generator for its randomness. It may return a
   * promise only under `for await`. Draw from `rng` before any `await`, so that the order of draws —
   * and with it the result — does not depend on timing.
   */
  transform?: (record: R, rng: Generator, index: number) => R | Promise<R>;
  /** Under `for await`, how many batches to prepare ahead of the one being consumed (default 0). */
  prefetch?: number;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * Iterates a dataset in mini-batches, like PyTorch's `DataLoader`: every epoch (every new `for … of`)
 * visits each sample exactly once, shuffled by a seeded generator when `shuffle` is on, and collates each
 * batch into tensors `{ x: [B, ...], y: [B] }`. Synchronous and `for await` iteration both work, so nn's
 * `fit` can take it as "any iterable of batches".
 *
 * @example
 * ```ts
 * const loader = new DataLoader(loadIris().dataset, { batchSize: 16, shuffle: true, seed: 0 });
 * for (const { x, y } of loader) console.log(x.shape, y.dtype); // [16, 4] 'int32' … and a last [6, 4]
 * ```
 */
export class DataLoader<R extends DataRecord<unknown, unknown> = DataRecord, B = Batch>
  implements Iterable<B>, AsyncIterable<B>
{
  readonly dataset: Dataset<R>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly seed: number;
  readonly prefetch: number;
  #epoch = 0;
  readonly #options: DataLoaderOptions<R, B>;

  constructor(data: Dataset<R> | readonly R[], options: DataLoaderOptions<R, B> = {}) {
    const where = 'new DataLoader(data, options)';
    this.dataset = asDataset(where, data);
    if (options === null || typeof options !== 'object')
      fail(where, `options: expected an object, got ${show(options)}`);
    this.batchSize = checkInteger('new DataLoader(options.batchSize)', options.batchSize ?? 32, 1);
    this.prefetch = checkInteger('new DataLoader(options.prefetch)', options.prefetch ?? 0, 0);
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
      fail('new DataLoader(options.seed)', `expected an integer, got ${show(options.seed)}`);
    }
    this.seed = options.seed ?? defaultGenerator().nextUint32();
    if (options.transform !== undefined && typeof options.transform !== 'function') {
      fail('new DataLoader(options.transform)', `expected a function, got ${show(options.transform)}`);
    }
    if (this.dataset.length === 0) fail(where, 'the dataset is empty');
    this.#options = options;
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Epochs started so far: the next iteration runs epoch `epoch`. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The order in which epoch `epoch` visits the dataset (reproducible from the seed alone). */
  order(epoch: number): number[] {
    checkInteger('DataLoader.order(epoch)', epoch, 0);
    const indices = Array.from({ length: this.dataset.length }, (_, i) => i);
    if (this.shuffle) new Generator(deriveSeed(this.seed, 2 * epoch)).shuffle(indices);
    return indices;
  }

  /** The dataset indices of each batch of epoch `epoch`. */
  batches(epoch: number): number[][] {
    const order = this.order(epoch);
    const out: number[][] = [];
    for (let start = 0; start < order.length; start += this.batchSize) {
      const chunk = order.slice(start, start + this.batchSize);
      if (chunk.length < this.batchSize && this.dropLast) break;
      out.push(chunk);
    }
    return out;
  }

  #startEpoch(): { plan: number[][]; rng: Generator } {
    const epoch = this.#epoch++;
    return { plan: this.batches(epoch), rng: new Generator(deriveSeed(this.seed, 2 * epoch + 1)) };
  }

  #finish(records: R[], indices: number[]): B {
    if (this.#options.collate) return this.#options.collate(records, indices);
    const info = this.dataset.info;
    const batch = collate(records, {
      xDtype: this.#options.xDtype,
      yDtype: this.#options.yDtype,
      task: this.#options.task ?? info?.task,
      xShape: this.#options.xShape ?? info?.xShape,
    });
    return { ...batch, indices } as B;
  }

  *[Symbol.iterator](): Iterator<B> {
    const { plan, rng } = this.#startEpoch();
    const transform = this.#options.transform;
    for (const indices of plan) {
      const records = indices.map((i) => {
        const record = this.dataset.get(i);
        if (!transform) return record;
        const out = transform(record, rng, i);
        if (isThenable(out)) {
          fail(
            'DataLoader (for … of)',
            'options.transform returned a promise; iterate with `for await` instead',
          );
        }
        return out;
      });
      yield this.#finish(records, indices);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    const { plan, rng } = this.#startEpoch();
    const transform = this.#options.transform;
    // Transforms are called synchronously, batch after batch, so draws from `rng` happen in a fixed order.
    // Async, so that a transform throwing synchronously rejects its own batch rather than an earlier pull.
    const gather = async (indices: number[]): Promise<R[]> =>
      Promise.all(
        indices.map((i) => {
          const record = this.dataset.get(i);
          return transform ? transform(record, rng, i) : record;
        }),
      );
    // Only the records are prepared ahead; the tensors are made when the batch is pulled, inside the
    // consumer's step, so a training loop that frees each step's tensors (nn's fit) frees these too.
    const pending: Promise<R[]>[] = [];
    let next = 0;
    for (const indices of plan) {
      while (pending.length < this.prefetch + 1 && next < plan.length) {
        const p = gather(plan[next++]);
        p.catch(() => {}); // a prefetched batch's failure is reported when it is awaited, not as unhandled
        pending.push(p);
      }
      const records = await pending.shift()!;
      yield this.#finish(records, indices);
    }
  }
}

/** Collates a whole dataset into one batch of tensors (features `[N, ...]`, targets `[N]`). */
export function toTensors<R extends DataRecord<unknown, unknown>>(
  data: Dataset<R> | readonly R[],
  options: CollateOptions = {},
): Batch {
  const ds = asDataset('toTensors(data)', data);
  if (ds.length === 0) fail('toTensors(data)', 'the dataset is empty');
  const records: R[] = [];
  for (let i = 0; i < ds.length; i++) records.push(ds.get(i));
  return collate(records, {
    ...options,
    task: options.task ?? ds.info?.task,
    xShape: options.xShape ?? ds.info?.xShape,
  });
}
