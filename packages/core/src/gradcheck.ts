import { grad, noGrad } from './autograd';
import { fail, fmtShape } from './errors';
import { Generator } from './random';
import { tidy } from './scope';
import { Tensor } from './tensor';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-3, suited to float32). */
  eps?: number;
  /**
   * Allowed |analytic − numeric| ≤ atol + rtol·|numeric| + resolution (defaults 1e-3 and 1e-2), where the
   * resolution is what a float32 f can resolve: a few ulps of |f| divided by 2·eps.
   */
  atol?: number;
  rtol?: number;
  /** Inputs with more elements are checked along `directions` random directions instead of per element. */
  maxElements?: number;
  directions?: number;
  seed?: number;
  /** Throw a descriptive error on mismatch (default true); otherwise return the report. */
  raise?: boolean;
}

export interface GradcheckReport {
  ok: boolean;
  maxAbsError: number;
  /** The worst mismatch found, if any. */
  worst?: { input: number; index: number | 'direction'; analytic: number; numeric: number };
}

type ScalarFn = (...inputs: Tensor[]) => Tensor;

/** One finite-difference probe: perturb input `input` along `direction` (a one-hot or random vector). */
interface Probe {
  input: number;
  index: number | 'direction';
  direction: Float64Array;
}

/** The probes for every input: one per element for small inputs, random directions for large ones. */
function probes(inputs: readonly Tensor[], maxElements: number, directions: number, seed: number): Probe[] {
  const rng = new Generator(seed);
  const out: Probe[] = [];
  inputs.forEach((x, i) => {
    if (x.size <= maxElements) {
      for (let j = 0; j < x.size; j++) {
        const direction = new Float64Array(x.size);
        direction[j] = 1;
        out.push({ input: i, index: j, direction });
      }
    } else {
      for (let d = 0; d < directions; d++) {
        out.push({
          input: i,
          index: 'direction',
          direction: Float64Array.from({ length: x.size }, () => rng.normal()),
        });
      }
    }
  });
  return out;
}

function perturbed(base: readonly Float32Array[], probe: Probe, step: number): Float32Array[] {
  return base.map((b, i) => {
    if (i !== probe.input) return b;
    const moved = b.slice();
    for (let j = 0; j < moved.length; j++) moved[j] += step * probe.direction[j];
    return moved;
  });
}

/** Judges each probe against the analytic gradient and keeps the report (shared by both variants). */
function checker(inputs: readonly Tensor[], options: GradcheckOptions) {
  const { eps = 1e-3, atol = 1e-3, rtol = 1e-2, raise = true } = options;
  const report: GradcheckReport = { ok: true, maxAbsError: 0 };
  let worstExcess = 0;
  return {
    eps,
    report,
    judge(probe: Probe, analytic: readonly number[][], fPlus: number, fMinus: number): void {
      const numeric = (fPlus - fMinus) / (2 * eps);
      let a = 0;
      const g = analytic[probe.input];
      for (let j = 0; j < g.length; j++) a += probe.direction[j] * g[j];
      // f is float32, so a finite difference cannot resolve less than a few ulps of f over 2·eps.
      const resolution = (4 * Math.max(Math.abs(fPlus), Math.abs(fMinus)) * 2 ** -23) / (2 * eps);
      const err = Math.abs(a - numeric);
      report.maxAbsError = Math.max(report.maxAbsError, err);
      const allowed = atol + rtol * Math.abs(numeric) + resolution;
      if (!(err <= allowed)) {
        report.ok = false;
        if (!(err - allowed <= worstExcess)) {
          worstExcess = err - allowed;
          report.worst = { input: probe.input, index: probe.index, analytic: a, numeric };
        }
      }
    },
    finish(): GradcheckReport {
      if (!report.ok && raise) {
        const w = report.worst!;
        fail(
          'gradcheck(f, inputs)',
          `gradient of input ${w.input} ${fmtShape(inputs[w.input].shape)} at ${w.index} differs: ` +
            `autograd ${w.analytic}, finite differences ${w.numeric} (atol ${atol}, rtol ${rtol})`,
        );
      }
      return report;
    },
  };
}

/** A float32 tensor with `like`'s shape and backend holding `values`. */
function tensorOn(like: Tensor, values: Float32Array): Tensor {
  return Tensor.fromBuffer(like.backend, like.backend.upload(values, 'float32'), like.shape, 'float32');
}

/**
 * Compares the gradient autograd computes for a scalar function with central finite differences
 * (f(x + h) − f(x − h)) / 2h. Contributors: the op suite calls this for every op you add. Needs a
 * backend that reads synchronously; use `gradcheckAsync` on WebGPU.
 */
export function gradcheck(
  f: ScalarFn,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckReport {
  const { maxElements = 64, directions = 4, seed = 0 } = options;
  return tidy(() => {
    const check = checker(inputs, options);
    const analytic = grad(f)(...inputs).map((g) => Array.from(g.dataSync()));
    const base = inputs.map((x) => Float32Array.from(x.dataSync()));
    const evaluate = (values: Float32Array[]) =>
      tidy(() => noGrad(() => f(...values.map((v, i) => tensorOn(inputs[i], v))).item()));
    for (const probe of probes(inputs, maxElements, directions, seed)) {
      check.judge(
        probe,
        analytic,
        evaluate(perturbed(base, probe, check.eps)),
        evaluate(perturbed(base, probe, -check.eps)),
      );
    }
    return check.finish();
  });
}

/** `gradcheck` for backends that only read asynchronously (WebGPU): the same probes and tolerances. */
export async function gradcheckAsync(
  f: ScalarFn,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): Promise<GradcheckReport> {
  const { maxElements = 64, directions = 4, seed = 0 } = options;
  const check = checker(inputs, options);
  const grads = grad(f)(...inputs);
  const analytic = await Promise.all(grads.map(async (g) => Array.from(await g.data())));
  for (const g of grads) g.dispose();
  const base = await Promise.all(inputs.map(async (x) => Float32Array.from(await x.data())));
  const evaluate = async (values: Float32Array[]) => {
    const out = tidy(() => noGrad(() => f(...values.map((v, i) => tensorOn(inputs[i], v)))));
    const value = (await out.data())[0];
    out.dispose();
    return value;
  };
  for (const probe of probes(inputs, maxElements, directions, seed)) {
    const fPlus = await evaluate(perturbed(base, probe, check.eps));
    check.judge(probe, analytic, fPlus, await evaluate(perturbed(base, probe, -check.eps)));
  }
  return check.finish();
}
