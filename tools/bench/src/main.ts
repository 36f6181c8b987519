/**
 * The benchmark's one entry point (`npm run bench [-- options]` from the workspace root).
 *
 *   --quick              the quick set (under 3 minutes): fewer workloads, rounds and caps
 *   --only <keys>        only these workloads (comma-separated keys of workloads.ts)
 *   --suite <names>      gradients, parse, startup (comma-separated; default all three)
 *   --chunk-size <ops>   passed to generateModule (the codegen README's chunk-size study)
 *   --forks <n>          processes timing each workload's gradient (default 3, 1 with --quick)
 *   --runs <n>           start-up: runs per command (default 20, 10 with --quick)
 *   --strict             start-up: exit 1 when `ddx eval` is over its 150 ms budget
 *   --out <directory>    where results go (default: results/ for a full run of everything,
 *                        results/quick/ for --quick, results/partial/ otherwise)
 *
 * Each workload and each parse case runs in a child process of its own, with this process's
 * Node flags (`--no-concurrent-recompilation --expose-gc`), so one cannot slow another. Each
 * workload's gradient is then timed again in forks (forks.ts), round by round over the workloads,
 * so that a slow spell of the machine falls on one process of several workloads, not on all of
 * one workload's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartSvg } from './chart.js';
import { runChild } from './child.js';
import { commit, machine, versions } from './machine.js';
import { markdown } from './report.js';
import { roundOptions, runFork } from './forks.js';
import type {
  BenchResults,
  ForkTiming,
  ParseResult,
  Stages,
  StartupResult,
  WorkloadResult,
} from './results.js';
import { fullCaps, quickCaps } from './caps.js';
import { runStages, runWorkload } from './run-workload.js';
import { parseCases, parseChild, parseResult } from './suites/parse.js';
import { startupBudgetMs, startupSuite } from './suites/startup.js';
import { benchWorkloads } from './workloads.js';

const script = fileURLToPath(import.meta.url);
const packageRoot = join(dirname(script), '..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const usage = `usage: npm run bench [-- options]

  --quick              the quick set (under 3 minutes): fewer workloads, rounds and caps
  --only <keys>        only these workloads (comma-separated keys of workloads.ts)
  --suite <names>      gradients, parse, startup (comma-separated; default all three)
  --chunk-size <ops>   passed to generateModule (the codegen README's chunk-size study)
  --forks <n>          processes timing each workload's gradient (default 3, 1 with --quick)
  --runs <n>           start-up: runs per command (default 20, 10 with --quick)
  --strict             start-up: exit 1 when \`ddx eval\` is over its 150 ms budget
  --out <directory>    where results go (default: results/ for a full run of everything,
                       results/quick/ for --quick, results/partial/ otherwise)
  --help               this text

With no options it runs everything (about 50 minutes).
`;
// Anything else starting with -- is a mistake: a full run is long, so it must not start by accident.
const known = new Set([
  '--quick',
  '--only',
  '--suite',
  '--chunk-size',
  '--forks',
  '--runs',
  '--strict',
  '--out',
]);
const internal = new Set(['--workload', '--parse-child', '--stages-child', '--fork-child']);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(usage);
  process.exit(0);
}
const unknown = args.find((arg) => arg.startsWith('-') && !known.has(arg) && !internal.has(arg));
if (unknown !== undefined) {
  process.stderr.write(`bench: unknown option ${unknown}\n\n${usage}`);
  process.exit(2);
}
const quick = args.includes('--quick');
const chunkOption = option('--chunk-size');
const chunkSize = chunkOption === undefined ? undefined : Number(chunkOption);
const forksOption = option('--forks');
const forks = forksOption === undefined ? (quick ? 1 : 3) : Number(forksOption);
if (!(Number.isInteger(forks) && forks >= 1)) {
  process.stderr.write(`bench: --forks takes a whole number from 1 up, not ${forksOption}\n`);
  process.exit(2);
}
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Runs this script in a child process; resolves with the payload of its `RESULT ` line. */
function child(
  childArgs: string[],
  flags: string[],
  timeoutMs: number,
): Promise<{ result: string; stdout: string }> {
  return runChild(script, childArgs, { flags, timeoutMs });
}

