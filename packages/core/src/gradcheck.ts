import { grad, noGrad } from './autograd';
import { fail, fmtShape } from './errors';
import { Generator } from './random';
import { tidy } from './scope';
import { Tensor } from './tensor';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-3, suited to float32). */
  eps?: number;
  /** Allowed |analytic − numeric| ≤ atol + rtol·|numeric| (defaults 1e-3 and 1e-2). */
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

/**
 * Compares the gradient autograd computes for a scalar function with central finite differences
 * (f(x + h) − f(x − h)) / 2h. Contributors: the op suite calls this for every op you add.
 */
export function gradcheck(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckReport {
  const {
    eps = 1e-3,
    atol = 1e-3,
    rtol = 1e-2,
    maxElements = 64,
    directions = 4,
    seed = 0,
    raise = true,
  } = options;
  return tidy(() => {
    const analytic = grad(f)(...inputs).map((g) => Array.from(g.dataSync()));
    const base = inputs.map((x) => Float32Array.from(x.dataSync()));
    const evaluate = (values: Float32Array[]) =>
      noGrad(() => {
        const moved = values.map((v, i) => tensorOn(inputs[i], v));
        return f(...moved).item();
      });
    const report: GradcheckReport = { ok: true, maxAbsError: 0 };
    const judge = (input: number, index: number | 'direction', a: number, n: number) => {
      const err = Math.abs(a - n);
      if (err > report.maxAbsError) report.maxAbsError = err;
      if (!(err <= atol + rtol * Math.abs(n))) {
        if (report.ok || err > Math.abs((report.worst?.analytic ?? 0) - (report.worst?.numeric ?? 0))) {
          report.worst = { input, index, analytic: a, numeric: n };
        }
        report.ok = false;
      }
    };
    const rng = new Generator(seed);
    inputs.forEach((x, i) => {
      if (x.size <= maxElements) {
        for (let j = 0; j < x.size; j++) {
          const plus = base.map((b) => b.slice());
          const minus = base.map((b) => b.slice());
          plus[i][j] += eps;
          minus[i][j] -= eps;
          judge(i, j, analytic[i][j], (evaluate(plus) - evaluate(minus)) / (2 * eps));
        }
      } else {
        for (let d = 0; d < directions; d++) {
          const v = Array.from({ length: x.size }, () => rng.normal());
          const plus = base.map((b) => b.slice());
          const minus = base.map((b) => b.slice());
          for (let j = 0; j < x.size; j++) {
            plus[i][j] += eps * v[j];
            minus[i][j] -= eps * v[j];
          }
          const numeric = (evaluate(plus) - evaluate(minus)) / (2 * eps);
          const directional = v.reduce((acc, vj, j) => acc + vj * analytic[i][j], 0);
          judge(i, 'direction', directional, numeric);
        }
      }
    });
    if (!report.ok && raise) {
      const w = report.worst!;
      fail(
        'gradcheck(f, inputs)',
        `gradient of input ${w.input} ${fmtShape(inputs[w.input].shape)} at ${w.index} differs: ` +
          `autograd ${w.analytic}, finite differences ${w.numeric} (atol ${atol}, rtol ${rtol})`,
      );
    }
    return report;
  });
}

/** A float32 tensor with `like`'s shape and backend holding `values`. */
function tensorOn(like: Tensor, values: Float32Array): Tensor {
  return Tensor.fromBuffer(like.backend, like.backend.upload(values, 'float32'), like.shape, 'float32');
}
