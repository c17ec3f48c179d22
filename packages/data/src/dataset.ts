import { fail, show } from './errors';

/** A flat run of numbers: a plain array or any numeric typed array. */
export type NumericArray =
  | readonly number[]
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array;

/** Features of one sample: a number, a flat numeric array, or nested arrays (an 8×8 image, say). */
export type Features = number | NumericArray | readonly Features[];

/** The target of one sample: a class index or a regression value, a vector, or a raw string label to encode. */
export type Target = number | string | NumericArray;

/**
 * The one record shape that flows from loaders through splits and transforms to metrics and xai:
 * features `x`, target `y` and, optionally, the `group` the sample belongs to (patient, writer, session…)
 * so that group-aware splits and fairness views can use it.
 */
export interface DataRecord<X = Features, Y = Target> {
  readonly x: X;
  readonly y: Y;
  readonly group?: string | number;
}

/** Whether the targets are classes (collated as int32) or real values (float32). */
export type Task = 'classification' | 'regression';

/** Optional description a dataset carries: what its targets mean and how to read its features. */
export interface DatasetInfo {
  readonly name?: string;
  readonly task?: Task;
  /** Class `i`'s name, for classification. */
  readonly classNames?: readonly string[];
  readonly featureNames?: readonly string[];
  /** The shape of one sample's `x` when it is stored flat, e.g. `[8, 8]` for the digits. */
  readonly xShape?: readonly number[];
}

/**
 * Anything indexable with a length: PyTorch's map-style dataset. `get(i)` returns record `i`;
 * iterating visits the records in order.
 */
export interface Dataset<R extends DataRecord<unknown, unknown> = DataRecord> extends Iterable<R> {
  readonly length: number;
  get(index: number): R;
  readonly info?: DatasetInfo;
}

/** True when `value` looks like a {@link Dataset} (a numeric `length` and a `get` method). */
export function isDataset(value: unknown): value is Dataset<DataRecord<unknown, unknown>> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Dataset).length === 'number' &&
    typeof (value as Dataset).get === 'function'
  );
}

/** @internal */
export function checkIndex(where: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    fail(where, `expected an integer index in [0, ${length - 1}], got ${show(index)}`);
  }
}

/** A dataset held in memory as an array of records. */
export class ArrayDataset<R extends DataRecord<unknown, unknown> = DataRecord> implements Dataset<R> {
  readonly records: readonly R[];
  readonly info?: DatasetInfo;

  constructor(records: readonly R[], info?: DatasetInfo) {
    if (!Array.isArray(records))
      fail('new ArrayDataset(records)', `expected an array of records, got ${show(records)}`);
    records.forEach((r, i) => {
      if (typeof r !== 'object' || r === null || !('x' in r) || !('y' in r)) {
        fail('new ArrayDataset(records)', `record ${i} should be an object { x, y, group? }, got ${show(r)}`);
      }
    });
    this.records = records;
    if (info) this.info = info;
  }

  get length(): number {
    return this.records.length;
  }

  get(index: number): R {
    checkIndex('ArrayDataset.get(index)', index, this.records.length);
    return this.records[index];
  }

  [Symbol.iterator](): Iterator<R> {
    return this.records[Symbol.iterator]();
  }
}

/** Which part of a split a view is. */
export type SplitRole = 'train' | 'validation' | 'test';

/**
 * Identifies one split of one dataset (a train/test split, or one fold of a cross-validation), so the
 * leakage guard can tell a view's own held-out samples from another fold's.
 */
export interface SplitTag {
  readonly id: number;
  /** The function that made it, e.g. `trainTestSplit` or `kFold (fold 2 of 5)`. */
  readonly method: string;
  /** Indices into the root dataset held out (validation and test) by this split. */
  readonly heldOut: ReadonlySet<number>;
}

/**
 * A read-only window on another dataset through a list of indices — what splits return. Views of views
 * resolve to the root dataset, so the leakage guard can compare any two of them.
 */
export class DatasetView<R extends DataRecord<unknown, unknown> = DataRecord> implements Dataset<R> {
  readonly source: Dataset<R>;
  readonly indices: readonly number[];
  /** Set when the view is one part of a split. */
  readonly role?: SplitRole;
  readonly split?: SplitTag;

