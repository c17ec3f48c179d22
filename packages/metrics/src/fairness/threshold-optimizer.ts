import { fail, show } from '../errors';
import { checkLengths, type LabelInput, type NumberInput, toNumbers } from '../input';
import { groupBy, type SensitiveFeatures } from './groups';
import { readScoredGroups } from './scored';

/**
 * The fairness constraint of {@link optimizeGroupThresholds}: equal selection rates (demographic parity)
 * or equal true and false positive rates (equalized odds).
 */
export type ThresholdConstraint = 'demographic_parity' | 'equalized_odds';

/** Options of {@link optimizeGroupThresholds}. */
export interface ThresholdOptimizerOptions {
  yTrue: LabelInput;
  /** Higher means more likely positive; a sample is predicted positive when score ≥ its group's threshold. */
  scores: NumberInput;
  sensitiveFeatures: SensitiveFeatures;
  constraint: ThresholdConstraint;
  /** Largest disparity accepted (max − min selection rate, or max of the TPR and FPR gaps); default 0.02. */
  tolerance?: number;
  /** The single threshold of the "before" report; default 0.5. */
  baselineThreshold?: number;
  /** Candidate thresholds per group (distinct scores, thinned evenly); default 200. */
  maxCandidates?: number;
  /** The positive label of `yTrue`; default 1. */
  posLabel?: number | string | boolean;
}

/** One group at an operating point. */
export interface GroupOperatingPoint {
  readonly threshold: number;
  readonly size: number;
  readonly selectionRate: number;
  readonly truePositiveRate: number;
  readonly falsePositiveRate: number;
  readonly accuracy: number;
}

/** Accuracy and disparity of a set of thresholds. */
export interface OperatingSummary {
  readonly accuracy: number;
  /** The constrained disparity: max − min selection rate, or max(TPR gap, FPR gap). */
  readonly disparity: number;
  readonly demographicParityDifference: number;
  readonly equalizedOddsDifference: number;
  readonly byGroup: Readonly<Record<string, GroupOperatingPoint>>;
}

/** The result of {@link optimizeGroupThresholds}. */
export interface ThresholdOptimizerResult {
  readonly constraint: ThresholdConstraint;
  readonly tolerance: number;
  /** Threshold per group key (`Infinity`: nobody in the group is selected). */
  readonly thresholds: Readonly<Record<string, number>>;
  /** One threshold for everybody (`baselineThreshold`). */
  readonly before: OperatingSummary;
  /** The chosen per-group thresholds. */
  readonly after: OperatingSummary;
  /** Whether `after.disparity ≤ tolerance` (else `after` is the least disparate point found). */
  readonly satisfied: boolean;
  /** Applies the per-group thresholds to new scores (1 = positive, 0 = negative). */
  predict(scores: NumberInput, sensitiveFeatures: SensitiveFeatures): number[];
}

interface Candidate {
  readonly threshold: number;
  readonly tp: number;
  readonly fp: number;
  readonly sel: number;
  readonly tpr: number;
  readonly fpr: number;
  readonly correct: number;
}

function thin(values: readonly number[], max: number): number[] {
  if (values.length <= max) return values.slice();
  return Array.from({ length: max }, (_, i) => values[Math.round((i * (values.length - 1)) / (max - 1))]);
}

/**
 * Post-processing mitigation: one decision threshold per group, chosen to satisfy demographic parity or
 * equalized odds within `tolerance` at the best accuracy, in the spirit of Hardt, Price & Srebro (2016),
 * reporting accuracy and disparity before (one shared threshold) and after.
 *
 * The search is a deterministic grid search, not Hardt et al.'s linear program: each group's candidate
 * thresholds are its distinct scores (and `Infinity`); every candidate of every group is taken in turn as
 * the target operating point, each other group picks its candidate closest to it (selection rate for
 * demographic parity, max(|ΔTPR|, |ΔFPR|) for equalized odds; ties to the more accurate one); of all these
 * combinations (and the shared baseline), the most accurate one within `tolerance` wins, or else the least
 * disparate. Hardt et al. also randomise between two thresholds to hit a rate exactly; without that, with
 * few distinct scores (COMPAS deciles) the constraint may only be met approximately — `satisfied` says.
 */
