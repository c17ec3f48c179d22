import { initBackend, isTensor, keep, noGrad, type Tensor, tensor, tidy } from '@plasticity/core';
import { fail } from './errors';
import type { Module, StateDict } from './module';
import type { Optimizer } from './optim/optimizer';
import { renderProgress } from './progress';
import { readableNow, readScalars, type Scalar, WeightedSums } from './scalars';

/** A batch: `[input, target]` or `{ x, y }`. */
export type Batch = readonly [Tensor, Tensor] | { x: Tensor; y: Tensor };

/** Batches for one epoch: an array (re-read every epoch), any iterable, or a function returning a fresh one. */
export type BatchSource =
  | Iterable<Batch>
  | AsyncIterable<Batch>
  | ((epoch: number) => Iterable<Batch> | AsyncIterable<Batch>);

/** What per-batch callbacks receive. */
export interface BatchInfo {
  epoch: number;
  batch: number;
  /** Optimizer steps so far, over all epochs. */
  step: number;
  loss: number;
}

/** What per-epoch callbacks receive. */
export interface EpochInfo {
  epoch: number;
  loss: number;
  valLoss?: number;
  metrics: Record<string, number>;
  valMetrics: Record<string, number>;
}

/**
 * A metric: computed per batch from (output, target) and averaged over the epoch, weighted by batch size.
 * Return a number (read on the host: CPU only) or a one-element tensor, which `fit` and `evaluate` read
 * together with the loss in one `await data()` per batch — the form that works on every backend.
 * `accuracy` is computed as `accuracyTensor` there, so `metrics: { accuracy }` works on every backend.
 */
export type Metric = (output: Tensor, target: Tensor) => number | Tensor;

/** Options of `fit`. */
export interface FitOptions {
  /** Training batches. Batches created lazily (by a generator) are disposed after their step. */
  data: BatchSource;
  /** Maps (output, target) to a scalar loss tensor (a loss function or a loss module's `call`). */
  loss: (output: Tensor, target: Tensor) => Tensor;
  optimizer: Optimizer<{ lr: number }>;
  epochs: number;
  /** Validation batches, evaluated after each epoch in eval mode without gradients. */
  validation?: BatchSource;
  metrics?: Record<string, Metric>;
  onBatchEnd?: (info: BatchInfo) => void | Promise<void>;
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>;
  /** Called after every optimizer step, before `onBatchEnd` (e.g. a per-batch scheduler). */
  afterStep?: (info: BatchInfo) => void;
  /** Stop when the monitored value has not improved by `minDelta` for `patience` epochs. */
  earlyStopping?: {
    monitor?: 'loss' | 'valLoss';
    patience: number;
    minDelta?: number;
    /** Put back the weights of the best epoch when stopping (default true). */
    restoreBest?: boolean;
  };
  /** Copies every parameter and buffer to the CPU every `everySteps` optimizer steps. */
  checkpoint?: {
    everySteps: number;
    /** Receives the CPU copy; it is disposed when the next checkpoint replaces it, so save it here. */
    onCheckpoint?: (state: StateDict, step: number) => void | Promise<void>;
  };
  /**
   * Yield to the event loop when this many milliseconds of work have passed (default 16: about one frame),
   * so a page stays responsive while training.
   */
  yieldEveryMs?: number;
  /** Print a progress bar: `true` to stderr, or any `{ write(text) }`; default: stderr when it is a terminal. */
  progress?: boolean | { write(text: string): unknown };
  /** Stops training at the next batch when aborted. */
  signal?: AbortSignal;
}

/** What `fit` returns: per-epoch values, as Keras's `History.history`. */
export interface History {
  epochs: number[];
  loss: number[];
  valLoss: number[];
  metrics: Record<string, number[]>;
  valMetrics: Record<string, number[]>;
  /** Optimizer steps taken. */
  steps: number;
  stoppedEarly: boolean;
  /** The epoch with the best monitored value (when early stopping is on). */
  bestEpoch?: number;
  /** The last checkpoint (CPU tensors owned by the caller: dispose them when done). */
  checkpoint?: StateDict;
}

function unpack(op: string, batch: Batch): [Tensor, Tensor] {
  if (Array.isArray(batch) && batch.length === 2 && isTensor(batch[0]) && isTensor(batch[1]))
    return [batch[0], batch[1]];
  const b = batch as { x?: unknown; y?: unknown };
  if (b !== null && typeof b === 'object' && isTensor(b.x) && isTensor(b.y)) return [b.x, b.y];
  return fail(op, 'every batch must be [input, target] or { x, y } with tensors');
}

