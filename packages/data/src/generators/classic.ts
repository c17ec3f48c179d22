import { ArrayDataset, type DataRecord } from '../dataset';
import { checkInteger, checkNumber, fail, show } from '../errors';
import { resolveGenerator, type SeedLike, uniform } from '../random';

/** A sample with a feature vector and an integer class. */
export type LabeledPoint = DataRecord<number[], number>;

function balanced(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, c) => Math.floor(n / k) + (c < n % k ? 1 : 0));
}

/** Options of {@link moons}. */
export interface MoonsOptions {
  /** Number of samples (default 100): ⌊n/2⌋ on the upper moon, the rest on the lower. */
  n?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0). */
  noise?: number;
  seed?: SeedLike;
  /** Shuffle the samples (default true); unshuffled, class 0 comes first, points in arc order. */
  shuffle?: boolean;
}

/**
 * Two interleaving half circles (scikit-learn's `make_moons`): class 0 on (cos t, sin t), class 1 on
 * (1 − cos t, 0.5 − sin t), t evenly spaced in [0, π], plus Gaussian noise.
 */
export function moons(options: MoonsOptions = {}): ArrayDataset<LabeledPoint> {
  const n = checkInteger('moons(options.n)', options.n ?? 100, 2);
  const noise = checkNumber('moons(options.noise)', options.noise ?? 0, 0);
  const g = resolveGenerator('moons(options.seed)', options.seed);
  const nOuter = Math.floor(n / 2);
  const nInner = n - nOuter;
  const t = (i: number, m: number) => (m === 1 ? 0 : (Math.PI * i) / (m - 1));
  const records: LabeledPoint[] = [];
  for (let i = 0; i < nOuter; i++)
    records.push({ x: [Math.cos(t(i, nOuter)), Math.sin(t(i, nOuter))], y: 0 });
  for (let i = 0; i < nInner; i++)
    records.push({ x: [1 - Math.cos(t(i, nInner)), 0.5 - Math.sin(t(i, nInner))], y: 1 });
  if (noise > 0) for (const r of records) for (let d = 0; d < 2; d++) r.x[d] += noise * g.normal();
  if (options.shuffle ?? true) g.shuffle(records);
  return new ArrayDataset(records, {
    name: 'moons',
    task: 'classification',
    classNames: ['0', '1'],
    featureNames: ['x1', 'x2'],
  });
}

/** Options of {@link blobs}. */
export interface BlobsOptions {
  /** Number of samples (default 100), shared as evenly as possible between the blobs. */
  n?: number;
  /** How many blobs (centres drawn uniformly in `centerBox`), or the centres themselves. Default 3. */
  centers?: number | readonly (readonly number[])[];
  /** Dimensions when `centers` is a count (default 2). */
  nFeatures?: number;
  /** Standard deviation of each blob (default 1). */
  noise?: number;
  /** Where random centres are drawn (default [−10, 10]). */
  centerBox?: readonly [number, number];
  seed?: SeedLike;
  shuffle?: boolean;
}

/** Isotropic Gaussian blobs, one class per blob (scikit-learn's `make_blobs`). */
export function blobs(options: BlobsOptions = {}): ArrayDataset<LabeledPoint> & { centers: number[][] } {
  const n = checkInteger('blobs(options.n)', options.n ?? 100, 1);
  const noise = checkNumber('blobs(options.noise)', options.noise ?? 1, 0);
  const g = resolveGenerator('blobs(options.seed)', options.seed);
  const box = options.centerBox ?? [-10, 10];
  if (!Array.isArray(box) || box.length !== 2 || !(box[0] < box[1])) {
    fail('blobs(options.centerBox)', `expected [low, high] with low < high, got ${show(box)}`);
  }
  let centers: number[][];
  const given = options.centers ?? 3;
  if (typeof given === 'number') {
    const k = checkInteger('blobs(options.centers)', given, 1);
    const d = checkInteger('blobs(options.nFeatures)', options.nFeatures ?? 2, 1);
    centers = Array.from({ length: k }, () => Array.from({ length: d }, () => uniform(g, box[0], box[1])));
  } else {
    if (!Array.isArray(given) || given.length === 0)
      fail('blobs(options.centers)', `expected a count or centres, got ${show(given)}`);
    const d = given[0].length;
    given.forEach((c, i) => {
      if (!Array.isArray(c) || c.length !== d || !c.every(Number.isFinite)) {
        fail('blobs(options.centers)', `centre ${i}: expected ${d} finite numbers, got ${show(c)}`);
      }
    });
    centers = given.map((c) => [...c]);
  }
  const records: LabeledPoint[] = [];
  balanced(n, centers.length).forEach((count, c) => {
    for (let i = 0; i < count; i++) records.push({ x: centers[c].map((m) => m + noise * g.normal()), y: c });
  });
  if (options.shuffle ?? true) g.shuffle(records);
  const ds = new ArrayDataset(records, {
    name: 'blobs',
    task: 'classification',
    classNames: centers.map((_, c) => String(c)),
    featureNames: centers[0].map((_, j) => `x${j + 1}`),
  });
  return Object.assign(ds, { centers });
}

