import type { Generator } from '@plasticity/core';
import { asDataset, type DataRecord, type Dataset, type DatasetView } from '../dataset';
import { fail, show } from '../errors';
import { resolveGenerator, type SeedLike } from '../random';
import {
  apportion,
  byClass,
  checkClassSizes,
  checkFraction,
  type GroupId,
  groupsOf,
  type Label,
  labelsOf,
  makeView,
  registerSplit,
} from './common';
import {
  checkGroupLeakage,
  checkValidationTail,
  type DataWarning,
  emit,
  type WarningHandler,
} from './warnings';

/** Options shared by {@link trainTestSplit} and {@link trainValTestSplit}. */
export interface HoldoutOptions {
  /** An integer seed or a core Generator; without it, core's global generator (see `manualSeed`). */
  seed?: SeedLike;
  /** Shuffle before splitting (default true). Without shuffling the held-out part is the tail of the data. */
  shuffle?: boolean;
  /** Keep each class's proportion in every part: `true` uses each record's `y`, or pass one label per sample. */
  stratify?: boolean | readonly Label[];
  /** Keep each group on one side: `true` uses each record's `group`, or pass one group id per sample. */
  groups?: boolean | readonly GroupId[];
  /** Receives leakage warnings (group leakage, a class-sorted tail); default `console.warn`. */
  onWarning?: WarningHandler;
}

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions extends HoldoutOptions {
  /** Fraction of the samples held out for testing, in (0, 1); default 0.25. The test set gets ⌈testSize·n⌉. */
  testSize?: number;
}

/** Options of {@link trainValTestSplit}. */
export interface TrainValTestSplitOptions extends HoldoutOptions {
  /** Fraction for validation, in (0, 1); default 0.15. */
  validationSize?: number;
  /** Fraction for testing, in (0, 1); default 0.15. */
  testSize?: number;
}

/** A train/test split, as index sets into the input and as dataset views. */
export interface TrainTestSplit<R extends DataRecord<unknown, unknown>> {
  readonly train: DatasetView<R>;
  readonly test: DatasetView<R>;
  readonly trainIndices: readonly number[];
  readonly testIndices: readonly number[];
  readonly warnings: readonly DataWarning[];
}

/** A train/validation/test split, as index sets into the input and as dataset views. */
export interface TrainValTestSplit<R extends DataRecord<unknown, unknown>> extends TrainTestSplit<R> {
  readonly validation: DatasetView<R>;
  readonly validationIndices: readonly number[];
}

interface Part {
  readonly name: string;
  readonly fraction: number;
}

function byGroups(
  where: string,
  groups: (GroupId | undefined)[],
  targets: number[],
  shuffle: boolean,
  g: Generator,
): number[][] {
  const members = new Map<GroupId, number[]>();
  groups.forEach((id, i) => {
    if (id === undefined) fail(where, `groups: record ${i} has no group id`);
    const list = members.get(id);
    if (list) list.push(i);
    else members.set(id, [i]);
  });
  const ids = [...members.keys()];
  if (ids.length < targets.length + 1) {
    fail(where, `groups: ${ids.length} distinct group(s) cannot fill ${targets.length + 1} parts`);
  }
  // Unshuffled, the held-out groups are the last ones, as the held-out samples are the tail otherwise.
  if (shuffle) g.shuffle(ids);
  else ids.reverse();
  const held: number[][] = targets.map(() => []);
  const train: number[] = [];
  let part = 0;
  ids.forEach((id, k) => {
    const list = members.get(id)!;
    // Leave at least one group for each later part and for training.
    const groupsLeft = ids.length - k;
    while (part < targets.length && held[part].length >= targets[part]) part++;
    if (part < targets.length && groupsLeft > targets.length - part) held[part].push(...list);
    else train.push(...list);
  });
  if (held.some((h) => h.length === 0) || train.length === 0) {
    fail(
      where,
      'groups: one group is so large that a part would be empty; use smaller groups or other sizes',
    );
  }
  return [train, ...held];
}

function stratified(
  where: string,
  labels: Label[],
  parts: readonly Part[],
  targets: number[],
  g: Generator,
): number[][] {
  const classes = byClass(labels);
  checkClassSizes(where, classes, 2, 'a split into training and held-out data');
  const nTrain = labels.length - targets.reduce((a, b) => a + b, 0);
  [...targets, nTrain].forEach((count, k) => {
    if (count < classes.size) {
      const name = k < parts.length ? parts[k].name : 'training';
      fail(
        where,
        `the ${name} set would get ${count} samples, fewer than the ${classes.size} classes it must hold`,
      );
    }
  });
  const pools = [...classes.values()].map((m) => g.shuffle([...m]));
  const held: number[][] = parts.map(() => []);
  parts.forEach((part, k) => {
    const exact = [...classes.values()].map((m) => m.length * part.fraction);
    // Keep one sample of every class for training.
    const caps = pools.map((p) => p.length - 1);
    const counts = apportion(where, exact, targets[k], caps, g);
    pools.forEach((pool, c) => {
      held[k].push(...pool.splice(0, counts[c]));
    });
  });
  return [pools.flat(), ...held];
}