function iteratorOf(op: string, source: BatchSource, epoch: number): Iterator<Batch> | AsyncIterator<Batch> {
  const it = typeof source === 'function' ? source(epoch) : source;
  if (it !== null && typeof it === 'object') {
    if (Symbol.asyncIterator in it) return (it as AsyncIterable<Batch>)[Symbol.asyncIterator]();
    if (Symbol.iterator in it) return (it as Iterable<Batch>)[Symbol.iterator]();
  }
  return fail(op, 'expected an array or iterable of batches, or a function returning one');
}

const isBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';

function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Copies every tensor to new CPU tensors; reads asynchronously, so GPU models can be checkpointed. */
async function cloneToCpu(state: StateDict): Promise<StateDict> {
  const entries = Object.entries(state);
  const data = await Promise.all(entries.map(([, t]) => t.data()));
  // initBackend, not the name alone: 'cpu' is not initialised yet when setBackend chose a GPU first.
  const cpu = await initBackend('cpu');
  const out: StateDict = {};
  entries.forEach(([k, t], i) => {
    out[k] = keep(tensor(data[i], { shape: t.shape, dtype: t.dtype, backend: cpu }));
  });
  return out;
}

/** The metric as `fit` runs it: nn's `accuracy` stays on the device (see `Metric`). */
function onDevice(metric: Metric): Metric {
  return metric === accuracy ? accuracyTensor : metric;
}

/** Checks a metric's result: a number or a one-element tensor. */
function checkMetric(label: string, value: unknown): Scalar {
  if (typeof value === 'number' || (isTensor(value) && value.size === 1)) return value;
  return fail(
    label,
    `must return a number or a one-element tensor, got ${isTensor(value) ? `a tensor of shape [${value.shape.join(', ')}]` : typeof value}`,
  );
}

function disposeState(state: StateDict | undefined): void {
  if (state) for (const t of Object.values(state)) t.dispose();
}

function progressSink(option: FitOptions['progress']): { write(text: string): unknown } | null {
  if (option === false) return null;
  if (typeof option === 'object' && option !== null) return option;
  const proc = (globalThis as { process?: { stderr?: { isTTY?: boolean; write(s: string): unknown } } })
    .process;
  if (isBrowser || proc?.stderr === undefined) return null;
  if (option === true || proc.stderr.isTTY) return proc.stderr;
  return null;
}

/**
 * Trains `model` (PyTorch-style loop, Keras-style convenience): for each epoch, for each batch, zero the
 * gradients, forward, loss, backward, optimizer step — each step inside `tidy`, so memory stays flat —
 * then validation, callbacks, early stopping and checkpoints. Returns the history.
 */
