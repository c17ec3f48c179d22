import { ArrayDataset, asDataset, type DataRecord, type Dataset, type DatasetInfo } from '../dataset';
import { fail, show } from '../errors';
import { assertNoTestLeakage, assertNotFittedOn, type FitFootprint } from '../splits/guard';
import { type Category, LabelEncoder, OneHotEncoder } from './encoders';
import type { RowTransform } from './scalers';

/** The steps of a {@link Pipeline}. */
export interface PipelineSteps {
  /** Applied to the feature rows in order, each fitted on the previous one's output. */
  features?: readonly RowTransform[];
  /** Encodes the targets: a LabelEncoder (class indices) or a OneHotEncoder (one-hot vectors). */
  target?: LabelEncoder | OneHotEncoder;
}

type Input = Dataset<DataRecord<unknown, unknown>> | readonly DataRecord<unknown, unknown>[];

function featureRow(where: string, x: unknown, i: number): number[] {
  if (typeof x === 'number') return [x];
  if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    const row = Array.from(x as ArrayLike<unknown>);
    if (row.every((v) => typeof v === 'number')) return row as number[];
  }
  fail(
    where,
    `record ${i}: x must be a number or a flat numeric array (flatten images first), got ${show(x)}`,
  );
}

/**
 * Feature (and target) transforms fitted together on training data only. `fit` runs the leakage guard:
 * it refuses the validation or test part of a split, and any data containing samples a split holds out
 * (such as the whole dataset after splitting it). `transform` refuses a test view that overlaps what the
 * pipeline was fitted on (fit-then-split).
 *
 * @example
 * ```ts
 * const { train, test } = trainTestSplit(loadIris().dataset, { seed: 0, stratify: true });
 * const prep = new Pipeline([new StandardScaler()]).fit(train);
 * const trainReady = prep.transform(train);
 * const testReady = prep.transform(test); // scaled with the training mean and std
 * ```
 */
export class Pipeline {
  readonly features: readonly RowTransform[];
  readonly target?: LabelEncoder | OneHotEncoder;
  #footprint: FitFootprint | undefined;
  #fitted = false;

  constructor(steps: readonly RowTransform[] | PipelineSteps = []) {
    const s: PipelineSteps = Array.isArray(steps) ? { features: steps } : (steps as PipelineSteps);
    const features = s.features ?? [];
    features.forEach((t, i) => {
      if (
        typeof t?.fit !== 'function' ||
        typeof t.transform !== 'function' ||
        typeof t.inverseTransform !== 'function'
      ) {
        fail(
          'new Pipeline(steps)',
          `step ${i}: expected a transform with fit/transform/inverseTransform, got ${show(t)}`,
        );
      }
    });
    if (
      s.target !== undefined &&
      !(s.target instanceof LabelEncoder) &&
      !(s.target instanceof OneHotEncoder)
    ) {
      fail('new Pipeline(steps.target)', `expected a LabelEncoder or OneHotEncoder, got ${show(s.target)}`);
    }
    this.features = [...features];
    if (s.target) this.target = s.target;
  }

  get fitted(): boolean {
    return this.#fitted;
  }

  /** Fits every step on `train` (refusing held-out data, see the class description). */
  fit(train: Input): this {
    const ds = asDataset('Pipeline.fit(data)', train);
    if (ds.length === 0) fail('Pipeline.fit(data)', 'the dataset is empty');
    this.#footprint = assertNoTestLeakage(ds, 'Pipeline.fit(data)');
    let rows = this.#rows('Pipeline.fit(data)', ds);
    for (const step of this.features) rows = step.fit(rows).transform(rows);
    if (this.target) this.target.fit(this.#targets('Pipeline.fit(data)', ds));
    this.#fitted = true;
    return this;
  }

  /** Applies the fitted steps, returning a new dataset of records `{ x: number[], y, group? }`. */
  transform(data: Input): ArrayDataset<DataRecord<number[], unknown>> {
    const where = 'Pipeline.transform(data)';
    if (!this.#fitted) fail(where, 'not fitted yet: call fit(split.train) first');
    const ds = asDataset(where, data);
    assertNotFittedOn(this.#footprint, ds, where);
    const rows = this.transformFeatures(this.#rows(where, ds));
    const targets = this.target ? this.target.transform(this.#targets(where, ds)) : undefined;
    const records: DataRecord<number[], unknown>[] = [];
    for (let i = 0; i < ds.length; i++) {
      const r = ds.get(i);
      const y = targets ? targets[i] : r.y;
      records.push(r.group === undefined ? { x: rows[i], y } : { x: rows[i], y, group: r.group });
    }
    let info: DatasetInfo | undefined = ds.info;
    if (this.target) {
      // One-hot targets are float vectors (for soft losses), so only label codes mark a classification task.
      const task = this.target instanceof LabelEncoder ? ('classification' as const) : undefined;
      info = { ...info, task, classNames: this.target.classes.map(String) };
    }
    return new ArrayDataset(records, info);
  }

  /** `fit(train)` then `transform(train)`. */
  fitTransform(train: Input): ArrayDataset<DataRecord<number[], unknown>> {
    return this.fit(train).transform(train);
  }

  /** Applies the fitted feature steps to raw rows (e.g. new inputs at inference time). */
  transformFeatures(rows: readonly (readonly number[])[]): number[][] {
    if (!this.#fitted)
      fail('Pipeline.transformFeatures(rows)', 'not fitted yet: call fit(split.train) first');
    let out = rows as number[][];
    for (const step of this.features) out = step.transform(out);
    return out.map((r) => [...r]);
  }

  /** Undoes the feature steps, last first: back to the original units. */
  inverseTransformFeatures(rows: readonly (readonly number[])[]): number[][] {
    if (!this.#fitted)
      fail('Pipeline.inverseTransformFeatures(rows)', 'not fitted yet: call fit(split.train) first');
    let out = rows as number[][];
    for (let i = this.features.length - 1; i >= 0; i--) out = this.features[i].inverseTransform(out);
    return out.map((r) => [...r]);
  }

  #rows(where: string, ds: Dataset<DataRecord<unknown, unknown>>): number[][] {
    const rows: number[][] = [];
    for (let i = 0; i < ds.length; i++) rows.push(featureRow(where, ds.get(i).x, i));
    return rows;
  }

  #targets(where: string, ds: Dataset<DataRecord<unknown, unknown>>): Category[] {
    const out: Category[] = [];
    for (let i = 0; i < ds.length; i++) {
      const y = ds.get(i).y;
      if (typeof y !== 'string' && typeof y !== 'number') {
        fail(where, `record ${i}: the target encoder needs a scalar label in y, got ${show(y)}`);
      }
      out.push(y);
    }
    return out;
  }
}
