/**
 * @plasticity/data — datasets and loaders, seeded generators, leakage-safe splits, fitted transforms, CSV
 * and image input, and five classic data sets shipped offline with their provenance.
 *
 * @example
 * ```ts
 * import { DataLoader, loadIris, Pipeline, StandardScaler, trainTestSplit } from '@plasticity/data';
 * const { train, test } = trainTestSplit(loadIris().dataset, { testSize: 0.2, stratify: true, seed: 0 });
 * const prep = new Pipeline([new StandardScaler()]).fit(train);
 * for (const { x, y } of new DataLoader(prep.transform(train), { batchSize: 16, shuffle: true, seed: 0 })) {
 *   console.log(x.shape, y.shape); // [16, 4] [16] …
 * }
 * ```
 * @packageDocumentation
 */

// Batching
export type { Batch, CollateOptions } from './collate';
export { collate } from './collate';
export type { CsvColumnsOptions, CsvDatasetOptions, CsvRecord } from './csv/csv-dataset';
export { CsvDataset, csvToDataset } from './csv/csv-dataset';
export type { CsvOptions, CsvTable, MissingPolicy } from './csv/parse';
export { parseCsv } from './csv/parse';
// CSV and images
export type { ColumnSpec, ColumnType, CsvSchema, CsvValue } from './csv/schema';
export { CsvError } from './csv/tokenize';
// Records, datasets, views
export type {
  DataRecord,
  Dataset,
  DatasetInfo,
  Features,
  NumericArray,
  SplitRole,
  SplitTag,
  Target,
  Task,
} from './dataset';
export { ArrayDataset, DatasetView, fromArrays, isDataset, subset, toArrays } from './dataset';
export type { BlobsOptions, ClassificationOptions, LabeledPoint, MoonsOptions } from './generators/classic';
export { blobs, classification, moons } from './generators/classic';
// Generators
export type { PlaygroundOptions, Point2D } from './generators/playground';
export {
  circle,
  gaussian,
  PLAYGROUND_GAUSSIANS,
  regressionGaussian,
  regressionPlane,
  spiral,
  xor,
} from './generators/playground';
export type { PolynomialOptions } from './generators/polynomial';
export { DEFAULT_POLYNOMIAL, evaluatePolynomial, noisyPolynomial } from './generators/polynomial';
export type { Canvas2DLike, CanvasLike, FrameOptions, ImageDataLike, PixelOptions } from './image/pixels';
export { canvasToTensor, imageDataToArray, imageDataToTensor, videoFrameToTensor } from './image/pixels';
export type { DataLoaderOptions } from './loader';
export { DataLoader, toTensors } from './loader';
export type { SeedLike } from './random';
// Shipped data
export type { ClassificationData, DigitsData, TabularData } from './shipped/loaders';
export { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from './shipped/loaders';
export type { DatasetMetadata } from './shipped/metadata';
export {
  BREAST_CANCER_METADATA,
  DIABETES_METADATA,
  DIGITS_METADATA,
  IRIS_METADATA,
  WINE_METADATA,
} from './shipped/metadata';
export type { GroupId, Label } from './splits/common';
export type { FitFootprint } from './splits/guard';
export { assertNoTestLeakage, assertNotFittedOn } from './splits/guard';
export type {
  CrossValidation,
  Fold,
  GroupKFoldOptions,
  KFoldOptions,
  StratifiedKFoldOptions,
  TimeSeriesSplitOptions,
} from './splits/kfold';
export { groupKFold, kFold, stratifiedKFold, timeSeriesSplit, validationTail } from './splits/kfold';
// Splits and leakage checks
export type {
  HoldoutOptions,
  TrainTestSplit,
  TrainTestSplitOptions,
  TrainValTestSplit,
  TrainValTestSplitOptions,
} from './splits/train-test';
export { trainTestSplit, trainValTestSplit } from './splits/train-test';
export type { DataWarning, DataWarningCode, WarningHandler } from './splits/warnings';
export { checkGroupLeakage, checkValidationTail } from './splits/warnings';
export type { Category } from './transforms/encoders';
export { LabelEncoder, OneHotEncoder } from './transforms/encoders';
export type { Augmentation, ImageArray } from './transforms/image';
export {
  addNoise,
  augmentRecords,
  compose,
  crop,
  flipHorizontal,
  flipVertical,
  gaussianNoise,
  randomCrop,
  randomFlip,
  randomRotation,
  rotate,
  toImage,
} from './transforms/image';
export type { PipelineSteps } from './transforms/pipeline';
export { Pipeline } from './transforms/pipeline';
// Transforms
export type { RowTransform } from './transforms/scalers';
export { MinMaxScaler, StandardScaler } from './transforms/scalers';
