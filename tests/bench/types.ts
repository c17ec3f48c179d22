import type { GpuSetup } from './gpu';
import type { PeerName } from './peers';
import type { TimingOptions } from './timing';

/** What every case gets from the runner. */
export interface BenchContext {
  timing: TimingOptions;
  /** Progress lines (to stderr, so the table on stdout stays clean). */
  log: (message: string) => void;
  /** Dawn, our WebGPU backend and tfjs-webgpu; present when the run includes WebGPU cases and an adapter exists. */
  webgpu?: GpuSetup;
}

/** One peer's figure in a case; `ms` is null when the peer could not run, and `reason` says why. */
export interface PeerResult {
  peer: PeerName;
  ms: number | null;
  reason?: string;
}

/** One case's measurements: our median time and each peer's, on the same machine in the same run. */
export interface CaseResult {
  name: string;
  oursMs: number;
  peers: PeerResult[];
  /** Floating-point operations per call, when the case has a meaningful count (matmul: 2·n³). */
  flops?: number;
  /** The goal set in the issue, if any: ratio against `peer` must reach `minRatio`. */
  target?: { peer: PeerName; minRatio: number };
}

export interface BenchCase {
  name: string;
  /** 'webgpu': needs an adapter (skipped, with a hint, when there is none, or with `--no-webgpu`). */
  needs?: 'webgpu';
  run: (ctx: BenchContext) => Promise<CaseResult>;
}
