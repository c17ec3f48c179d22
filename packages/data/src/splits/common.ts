import type { Generator } from '@plasticity/core';
import { type DataRecord, type Dataset, DatasetView, type SplitRole, type SplitTag } from '../dataset';
import { fail, show } from '../errors';

/** A class label as splits see it. */
export type Label = string | number;
/** A group id. */
export type GroupId = string | number;

const registry = new WeakMap<object, SplitTag[]>();
let nextSplitId = 1;

/** @internal The root dataset of `data` and `data`'s indices in it. */
export function resolveRoot(data: Dataset<DataRecord<unknown, unknown>>): {
  root: Dataset<DataRecord<unknown, unknown>>;
  indices: number[];
} {
  if (data instanceof DatasetView) return { root: data.root, indices: data.rootIndices() };
  return { root: data, indices: Array.from({ length: data.length }, (_, i) => i) };
}

/**
 * Records that `heldOut` (indices into `data`) are held out by a split of `data`, so that the leakage
 * guard can refuse to fit on them later. Returns the split's tag for its views.
 * @internal
 */
export function registerSplit(
  data: Dataset<DataRecord<unknown, unknown>>,
  method: string,
  heldOut: readonly number[],
): SplitTag {
  const { root, indices } = resolveRoot(data);
  const tag: SplitTag = { id: nextSplitId++, method, heldOut: new Set(heldOut.map((i) => indices[i])) };
  const tags = registry.get(root) ?? [];
  tags.push(tag);
  registry.set(root, tags);
  return tag;
}

/** @internal Every split registered on the root of `data`. */
export function splitsOf(data: Dataset<DataRecord<unknown, unknown>>): readonly SplitTag[] {
  return registry.get(resolveRoot(data).root) ?? [];
}

/** @internal */
export function makeView<R extends DataRecord<unknown, unknown>>(
  data: Dataset<R>,
  indices: readonly number[],
  role: SplitRole,
  tag: SplitTag,
): DatasetView<R> {
  return new DatasetView(data, indices, { role, tag });
}

/** @internal Labels for stratification: from the records' `y`, or given explicitly. */
export function labelsOf(
  where: string,
  data: Dataset<DataRecord<unknown, unknown>>,
  given: boolean | readonly Label[] | undefined,
): Label[] {
  if (Array.isArray(given)) {
    if (given.length !== data.length)
      fail(where, `expected ${data.length} labels (one per sample), got ${given.length}`);
    given.forEach((l, i) => {
      if (typeof l !== 'string' && typeof l !== 'number')
        fail(where, `label ${i}: expected a number or string, got ${show(l)}`);
    });
    return [...given];
  }
  const labels: Label[] = [];
  for (let i = 0; i < data.length; i++) {
    const y = data.get(i).y;
    if (typeof y !== 'string' && typeof y !== 'number') {
      fail(where, `stratifying needs a class label in each record's y, record ${i} has ${show(y)}`);
    }
    labels.push(y);
  }
  return labels;
}

/** @internal The records' group ids (undefined where absent), or the given ones. */
export function groupsOf(
  where: string,
  data: Dataset<DataRecord<unknown, unknown>>,
  given: readonly GroupId[] | undefined,
): (GroupId | undefined)[] {
  if (given !== undefined) {
    if (!Array.isArray(given)) fail(where, `expected an array of group ids, got ${show(given)}`);
    if (given.length !== data.length)
      fail(where, `expected ${data.length} group ids (one per sample), got ${given.length}`);
    return [...given];
  }
  const out: (GroupId | undefined)[] = [];
  for (let i = 0; i < data.length; i++) out.push(data.get(i).group);
  return out;
}

/** @internal Indices of each class, in order of first appearance. */
export function byClass(labels: readonly Label[]): Map<Label, number[]> {
  const out = new Map<Label, number[]>();
  labels.forEach((l, i) => {
    const list = out.get(l);
    if (list) list.push(i);
    else out.set(l, [i]);
  });
  return out;
}

/**
 * Largest-remainder apportionment: integer counts, each the floor or the ceiling of `exact[i]` (capped at
 * `caps[i]`), that sum to `total`. Ties between equal remainders are broken by the generator, not by
 * position, so no class is systematically favoured.
 * @internal
 */
export function apportion(
  where: string,
  exact: readonly number[],
  total: number,
  caps: readonly number[],
  g: Generator,
): number[] {
  const counts = exact.map((e, i) => Math.min(Math.floor(e + 1e-9), caps[i]));
  let remaining = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, rem: e - Math.floor(e + 1e-9), tie: g.uniform() }))
    .sort((a, b) => b.rem - a.rem || a.tie - b.tie);
  for (const { i, rem } of order) {
    if (remaining <= 0) break;
    if (rem > 1e-9 && counts[i] < caps[i]) {
      counts[i]++;
      remaining--;
    }
  }
  // Only caps can leave samples over; put them where there is room, largest shortfall first.
  for (const { i } of order) {
    while (remaining > 0 && counts[i] < caps[i]) {
      counts[i]++;
      remaining--;
    }
  }
  if (remaining !== 0)
    fail(where, 'the classes are too small for these split sizes; use larger fractions or fewer parts');
  return counts;
}

/** @internal Checks a fraction option in (0, 1). */
export function checkFraction(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 1) {
    fail(where, `expected a number in (0, 1), got ${show(value)}`);
  }
  return value;
}

/** @internal Fails when a class has fewer than `min` samples. */
export function checkClassSizes(
  where: string,
  classes: Map<Label, number[]>,
  min: number,
  why: string,
): void {
  for (const [label, members] of classes) {
    if (members.length < min) {
      fail(
        where,
        `class ${JSON.stringify(label)} has only ${members.length} sample${members.length === 1 ? '' : 's'}, ` +
          `too few to stratify: ${why} needs at least ${min} per class`,
      );
    }
  }
}