/**
 * What failed (a crashed child, a command that would not start): kept in the results and the
 * report, so one failure does not cost the rest of a half-hour run.
 */
const failures: string[] = [];
async function attempt(what: string, task: () => unknown): Promise<void> {
  try {
    await task();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`${what}: ${message.split('\n').slice(0, 3).join(' ')}`);
    log(`FAILED ${what}: ${message}`);
  }
}

async function gradientsSuite(): Promise<WorkloadResult[]> {
  const only = option('--only')?.split(',');
  const keys = benchWorkloads
    .filter((w) => (only ? only.includes(w.key) : quick ? w.quick : true))
    .map((w) => w.key);
  const caps = quick ? quickCaps : fullCaps;
  // Generous: a workload's caps and warm-up, plus its transform and module import.
  const timeoutMs =
    (caps.setupMs + 2 * caps.callMs + 3 * caps.measureMs) * 2 + caps.warmUpMaxSeconds * 2000;
  const rows: WorkloadResult[] = [];
  for (const key of keys) {
    log(`— ${key}`);
    const childArgs = ['--workload', key, ...(quick ? ['--quick'] : [])];
    if (chunkSize !== undefined) childArgs.push('--chunk-size', String(chunkSize));
    const started = performance.now();
    await attempt(`workload ${key}`, async () => {
      const { result } = await child(childArgs, process.execArgv, timeoutMs);
      const row = JSON.parse(result) as WorkloadResult;
      const stages = await stagesAsCli(key);
      rows.push(stages === undefined ? row : { ...row, stages });
      log(`  ${key}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
  }
  const timed = new Map<string, ForkTiming[]>(rows.map((row) => [row.key, []]));
  for (let fork = 2; fork <= forks; fork++) {
    for (const row of rows) {
      const childArgs = ['--fork-child', row.key, ...(quick ? ['--quick'] : [])];
      if (chunkSize !== undefined) childArgs.push('--chunk-size', String(chunkSize));
      await attempt(`fork ${fork} of ${row.key}`, async () => {
        const { result } = await child(childArgs, process.execArgv, timeoutMs);
        const timing = JSON.parse(result) as ForkTiming;
        timed.get(row.key)!.push(timing);
        const ratio = timing.ddx / Math.min(timing.value, timing.ddxValue);
        log(`  ${row.key}: fork ${fork}, gradient / value ${ratio.toFixed(2)}`);
      });
    }
  }
  return rows.map((row) => (forks > 1 ? { ...row, forks: timed.get(row.key)! } : row));
}

/** Fresh processes of ddx's stages alone (5, 1 with --quick): runs swing by ~20% here. */
const stageProcesses = quick ? 1 : 5;

/**
 * ddx's stages as a user's `ddx gen` runs them: fresh processes with Node's default flags (V8
 * optimises on a background thread; the workload's own process compiles on the main thread, for
 * a deterministic warm-up of the generated code). The run with the median grad + codegen.
 */
async function stagesAsCli(key: string): Promise<Stages | undefined> {
  const childArgs = ['--stages-child', key, ...(quick ? ['--quick'] : [])];
  if (chunkSize !== undefined) childArgs.push('--chunk-size', String(chunkSize));
  const runs: Omit<Stages, 'processes'>[] = [];
  await attempt(`stages ${key}`, async () => {
    for (let run = 0; run < stageProcesses; run++) {
      const { result } = await child(childArgs, ['--expose-gc'], 600_000);
      runs.push(JSON.parse(result) as Omit<Stages, 'processes'>);
    }
  });
  if (runs.length === 0) return undefined;
  runs.sort((a, b) => a.grad.ms + a.codegen.ms - (b.grad.ms + b.codegen.ms));
  const median = runs[runs.length >> 1]!;
  log(
    `  ${key}: default flags, grad ${median.grad.ms.toFixed(0)} ms + codegen ${median.codegen.ms.toFixed(0)} ms (median of ${runs.length})`,
  );
  return { ...median, processes: runs.length };
}

async function parseSuite(): Promise<ParseResult[]> {
  const rows: ParseResult[] = [];
  for (const kase of parseCases(quick)) {
    const childArgs = ['--parse-child', kase.kind, String(kase.amount), String(kase.runs)];
    await attempt(`parse ${kase.label} ${kase.amount}`, async () => {
      const { result, stdout } = await child(childArgs, ['--expose-gc', '--trace-gc'], 600_000);
      const row = parseResult(kase, result, stdout);
      log(`parse ${kase.label}: ${row.medianMs.toFixed(0)} ms`);
      rows.push(row);
    });
  }
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const suites = (option('--suite') ?? 'gradients,parse,startup').split(',');
  const startMachine = machine();
  const workloads = suites.includes('gradients') ? await gradientsSuite() : [];
  const parse = suites.includes('parse') ? await parseSuite() : [];
  let startup: StartupResult[] = [];
  if (suites.includes('startup')) {
    log('— start-up');
    await attempt('start-up', () => {
      startup = startupSuite(Number(option('--runs') ?? (quick ? 10 : 20)));
    });
  }
  const complete =
    !quick && suites.length === 3 && option('--only') === undefined && chunkSize === undefined;
  const out =
    option('--out') ?? join(packageRoot, 'results', complete ? '' : quick ? 'quick' : 'partial');
  const outIndex = args.indexOf('--out');
  const commandArgs = args.filter(
    (_, i) => outIndex === -1 || (i !== outIndex && i !== outIndex + 1),
  );
  const results: BenchResults = {
    command: ['npm run bench', ...(commandArgs.length > 0 ? ['--', ...commandArgs] : [])].join(' '),
    date: new Date().toISOString().slice(0, 10),
    quick,
    wallSeconds: (performance.now() - started) / 1000,
    ...(commit() === undefined ? {} : { commit: commit()! }),
    machine: startMachine,
    versions: versions(),
    settings: {
      ...(quick ? quickCaps : fullCaps),
      forks,
      ...(chunkSize === undefined ? {} : { chunkSize }),
    },
    workloads,
    parse,
    startup,
    failures,
  };
  mkdirSync(out, { recursive: true });
  // The JSON first: whatever happens to the report, the measurements are kept.
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const report = markdown(results);
  writeFileSync(join(out, 'latest.md'), report);
  if (workloads.length > 0) writeFileSync(join(out, 'chart.svg'), await chartSvg(results));
  process.stdout.write(report);
  log(`wrote ${relative(process.cwd(), out) || '.'}/latest.json, latest.md, chart.svg`);
  const evalStartup = startup.find((r) => r.command.startsWith('ddx eval'));
  if (failures.length > 0) process.exitCode = 1;
  if (args.includes('--strict') && evalStartup && evalStartup.medianMs > startupBudgetMs) {
    process.exitCode = 1;
  }
}

const workloadKey = option('--workload');
const stagesKey = option('--stages-child');
const forkKey = option('--fork-child');
const parseChildIndex = args.indexOf('--parse-child');
if (stagesKey !== undefined) {
  const stages = runStages(stagesKey, {
    quick,
    ...(chunkSize === undefined ? {} : { chunkSize }),
  });
  process.stdout.write(`RESULT ${JSON.stringify(stages)}\n`);
} else if (workloadKey !== undefined) {
  const row = await runWorkload(workloadKey, {
    quick,
    ...(chunkSize === undefined ? {} : { chunkSize }),
    log: (line) => log(`  ${workloadKey}: ${line}`),
  });
  process.stdout.write(`RESULT ${JSON.stringify(row)}\n`);
} else if (forkKey !== undefined) {
  const caps = quick ? quickCaps : fullCaps;
  const timing = await runFork(forkKey, {
    caps,
    quick,
    rounds: roundOptions(caps, quick),
    ...(chunkSize === undefined ? {} : { chunkSize }),
  });
  process.stdout.write(`RESULT ${JSON.stringify(timing)}\n`);
} else if (parseChildIndex !== -1) {
  const [kind, amount, runs] = args.slice(parseChildIndex + 1);
  process.stdout.write(`RESULT ${await parseChild(kind!, Number(amount), Number(runs))}\n`);
} else {
  await main();
}