export function optimizeGroupThresholds(options: ThresholdOptimizerOptions): ThresholdOptimizerResult {
  const fn = 'optimizeGroupThresholds';
  if (options === null || typeof options !== 'object')
    fail(`${fn}(options)`, `expected an object, got ${show(options)}`);
  const constraint = options.constraint;
  if (constraint !== 'demographic_parity' && constraint !== 'equalized_odds') {
    fail(
      `${fn}(options.constraint)`,
      `expected 'demographic_parity' or 'equalized_odds', got ${show(constraint)}`,
    );
  }
  const tolerance = options.tolerance ?? 0.02;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance <= 1)) {
    fail(`${fn}(options.tolerance)`, `expected a number in [0, 1], got ${show(tolerance)}`);
  }
  const baseline = options.baselineThreshold ?? 0.5;
  if (typeof baseline !== 'number' || Number.isNaN(baseline)) {
    fail(`${fn}(options.baselineThreshold)`, `expected a number, got ${show(baseline)}`);
  }
  const maxCandidates = options.maxCandidates ?? 200;
  if (!Number.isInteger(maxCandidates) || maxCandidates < 2) {
    fail(`${fn}(options.maxCandidates)`, `expected an integer ≥ 2, got ${show(maxCandidates)}`);
  }
  const eo = constraint === 'equalized_odds';
  const data = readScoredGroups(
    fn,
    options.yTrue,
    options.scores,
    options.sensitiveFeatures,
    options.posLabel,
    {
      positives: eo,
      negatives: eo,
    },
  );
  const n = data.scores.length;

  const evaluate = (g: (typeof data.groups)[number], threshold: number): Candidate => {
    let tp = 0;
    let fp = 0;
    for (const i of g.indices) {
      if (data.scores[i] >= threshold) {
        if (data.positive[i]) tp++;
        else fp++;
      }
    }
    return {
      threshold,
      tp,
      fp,
      sel: (tp + fp) / g.indices.length,
      // Groups without positives (or negatives) are only allowed under demographic parity, where these
      // rates are reported but never compared.
      tpr: g.positives === 0 ? 0 : tp / g.positives,
      fpr: g.negatives === 0 ? 0 : fp / g.negatives,
      correct: tp + g.negatives - fp,
    };
  };
  const candidates = data.groups.map((g) => {
    const distinct = [...new Set(g.indices.map((i) => data.scores[i]))].sort((a, b) => a - b);
    return [...thin(distinct, maxCandidates), Number.POSITIVE_INFINITY].map((t) => evaluate(g, t));
  });

  const distance = (a: Candidate, b: Candidate) =>
    eo ? Math.max(Math.abs(a.tpr - b.tpr), Math.abs(a.fpr - b.fpr)) : Math.abs(a.sel - b.sel);
  const range = (values: number[]) => Math.max(...values) - Math.min(...values);
  const disparityOf = (combo: Candidate[]) =>
    eo
      ? Math.max(range(combo.map((c) => c.tpr)), range(combo.map((c) => c.fpr)))
      : range(combo.map((c) => c.sel));
  const correctOf = (combo: Candidate[]) => combo.reduce((a, c) => a + c.correct, 0);

  const baselineCombo = data.groups.map((g) => evaluate(g, baseline));
  let best = baselineCombo;
  let bestDisparity = disparityOf(best);
  let bestCorrect = correctOf(best);
  const consider = (combo: Candidate[]) => {
    const d = disparityOf(combo);
    const c = correctOf(combo);
    const ok = d <= tolerance + 1e-12;
    const bestOk = bestDisparity <= tolerance + 1e-12;
    const better = ok
      ? !bestOk || c > bestCorrect || (c === bestCorrect && d < bestDisparity)
      : !bestOk && (d < bestDisparity || (d === bestDisparity && c > bestCorrect));
    if (better) {
      best = combo;
      bestDisparity = d;
      bestCorrect = c;
    }
  };
  candidates.forEach((own, g) => {
    for (const target of own) {
      consider(
        candidates.map((theirs, h) => {
          if (h === g) return target;
          let pick = theirs[0];
          for (const c of theirs) {
            const dc = distance(c, target);
            const dp = distance(pick, target);
            if (dc < dp || (dc === dp && c.correct > pick.correct)) pick = c;
          }
          return pick;
        }),
      );
    }
  });

  const summary = (combo: Candidate[]): OperatingSummary => ({
    accuracy: correctOf(combo) / n,
    disparity: disparityOf(combo),
    demographicParityDifference: range(combo.map((c) => c.sel)),
    equalizedOddsDifference: Math.max(range(combo.map((c) => c.tpr)), range(combo.map((c) => c.fpr))),
    byGroup: Object.fromEntries(
      combo.map((c, g) => [
        data.groups[g].key,
        {
          threshold: c.threshold,
          size: data.groups[g].indices.length,
          selectionRate: c.sel,
          truePositiveRate: c.tpr,
          falsePositiveRate: c.fpr,
          accuracy: c.correct / data.groups[g].indices.length,
        },
      ]),
    ),
  });
  const thresholds: Record<string, number> = Object.fromEntries(
    best.map((c, g) => [data.groups[g].key, c.threshold]),
  );
  return {
    constraint,
    tolerance,
    thresholds,
    before: summary(baselineCombo),
    after: summary(best),
    satisfied: bestDisparity <= tolerance + 1e-12,
    predict(scores, sensitiveFeatures) {
      const s = toNumbers(scores, 'ThresholdOptimizerResult.predict', 'scores');
      const grouping = groupBy('ThresholdOptimizerResult.predict', sensitiveFeatures, s.length);
      checkLengths(
        'ThresholdOptimizerResult.predict',
        ['scores', s.length],
        ['sensitiveFeatures', grouping.n],
      );
      const out = new Array<number>(s.length).fill(0);
      for (const g of grouping.groups) {
        if (g.indices.length === 0) continue;
        const t = thresholds[g.key];
        if (t === undefined) {
          fail(
            'ThresholdOptimizerResult.predict(sensitiveFeatures)',
            `expected groups seen in fitting ${show(Object.keys(thresholds))}, got ${show(g.key)}`,
          );
        }
        for (const i of g.indices) out[i] = s[i] >= t ? 1 : 0;
      }
      return out;
    },
  };
}
