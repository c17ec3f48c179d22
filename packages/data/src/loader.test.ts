import { type Generator, manualSeed, type Tensor, tidy } from '@plasticity/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collate } from './collate';
import { ArrayDataset, type DataRecord } from './dataset';
import { DataLoader, toTensors } from './loader';
import { loadDigits } from './shipped/loaders';

type Rec = DataRecord<number[], number>;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const dataset = (n: number) => new ArrayDataset<Rec>(range(n).map((i) => ({ x: [i, -i], y: i % 3 })));

describe('collate', () => {
  it('stacks features to [B, d] float32 and class targets to [B] int32', () => {
    const { x, y } = collate([
      { x: [1, 2], y: 0 },
      { x: [3, 4], y: 2 },
    ]);
    expect(x.shape).toEqual([2, 2]);
    expect(x.dtype).toBe('float32');
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4]);
    expect(y.shape).toEqual([2]);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([0, 2]);
  });

  it('keeps nested sample shapes, vector targets and typed arrays', () => {
    const b = collate([
      {
        x: [
          [1, 2],
          [3, 4],
        ],
        y: [0.5, 1],
      },
      { x: [Float32Array.of(5, 6), Float32Array.of(7, 8)], y: [1.5, 2] },
    ]);
    expect(b.x.shape).toEqual([2, 2, 2]);
    expect(Array.from(b.x.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(b.y.shape).toEqual([2, 2]);
    expect(b.y.dtype).toBe('float32');
  });

  it('follows the task for target dtypes, and reshapes flat samples with xShape', () => {
    const records = [
      { x: [1, 2, 3, 4], y: 3 },
      { x: [5, 6, 7, 8], y: 4 },
    ];
    expect(collate(records, { task: 'regression' }).y.dtype).toBe('float32');
    expect(collate(records, { xShape: [2, 2] }).x.shape).toEqual([2, 2, 2]);
    expect(collate([{ x: 1, y: 0.5 }]).y.dtype).toBe('float32');
    const g = collate([{ x: [1], y: 0, group: 'a' }]);
    expect(g.groups).toEqual(['a']);
  });

  it('rejects what cannot be stacked, naming the record', () => {
    expect(() => collate([])).toThrow(
      'collate(records): expected a non-empty array of { x, y } records, got an array of length 0',
    );
    expect(() => collate([{ x: [1], y: 'cat' }])).toThrow(
      /record 0 has the string label "cat"; encode labels first/,
    );
    expect(() =>
      collate([
        { x: [1, 2], y: 0 },
        { x: [1], y: 0 },
      ]),
    ).toThrow(/collate\(records\): x \(sample 1\): expected an array of 2/);
    expect(() => collate([{ x: [Number.NaN], y: 0 }])).toThrow(/found NaN/);
    expect(() => collate([{ x: [1], y: 0.5 }], { yDtype: 'int32' })).toThrow(
      /record 0 has target 0.5, but int32/,
    );
    expect(() => collate([{ x: [1, 2, 3], y: 0 }], { xShape: [2, 2] })).toThrow(
      /xShape \[2,2\] needs 4 values per sample, sample 0 has 3/,
    );
  });
});

