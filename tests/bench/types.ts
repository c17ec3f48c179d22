import type { PeerName } from './peers';
import type { TimingOptions } from './timing';

/** What every case gets from the runner. */
export interface BenchContext {
  timing: TimingOptions;
  /** Progress lines (to stderr, so the table on stdout stays clean). */
  log: (message: string) => void;
}

/** One case's measurements: our median time and each peer's, on the same machine in the same run. */
export interface CaseResult {
  name: string;
  oursMs: number;
  peers: { peer: PeerName; ms: number }[];
  /** Floating-point operations per call, when the case has a meaningful count (matmul: 2·n³). */
  flops?: number;
  /** The goal set in the issue, if any: ratio against `peer` must reach `minRatio`. */
  target?: { peer: PeerName; minRatio: number };
}

export interface BenchCase {
  name: string;
  run: (ctx: BenchContext) => Promise<CaseResult>;
}