export async function fit(model: Module<[Tensor], Tensor>, options: FitOptions): Promise<History> {
  const op = 'fit(model, options)';
  if (model === null || typeof model !== 'object' || typeof model.call !== 'function')
    fail(op, 'model must be a Module');
  if (!Number.isInteger(options.epochs) || options.epochs < 1)
    fail(`${op} options.epochs`, `expected a positive integer, got ${options.epochs}`);
  if (typeof options.loss !== 'function')
    fail(`${op} options.loss`, 'expected a function (output, target) => scalar tensor');
  if (options.optimizer === null || typeof options.optimizer?.step !== 'function')
    fail(`${op} options.optimizer`, 'expected an optimizer');
  const every = options.checkpoint?.everySteps;
  if (every !== undefined && (!Number.isInteger(every) || every < 1))
    fail(`${op} options.checkpoint.everySteps`, `expected a positive integer, got ${every}`);
  const es = options.earlyStopping;
  if (es !== undefined && (!Number.isInteger(es.patience) || es.patience < 0))
    fail(`${op} options.earlyStopping.patience`, `expected an integer ≥ 0, got ${es.patience}`);
  if (es?.monitor === 'valLoss' && options.validation === undefined)
    fail(`${op} options.earlyStopping.monitor`, "'valLoss' needs options.validation");

  const metricNames = Object.keys(options.metrics ?? {});
  const metricFns = metricNames.map((name) => onDevice(options.metrics![name]));
  const history: History = {
    epochs: [],
    loss: [],
    valLoss: [],
    metrics: {},
    valMetrics: {},
    steps: 0,
    stoppedEarly: false,
  };
  for (const name of metricNames) {
    history.metrics[name] = [];
    history.valMetrics[name] = [];
  }
  const sink = progressSink(options.progress);
  const yieldMs = options.yieldEveryMs ?? 16;
  let lastYield = Date.now();
  let best = Number.POSITIVE_INFINITY;
  let bestState: StateDict | undefined;
  let sinceBest = 0;
  // On a backend that reads asynchronously every read waits for the GPU, so values are read only as
  // often as something needs them: per batch for callbacks given the loss, per epoch for epoch
  // callbacks, the progress bar and early stopping, otherwise once at the end. Until then the loss and
  // metrics are summed on the device. Backends that read synchronously are read every batch.
  const perBatch = options.onBatchEnd !== undefined || options.afterStep !== undefined;
  const perEpoch = perBatch || options.onEpochEnd !== undefined || es !== undefined || sink !== null;
  const deferred: EpochRecord[] = [];
  let sums: WeightedSums | undefined;

  const maybeYield = async () => {
    if (Date.now() - lastYield >= yieldMs) {
      await nextTick();
      lastYield = Date.now();
    }
  };

  /** Reads the epochs' sums (one read for all of them) and appends them to the history. */
  const commit = async (records: EpochRecord[]): Promise<EpochInfo[]> => {
    const slots = 1 + metricNames.length;
    const read = await readScalars(records.flatMap((r) => r.sums.deviceValues()));
    return records.map((r, k) => {
      const [loss, ...ms] = r.sums.means(read.slice(k * slots, (k + 1) * slots));
      r.sums.dispose();
      if (!Number.isFinite(loss)) {
        fail(
          op,
          `the loss became ${loss} during epoch ${r.epoch}: lower the learning rate or check the data ` +
            '(the loss was summed on a backend that reads asynchronously, so the batch is not known)',
        );
      }
      const info: EpochInfo = { epoch: r.epoch, loss, metrics: {}, valMetrics: {} };
      metricNames.forEach((name, i) => {
        info.metrics[name] = ms[i];
      });
      if (r.val !== undefined) {
        info.valLoss = r.val.loss;
        info.valMetrics = r.val.metrics;
      }
      history.epochs.push(r.epoch);
      history.loss.push(info.loss);
      if (info.valLoss !== undefined) history.valLoss.push(info.valLoss);
      for (const name of metricNames) {
        history.metrics[name].push(info.metrics[name]);
        if (r.val !== undefined) history.valMetrics[name].push(info.valMetrics[name]);
      }
      return info;
    });
  };

  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      model.train();
      const it = iteratorOf(op, options.data, epoch);
      const epochSums = new WeightedSums(1 + metricNames.length);
      sums = epochSums;
      let batchIndex = 0;
      for (;;) {
        if (options.signal?.aborted) break;
        // The pull happens inside the step's scope: batches a generator makes on the fly are freed with
        // the step, while tensors made before fit (an array of batches) belong to no scope of ours.
        const stepLoss = await tidy(async () => {
          let result = it.next();
          if (result instanceof Promise) result = await result;
          if (result.done) return null;
          const [x, y] = unpack(op, result.value);
          options.optimizer.zeroGrad();
          const out = model.call(x);
          const loss = options.loss(out, y);
          if (!isTensor(loss) || loss.size !== 1) fail(`${op} options.loss`, 'must return a scalar tensor');
          loss.backward();
          options.optimizer.step();
          const n = x.ndim > 0 ? x.shape[0] : 1;
          const raw = noGrad(() =>
            metricFns.map((m, i) => checkMetric(`${op} options.metrics.${metricNames[i]}`, m(out, y))),
          );
          const scalars: Scalar[] = [loss, ...raw];
          if (!perBatch && !readableNow(scalars)) {
            epochSums.add(scalars, n);
            return Number.NaN;
          }
          // The loss and every metric in one read: one GPU round trip per step.
          const values = await readScalars(scalars);
          if (!Number.isFinite(values[0]))
            fail(
              op,
              `the loss became ${values[0]} at epoch ${epoch}, batch ${batchIndex}: lower the learning rate or check the data`,
            );
          epochSums.add(values, n);
          return values[0];
        });
        if (stepLoss === null) break;
        history.steps++;
        const info: BatchInfo = { epoch, batch: batchIndex, step: history.steps, loss: stepLoss };
        options.afterStep?.(info);
        if (every !== undefined && history.steps % every === 0) {
          const snapshot = await cloneToCpu(model.stateDict());
          disposeState(history.checkpoint);
          history.checkpoint = snapshot;
          await options.checkpoint?.onCheckpoint?.(snapshot, history.steps);
        }
        await options.onBatchEnd?.(info);
        batchIndex++;
        await maybeYield();
      }
      if (epochSums.count === 0) {
        if (options.signal?.aborted) break;
        fail(
          op,
          `epoch ${epoch} had no batches (a one-shot iterator is exhausted after one epoch: pass an array or a function returning a fresh iterable)`,
        );
      }
      const record: EpochRecord = { epoch, sums: epochSums };
      sums = undefined;
      if (options.validation !== undefined)
        record.val = await evaluate(model, options.validation, options.loss, options.metrics, epoch);
      if (!perEpoch && (epochSums.onDevice || deferred.length > 0)) {
        deferred.push(record);
        if (options.signal?.aborted) break;
        continue;
      }
      const [epochInfo] = await commit([record]);
      if (sink) sink.write(renderProgress(epoch + 1, options.epochs, epochInfo));
      await options.onEpochEnd?.(epochInfo);
      if (es !== undefined) {
        const monitored =
          (es.monitor ?? (options.validation ? 'valLoss' : 'loss')) === 'valLoss'
            ? epochInfo.valLoss!
            : epochInfo.loss;
        if (monitored < best - (es.minDelta ?? 0)) {
          best = monitored;
          history.bestEpoch = epoch;
          sinceBest = 0;
          if (es.restoreBest !== false) {
            disposeState(bestState);
            bestState = await cloneToCpu(model.stateDict());
          }
        } else if (++sinceBest >= Math.max(1, es.patience)) {
          history.stoppedEarly = true;
          break;
        }
      }
      if (options.signal?.aborted) break;
    }
    if (deferred.length > 0) await commit(deferred.splice(0));
    if (history.stoppedEarly && bestState !== undefined) model.loadStateDict(bestState);
  } finally {
    disposeState(bestState);
    sums?.dispose();
    for (const r of deferred) r.sums.dispose();
    if (sink) sink.write('\n');
  }
  return history;
}

