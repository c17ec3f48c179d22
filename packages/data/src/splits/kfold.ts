import { asDataset, type DataRecord, type Dataset, type DatasetView } from '../dataset';
import { checkInteger, fail, show } from '../errors';
import { resolveGenerator, type SeedLike } from '../random';
import {
  byClass,
  checkClassSizes,
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

/** One fold of a cross-validation: index sets into the input and dataset views. */
export interface Fold<R extends DataRecord<unknown, unknown>> {
  /** 0-based fold number. */
  readonly fold: number;
  readonly train: DatasetView<R>;
  readonly test: DatasetView<R>;
  readonly trainIndices: readonly number[];
  readonly testIndices: readonly number[];
}

/** The folds of a cross-validation and any leakage warnings about them. */
export interface CrossValidation<R extends DataRecord<unknown, unknown>> extends ReadonlyArray<Fold<R>> {
  readonly warnings: readonly DataWarning[];
}

/** Options of {@link kFold} and {@link stratifiedKFold}. */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  k?: number;
  /** Shuffle before cutting folds (default true). Unshuffled, fold i is the i-th contiguous block. */
  shuffle?: boolean;
  seed?: SeedLike;
  onWarning?: WarningHandler;
}

/** Options of {@link stratifiedKFold}. */
export interface StratifiedKFoldOptions extends KFoldOptions {
  /** One label per sample; default each record's `y`. */
  labels?: readonly Label[];
}

/** Options of {@link groupKFold}. */
export interface GroupKFoldOptions {
  k?: number;
  /** One group id per sample; default each record's `group`. */
  groups?: readonly GroupId[];
  /** Break ties between equally large groups at random (default false: by first appearance). */
  shuffle?: boolean;
  seed?: SeedLike;
}

/** Options of {@link timeSeriesSplit}. */
export interface TimeSeriesSplitOptions {
  /** Number of splits, at least 1 (default 5). */
  nSplits?: number;
  /** Samples in each test window; default ⌊n / (nSplits + 1)⌋. */
  testSize?: number;
  /** Samples skipped between the end of training and the start of the test window (default 0). */
  gap?: number;
  /** Keep only the most recent `maxTrainSize` training samples. */
  maxTrainSize?: number;
}

function build<R extends DataRecord<unknown, unknown>>(
  ds: Dataset<R>,
  method: string,
  tests: number[][],
  trains: number[][],
  warnings: DataWarning[],
): CrossValidation<R> {
  const folds = tests.map((testIndices, fold) => {
    const tag = registerSplit(ds, `${method} (fold ${fold + 1} of ${tests.length})`, testIndices);
    const trainIndices = trains[fold];
    return {
      fold,
      train: makeView(ds, trainIndices, 'train', tag),
      test: makeView(ds, testIndices, 'test', tag),
      trainIndices,
      testIndices,
    };
  });
  return Object.assign(folds, { warnings });
}

function complement(n: number, test: readonly number[]): number[] {
  const inTest = new Uint8Array(n);
  for (const i of test) inTest[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!inTest[i]) out.push(i);
  return out;
}

function checkK(where: string, k: unknown, n: number): number {
  const kk = checkInteger(`${where}(options.k)`, k ?? 5, 2);
  if (kk > n) fail(`${where}(options.k)`, `expected at most ${n} folds for ${n} samples, got ${kk}`);
  return kk;
}

function leakageWarnings(
  where: string,
  ds: Dataset<DataRecord<unknown, unknown>>,
  tests: number[][],
  shuffle: boolean,
): DataWarning[] {
  const out: DataWarning[] = [];
  const groups = groupsOf(where, ds, undefined);
  if (groups.some((g) => g !== undefined)) {
    const leaked = new Set<GroupId>();
    for (const test of tests) {
      const w = checkGroupLeakage(
        complement(ds.length, test).map((i) => groups[i]),
        test.map((i) => groups[i]),
        where,
      );
      for (const g of w?.groups ?? []) leaked.add(g);
    }
    if (leaked.size > 0) {
      const w = checkGroupLeakage([...leaked], [...leaked], `${where} (over all folds)`, 'Use groupKFold.');
      if (w) out.push(w);
    }
  }
  if (!shuffle) {
    const labels: Label[] = [];
    for (let i = 0; i < ds.length; i++) {
      const y = ds.get(i).y;
      if (typeof y === 'number' || typeof y === 'string') labels.push(y);
    }
    const w =
      labels.length === ds.length
        ? checkValidationTail(labels, tests[tests.length - 1].length / ds.length, where)
        : null;
    if (w) out.push(w);
  }
  return out;
}

