/** Markdown tables of a run: what the README's Benchmarks section shows. */
import {
  peerNames,
  type BenchResults,
  type PeerName,
  type PeerResult,
  type WorkloadResult,
} from './results.js';
import { startupBudgetMs } from './suites/startup.js';

export const targets = {
  handWrittenRatio: 1.2,
  valueRatio: 3,
  /** Gradient operations against the function's own (the cheap-gradient principle). */
  gradientOpsRatio: 3,
  /** `grad` of the 10^5-node graph: time and heap growth. */
  gradMs: 1000,
  gradMB: 1024,
  /** The 10^5-node gradient module from the program: grad, then codegen. */
  gradCodegenMs: 2000,
  opsPerNPlusP: 3,
};

const count = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** Microseconds as ns, µs, ms or s with two or three significant digits. */
export function duration(us: number): string {
  const three = (x: number): string =>
    x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
  if (us < 1) return `${three(us * 1000)} ns`;
  if (us < 1000) return `${three(us)} µs`;
  if (us < 1e6) return `${three(us / 1000)} ms`;
  return `${three(us / 1e6)} s`;
}

const ms = (x: number): string => duration(x * 1000);
const megabytes = (x: number): string => (x >= 10 ? `${x.toFixed(0)} MB` : `${x.toFixed(1)} MB`);
const bytes = (x: number): string =>
  x >= 2 ** 20 ? `${(x / 2 ** 20).toFixed(2)} MB` : `${Math.max(1, Math.round(x / 1024))} KB`;
const ratio = (x: number): string => x.toFixed(2);
const scientific = (x: number): string =>
  x < 1000 ? count(x) : x.toExponential(1).replace('e+', 'e');
/** An agreement figure; null stands for NaN (JSON has no NaN): the tool's gradient has a NaN. */
export const relative = (x: number | null | undefined): string =>
  x === undefined
    ? '—'
    : x === null || Number.isNaN(x)
      ? 'NaN'
      : x === 0
        ? '0'
        : x.toExponential(0);

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

export function peer(workload: WorkloadResult, name: PeerName): PeerResult | undefined {
  return workload.peers.find((p) => p.peer === name);
}

/**
 * ddx's gradient time over another contender's in each process that timed both: the workload's
 * own process first, then its forks (forks.ts). Against `value`, the faster of the two value
 * functions (hand-written and ddx's own): the stricter comparison.
 */
export function processRatios(workload: WorkloadResult, name: 'hand-written' | 'value'): number[] {
  const ratios: number[] = [];
  const ddx = peer(workload, 'ddx')?.medianUs;
  const times = (name === 'value' ? ['value', 'ddx value'] : [name])
    .map((other) => peer(workload, other as PeerName)?.medianUs)
    .filter((us): us is number => us !== undefined);
  if (ddx !== undefined && times.length > 0) ratios.push(ddx / Math.min(...times));
  for (const fork of workload.forks ?? []) {
    ratios.push(
      fork.ddx / (name === 'value' ? Math.min(fork.value, fork.ddxValue) : fork.handWritten),
    );
  }
  return ratios;
}

/**
 * The median of `processRatios` (of an even count, the larger middle one: a target is judged
 * on the less flattering of the two).
 */
export function ratioTo(
  workload: WorkloadResult,
  name: 'hand-written' | 'value',
): number | undefined {
  const ratios = processRatios(workload, name).sort((a, b) => a - b);
  return ratios[ratios.length >> 1];
}

const shownPeers = (results: BenchResults): PeerName[] =>
  peerNames.filter((name) => results.workloads.some((w) => peer(w, name) !== undefined));

function timeCell(result: PeerResult | undefined): string {
  if (result === undefined) return '—';
  if (result.status === 'dnf') return `DNF: ${result.note}`;
  return duration(result.medianUs!);
}

export function gradientTable(results: BenchResults): string {
  const names = shownPeers(results);
  const header = ['workload', 'N', 'P', ...names, 'ddx / hand-written', 'ddx / value'];
  const rows = results.workloads.map((w) => [
    w.name,
    count(w.N),
    count(w.P),
    ...names.map((name) => timeCell(peer(w, name))),
    mark(ratioTo(w, 'hand-written'), targets.handWrittenRatio),
    mark(ratioTo(w, 'value'), targets.valueRatio),
  ]);
  return table(header, rows);
}

