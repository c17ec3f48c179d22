import { ArrayDataset, type DataRecord, type DatasetInfo } from '../dataset';
import { BREAST_CANCER_ROWS } from './breast-cancer.gen';
import { DIABETES_ROWS } from './diabetes.gen';
import { DIGITS_ENCODED } from './digits.gen';
import { IRIS_ROWS } from './iris.gen';
import {
  BREAST_CANCER_METADATA,
  type DatasetMetadata,
  DIABETES_METADATA,
  DIGITS_METADATA,
  IRIS_METADATA,
  WINE_METADATA,
} from './metadata';
import { WINE_ROWS } from './wine.gen';

/** A shipped table: features, targets, their names, the same data as a Dataset, and provenance. */
export interface TabularData {
  /** One row of features per sample. */
  readonly x: number[][];
  readonly y: number[];
  readonly featureNames: readonly string[];
  /** Records `{ x, y }` for splits, pipelines and loaders. */
  readonly dataset: ArrayDataset<DataRecord<number[], number>>;
  readonly metadata: DatasetMetadata;
}

/** A shipped classification table; `y[i]` indexes `classNames`. */
export interface ClassificationData extends TabularData {
  readonly classNames: readonly string[];
}

/** The digits: flat 64-pixel rows in `x`, the same as 8×8 `images`, and `labels` (= `y`). */
export interface DigitsData extends ClassificationData {
  /** 1,797 images of 8 rows × 8 columns, pixel values 0–16. */
  readonly images: number[][][];
  readonly labels: number[];
}

function parseRows(text: string): number[][] {
  return text.split('\n').map((line) => line.split(',').map(Number));
}

function classificationTable(
  text: string,
  featureNames: readonly string[],
  classNames: readonly string[],
  metadata: DatasetMetadata,
  extra: Partial<DatasetInfo> = {},
): ClassificationData {
  const rows = parseRows(text);
  const x = rows.map((r) => r.slice(0, -1));
  const y = rows.map((r) => r[r.length - 1]);
  const dataset = new ArrayDataset(
    x.map((xi, i) => ({ x: xi, y: y[i] })),
    { name: metadata.name, task: 'classification', classNames, featureNames, ...extra },
  );
  return { x, y, featureNames, classNames, dataset, metadata };
}

/**
 * Fisher's Iris: 150 flowers × 4 measurements (cm), 3 species of 50. Offline; `metadata` holds licence and citation.
 *
 * @example
 * ```ts
 * const iris = loadIris();
 * iris.x.length;       // 150
 * iris.classNames[0];  // 'setosa'
 * ```
 */
export function loadIris(): ClassificationData {
  return classificationTable(
    IRIS_ROWS,
    ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
    ['setosa', 'versicolor', 'virginica'],
    IRIS_METADATA,
  );
}

/**
 * The 8×8 handwritten digits: 1,797 images (pixel values 0–16), labels 0–9. `x` holds each image as 64
 * row-major values and `dataset.info.xShape` is `[8, 8]`, so a DataLoader batches them as `[B, 8, 8]`.
 */
export function loadDigits(): DigitsData {
  const n = DIGITS_ENCODED.length / 65;
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < 64; j++) row.push(Number.parseInt(DIGITS_ENCODED[i * 65 + j], 17));
    x.push(row);
    y.push(Number.parseInt(DIGITS_ENCODED[i * 65 + 64], 17));
  }
  const featureNames = Array.from({ length: 64 }, (_, j) => `pixel_${Math.floor(j / 8)}_${j % 8}`);
  const classNames = Array.from({ length: 10 }, (_, d) => String(d));
  const dataset = new ArrayDataset(
    x.map((xi, i) => ({ x: xi, y: y[i] })),
    { name: 'digits', task: 'classification', classNames, featureNames, xShape: [8, 8] },
  );
  const images = x.map((row) => Array.from({ length: 8 }, (_, r) => row.slice(r * 8, r * 8 + 8)));
  return { x, y, labels: y, images, featureNames, classNames, dataset, metadata: DIGITS_METADATA };
}

const CANCER_FEATURES = [
  'radius',
  'texture',
  'perimeter',
  'area',
  'smoothness',
  'compactness',
  'concavity',
  'concave points',
  'symmetry',
  'fractal dimension',
];

/**
 * Breast Cancer Wisconsin (Diagnostic): 569 tumours × 30 features of cell nuclei (mean, standard error and
 * worst of ten measurements); class 0 malignant (212), 1 benign (357).
 */
export function loadBreastCancer(): ClassificationData {
  return classificationTable(
    BREAST_CANCER_ROWS,
    [
      ...CANCER_FEATURES.map((f) => `mean ${f}`),
      ...CANCER_FEATURES.map((f) => `${f} error`),
      ...CANCER_FEATURES.map((f) => `worst ${f}`),
    ],
    ['malignant', 'benign'],
    BREAST_CANCER_METADATA,
  );
}

/** Wine recognition: 178 wines × 13 chemical measurements, 3 cultivars (59 / 71 / 48). */
export function loadWine(): ClassificationData {
  return classificationTable(
    WINE_ROWS,
    [
      'alcohol',
      'malic_acid',
      'ash',
      'alcalinity_of_ash',
      'magnesium',
      'total_phenols',
      'flavanoids',
      'nonflavanoid_phenols',
      'proanthocyanins',
      'color_intensity',
      'hue',
      'od280/od315_of_diluted_wines',
      'proline',
    ],
    ['class_0', 'class_1', 'class_2'],
    WINE_METADATA,
  );
}

/**
 * Diabetes: 442 patients × 10 baseline variables (age, sex, bmi, bp, six serum measurements s1–s6) and a
 * regression target, disease progression after one year (25–346). Raw units by default; `scaled: true`
 * gives scikit-learn's default columns (centred, unit sum of squares over all rows).
 */
export function loadDiabetes(options: { scaled?: boolean } = {}): TabularData {
  const rows = parseRows(DIABETES_ROWS);
  let x = rows.map((r) => r.slice(0, 10));
  const y = rows.map((r) => r[10]);
  if (options.scaled) {
    const means = Array.from({ length: 10 }, (_, j) => x.reduce((s, r) => s + r[j], 0) / x.length);
    const norms = means.map((m, j) => Math.sqrt(x.reduce((s, r) => s + (r[j] - m) ** 2, 0)));
    x = x.map((r) => r.map((v, j) => (v - means[j]) / norms[j]));
  }
  const featureNames = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];
  const dataset = new ArrayDataset(
    x.map((xi, i) => ({ x: xi, y: y[i] })),
    { name: 'diabetes', task: 'regression', featureNames },
  );
  return { x, y, featureNames, dataset, metadata: DIABETES_METADATA };
}
