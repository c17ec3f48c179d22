import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPAS_SLIDE_TABLE, COMPAS_SYNTHETIC_CELLS, compasSynthetic } from './compas-synthetic';
import { rocAuc } from './curves';
import { groupRates, predictiveParity } from './fairness/disparity';
import { impliedFalsePositiveRate } from './fairness/impossibility';
import { thresholdSweep } from './fairness/sweep';

const d = compasSynthetic();
const table = groupRates({ yTrue: d.twoYearRecid, yPred: d.highRisk, sensitiveFeatures: { race: d.race } });
const oneDecimal = (x: number) => Math.round(x * 1000) / 10;

describe('the synthetic COMPAS-like dataset', () => {
  it('is labelled SYNTHETIC and deterministic', () => {
    expect(d.SYNTHETIC).toBe(true);
    expect(d.description).toMatch(/^SYNTHETIC/);
    expect(d.n).toBe(COMPAS_SYNTHETIC_CELLS.reduce((a, c) => a + c.count, 0));
    expect(d.n).toBe(6200);
    expect(compasSynthetic()).toEqual(d);
    for (const key of ['race', 'sex', 'decileScore', 'highRisk', 'twoYearRecid'] as const)
      expect(d[key]).toHaveLength(d.n);
  });

  it('has decile scores 1–10 and marks high risk exactly at decile ≥ 5', () => {
    expect(new Set(d.decileScore)).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(d.highRisk).toEqual(d.decileScore.map((s) => (s >= 5 ? 1 : 0)));
  });

  it('reproduces the course slide to one decimal: FPR 44.9 % vs 23.5 %, FNR 28.0 % vs 47.7 %', () => {
    for (const race of ['African-American', 'Caucasian'] as const) {
      const row = table.group(race).values;
      expect(oneDecimal(row.falsePositiveRate)).toBe(oneDecimal(COMPAS_SLIDE_TABLE[race].falsePositiveRate));
      expect(oneDecimal(row.falseNegativeRate)).toBe(oneDecimal(COMPAS_SLIDE_TABLE[race].falseNegativeRate));
    }
    expect(oneDecimal(table.group('African-American').values.falsePositiveRate)).toBe(44.9);
    expect(oneDecimal(table.group('Caucasian').values.falsePositiveRate)).toBe(23.5);
    expect(oneDecimal(table.group('African-American').values.falseNegativeRate)).toBe(28);
    expect(oneDecimal(table.group('Caucasian').values.falseNegativeRate)).toBe(47.7);
  });

  it('has base rates near ProPublica’s (51 % vs 39 %) and a score that ranks risk', () => {
    expect(table.group('African-American').values.baseRate).toBeCloseTo(1900 / 3700, 12);
    expect(table.group('Caucasian').values.baseRate).toBeCloseTo(980 / 2500, 12);
    const auc = rocAuc(d.twoYearRecid, d.decileScore);
    expect(auc).toBeGreaterThan(0.65);
    expect(auc).toBeLessThan(0.75);
  });

  it('makes the cut at decile 5 the most accurate single threshold', () => {
    const sweep = thresholdSweep({ yTrue: d.twoYearRecid, scores: d.decileScore, sensitiveFeatures: d.race });
    const best = sweep.points.reduce((a, p) => (p.accuracy > a.accuracy ? p : a));
    expect(best.threshold).toBe(5);
    // …and the re-offence share rises with the decile in both groups
    for (const race of ['African-American', 'Caucasian']) {
      const share = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => {
        const idx = d.decileScore
          .map((_, i) => i)
          .filter((i) => d.decileScore[i] === s && d.race[i] === race);
        return idx.filter((i) => d.twoYearRecid[i] === 1).length / idx.length;
      });
      for (let s = 1; s < 10; s++) expect(share[s]).toBeGreaterThan(share[s - 1]);
    }
  });
});

describe('the impossibility result (Chouldechova 2017)', () => {
  it('the identity FPR = p/(1−p) · (1−PPV)/PPV · (1−FNR) holds in every group of the dataset', () => {
    for (const g of table.byGroup) {
      const v = g.values;
      const implied = impliedFalsePositiveRate({
        baseRate: v.baseRate,
        ppv: v.positivePredictiveValue,
        fnr: v.falseNegativeRate,
      });
      expect(implied).toBeCloseTo(v.falsePositiveRate, 12);
    }
  });

  it('with unequal base rates, equal PPV and equal FNR would force unequal FPR', () => {
    const black = table.group('African-American').values;
    const white = table.group('Caucasian').values;
    // Give white defendants the Black group's PPV and FNR (predictive parity and equal FNR both hold):
    const forced = impliedFalsePositiveRate({
      baseRate: white.baseRate,
      ppv: black.positivePredictiveValue,
      fnr: black.falseNegativeRate,
    });
    const odds = (p: number) => p / (1 - p);
    expect(forced / black.falsePositiveRate).toBeCloseTo(odds(white.baseRate) / odds(black.baseRate), 12);
    expect(Math.abs(forced - black.falsePositiveRate)).toBeGreaterThan(0.1); // ≈ 0.27 vs 0.449
    // The real score equalises none of the three: PPV too differs (0.629 vs 0.590)
    const pp = predictiveParity({ yTrue: d.twoYearRecid, yPred: d.highRisk, sensitiveFeatures: d.race });
    expect(pp.difference).toBeCloseTo(1368 / 2176 - 513 / 870, 12);
  });

  it('holds for every confusion matrix (property)', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), fc.nat(500), fc.nat(500), (tp0, fp, tn, fn) => {
        const tp = tp0 + 1; // PPV > 0
        const p = (tp + fn) / (tp + fn + fp + tn);
        fc.pre(fp + tn > 0);
        const implied = impliedFalsePositiveRate({ baseRate: p, ppv: tp / (tp + fp), fnr: fn / (tp + fn) });
        expect(implied).toBeCloseTo(fp / (fp + tn), 10);
      }),
    );
  });

  it('equal PPV and FNR across groups with different base rates give different FPRs (property)', () => {
    const unit = fc.double({ min: 0.05, max: 0.95, noNaN: true });
    fc.assert(
      fc.property(unit, unit, unit, unit, (p1, p2, ppv, fnr) => {
        fc.pre(Math.abs(p1 - p2) > 1e-3);
        const f1 = impliedFalsePositiveRate({ baseRate: p1, ppv, fnr });
        const f2 = impliedFalsePositiveRate({ baseRate: p2, ppv, fnr });
        expect(f1).not.toBeCloseTo(f2, 9);
        expect(f1 / f2).toBeCloseTo((p1 / (1 - p1)) * ((1 - p2) / p2), 9);
      }),
    );
  });

  it('rejects inputs outside the ranges where the identity holds', () => {
    expect(() => impliedFalsePositiveRate({ baseRate: 1, ppv: 0.5, fnr: 0.2 })).toThrow(
      'impliedFalsePositiveRate(inputs.baseRate): expected a number in (0, 1), got 1',
    );
    expect(() => impliedFalsePositiveRate({ baseRate: 0.5, ppv: 0, fnr: 0.2 })).toThrow(
      'inputs.ppv): expected a number in (0, 1]',
    );
  });
});