/** A ratio, bold with its target when it misses it. */
function mark(value: number | undefined, target: number): string {
  if (value === undefined) return '—';
  return value > target ? `**${ratio(value)}** (target ≤ ${target})` : ratio(value);
}

/** Each process's ratios (`processRatios`), for the workloads timed in more than one. */
export function processTable(results: BenchResults): string {
  const list = (values: readonly number[]): string => values.map(ratio).join(', ');
  const rows = results.workloads
    .filter((w) => (w.forks?.length ?? 0) > 0)
    .map((w) => [w.name, list(processRatios(w, 'hand-written')), list(processRatios(w, 'value'))]);
  return table(['workload', 'ddx / hand-written', 'ddx / value'], rows);
}

export function agreementTable(results: BenchResults): string {
  const names = shownPeers(results).filter(
    (name) =>
      name !== 'ddx' && results.workloads.some((w) => peer(w, name)?.computes === 'gradient'),
  );
  const rows = results.workloads.map((w) => [
    w.name,
    ...names.map((name) => {
      const result = peer(w, name);
      return result?.status === 'dnf' ? 'DNF' : relative(result?.agreement);
    }),
  ]);
  return table(['workload', ...names], rows);
}

export function setupTable(results: BenchResults): string {
  const setup = (w: WorkloadResult, name: PeerName): string => {
    const result = peer(w, name);
    if (result === undefined) return '—';
    if (result.status === 'dnf' && result.setupMs === undefined) return 'DNF';
    return result.setupMs === undefined ? '—' : ms(result.setupMs);
  };
  const first = (w: WorkloadResult, name: PeerName): string => {
    const result = peer(w, name);
    return result?.coldMs === undefined
      ? result?.status === 'dnf'
        ? 'DNF'
        : '—'
      : ms(result.coldMs);
  };
  const header = [
    'workload',
    'ddx grad + codegen',
    'ddx module import',
    'ddx first call',
    'hand-written first call',
    'math.js derivatives + compile',
    'TF.js load',
    'TF.js first call',
    'ddx warm-up',
  ];
  const rows = results.workloads.map((w) => [
    w.name,
    gradCodegenCell(w),
    setup(w, 'ddx'),
    first(w, 'ddx'),
    first(w, 'hand-written'),
    setup(w, 'math.js'),
    setup(w, 'TF.js'),
    first(w, 'TF.js'),
    warmUpCell(w),
  ]);
  return table(header, rows);
}

/**
 * grad + codegen as `ddx gen` runs them (Node's default flags, `stages`), then as measured in the
 * workload's own process (`--no-concurrent-recompilation`: V8 compiles on the main thread).
 */
function gradCodegenCell(w: WorkloadResult): string {
  const measured = ms(w.grad.ms + w.codegen.ms);
  if (w.stages === undefined) return measured;
  return `${ms(w.stages.grad.ms + w.stages.codegen.ms)} (${measured} no-concurrent)`;
}

/** The warm-up in all, and ddx's gradient's own time alone (and whether it settled in it). */
function warmUpCell(w: WorkloadResult): string {
  const all = `${w.warmUpSeconds.toFixed(1)} s`;
  const ddx = w.peers.find((p) => p.peer === 'ddx');
  if (ddx?.warmUpSeconds === undefined) return all;
  const alone = `ddx ${ddx.warmUpSeconds.toFixed(1)} s alone${ddx.settled ? '' : ', unsettled'}`;
  return `${all} (${alone})`;
}

