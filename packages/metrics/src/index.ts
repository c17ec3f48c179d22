/**
 * @plasticity/metrics — evaluation metrics (classification, ranking, calibration, regression, streaming)
 * and group fairness in the spirit of Fairlearn and AIF360, with a synthetic COMPAS-like dataset.
 * Every function accepts plain arrays, typed arrays and core Tensors alike.
 *
 * @example
 * ```ts
 * import { compasSynthetic, groupRates } from '@plasticity/metrics';
 * const d = compasSynthetic();
 * const table = groupRates({ yTrue: d.twoYearRecid, yPred: d.highRisk, sensitiveFeatures: { race: d.race } });
 * table.group('Caucasian').values.falsePositiveRate; // ≈ 0.235
 * ```
 * @packageDocumentation
 */

export type {
  CalibrationBin,
  CalibrationCurve,
  CalibrationCurveOptions,
  CalibrationOptions,
} from './calibration';
export { calibrationCurve, expectedCalibrationError } from './calibration';
export type { KappaOptions, MatthewsOptions } from './classification/agreement';
export { cohenKappa, matthewsCorrcoef } from './classification/agreement';
export type {
  BinaryCounts,
  BinaryOptions,
  ConfusionMatrix,
  ConfusionMatrixOptions,
  LabelOptions,
} from './classification/confusion';
export { confusionCounts, confusionMatrix } from './classification/confusion';
export type { LogLossOptions, ProbabilityOptions, TopKOptions } from './classification/probabilistic';
export { brierScore, logLoss, topKAccuracy } from './classification/probabilistic';
export type {
  Average,
  AveragedOptions,
  BalancedAccuracyOptions,
  FBetaOptions,
  PerClassOptions,
  PerClassScores,
} from './classification/scores';
export {
  accuracy,
  balancedAccuracy,
  f1Score,
  fbetaScore,
  precision,
  precisionRecallFscoreSupport,
  recall,
} from './classification/scores';
export type { CompasCell, CompasSyntheticDataset } from './compas-synthetic';
export { COMPAS_SLIDE_TABLE, COMPAS_SYNTHETIC_CELLS, compasSynthetic } from './compas-synthetic';
export type {
  CurveOptions,
  PrecisionRecallCurve,
  RocAucOptions,
  RocCurve,
  RocCurveOptions,
} from './curves';
export { auc, averagePrecision, precisionRecallCurve, rocAuc, rocCurve } from './curves';
export { MetricUndefinedError } from './errors';
export type { BootstrapData, BootstrapInterval, BootstrapOptions, Resample } from './fairness/bootstrap';
export { bootstrapCI } from './fairness/bootstrap';
export type {
  DisparateImpact,
  FairnessOptions,
  PredictionFairnessOptions,
  PredictiveParity,
  RateName,
} from './fairness/disparity';
export {
  averageOddsDifference,
  demographicParityDifference,
  demographicParityRatio,
  disparateImpact,
  equalizedOddsDifference,
  equalizedOddsRatio,
  equalOpportunityDifference,
  groupRates,
  predictiveParity,
} from './fairness/disparity';
export type { GroupRef, SensitiveFeatures } from './fairness/groups';
export type { ImpossibilityInputs } from './fairness/impossibility';
export { impliedFalsePositiveRate } from './fairness/impossibility';
export type {
  DisparityMethod,
  FlaggedGroup,
  GroupResult,
  MetricCallOptions,
  MetricFn,
  MetricFrame,
  MetricFrameOptions,
} from './fairness/metric-frame';
export { DEFAULT_MIN_GROUP_SIZE, metricFrame } from './fairness/metric-frame';
export {
  baseRate,
  falseNegativeRate,
  falsePositiveRate,
  negativePredictiveValue,
  positivePredictiveValue,
  selectionRate,
  trueNegativeRate,
  truePositiveRate,
} from './fairness/rates';
export type {
  BaseRateReport,
  ReweighingCell,
  ReweighingOptions,
  ReweighingResult,
} from './fairness/reweighing';
export { reweighing } from './fairness/reweighing';
export type { SweepGroupPoint, SweepPoint, ThresholdSweep, ThresholdSweepOptions } from './fairness/sweep';
export { thresholdSweep } from './fairness/sweep';
export type {
  GroupOperatingPoint,
  OperatingSummary,
  ThresholdConstraint,
  ThresholdOptimizerOptions,
  ThresholdOptimizerResult,
} from './fairness/threshold-optimizer';
export { optimizeGroupThresholds } from './fairness/threshold-optimizer';
export type { Label, LabelInput, MatrixInput, NumberInput } from './input';
export { toHostArray } from './input';
export type { RegressionOptions } from './regression';
export {
  explainedVarianceScore,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression';
export type { RegressionReport, StreamingConfusionOptions } from './streaming';
export {
  StreamingAccuracy,
  StreamingConfusionMatrix,
  StreamingMean,
  StreamingRegression,
  StreamingRocAuc,
} from './streaming';
export type { UndefinedOptions, ZeroDivision } from './zero-division';