/**
 * k-fold cross-validation: the samples are cut into k folds (the first n mod k folds one larger), and each
 * fold is the test set once while the others train. The test folds partition the indices.
 *
 * @example
 * ```ts
 * for (const { train, test } of kFold(data, { k: 5, seed: 0 })) { ... }
 * ```
 */
export function kFold<R extends DataRecord<unknown, unknown>>(
  data: Dataset<R> | readonly R[],
  options: KFoldOptions = {},
): CrossValidation<R> {
  const ds = asDataset('kFold(data)', data);
  const n = ds.length;
  const k = checkK('kFold', options.k, n);
  const shuffle = options.shuffle ?? true;
  const order = Array.from({ length: n }, (_, i) => i);
  if (shuffle) resolveGenerator('kFold(options.seed)', options.seed).shuffle(order);
  const tests: number[][] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    tests.push(order.slice(start, start + size).sort((a, b) => a - b));
    start += size;
  }
  const warnings = emit(leakageWarnings('kFold', ds, tests, shuffle), options.onWarning);
  return build(
    ds,
    'kFold',
    tests,
    tests.map((t) => complement(n, t)),
    warnings,
  );
}

/**
 * Stratified k-fold: every fold holds each class in proportion — class c contributes ⌊n_c/k⌋ or ⌈n_c/k⌉
 * samples to each fold — and fold sizes differ by at most one. Every class needs at least k samples.
 */
export function stratifiedKFold<R extends DataRecord<unknown, unknown>>(
  data: Dataset<R> | readonly R[],
  options: StratifiedKFoldOptions = {},
): CrossValidation<R> {
  const ds = asDataset('stratifiedKFold(data)', data);
  const n = ds.length;
  const k = checkK('stratifiedKFold', options.k, n);
  const labels = labelsOf('stratifiedKFold(options.labels)', ds, options.labels ?? true);
  const classes = byClass(labels);
  checkClassSizes('stratifiedKFold(data, options)', classes, k, `${k}-fold stratification`);
  const shuffle = options.shuffle ?? true;
  const g = shuffle ? resolveGenerator('stratifiedKFold(options.seed)', options.seed) : undefined;
  // Deal the class-sorted samples round-robin: each class spreads evenly and fold sizes stay within one.
  const sorted = [...classes.values()].flatMap((members) => (g ? g.shuffle([...members]) : members));
  const tests: number[][] = Array.from({ length: k }, () => []);
  sorted.forEach((index, j) => {
    tests[j % k].push(index);
  });
  for (const t of tests) t.sort((a, b) => a - b);
  const warnings = emit(leakageWarnings('stratifiedKFold', ds, tests, true), options.onWarning);
  return build(
    ds,
    'stratifiedKFold',
    tests,
    tests.map((t) => complement(n, t)),
    warnings,
  );
}

/**
 * Group k-fold: each group (patient, writer, session…) lands in exactly one test fold, so no fold is ever
 * tested on a group it trained on. Groups go, largest first, to the fold with the fewest samples so far.
 */
export function groupKFold<R extends DataRecord<unknown, unknown>>(
  data: Dataset<R> | readonly R[],
  options: GroupKFoldOptions = {},
): CrossValidation<R> {
  const ds = asDataset('groupKFold(data)', data);
  const n = ds.length;
  const groups = groupsOf('groupKFold(options.groups)', ds, options.groups);
  const members = new Map<GroupId, number[]>();
  groups.forEach((id, i) => {
    if (id === undefined)
      fail('groupKFold(data)', `record ${i} has no group id; set record.group or options.groups`);
    const list = members.get(id);
    if (list) list.push(i);
    else members.set(id, [i]);
  });
  const k = checkInteger('groupKFold(options.k)', options.k ?? 5, 2);
  if (k > members.size)
    fail(
      'groupKFold(options.k)',
      `expected at most ${members.size} folds for ${members.size} groups, got ${k}`,
    );
  const ids = [...members.keys()];
  if (options.shuffle) resolveGenerator('groupKFold(options.seed)', options.seed).shuffle(ids);
  // A stable sort keeps the (possibly shuffled) order between equally large groups.
  ids.sort((a, b) => members.get(b)!.length - members.get(a)!.length);
  const tests: number[][] = Array.from({ length: k }, () => []);
  for (const id of ids) {
    let lightest = 0;
    for (let f = 1; f < k; f++) if (tests[f].length < tests[lightest].length) lightest = f;
    tests[lightest].push(...members.get(id)!);
  }
  for (const t of tests) t.sort((a, b) => a - b);
  return build(
    ds,
    'groupKFold',
    tests,
    tests.map((t) => complement(n, t)),
    [],
  );
}

