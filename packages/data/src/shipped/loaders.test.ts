import { describe, expect, it } from 'vitest';
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from './loaders';

function classCounts(y: readonly number[], k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const c of y) counts[c]++;
  return counts;
}

describe('shipped data sets match their published counts', () => {
  it('Iris: 150 × 4, three species of 50', () => {
    const iris = loadIris();
    expect(iris.x).toHaveLength(150);
    expect(iris.x.every((r) => r.length === 4)).toBe(true);
    expect(classCounts(iris.y, 3)).toEqual([50, 50, 50]);
    expect(iris.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(iris.x[0]).toEqual([5.1, 3.5, 1.4, 0.2]);
    // The summary statistics of iris.rst: min/max per feature.
    const col = (j: number) => iris.x.map((r) => r[j]);
    expect([Math.min(...col(0)), Math.max(...col(0))]).toEqual([4.3, 7.9]);
    expect([Math.min(...col(3)), Math.max(...col(3))]).toEqual([0.1, 2.5]);
    expect(col(2).reduce((a, b) => a + b, 0) / 150).toBeCloseTo(3.76, 2);
    expect(iris.metadata.classCounts).toEqual([50, 50, 50]);
  });

  it('Digits: 1,797 8×8 images with values 0–16 and the published class counts', () => {
    const digits = loadDigits();
    expect(digits.images).toHaveLength(1797);
    expect(digits.images.every((img) => img.length === 8 && img.every((row) => row.length === 8))).toBe(true);
    expect(
      digits.x.every((r) => r.length === 64 && r.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)),
    ).toBe(true);
    expect(classCounts(digits.labels, 10)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(digits.metadata.classCounts).toEqual(classCounts(digits.labels, 10));
    // The first image of scikit-learn's digits is a 0.
    expect(digits.images[0][0]).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    expect(digits.labels[0]).toBe(0);
    expect(digits.images[5][3]).toEqual(digits.x[5].slice(24, 32));
    expect(digits.dataset.info?.xShape).toEqual([8, 8]);
    expect(digits.featureNames[9]).toBe('pixel_1_1');
  });

  it('Breast Cancer Wisconsin: 569 × 30, 212 malignant and 357 benign', () => {
    const bc = loadBreastCancer();
    expect(bc.x).toHaveLength(569);
    expect(bc.x.every((r) => r.length === 30)).toBe(true);
    expect(classCounts(bc.y, 2)).toEqual([212, 357]);
    expect(bc.classNames).toEqual(['malignant', 'benign']);
    expect(bc.featureNames).toHaveLength(30);
    expect(bc.featureNames[0]).toBe('mean radius');
    expect(bc.featureNames[10]).toBe('radius error');
    expect(bc.featureNames[20]).toBe('worst radius');
    const radius = bc.x.map((r) => r[0]);
    expect([Math.min(...radius), Math.max(...radius)]).toEqual([6.981, 28.11]);
  });

  it('Wine: 178 × 13, classes 59 / 71 / 48', () => {
    const wine = loadWine();
    expect(wine.x).toHaveLength(178);
    expect(wine.x.every((r) => r.length === 13)).toBe(true);
    expect(classCounts(wine.y, 3)).toEqual([59, 71, 48]);
    const proline = wine.x.map((r) => r[12]);
    expect([Math.min(...proline), Math.max(...proline)]).toEqual([278, 1680]);
  });

  it('Diabetes: 442 × 10 with targets 25–346, raw or scaled as scikit-learn does', () => {
    const raw = loadDiabetes();
    expect(raw.x).toHaveLength(442);
    expect(raw.x.every((r) => r.length === 10)).toBe(true);
    expect([Math.min(...raw.y), Math.max(...raw.y)]).toEqual([25, 346]);
    expect(raw.x[0].slice(0, 3)).toEqual([59, 2, 32.1]);
    expect(raw.y[0]).toBe(151);
    expect(raw.dataset.info?.task).toBe('regression');
    const scaled = loadDiabetes({ scaled: true });
    for (let j = 0; j < 10; j++) {
      const column = scaled.x.map((r) => r[j]);
      expect(column.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 10);
      expect(column.reduce((a, b) => a + b * b, 0)).toBeCloseTo(1, 10);
    }
    // scikit-learn's load_diabetes().data[0], first three columns.
    expect(scaled.x[0][0]).toBeCloseTo(0.03807591, 7);
    expect(scaled.x[0][1]).toBeCloseTo(0.05068012, 7);
    expect(scaled.x[0][2]).toBeCloseTo(0.06169621, 7);
  });
});

describe('provenance', () => {
  it('every loader carries machine-readable licence and citation metadata matching its data', () => {
    for (const data of [loadIris(), loadDigits(), loadBreastCancer(), loadWine(), loadDiabetes()]) {
      const m = data.metadata;
      expect(m.license).toBe('BSD-3-Clause');
      expect(m.source).toMatch(/scikit-learn 1\.2\.1/);
      expect(m.citation.length).toBeGreaterThan(40);
      expect(m.samples).toBe(data.x.length);
      expect(m.features).toBe(data.x[0].length);
      expect(data.dataset.length).toBe(m.samples);
      expect(data.dataset.info?.name).toBe(m.name);
    }
  });

  it('returns fresh arrays, so one caller cannot corrupt another', () => {
    const a = loadIris();
    a.x[0][0] = 99;
    expect(loadIris().x[0][0]).toBe(5.1);
  });
});
