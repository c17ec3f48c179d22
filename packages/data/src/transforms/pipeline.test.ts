import { describe, expect, it } from 'vitest';
import { ArrayDataset, subset } from '../dataset';
import { loadIris, loadWine } from '../shipped/loaders';
import { kFold } from '../splits/kfold';
import { trainTestSplit, trainValTestSplit } from '../splits/train-test';
import { LabelEncoder, OneHotEncoder } from './encoders';
import { Pipeline } from './pipeline';
import { MinMaxScaler, StandardScaler } from './scalers';

describe('Pipeline', () => {
  it('fits on the training part only and scales the test part with the training statistics', () => {
    const wine = loadWine().dataset;
    const { train, test } = trainTestSplit(wine, { testSize: 0.25, stratify: true, seed: 0 });
    const scaler = new StandardScaler();
    const prep = new Pipeline([scaler]).fit(train);
    const trainRows = [...train].map((r) => r.x);
    const mean0 = trainRows.reduce((s, r) => s + r[0], 0) / trainRows.length;
    expect(scaler.mean[0]).toBeCloseTo(mean0, 10);
    const out = prep.transform(test);
    expect(out.length).toBe(test.length);
    expect(out.get(0).x[0]).toBeCloseTo((test.get(0).x[0] - scaler.mean[0]) / scaler.std[0], 10);
    expect(out.get(0).y).toBe(test.get(0).y);
    expect(out.info?.task).toBe('classification');
  });

  it('chains steps and inverts them in reverse order', () => {
    const data = new ArrayDataset([
      { x: [1, 100], y: 0 },
      { x: [2, 300], y: 1 },
      { x: [4, 200], y: 0 },
    ]);
    const prep = new Pipeline([new StandardScaler(), new MinMaxScaler()]).fit(data);
    const rows = prep.transformFeatures([
      [1, 100],
      [4, 300],
    ]);
    expect(rows).toEqual([
      [0, 0],
      [1, 1],
    ]);
    const back = prep.inverseTransformFeatures(rows);
    expect(back[1][0]).toBeCloseTo(4, 10);
    expect(back[1][1]).toBeCloseTo(300, 10);
  });

  it('encodes string targets with a LabelEncoder or OneHotEncoder, refusing labels unseen in training', () => {
    const data = new ArrayDataset([
      { x: [1], y: 'cat' },
      { x: [2], y: 'dog' },
      { x: [3], y: 'cat' },
    ]);
    const coded = new Pipeline({ features: [], target: new LabelEncoder() }).fitTransform(data);
    expect(coded.records.map((r) => r.y)).toEqual([0, 1, 0]);
    expect(coded.info?.classNames).toEqual(['cat', 'dog']);
    const hot = new Pipeline({ target: new OneHotEncoder() }).fitTransform(data);
    expect(hot.get(1).y).toEqual([0, 1]);
    const unseen = new ArrayDataset([{ x: [1], y: 'cow' }]);
    const fitted = new Pipeline({ target: new LabelEncoder() }).fit(data);
    expect(() => fitted.transform(unseen)).toThrow(/LabelEncoder.transform\(values\): unknown label "cow"/);
  });

  it('keeps groups on the records', () => {
    const data = new ArrayDataset([
      { x: [1], y: 0, group: 'p1' },
      { x: [3], y: 1, group: 'p2' },
    ]);
    expect(new Pipeline([new StandardScaler()]).fitTransform(data).records.map((r) => r.group)).toEqual([
      'p1',
      'p2',
    ]);
  });
});

describe('the leakage guard', () => {
  it('refuses to fit on the test or validation part', () => {
    const iris = loadIris().dataset;
    const { test } = trainTestSplit(iris, { seed: 1 });
    expect(() => new Pipeline([new StandardScaler()]).fit(test)).toThrow(
      'Pipeline.fit(data): this is the test part of trainTestSplit; fitting on it leaks held-out information into training. Fit on the training part (split.train) only',
    );
    const three = trainValTestSplit(loadWine().dataset, { seed: 1 });
    expect(() => new Pipeline([new StandardScaler()]).fit(three.validation)).toThrow(
      /validation part of trainValTestSplit/,
    );
  });

  it('refuses the whole dataset, or any subset, that overlaps a split-off test part', () => {
    const wine = loadWine().dataset;
    const { trainIndices, testIndices } = trainTestSplit(wine, { testSize: 0.2, seed: 2 });
    expect(() => new Pipeline([new StandardScaler()]).fit(wine)).toThrow(
      /Pipeline.fit\(data\): 36 of these 178 samples are held out \(validation\/test\) by trainTestSplit/,
    );
    const mixed = subset(wine, [...trainIndices.slice(0, 10), testIndices[0]]);
    expect(() => new Pipeline([new StandardScaler()]).fit(mixed)).toThrow(
      /1 of these 11 samples are held out/,
    );
    expect(() => new Pipeline([new StandardScaler()]).fit(subset(wine, trainIndices))).not.toThrow();
  });

  it('works for plain arrays of records too (the same array is the same dataset)', () => {
    const records = Array.from({ length: 20 }, (_, i) => ({ x: [i], y: i % 2 }));
    const { train } = trainTestSplit(records, { seed: 3 });
    expect(() => new Pipeline([new MinMaxScaler()]).fit(records)).toThrow(
      /5 of these 20 samples are held out/,
    );
    expect(() => new Pipeline([new MinMaxScaler()]).fit(train)).not.toThrow();
  });

  it('lets each cross-validation fold fit on its own training part, not on the whole data', () => {
    const data = new ArrayDataset(Array.from({ length: 30 }, (_, i) => ({ x: [i], y: i % 3 })));
    const folds = kFold(data, { k: 3, seed: 0 });
    for (const fold of folds) {
      const prep = new Pipeline([new StandardScaler()]).fit(fold.train);
      expect(prep.transform(fold.test).length).toBe(10);
    }
    expect(() => new Pipeline([new StandardScaler()]).fit(data)).toThrow(/kFold \(fold 1 of 3\)/);
  });

  it('catches fit-then-split at transform time', () => {
    const data = new ArrayDataset(Array.from({ length: 40 }, (_, i) => ({ x: [i], y: i % 2 })));
    const prep = new Pipeline([new StandardScaler()]).fit(data); // fitted before any split: allowed so far
    const { train, test } = trainTestSplit(data, { seed: 4 });
    expect(() => prep.transform(train)).not.toThrow();
    expect(() => prep.transform(test)).toThrow(
      'Pipeline.transform(data): 10 of these 10 test samples were in the data this was fitted on, so the test score would be optimistic. Split first, then fit on split.train only',
    );
  });

  it('reports misuse clearly', () => {
    expect(() => new Pipeline([{} as never])).toThrow(
      'new Pipeline(steps): step 0: expected a transform with fit/transform/inverseTransform',
    );
    expect(() => new Pipeline().transform([])).toThrow(
      'Pipeline.transform(data): not fitted yet: call fit(split.train) first',
    );
    const images = new ArrayDataset([{ x: [[1, 2]], y: 0 }]);
    expect(() => new Pipeline([new StandardScaler()]).fit(images)).toThrow(
      /record 0: x must be a number or a flat numeric array \(flatten images first\)/,
    );
  });
});
