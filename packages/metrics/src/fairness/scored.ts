import { resolvePosLabel } from '../classification/confusion';
import { MetricUndefinedError } from '../errors';
import {
  checkLengths,
  type LabelInput,
  type NumberInput,
  resolveClasses,
  toLabels,
  toNumbers,
} from '../input';
import { type Grouping, groupBy, type SensitiveFeatures } from './groups';

/** Binary labels and scores split by group, for threshold sweeps and post-processing. */
export interface ScoredGroups {
  readonly grouping: Grouping;
  readonly positive: boolean[];
  readonly scores: number[];
  /** Non-empty groups only, with their counts of positive and negative labels. */
  readonly groups: { key: string; indices: number[]; positives: number; negatives: number }[];
}

export function readScoredGroups(
  fn: string,
  yTrue: LabelInput,
  scores: NumberInput,
  sensitiveFeatures: SensitiveFeatures,
  posLabel: number | string | boolean | undefined,
  need: { positives: boolean; negatives: boolean },
): ScoredGroups {
  const t = toLabels(yTrue, fn, 'options.yTrue');
  const s = toNumbers(scores, fn, 'options.scores');
  checkLengths(fn, ['options.yTrue', t.length], ['options.scores', s.length]);
  const pos = resolvePosLabel(fn, resolveClasses(fn, undefined, ['options.yTrue', t]), posLabel);
  const positive = t.map((l) => l === pos);
  const grouping = groupBy(fn, sensitiveFeatures, t.length);
  const groups = grouping.groups
    .filter((g) => g.indices.length > 0)
    .map((g) => {
      const positives = g.indices.filter((i) => positive[i]).length;
      const negatives = g.indices.length - positives;
      if (need.positives && positives === 0) {
        throw new MetricUndefinedError(
          'truePositiveRate',
          `it has no positive labels (0 of ${g.indices.length})`,
          g.key,
        );
      }
      if (need.negatives && negatives === 0) {
        throw new MetricUndefinedError(
          'falsePositiveRate',
          `it has no negative labels (all ${g.indices.length} are positive)`,
          g.key,
        );
      }
      return { key: g.key, indices: g.indices, positives, negatives };
    });
  return { grouping, positive, scores: s, groups };
}
