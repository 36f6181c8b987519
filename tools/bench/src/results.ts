/** The shape of results/latest.json: what a run measured, for the report and the chart. */

/** The tools compared, in table order. */
export const peerNames = [
  'ddx',
  'hand-written',
  'value',
  'ddx value',
  'finite differences',
  'math.js',
  'TF.js',
] as const;
export type PeerName = (typeof peerNames)[number];

export interface PeerResult {
  readonly peer: PeerName;
  /** What a call computes: a whole gradient, or only the function's value (for reference). */
  readonly computes: 'gradient' | 'value';
  readonly status: 'ok' | 'dnf';
  /** How far a DNF got, or how a finished peer was set up (e.g. math.js's simplify option). */
  readonly note?: string;
  /** Setting the peer up: ddx's import of the generated module, math.js's derivatives, ... */
  readonly setupMs?: number;
  readonly coldMs?: number;
  /** Median microseconds per call (see timing.ts). */
  readonly medianUs?: number;
  readonly rangeUs?: readonly [number, number];
  readonly rounds?: number;
  /** Fast contenders: seconds warmed up alone before the interleaved warm-up (timing.ts). */
  readonly warmUpSeconds?: number;
  /** Whether it settled alone (no 5% gain for the patience) rather than running out of time. */
  readonly settled?: boolean;
  /**
   * Max relative difference of this peer's gradient against ddx's (see agreement.ts); null when
   * it is NaN (a NaN in the gradient), which JSON cannot hold.
   */
  readonly agreement?: number | null;
}

export interface Phase {
  readonly ms: number;
  /** Heap growth over the phase (heap used after it, before any collection, minus before). */
  readonly heapMB: number;
}

export interface WorkloadResult {
  readonly key: string;
  readonly name: string;
  /** Computation nodes (bindings and the result), as the lecture counts them. */
  readonly N: number;
  /** Parameters differentiated. */
  readonly P: number;
  readonly sourceBytes: number;
  readonly parse: Phase;
  readonly grad: Phase;
  readonly codegen: Phase;
  readonly moduleBytes: number;
  /** Distinct operations of the function's DAG, and of the whole gradient program's. */
  readonly functionOps: number;
  readonly gradientOps: number;
  readonly warmUpSeconds: number;
  readonly peers: readonly PeerResult[];
  /**
   * ddx's stages again, each in a fresh process with Node's default flags, as `ddx gen` runs
   * them (V8 optimises on a background thread): the run with the median grad + codegen.
   */
  readonly stages?: Stages;
  /**
   * ddx's gradient, the hand-written one and the value functions timed again, each time alone in
   * a fresh process (forks.ts): the ratios are taken in each process, this one first.
   */
  readonly forks?: readonly ForkTiming[];
}

/** One fork's median µs per call of each contender (forks.ts). */
export interface ForkTiming {
  readonly ddx: number;
  readonly handWritten: number;
  readonly value: number;
  readonly ddxValue: number;
}

/** Parse, grad and codegen of one workload in one process (run-workload.ts, `runStages`). */
export interface Stages {
  readonly parse: Phase;
  readonly grad: Phase;
  readonly codegen: Phase;
  /** Fresh processes the median was taken over. */
  readonly processes: number;
}

export interface ParseResult {
  readonly label: string;
  readonly bytes: number;
  readonly statements: number;
  readonly firstMs: number;
  readonly medianMs: number;
  /** Peak heap from --trace-gc; absent for the deep case, parsed in a worker. */
  readonly peakHeapMB?: number;
}

export interface StartupResult {
  readonly command: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly p90Ms: number;
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly os: string;
  readonly node: string;
  readonly v8: string;
  /** The load average when the run started: the machine is shared. */
  readonly loadAverage: readonly number[];
}

export interface BenchResults {
  readonly command: string;
  readonly date: string;
  readonly quick: boolean;
  readonly wallSeconds: number;
  readonly commit?: string;
  readonly machine: Machine;
  /** Every peer's and tool's version (package name → version). */
  readonly versions: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, number | string | boolean>>;
  readonly workloads: readonly WorkloadResult[];
  readonly parse: readonly ParseResult[];
  readonly startup: readonly StartupResult[];
  /** What could not be measured (a crashed child process, a command that failed), and why. */
  readonly failures?: readonly string[];
}