function holdout<R extends DataRecord<unknown, unknown>>(
  fn: string,
  ds: Dataset<R>,
  parts: readonly Part[],
  options: HoldoutOptions,
): { parts: number[][]; warnings: DataWarning[] } {
  const where = `${fn}(data, options)`;
  const n = ds.length;
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== 'boolean')
    fail(`${fn}(options.shuffle)`, `expected a boolean, got ${show(shuffle)}`);
  const g = resolveGenerator(`${fn}(options.seed)`, options.seed);
  const targets = parts.map((p) => Math.ceil(p.fraction * n - 1e-9));
  const nTrain = n - targets.reduce((a, b) => a + b, 0);
  if (n < parts.length + 1 || nTrain < 1 || targets.some((t) => t < 1)) {
    fail(
      where,
      `cannot split ${n} sample(s) into ${parts.map((p) => p.name).join(', ')} and a non-empty training set`,
    );
  }
  let result: number[][];
  if (options.groups && options.stratify) {
    fail(where, 'options.groups and options.stratify cannot be combined; choose one');
  }
  if (options.groups) {
    const given = Array.isArray(options.groups) ? (options.groups as readonly GroupId[]) : undefined;
    result = byGroups(`${fn}(options.groups)`, groupsOf(where, ds, given), targets, shuffle, g);
  } else if (options.stratify) {
    if (!shuffle) fail(where, 'stratified splitting needs shuffle: true');
    result = stratified(where, labelsOf(`${fn}(options.stratify)`, ds, options.stratify), parts, targets, g);
  } else {
    const order = Array.from({ length: n }, (_, i) => i);
    if (shuffle) g.shuffle(order);
    // Unshuffled, training comes first and the held-out parts are the tail, as in scikit-learn.
    result = [order.slice(0, nTrain)];
    let start = nTrain;
    for (const t of targets) {
      result.push(order.slice(start, start + t));
      start += t;
    }
  }
  if (shuffle) for (const p of result) g.shuffle(p);
  const warnings: DataWarning[] = [];
  if (!options.groups) {
    const groups = groupsOf(where, ds, undefined);
    if (groups.some((id) => id !== undefined)) {
      const w = checkGroupLeakage(
        result[0].map((i) => groups[i]),
        result.slice(1).flatMap((p) => p.map((i) => groups[i])),
        fn,
      );
      if (w) warnings.push(w);
    }
  }
  if (!shuffle) {
    const labels: Label[] = [];
    for (let i = 0; i < n; i++) {
      const y = ds.get(i).y;
      if (typeof y === 'number' || typeof y === 'string') labels.push(y);
    }
    if (labels.length === n) {
      const w = checkValidationTail(labels, (n - nTrain) / n, fn);
      if (w) warnings.push(w);
    }
  }
  return { parts: result, warnings: emit(warnings, options.onWarning) };
}

/**
 * Splits a dataset into training and test parts — shuffled by a seeded generator, optionally stratified
 * by class or kept whole by group. The test part gets ⌈testSize·n⌉ samples. Stratified, each class's
 * test count is within one sample of its exact share (largest remainders, ties broken at random), except
 * that one sample of every class always stays in training. The split is registered
 * with the leakage guard: a {@link Pipeline} then refuses to be fitted on data that includes the test part.
 *
 * @example
 * ```ts
 * const { train, test } = trainTestSplit(loadIris().dataset, { testSize: 0.2, stratify: true, seed: 42 });
 * train.length; // 120 — 40 of each class
 * ```
 */
export function trainTestSplit<R extends DataRecord<unknown, unknown>>(
  data: Dataset<R> | readonly R[],
  options: TrainTestSplitOptions = {},
): TrainTestSplit<R> {
  const ds = asDataset('trainTestSplit(data)', data);
  const testSize = checkFraction('trainTestSplit(options.testSize)', options.testSize ?? 0.25);
  const { parts, warnings } = holdout('trainTestSplit', ds, [{ name: 'test', fraction: testSize }], options);
  const [trainIndices, testIndices] = parts;
  const tag = registerSplit(ds, 'trainTestSplit', testIndices);
  return {
    train: makeView(ds, trainIndices, 'train', tag),
    test: makeView(ds, testIndices, 'test', tag),
    trainIndices,
    testIndices,
    warnings,
  };
}

/**
 * Splits a dataset three ways: training, validation (for choosing models and stopping early) and test
 * (touched once, at the end). Sizes are ⌈validationSize·n⌉ and ⌈testSize·n⌉; the rest trains.
 *
 * @example
 * ```ts
 * const s = trainValTestSplit(loadWine().dataset, { validationSize: 0.2, testSize: 0.2, stratify: true, seed: 1 });
 * [s.train.length, s.validation.length, s.test.length]; // [106, 36, 36]
 * ```
 */
export function trainValTestSplit<R extends DataRecord<unknown, unknown>>(
  data: Dataset<R> | readonly R[],
  options: TrainValTestSplitOptions = {},
): TrainValTestSplit<R> {
  const ds = asDataset('trainValTestSplit(data)', data);
  const validationSize = checkFraction(
    'trainValTestSplit(options.validationSize)',
    options.validationSize ?? 0.15,
  );
  const testSize = checkFraction('trainValTestSplit(options.testSize)', options.testSize ?? 0.15);
  if (validationSize + testSize >= 1) {
    fail(
      'trainValTestSplit(options)',
      `validationSize + testSize must be below 1 to leave training data, got ${validationSize} + ${testSize}`,
    );
  }
  const { parts, warnings } = holdout(
    'trainValTestSplit',
    ds,
    [
      { name: 'test', fraction: testSize },
      { name: 'validation', fraction: validationSize },
    ],
    options,
  );
  const [trainIndices, testIndices, validationIndices] = parts;
  const tag = registerSplit(ds, 'trainValTestSplit', [...validationIndices, ...testIndices]);
  return {
    train: makeView(ds, trainIndices, 'train', tag),
    validation: makeView(ds, validationIndices, 'validation', tag),
    test: makeView(ds, testIndices, 'test', tag),
    trainIndices,
    validationIndices,
    testIndices,
    warnings,
  };
}
