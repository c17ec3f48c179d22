import { fail, show } from '../errors';

/** The inputs of {@link impliedFalsePositiveRate}. */
export interface ImpossibilityInputs {
  /** Prevalence p of the positive label in the group, in (0, 1). */
  baseRate: number;
  /** Positive predictive value, in (0, 1]. */
  ppv: number;
  /** False negative rate, in [0, 1]. */
  fnr: number;
}

function check(
  name: keyof ImpossibilityInputs,
  v: unknown,
  lo: number,
  hi: number,
  loOpen: boolean,
  hiOpen: boolean,
) {
  const ok = typeof v === 'number' && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
  if (!ok) {
    const range = `${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}`;
    fail(`impliedFalsePositiveRate(inputs.${name})`, `expected a number in ${range}, got ${show(v)}`);
  }
}

/**
 * The false positive rate forced by a group's base rate, PPV and FNR (Chouldechova 2017):
 *
 *   FPR = p / (1 − p) · (1 − PPV) / PPV · (1 − FNR)
 *
 * It follows from the confusion matrix alone (TP = (1 − FNR)·P, FP = TP·(1 − PPV)/PPV, FPR = FP/N), so it
 * holds for every classifier. Hence the impossibility result: if two groups have different base rates p,
 * a classifier with equal PPV (predictive parity) and equal FNR in both must have unequal FPR — the ratio
 * of their FPRs is the ratio of their odds p/(1 − p). COMPAS was attacked (ProPublica) for unequal FPR/FNR
 * and defended (Northpointe) for equal PPV; with unequal base rates both cannot hold.
 *
 * @example
 * ```ts
 * impliedFalsePositiveRate({ baseRate: 0.5, ppv: 0.6, fnr: 0.3 }); // 1 · (0.4/0.6) · 0.7 ≈ 0.467
 * impliedFalsePositiveRate({ baseRate: 0.4, ppv: 0.6, fnr: 0.3 }); // (2/3) · (0.4/0.6) · 0.7 ≈ 0.311
 * ```
 */
export function impliedFalsePositiveRate(inputs: ImpossibilityInputs): number {
  if (inputs === null || typeof inputs !== 'object') {
    fail('impliedFalsePositiveRate(inputs)', `expected { baseRate, ppv, fnr }, got ${show(inputs)}`);
  }
  const { baseRate: p, ppv, fnr } = inputs;
  check('baseRate', p, 0, 1, true, true);
  check('ppv', ppv, 0, 1, true, false);
  check('fnr', fnr, 0, 1, false, false);
  return (p / (1 - p)) * ((1 - ppv) / ppv) * (1 - fnr);
}
