/**
 * @plasticity/viz: framework-free web components for teaching deep learning. Importing this module
 * registers every `pl-*` custom element; each takes plain data through typed properties.
 */
export { ActivationPlot } from './activation-plot/activation-plot';
export {
  type ActivationFunction,
  type ActivationName,
  activationFunctions,
  erf,
} from './activation-plot/activations';
export {
  type AttributionMap,
  AttributionOverlay,
  type ImageData01,
  regionTotals,
} from './attribution-overlay/attribution-overlay';
export { ConfusionMatrix, type Normalisation, normaliseMatrix } from './confusion-matrix/confusion-matrix';
export {
  averagePrecision,
  CurveChart,
  PrCurve,
  type RateCurve,
  RocCurve,
  sampleIndices,
  trapezoidArea,
} from './curve-chart/curve-chart';
export {
  DecisionBoundary,
  type LabelledPoint,
  type NeuronField,
  pointAccuracy,
} from './decision-boundary/decision-boundary';
export {
  FairnessChart,
  type FairnessGroup,
  type GroupRates,
  gap,
  groupRates,
} from './fairness-chart/fairness-chart';
export { GraphViewer, preview } from './graph-viewer/graph-viewer';
export {
  checkGraph,
  type GraphLayout,
  gradientsKnown,
  layoutGraph,
  type TracedGraph,
  type TracedNode,
} from './graph-viewer/traced-graph';
export { type CurveSeries, LossCurve, smoothSeries } from './loss-curve/loss-curve';
export { LossSurface } from './loss-surface/loss-surface';
export { NetworkDiagram, shownNeurons } from './network-diagram/network-diagram';
export { VizElement } from './shared/base';
export { contourLevels, contourSegments } from './shared/contours';
export { bilinear, type GridField, sampleGrid, valueAt } from './shared/grid';
export { contrast, diverging, OKABE_ITO, type Rgb, textOn, viridis } from './shared/palette';
export { formatNumber, linearScale, niceTicks, type Scale } from './shared/scales';
export { InputError } from './shared/validate';
export { type SplitName, SplitView, splitCounts } from './split-view/split-view';
export { TensorHeatmap, toMatrix } from './tensor-heatmap/tensor-heatmap';
