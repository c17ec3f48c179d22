/** What a leakage check found. */
export type DataWarningCode = 'group-leakage' | 'sorted-validation-tail';

/** A problem with a split that does not stop the code but would make its evaluation untrustworthy. */
export interface DataWarning {
  readonly code: DataWarningCode;
  readonly message: string;
  /** The groups found on both sides (group-leakage). */
  readonly groups?: readonly (string | number)[];
  /** The classes missing from one side (sorted-validation-tail). */
  readonly classes?: readonly (string | number)[];
}

/** Receives warnings; the default prints them with `console.warn`. */
export type WarningHandler = (warning: DataWarning) => void;

/** @internal */
export function emit(warnings: DataWarning[], handler: WarningHandler | undefined): DataWarning[] {
  for (const w of warnings) {
    if (handler) handler(w);
    else console.warn(`@plasticity/data: ${w.message}`);
  }
  return warnings;
}

function list(values: readonly unknown[], max = 5): string {
  const shown = values.slice(0, max).map((v) => JSON.stringify(v));
  return values.length > max ? `${shown.join(', ')} and ${values.length - max} more` : shown.join(', ');
}

/**
 * Groups (patients, writers, sessions…) found on both sides of a split: the model is then tested on
 * groups it has already seen, and the score is optimistic. Returns null when no group leaks.
 *
 * @example
 * ```ts
 * checkGroupLeakage(['a', 'a', 'b'], ['a', 'c'], 'trainTestSplit'); // warns: group "a" is on both sides
 * ```
 */
export function checkGroupLeakage(
  trainGroups: readonly (string | number | undefined)[],
  testGroups: readonly (string | number | undefined)[],
  where = 'split',
  advice = 'Split by group instead (groupKFold, or trainTestSplit with { groups: true }).',
): DataWarning | null {
  const train = new Set(trainGroups.filter((g) => g !== undefined));
  const both = [...new Set(testGroups.filter((g): g is string | number => g !== undefined && train.has(g)))];
  if (both.length === 0) return null;
  return {
    code: 'group-leakage',
    groups: both,
    message:
      `${where}: ${both.length} group${both.length === 1 ? '' : 's'} (${list(both)}) ` +
      `appear${both.length === 1 ? 's' : ''} in both training and held-out data, so the evaluation sees ` +
      `groups the model was trained on. ${advice}`,
  };
}

/**
 * Checks the tfjs `validationSplit` pitfall: taking the last `fraction` of the samples, unshuffled, as
 * validation data. If the data are sorted by class, the tail holds one class and the head lacks it.
 * Warns when the labels are sorted, or when a class is missing from either side although the tail is big
 * enough to hold it. Returns null when the tail looks representative.
 */
export function checkValidationTail(
  labels: readonly (string | number)[],
  fraction: number,
  where = 'validationSplit',
): DataWarning | null {
  const n = labels.length;
  const splitAt = Math.floor(n * (1 - fraction));
  const head = new Set(labels.slice(0, splitAt));
  const tail = new Set(labels.slice(splitAt));
  const counts = new Map<string | number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  if (counts.size < 2 || splitAt === 0 || splitAt === n) return null;
  const missingFromTail = [...counts].filter(([c, k]) => k * fraction >= 1 && !tail.has(c)).map(([c]) => c);
  const missingFromHead = [...counts.keys()].filter((c) => !head.has(c));
  const ascending = labels.every((l, i) => i === 0 || labels[i - 1] <= l);
  const descending = labels.every((l, i) => i === 0 || labels[i - 1] >= l);
  if (missingFromTail.length === 0 && missingFromHead.length === 0 && !ascending && !descending) return null;
  const parts: string[] = [];
  if (ascending || descending) parts.push('the labels are sorted by class');
  if (missingFromTail.length)
    parts.push(`the held-out tail has no samples of class ${list(missingFromTail)}`);
  if (missingFromHead.length) parts.push(`training never sees class ${list(missingFromHead)}`);
  return {
    code: 'sorted-validation-tail',
    classes: [...new Set([...missingFromTail, ...missingFromHead])],
    message:
      `${where}: the last ${Math.round(fraction * 100)}% of the samples are held out without shuffling, and ` +
      `${parts.join('; ')}. Shuffle before splitting (trainTestSplit shuffles by default).`,
  };
}
