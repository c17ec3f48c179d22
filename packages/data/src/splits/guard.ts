import { type DataRecord, type Dataset, DatasetView } from '../dataset';
import { fail } from '../errors';
import { resolveRoot, splitsOf } from './common';

/** What a fitted object remembers about the data it was fitted on, for the transform-time check. */
export interface FitFootprint {
  readonly root: object;
  readonly indices: ReadonlySet<number>;
}

/**
 * The leakage guard: throws when `data` must not be fitted on — the validation or test part of a split,
 * or any data that includes samples a split of the same dataset holds out (for example the whole dataset
 * after it was split). Returns what the fit saw, for {@link assertNotFittedOn}.
 *
 * @example
 * ```ts
 * const { train, test } = trainTestSplit(data, { seed: 0 });
 * assertNoTestLeakage(train); // fine
 * assertNoTestLeakage(data);  // throws: 25% of these samples are held out by trainTestSplit
 * ```
 */
export function assertNoTestLeakage(
  data: Dataset<DataRecord<unknown, unknown>>,
  where = 'fit(data)',
): FitFootprint {
  if (data instanceof DatasetView && data.role !== undefined && data.role !== 'train') {
    fail(
      where,
      `this is the ${data.role} part of ${data.split!.method}; fitting on it leaks held-out information into ` +
        'training. Fit on the training part (split.train) only',
    );
  }
  const { root, indices } = resolveRoot(data);
  const tags = data instanceof DatasetView && data.split ? [data.split] : splitsOf(data);
  for (const tag of tags) {
    const overlap = indices.filter((i) => tag.heldOut.has(i)).length;
    if (overlap > 0) {
      fail(
        where,
        `${overlap} of these ${indices.length} samples are held out (validation/test) by ${tag.method}; fitting ` +
          'on them leaks held-out information into training. Fit on the training part (split.train) only',
      );
    }
  }
  return { root, indices: new Set(indices) };
}

/**
 * The same guard at transform time: throws when `data` is a validation or test view that shares samples
 * with the data the transform was fitted on (fit-then-split), which the fit-time check cannot see.
 */
export function assertNotFittedOn(
  footprint: FitFootprint | undefined,
  data: Dataset<DataRecord<unknown, unknown>>,
  where: string,
): void {
  if (!footprint || !(data instanceof DatasetView) || (data.role !== 'test' && data.role !== 'validation'))
    return;
  const { root, indices } = resolveRoot(data);
  if (root !== footprint.root) return;
  const overlap = indices.filter((i) => footprint.indices.has(i)).length;
  if (overlap > 0) {
    fail(
      where,
      `${overlap} of these ${indices.length} ${data.role} samples were in the data this was fitted on, so the ` +
        `${data.role} score would be optimistic. Split first, then fit on split.train only`,
    );
  }
}
