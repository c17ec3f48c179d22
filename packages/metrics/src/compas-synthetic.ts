import { Generator } from '@plasticity/core';

/**
 * The table of the course slide (ProPublica, "Machine Bias", 2016), which {@link compasSynthetic}
 * reproduces to one decimal: among defendants who did not re-offend, the share labelled higher risk
 * (false positive rate), and among those who did, the share labelled lower risk (false negative rate).
 */
export const COMPAS_SLIDE_TABLE = {
  'African-American': { falsePositiveRate: 0.449, falseNegativeRate: 0.28 },
  Caucasian: { falsePositiveRate: 0.235, falseNegativeRate: 0.477 },
} as const;

/** One cell of the construction: how many defendants of a race have each outcome and risk label. */
export interface CompasCell {
  readonly race: 'African-American' | 'Caucasian';
  /** 1 if re-arrested within two years. */
  readonly twoYearRecid: 0 | 1;
  /** 1 if labelled higher risk (decile score ≥ 5). */
  readonly highRisk: 0 | 1;
  readonly count: number;
}

/**
 * The counts the synthetic dataset is built from (6,200 defendants). Chosen, not copied: group sizes and
 * base rates near those of ProPublica's two-year file (51 % and 39 % re-offend), and confusion counts
 * picked so the slide's rates come out to one decimal:
 *
 * | race             | did not re-offend | of whom high risk | re-offended | of whom low risk |
 * | ---------------- | ----------------: | ----------------: | ----------: | ---------------: |
 * | African-American |              1800 |  808 (FPR 44.9 %) |        1900 |  532 (FNR 28.0 %) |
 * | Caucasian        |              1520 |  357 (FPR 23.5 %) |         980 |  467 (FNR 47.7 %) |
 */
export const COMPAS_SYNTHETIC_CELLS: readonly CompasCell[] = [
  { race: 'African-American', twoYearRecid: 0, highRisk: 0, count: 992 },
  { race: 'African-American', twoYearRecid: 0, highRisk: 1, count: 808 },
  { race: 'African-American', twoYearRecid: 1, highRisk: 0, count: 532 },
  { race: 'African-American', twoYearRecid: 1, highRisk: 1, count: 1368 },
  { race: 'Caucasian', twoYearRecid: 0, highRisk: 0, count: 1163 },
  { race: 'Caucasian', twoYearRecid: 0, highRisk: 1, count: 357 },
  { race: 'Caucasian', twoYearRecid: 1, highRisk: 0, count: 467 },
  { race: 'Caucasian', twoYearRecid: 1, highRisk: 1, count: 513 },
];

/**
 * Relative frequency of the deciles inside a cell. Low-risk cells use deciles 1–4, high-risk ones 5–10;
 * within each, defendants who re-offend lean gently to the higher deciles and those who do not to the
 * lower ones. The slopes are mild enough that in both groups the share re-offending rises with the decile
 * and crosses one half between deciles 4 and 5, so the score ranks risk and the cut at 5 is the most
 * accurate single threshold (as for the real score) — any fairness fix then costs some accuracy.
 */
const DECILE_PROFILE: Record<string, readonly number[]> = {
  'low,0': [36, 32, 28, 24],
  'low,1': [24, 28, 32, 36],
  'high,0': [115, 109, 103, 97, 91, 85],
  'high,1': [85, 91, 97, 103, 109, 115],
};

/** Share of women among defendants who did not / did re-offend (women re-offend less). */
const FEMALE_SHARE = [0.24, 0.16] as const;

/** Splits `count` into integers proportional to `weights` (largest remainder, ties to the lower index). */
function apportion(count: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (count * w) / total);
  const out = exact.map(Math.floor);
  let left = count - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]++;
  }
  return out;
}

/** The synthetic COMPAS-like dataset; every array has one entry per defendant. */
export interface CompasSyntheticDataset {
  /** Always true: this is NOT ProPublica's data (which carries no licence) but a construction. */
  readonly SYNTHETIC: true;
  readonly description: string;
  readonly n: number;
  /** `'African-American'` or `'Caucasian'` (the values of ProPublica's `race` column). */
  readonly race: string[];
  /** `'Male'` or `'Female'`. */
  readonly sex: string[];
  /** COMPAS-style decile score, 1 (lowest risk) to 10. */
  readonly decileScore: number[];
  /** 1 if labelled higher risk, i.e. `decileScore >= 5` (ProPublica's "medium or high"). */
  readonly highRisk: number[];
  /** 1 if re-arrested within two years (the label). */
  readonly twoYearRecid: number[];
}

/**
 * A clearly SYNTHETIC risk-score dataset built by counts (see {@link COMPAS_SYNTHETIC_CELLS}) so that
 * thresholding its decile score at 5 reproduces the COMPAS table of the course slide exactly: FPR 44.9 %
 * (African-American) vs 23.5 % (Caucasian), FNR 28.0 % vs 47.7 %, with base rates 51.4 % vs 39.2 %.
 * Deterministic: the same 6,200 rows, shuffled by a fixed seed, on every call.
 *
 * @example
 * ```ts
 * const d = compasSynthetic();
 * falsePositiveRate(
 *   d.twoYearRecid.filter((_, i) => d.race[i] === 'Caucasian'),
 *   d.highRisk.filter((_, i) => d.race[i] === 'Caucasian'),
 * ); // 357 / 1520 ≈ 0.235
 * ```
 */
export function compasSynthetic(): CompasSyntheticDataset {
  const rows: { race: string; sex: string; decile: number; recid: number }[] = [];
  for (const cell of COMPAS_SYNTHETIC_CELLS) {
    const profile = DECILE_PROFILE[`${cell.highRisk ? 'high' : 'low'},${cell.twoYearRecid}`];
    const firstDecile = cell.highRisk ? 5 : 1;
    const perDecile = apportion(cell.count, profile);
    const femaleShare = FEMALE_SHARE[cell.twoYearRecid];
    let i = 0;
    perDecile.forEach((k, d) => {
      for (let j = 0; j < k; j++, i++) {
        // Spread women evenly through the cell (a Bresenham step), so every decile gets its share.
        const female = Math.floor((i + 1) * femaleShare) > Math.floor(i * femaleShare);
        rows.push({
          race: cell.race,
          sex: female ? 'Female' : 'Male',
          decile: firstDecile + d,
          recid: cell.twoYearRecid,
        });
      }
    });
  }
  new Generator(2016).shuffle(rows);
  return {
    SYNTHETIC: true,
    description:
      'SYNTHETIC data constructed by counts to reproduce the COMPAS error-rate table of ProPublica (2016); ' +
      'not real defendants and not derived row by row from any real file.',
    n: rows.length,
    race: rows.map((r) => r.race),
    sex: rows.map((r) => r.sex),
    decileScore: rows.map((r) => r.decile),
    highRisk: rows.map((r) => (r.decile >= 5 ? 1 : 0)),
    twoYearRecid: rows.map((r) => r.recid),
  };
}