/** Options of {@link classification}. */
export interface ClassificationOptions {
  n?: number;
  /** Feature dimensions (default 2). */
  nFeatures?: number;
  /** Classes (default 3). */
  nClasses?: number;
  /** Gaussian clusters per class (default 1). */
  nClustersPerClass?: number;
  /** Half the side of the hypercube whose vertices hold the cluster centres (default 1.5). Larger is easier. */
  classSep?: number;
  /** Standard deviation of each cluster (default 1). */
  noise?: number;
  /** Fraction of labels replaced by a random class, as label noise (default 0). */
  flipY?: number;
  seed?: SeedLike;
  shuffle?: boolean;
}

/**
 * An n-class problem in the spirit of scikit-learn's `make_classification`: each class owns Gaussian clusters
 * centred on distinct random vertices of a hypercube with side 2·classSep; classes are balanced. `flipY`
 * relabels a fraction of samples at random.
 */
export function classification(options: ClassificationOptions = {}): ArrayDataset<LabeledPoint> {
  const n = checkInteger('classification(options.n)', options.n ?? 100, 1);
  const d = checkInteger('classification(options.nFeatures)', options.nFeatures ?? 2, 1, 30);
  const k = checkInteger('classification(options.nClasses)', options.nClasses ?? 3, 2);
  const perClass = checkInteger(
    'classification(options.nClustersPerClass)',
    options.nClustersPerClass ?? 1,
    1,
  );
  const sep = checkNumber('classification(options.classSep)', options.classSep ?? 1.5, 0);
  const noise = checkNumber('classification(options.noise)', options.noise ?? 1, 0);
  const flipY = checkNumber('classification(options.flipY)', options.flipY ?? 0, 0, 1);
  const g = resolveGenerator('classification(options.seed)', options.seed);
  if (k * perClass > 2 ** d) {
    fail(
      'classification(options)',
      `${k} classes × ${perClass} clusters need ${k * perClass} hypercube vertices, but ${d} features give only ${2 ** d}`,
    );
  }
  const used = new Set<number>();
  const vertices: number[][] = [];
  while (vertices.length < k * perClass) {
    const v = Math.floor(g.uniform() * 2 ** d);
    if (used.has(v)) continue;
    used.add(v);
    vertices.push(Array.from({ length: d }, (_, j) => (Math.floor(v / 2 ** j) % 2 ? sep : -sep)));
  }
  const records: LabeledPoint[] = [];
  balanced(n, k).forEach((count, c) => {
    balanced(count, perClass).forEach((m, q) => {
      const centre = vertices[c * perClass + q];
      for (let i = 0; i < m; i++) records.push({ x: centre.map((v) => v + noise * g.normal()), y: c });
    });
  });
  if (flipY > 0) {
    for (const r of records) if (g.uniform() < flipY) (r as { y: number }).y = g.integer(0, k);
  }
  if (options.shuffle ?? true) g.shuffle(records);
  return new ArrayDataset(records, {
    name: 'classification',
    task: 'classification',
    classNames: Array.from({ length: k }, (_, c) => String(c)),
    featureNames: Array.from({ length: d }, (_, j) => `x${j + 1}`),
  });
}