  constructor(source: Dataset<R>, indices: readonly number[], split?: { role: SplitRole; tag: SplitTag }) {
    if (!isDataset(source))
      fail('new DatasetView(source, indices)', `source: expected a Dataset, got ${show(source)}`);
    for (const i of indices) checkIndex('new DatasetView(source, indices)', i, source.length);
    this.source = source;
    this.indices = Object.freeze([...indices]);
    if (split) {
      this.role = split.role;
      this.split = split.tag;
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get info(): DatasetInfo | undefined {
    return this.source.info;
  }

  get(index: number): R {
    checkIndex('DatasetView.get(index)', index, this.indices.length);
    return this.source.get(this.indices[index]);
  }

  /** The dataset at the bottom of any chain of views. */
  get root(): Dataset<R> {
    return this.source instanceof DatasetView ? (this.source as DatasetView<R>).root : this.source;
  }

  /** This view's indices expressed in the root dataset. */
  rootIndices(): number[] {
    if (this.source instanceof DatasetView) {
      const inner = (this.source as DatasetView<R>).rootIndices();
      return this.indices.map((i) => inner[i]);
    }
    return [...this.indices];
  }

  *[Symbol.iterator](): Iterator<R> {
    for (const i of this.indices) yield this.source.get(i);
  }
}

/** A view of `dataset` through `indices` (validated; duplicates allowed, as for bootstrap samples). */
export function subset<R extends DataRecord<unknown, unknown>>(
  dataset: Dataset<R>,
  indices: readonly number[],
): DatasetView<R> {
  return new DatasetView(dataset, indices);
}

const wrapped = new WeakMap<readonly unknown[], ArrayDataset<DataRecord<unknown, unknown>>>();

/**
 * The dataset behind `data`: a Dataset is returned as is; an array of records is wrapped once and the same
 * wrapper returned on every call, so a split of the array and a later `fit` on it see the same dataset.
 * @internal
 */
export function asDataset<R extends DataRecord<unknown, unknown>>(
  where: string,
  data: Dataset<R> | readonly R[],
): Dataset<R> {
  if (Array.isArray(data)) {
    let ds = wrapped.get(data);
    if (!ds) {
      ds = new ArrayDataset(data as readonly R[]);
      wrapped.set(data, ds);
    }
    return ds as unknown as Dataset<R>;
  }
  if (!isDataset(data)) fail(where, `expected a Dataset or an array of { x, y } records, got ${show(data)}`);
  return data as Dataset<R>;
}

/** Zips features, targets and optional groups into an {@link ArrayDataset}. */
export function fromArrays<X, Y>(
  x: readonly X[],
  y: readonly Y[],
  options: { groups?: readonly (string | number)[]; info?: DatasetInfo } = {},
): ArrayDataset<DataRecord<X, Y>> {
  const where = 'fromArrays(x, y)';
  if (!Array.isArray(x)) fail(where, `x: expected an array, got ${show(x)}`);
  if (!Array.isArray(y)) fail(where, `y: expected an array, got ${show(y)}`);
  if (x.length !== y.length) fail(where, `x has ${x.length} samples but y has ${y.length}`);
  const groups = options.groups;
  if (groups && groups.length !== x.length)
    fail(where, `options.groups has ${groups.length} entries, expected ${x.length}`);
  const records = x.map((xi, i) => (groups ? { x: xi, y: y[i], group: groups[i] } : { x: xi, y: y[i] }));
  return new ArrayDataset(records, options.info);
}

/** Unzips a dataset into parallel arrays of features, targets and groups (undefined where absent). */
export function toArrays<X, Y>(
  data: Dataset<DataRecord<X, Y>> | readonly DataRecord<X, Y>[],
): { x: X[]; y: Y[]; groups: (string | number | undefined)[] } {
  const ds = asDataset('toArrays(data)', data);
  const x: X[] = [];
  const y: Y[] = [];
  const groups: (string | number | undefined)[] = [];
  for (let i = 0; i < ds.length; i++) {
    const r = ds.get(i);
    x.push(r.x);
    y.push(r.y);
    groups.push(r.group);
  }
  return { x, y, groups };
}