/**
 * Time-series cross-validation (scikit-learn's `TimeSeriesSplit`): the test windows are consecutive blocks
 * at the end of the data, and each fold trains only on samples before its window (minus `gap`), so the
 * model never sees the future. Records must be in time order.
 */
export function timeSeriesSplit<R extends DataRecord<unknown, unknown>>(
  data: Dataset<R> | readonly R[],
  options: TimeSeriesSplitOptions = {},
): CrossValidation<R> {
  const ds = asDataset('timeSeriesSplit(data)', data);
  const n = ds.length;
  const nSplits = checkInteger('timeSeriesSplit(options.nSplits)', options.nSplits ?? 5, 1);
  const gap = checkInteger('timeSeriesSplit(options.gap)', options.gap ?? 0, 0);
  const testSize = checkInteger(
    'timeSeriesSplit(options.testSize)',
    options.testSize ?? Math.floor(n / (nSplits + 1)),
    1,
  );
  const maxTrain =
    options.maxTrainSize === undefined
      ? undefined
      : checkInteger('timeSeriesSplit(options.maxTrainSize)', options.maxTrainSize, 1);
  if (n - gap - testSize * nSplits <= 0) {
    fail(
      'timeSeriesSplit(data, options)',
      `${n} samples cannot hold ${nSplits} test windows of ${testSize} after a gap of ${gap} and leave training data`,
    );
  }
  const tests: number[][] = [];
  const trains: number[][] = [];
  for (let s = 0; s < nSplits; s++) {
    const start = n - (nSplits - s) * testSize;
    const end = start - gap;
    const from = maxTrain === undefined ? 0 : Math.max(0, end - maxTrain);
    trains.push(Array.from({ length: end - from }, (_, i) => from + i));
    tests.push(Array.from({ length: testSize }, (_, i) => start + i));
  }
  return build(ds, 'timeSeriesSplit', tests, trains, []);
}

/**
 * The tfjs `validationSplit` behaviour, made visible: the last `fraction` of the samples, unshuffled,
 * become the validation set. Warns (see {@link checkValidationTail}) when the labels make that tail
 * unrepresentative, e.g. data sorted by class.
 */
export function validationTail<R extends DataRecord<unknown, unknown>>(
  data: Dataset<R> | readonly R[],
  fraction: number,
  options: { onWarning?: WarningHandler } = {},
): { train: DatasetView<R>; validation: DatasetView<R>; warnings: readonly DataWarning[] } {
  const ds = asDataset('validationTail(data)', data);
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    fail('validationTail(fraction)', `expected a number in (0, 1), got ${show(fraction)}`);
  }
  const n = ds.length;
  const splitAt = Math.floor(n * (1 - fraction));
  if (splitAt < 1 || splitAt >= n)
    fail('validationTail(data, fraction)', `${n} samples leave an empty part at fraction ${fraction}`);
  const validationIndices = Array.from({ length: n - splitAt }, (_, i) => splitAt + i);
  const tag = registerSplit(ds, 'validationTail', validationIndices);
  const labels: Label[] = [];
  for (let i = 0; i < n; i++) {
    const y = ds.get(i).y;
    if (typeof y === 'number' || typeof y === 'string') labels.push(y);
  }
  const w = labels.length === n ? checkValidationTail(labels, fraction, 'validationTail') : null;
  return {
    train: makeView(
      ds,
      Array.from({ length: splitAt }, (_, i) => i),
      'train',
      tag,
    ),
    validation: makeView(ds, validationIndices, 'validation', tag),
    warnings: emit(w ? [w] : [], options.onWarning),
  };
}