export function transformTable(results: BenchResults): string {
  const header = [
    'workload',
    'N',
    'P',
    'N + P',
    'N × P',
    'function ops',
    'gradient ops',
    'gradient ops / (N + P)',
    'source',
    'parse',
    'grad',
    'codegen',
    'module',
  ];
  const phase = (p: { ms: number; heapMB: number }): string =>
    `${ms(p.ms)}, ${megabytes(p.heapMB)}`;
  const rows = results.workloads.map((w) => [
    w.name,
    count(w.N),
    count(w.P),
    count(w.N + w.P),
    scientific(w.N * w.P),
    count(w.functionOps),
    count(w.gradientOps),
    ratio(w.gradientOps / (w.N + w.P)),
    bytes(w.sourceBytes),
    phase(w.parse),
    phase(w.grad),
    phase(w.codegen),
    bytes(w.moduleBytes),
  ]);
  return table(header, rows);
}

export interface TargetRow {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

export function targetRows(results: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const processes = Math.max(0, ...results.workloads.map((w) => processRatios(w, 'value').length));
  const each = processes > 1 ? `; each the median of ${processes} processes` : '';
  const ratios = (name: 'hand-written' | 'value', limit: number, label: string): void => {
    const measured = results.workloads
      .map((w) => ({ w, r: ratioTo(w, name) }))
      .filter((x): x is { w: WorkloadResult; r: number } => x.r !== undefined);
    if (measured.length === 0) return;
    const missed = measured.filter((x) => x.r > limit);
    const worst = measured.reduce((a, b) => (b.r > a.r ? b : a));
    rows.push({
      target: `${label} ≤ ${limit}`,
      measured:
        (missed.length === 0
          ? `at most ${ratio(worst.r)} (${worst.w.name})`
          : missed.map((x) => `${ratio(x.r)} on ${x.w.name}`).join('; ')) + each,
      met: missed.length === 0,
    });
  };
  ratios('hand-written', targets.handWrittenRatio, 'ddx gradient / hand-written');
  ratios('value', targets.valueRatio, 'ddx gradient / value function');
  if (results.workloads.length > 0) {
    const worst = results.workloads.reduce((a, b) =>
      b.gradientOps / b.functionOps > a.gradientOps / a.functionOps ? b : a,
    );
    const worstRatio = worst.gradientOps / worst.functionOps;
    rows.push({
      target: `gradient ops ≤ ${targets.gradientOpsRatio} × function ops, every workload`,
      measured: `at most ${ratio(worstRatio)} (${worst.name}: ${count(worst.gradientOps)} against ${count(worst.functionOps)})`,
      met: worstRatio <= targets.gradientOpsRatio,
    });
  }
  const big = results.workloads.find((w) => w.key === 'graph-1e5');
  if (big) {
    rows.push({
      target: `grad of 10^5 nodes < ${targets.gradMs / 1000} s and < ${targets.gradMB / 1024} GB`,
      measured: `${ms(big.grad.ms)}, heap growth ${megabytes(big.grad.heapMB)}`,
      met: big.grad.ms < targets.gradMs && big.grad.heapMB < targets.gradMB,
    });
    const total = big.grad.ms + big.codegen.ms;
    const sameProcess = `${ms(big.grad.ms)} + ${ms(big.codegen.ms)} = ${ms(total)}`;
    const stages = big.stages;
    if (stages === undefined) {
      rows.push({
        target: `grad + codegen of 10^5 nodes < ${targets.gradCodegenMs / 1000} s`,
        measured: sameProcess,
        met: total < targets.gradCodegenMs,
      });
    } else {
      const cli = stages.grad.ms + stages.codegen.ms;
      rows.push({
        target: `grad + codegen of 10^5 nodes < ${targets.gradCodegenMs / 1000} s, as \`ddx gen\` runs them (Node's default flags)`,
        measured: `${ms(stages.grad.ms)} + ${ms(stages.codegen.ms)} = ${ms(cli)} (median of ${stages.processes} fresh processes); with \`--no-concurrent-recompilation\`: ${sameProcess}`,
        met: cli < targets.gradCodegenMs,
      });
    }
  }
  const lecture = results.workloads.find((w) => w.key === 'table-1e4-1e5');
  if (lecture) {
    const bound = targets.opsPerNPlusP * (lecture.N + lecture.P);
    const backward = lecture.gradientOps - lecture.functionOps;
    rows.push({
      target: `N = 10^4, P = 10^5 completes, gradient ops ≤ 3 (N + P) = ${count(bound)}`,
      measured:
        `gradient program ${count(lecture.gradientOps)} ops ` +
        `(${ratio(lecture.gradientOps / (lecture.N + lecture.P))} (N + P)); ` +
        `beyond the function's own ${count(lecture.functionOps)}: ${count(backward)}`,
      met: lecture.gradientOps <= bound,
    });
  }
  return rows;
}

export function targetTable(results: BenchResults): string {
  return table(
    ['target', 'measured', 'met'],
    targetRows(results).map((row) => [row.target, row.measured, row.met ? 'yes' : '**missed**']),
  );
}

export function parseTable(results: BenchResults): string {
  return table(
    ['program', 'size', 'statements', 'first parse', 'median', 'peak heap'],
    results.parse.map((r) => [
      r.label,
      bytes(r.bytes),
      count(r.statements),
      ms(r.firstMs),
      ms(r.medianMs),
      r.peakHeapMB === undefined ? '— (worker)' : megabytes(r.peakHeapMB),
    ]),
  );
}

export function startupTable(results: BenchResults): string {
  return table(
    ['command', 'median', 'min', 'p90'],
    results.startup.map((r) => [r.command, ms(r.medianMs), ms(r.minMs), ms(r.p90Ms)]),
  );
}

export function header(results: BenchResults): string {
  const m = results.machine;
  const versions = Object.entries(results.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return [
    `Measured ${results.date} with \`${results.command}\` (${Math.round(results.wallSeconds)} s wall)` +
      `${results.commit ? ` at ${results.commit}` : ''}.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}; Node ${m.node} (V8 ${m.v8}); ` +
      `load average ${m.loadAverage.join(', ')} at the start (the machine is shared).`,
    `Versions: ${versions}.`,
  ].join('\n');
}

/** Notes of the peers that set themselves up in a particular way, and every DNF in full. */
function notes(results: BenchResults): string {
  const lines = new Set<string>();
  for (const w of results.workloads) {
    for (const p of w.peers) {
      if (p.status === 'ok' && p.note) lines.add(`- ${p.peer}: ${p.note}.`);
    }
  }
  return [...lines].join('\n');
}

export function markdown(results: BenchResults): string {
  const forked = results.workloads.some((w) => (w.forks?.length ?? 0) > 0);
  const startup = results.startup.find((r) => r.command.startsWith('ddx eval'));
  return [
    header(results),
    ...(results.failures && results.failures.length > 0
      ? ['', '**Not measured:**', '', ...results.failures.map((failure) => `- ${failure}`)]
      : []),
    '',
    '#### Time per gradient (median of interleaved rounds)',
    '',
    gradientTable(results),
    '',
    notes(results),
    ...(forked
      ? [
          '',
          '#### ddx gradient / hand-written and / value in each process',
          '',
          // Lines of the README's width (the report is pasted there as it is).
          [
            'The times above are those of the first process, where every tool ran. The ratios above',
            'are the medians of these, each taken within one process: the first, then forks timing',
            "only ddx's gradient, the hand-written one and the value functions, round by round over",
            'the workloads (`--forks`).',
          ].join('\n'),
          '',
          processTable(results),
        ]
      : []),
    '',
    '#### Agreement with ddx (max relative difference over the gradient)',
    '',
    agreementTable(results),
    '',
    '#### Set-up and first call',
    '',
    setupTable(results),
    '',
    '#### ddx: N + P against N × P, and each stage (time, heap growth)',
    '',
    transformTable(results),
    '',
    '#### Targets',
    '',
    targetTable(results),
    ...(results.parse.length > 0 ? ['', '#### Parsing', '', parseTable(results)] : []),
    ...(results.startup.length > 0
      ? [
          '',
          '#### Start-up',
          '',
          startupTable(results),
          ...(startup
            ? [
                '',
                `\`ddx eval\` median ${ms(startup.medianMs)}: ` +
                  `${startup.medianMs <= startupBudgetMs ? 'within' : '**over**'} the ${startupBudgetMs} ms budget.`,
              ]
            : []),
        ]
      : []),
    '',
  ].join('\n');
}
