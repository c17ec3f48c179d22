/**
 * Machine-readable provenance of a shipped data set: where the copy comes from, under what licence, and
 * how to cite it. Every shipped loader's result carries one as `metadata`.
 */
export interface DatasetMetadata {
  /** Short id, e.g. `iris`. */
  readonly name: string;
  readonly title: string;
  /** SPDX identifier of the licence of the copy shipped here. */
  readonly license: 'BSD-3-Clause';
  /** Where this copy was taken from. */
  readonly source: string;
  /** Where the data set originally comes from. */
  readonly origin: string;
  /** The reference to cite (as given in scikit-learn's description). */
  readonly citation: string;
  readonly url?: string;
  readonly creators?: readonly string[];
  /** Published counts, checked by the tests against the shipped rows. */
  readonly samples: number;
  readonly features: number;
  /** Published samples per class, in class-index order (classification only). */
  readonly classCounts?: readonly number[];
  /** Anything to know before using the data. */
  readonly notes?: string;
}

const SKLEARN = 'scikit-learn 1.2.1, sklearn/datasets/data, as packaged by Debian (python3-sklearn)';

/** Fisher's Iris. */
export const IRIS_METADATA: DatasetMetadata = {
  name: 'iris',
  title: 'Iris plants',
  license: 'BSD-3-Clause',
  source: `${SKLEARN}: iris.csv`,
  origin: 'R.A. Fisher (1936), donated to the UCI Machine Learning Repository by Michael Marshall (1988)',
  citation:
    'Fisher, R.A. "The use of multiple measurements in taxonomic problems", Annual Eugenics, 7, Part II, 179-188 (1936).',
  url: 'https://archive.ics.uci.edu/ml/datasets/iris',
  creators: ['R.A. Fisher'],
  samples: 150,
  features: 4,
  classCounts: [50, 50, 50],
  notes: "Fisher's values as in R; the UCI copy has two wrong data points.",
};

/** The UCI optical digits, test set. */
export const DIGITS_METADATA: DatasetMetadata = {
  name: 'digits',
  title: 'Optical recognition of handwritten digits (8×8)',
  license: 'BSD-3-Clause',
  source: `${SKLEARN}: digits.csv.gz`,
  origin:
    'UCI Machine Learning Repository, Optical Recognition of Handwritten Digits (test set), E. Alpaydin (1998)',
  citation:
    'E. Alpaydin, C. Kaynak (1998) Cascading Classifiers, Kybernetika; C. Kaynak (1995) Methods of Combining ' +
    'Multiple Classifiers and Their Applications to Handwritten Digit Recognition, MSc Thesis, Bogazici University.',
  url: 'https://archive.ics.uci.edu/ml/datasets/Optical+Recognition+of+Handwritten+Digits',
  creators: ['E. Alpaydin', 'C. Kaynak'],
  samples: 1797,
  features: 64,
  classCounts: [178, 182, 177, 183, 181, 182, 181, 179, 174, 180],
  notes:
    'Each pixel counts the "on" pixels in a 4×4 block of a 32×32 bitmap (0–16). The 13 writers of this ' +
    'set are not recorded per image, so group-aware splits are not possible.',
};

/** Breast Cancer Wisconsin (Diagnostic). */
export const BREAST_CANCER_METADATA: DatasetMetadata = {
  name: 'breast-cancer',
  title: 'Breast Cancer Wisconsin (Diagnostic)',
  license: 'BSD-3-Clause',
  source: `${SKLEARN}: breast_cancer.csv`,
  origin:
    'UCI Machine Learning Repository; W.H. Wolberg, W.N. Street, O.L. Mangasarian (1995), donated by Nick Street',
  citation:
    'W.N. Street, W.H. Wolberg and O.L. Mangasarian. Nuclear feature extraction for breast tumor diagnosis. ' +
    'IS&T/SPIE 1993 International Symposium on Electronic Imaging: Science and Technology, volume 1905, pages 861-870, San Jose, CA, 1993.',
  url: 'https://archive.ics.uci.edu/ml/datasets/Breast+Cancer+Wisconsin+(Diagnostic)',
  creators: ['William H. Wolberg', 'W. Nick Street', 'Olvi L. Mangasarian'],
  samples: 569,
  features: 30,
  classCounts: [212, 357],
  notes:
    "Class 0 is malignant, class 1 benign (scikit-learn's coding). Teaching data, not a diagnostic tool.",
};

/** Wine recognition. */
export const WINE_METADATA: DatasetMetadata = {
  name: 'wine',
  title: 'Wine recognition',
  license: 'BSD-3-Clause',
  source: `${SKLEARN}: wine_data.csv`,
  origin:
    'UCI Machine Learning Repository; M. Forina et al., PARVUS, Institute of Pharmaceutical and Food Analysis and Technologies, Genoa',
  citation:
    'Lichman, M. (2013). UCI Machine Learning Repository [https://archive.ics.uci.edu/ml]. Irvine, CA: ' +
    'University of California, School of Information and Computer Science.',
  url: 'https://archive.ics.uci.edu/ml/machine-learning-databases/wine/wine.data',
  creators: ['M. Forina et al.'],
  samples: 178,
  features: 13,
  classCounts: [59, 71, 48],
  notes: 'Features span very different scales (hue ≈ 1, proline ≈ 750): standardise before training.',
};

/** The diabetes progression data of Efron et al. */
export const DIABETES_METADATA: DatasetMetadata = {
  name: 'diabetes',
  title: 'Diabetes disease progression',
  license: 'BSD-3-Clause',
  source: `${SKLEARN}: diabetes_data_raw.csv.gz, diabetes_target.csv.gz`,
  origin: 'Efron, Hastie, Johnstone and Tibshirani (2004); data page of B. Boos, NC State University',
  citation:
    'Bradley Efron, Trevor Hastie, Iain Johnstone and Robert Tibshirani (2004) "Least Angle Regression," ' +
    'Annals of Statistics (with discussion), 407-499.',
  url: 'https://www4.stat.ncsu.edu/~boos/var.select/diabetes.html',
  creators: ['Bradley Efron', 'Trevor Hastie', 'Iain Johnstone', 'Robert Tibshirani'],
  samples: 442,
  features: 10,
  notes:
    "Shipped raw (age in years, sex coded 1/2, …). loadDiabetes({ scaled: true }) gives scikit-learn's " +
    'default: each column centred and scaled to unit sum of squares — over all 442 rows, which leaks if you split later.',
};