/** One epoch's training sums (read when needed) and validation results. */
interface EpochRecord {
  epoch: number;
  sums: WeightedSums;
  val?: { loss: number; metrics: Record<string, number> };
}

/**
 * Mean loss (and metrics) of `model` over `data`, weighted by batch size, in eval mode without gradients.
 * Restores the model's previous training mode. On a backend that reads asynchronously the sums stay on
 * the device and are read once, at the end.
 */
export async function evaluate(
  model: Module<[Tensor], Tensor>,
  data: BatchSource,
  loss: (output: Tensor, target: Tensor) => Tensor,
  metrics: Record<string, Metric> = {},
  epoch = 0,
): Promise<{ loss: number; metrics: Record<string, number> }> {
  const op = 'evaluate(model, data)';
  const wasTraining = model.training;
  model.eval();
  const names = Object.keys(metrics);
  const fns = names.map((name) => onDevice(metrics[name]));
  const sums = new WeightedSums(1 + names.length);
  try {
    const it = iteratorOf(op, data, epoch);
    for (;;) {
      const more = await tidy(async () => {
        let result = it.next();
        if (result instanceof Promise) result = await result;
        if (result.done) return false;
        const batch = result.value;
        const { n, scalars } = noGrad(() => {
          const [x, y] = unpack(op, batch);
          const out = model.call(x);
          const lossValue = loss(out, y);
          if (!isTensor(lossValue) || lossValue.size !== 1) fail(`${op} loss`, 'must return a scalar tensor');
          const raw = fns.map((m, i) => checkMetric(`${op} metrics.${names[i]}`, m(out, y)));
          return { n: x.ndim > 0 ? x.shape[0] : 1, scalars: [lossValue, ...raw] };
        });
        sums.add(readableNow(scalars) ? await readScalars(scalars) : scalars, n);
        return true;
      });
      if (!more) break;
    }
    if (sums.count === 0) fail(op, 'data had no batches');
    const [mean, ...ms] = sums.means(await readScalars(sums.deviceValues()));
    return { loss: mean, metrics: Object.fromEntries(names.map((name, i) => [name, ms[i]])) };
  } finally {
    sums.dispose();
    model.train(wasTraining);
  }
}

/**
 * Fraction of rows whose argmax matches an int32 class target (or a 0.5 threshold for a single output),
 * read on the host: on a backend that reads asynchronously (WebGPU) use `accuracyTensor` and
 * `await t.data()`. In `fit` and `evaluate` it runs as `accuracyTensor`, so `metrics: { accuracy }`
 * works on every backend.
 */
export function accuracy(output: Tensor, target: Tensor): number {
  return tidy(() => accuracyTensor(output, target).item());
}

/**
 * `accuracy` computed on the output's device, as a float32 scalar tensor (nothing is read): the form for
 * backends that read asynchronously — `(await accuracyTensor(out, y).data())[0]`.
 */
export function accuracyTensor(output: Tensor, target: Tensor): Tensor {
  return tidy(() => {
    const predicted =
      output.ndim === 2 && output.shape[1] > 1 ? output.argmax(1) : output.reshape([-1]).gt(0.5).int();
    const truth = target.dtype === 'int32' ? target.reshape([-1]) : target.reshape([-1]).round().int();
    return predicted.eq(truth).float().mean();
  });
}