describe('DataLoader', () => {
  it('visits every sample exactly once per epoch, for any size, batch size and drop-last (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 16 }),
        fc.boolean(),
        fc.boolean(),
        (n, batchSize, shuffle, dropLast) => {
          fc.pre(!dropLast || batchSize <= n);
          const loader = new DataLoader(dataset(n), {
            batchSize,
            shuffle,
            dropLast,
            seed: 5,
            collate: (_r, idx) => idx,
          });
          for (let epoch = 0; epoch < 2; epoch++) {
            const seen = [...loader].flat();
            const expected = dropLast ? Math.floor(n / batchSize) * batchSize : n;
            expect(seen).toHaveLength(expected);
            expect(new Set(seen).size).toBe(expected);
            if (!dropLast) expect([...seen].sort((a, b) => a - b)).toEqual(range(n));
          }
          expect(loader.length).toBe(dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('collates batches of the right shapes and dtypes, the last one smaller', () => {
    const batches = [...new DataLoader(dataset(10), { batchSize: 4 })];
    expect(batches.map((b) => b.x.shape)).toEqual([
      [4, 2],
      [4, 2],
      [2, 2],
    ]);
    expect(batches.every((b) => b.y.dtype === 'int32' && b.x.dtype === 'float32')).toBe(true);
    expect(batches[2].indices).toEqual([8, 9]);
    expect(Array.from(batches[2].x.dataSync())).toEqual([8, -8, 9, -9]);
  });

  it('shuffles reproducibly: the same seed gives the same epochs, each epoch a new order', () => {
    const a = new DataLoader(dataset(50), { batchSize: 50, shuffle: true, seed: 11 });
    const b = new DataLoader(dataset(50), { batchSize: 50, shuffle: true, seed: 11 });
    const c = new DataLoader(dataset(50), { batchSize: 50, shuffle: true, seed: 12 });
    const epochs = (l: DataLoader<Rec>) => [0, 1].map(() => [...l].flatMap((batch) => batch.indices!));
    const ea = epochs(a);
    expect(epochs(b)).toEqual(ea);
    expect(epochs(c)[0]).not.toEqual(ea[0]);
    expect(ea[1]).not.toEqual(ea[0]);
    expect(ea[0]).not.toEqual(range(50));
    expect(a.order(0)).toEqual(ea[0]);
    expect(a.epoch).toBe(2);
  });

  it('draws its seed from the global generator, so manualSeed makes it reproducible', () => {
    manualSeed(3);
    const first = new DataLoader(dataset(20), { shuffle: true }).order(0);
    manualSeed(3);
    expect(new DataLoader(dataset(20), { shuffle: true }).order(0)).toEqual(first);
  });

  it('uses the dataset info: the digits batch as [B, 8, 8] images with int32 labels', () => {
    const digits = loadDigits().dataset;
    const { value } = new DataLoader(digits, { batchSize: 32 })[Symbol.iterator]().next();
    expect(value!.x.shape).toEqual([32, 8, 8]);
    expect(value!.y.dtype).toBe('int32');
  });

  it('applies a seeded per-sample transform, fresh each epoch', () => {
    const noisy = (r: Rec, rng: Generator): Rec => ({ ...r, x: r.x.map((v) => v + rng.uniform()) });
    const loader = new DataLoader(dataset(6), { batchSize: 6, transform: noisy, seed: 1 });
    const e0 = Array.from([...loader][0].x.dataSync());
    const e1 = Array.from([...loader][0].x.dataSync());
    expect(e0).not.toEqual(e1);
    const again = new DataLoader(dataset(6), { batchSize: 6, transform: noisy, seed: 1 });
    expect(Array.from([...again][0].x.dataSync())).toEqual(e0);
  });

  it('iterates with for await, with prefetch, giving the same batches as for … of', async () => {
    const slow = async (r: Rec) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return r;
    };
    const sync = new DataLoader(dataset(23), { batchSize: 5, shuffle: true, seed: 4 });
    const asyncLoader = new DataLoader(dataset(23), {
      batchSize: 5,
      shuffle: true,
      seed: 4,
      transform: slow,
      prefetch: 2,
    });
    const expected = [...sync].map((b) => Array.from(b.x.dataSync()));
    const got: number[][] = [];
    for await (const b of asyncLoader) got.push(Array.from(b.x.dataSync()));
    expect(got).toEqual(expected);
  });

  it('makes the tensors of each batch when it is pulled, so the tidy of a step frees them even with prefetch', async () => {
    const loader = new DataLoader(dataset(8), { batchSize: 2, prefetch: 3, transform: async (r) => r });
    const it = loader[Symbol.asyncIterator]();
    const held: Tensor[] = [];
    for (let step = 0; step < 4; step++) {
      await tidy(async () => {
        const { value } = await it.next();
        // Alive when pulled, even though it was prefetched during an earlier step that has since ended.
        expect(value!.x.disposed).toBe(false);
        expect(Array.from(value!.x.dataSync())).toEqual([2 * step, -2 * step, 2 * step + 1, -(2 * step + 1)]);
        held.push(value!.x);
      });
    }
    expect(held.every((t) => t.disposed)).toBe(true);
    expect((await it.next()).done).toBe(true);
  });

  it('reports an async transform under for … of, and a failing prefetched batch when reached', async () => {
    const loader = new DataLoader(dataset(4), { transform: async (r) => r });
    expect(() => [...loader]).toThrow(/returned a promise; iterate with `for await`/);
    const failing = new DataLoader(dataset(4), {
      batchSize: 1,
      prefetch: 3,
      transform: (r) => {
        if (r.x[0] === 2) throw new Error('bad sample 2'); // thrown synchronously, while being prefetched
        return Promise.resolve(r);
      },
    });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const b of failing) seen.push(b.indices![0]);
      })(),
    ).rejects.toThrow('bad sample 2');
    expect(seen).toEqual([0, 1]);
  });

  it('rejects bad options', () => {
    expect(() => new DataLoader(dataset(3), { batchSize: 0 })).toThrow(
      'new DataLoader(options.batchSize): expected an integer >= 1, got 0',
    );
    expect(() => new DataLoader(dataset(3), { seed: 0.5 })).toThrow(
      'new DataLoader(options.seed): expected an integer, got 0.5',
    );
    expect(() => new DataLoader(dataset(3), { prefetch: -1 })).toThrow(/options.prefetch/);
    expect(() => new DataLoader(new ArrayDataset([]))).toThrow(/the dataset is empty/);
    expect(() => new DataLoader(42 as never)).toThrow(
      /expected a Dataset or an array of \{ x, y \} records, got 42/,
    );
  });
});

describe('toTensors', () => {
  it('collates a whole dataset (or array of records) at once', () => {
    const { x, y } = toTensors(dataset(7));
    expect(x.shape).toEqual([7, 2]);
    expect(y.shape).toEqual([7]);
    expect(toTensors([{ x: [1], y: 2.5 }]).y.dtype).toBe('float32');
  });
});
