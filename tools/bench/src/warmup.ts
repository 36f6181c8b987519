/**
 * How long a generated gradient takes to reach its speed under a given Node and set of flags
 * (`npm run warmup -w @ddx/bench -- [options]`). The gradients suite measures steady speed with
 * `--no-concurrent-recompilation` (a deterministic warm-up); a user's process has Node's default
 * flags, where V8 optimises on a background thread with a queue of 8 jobs. This runs `J_grad` in a
 * loop, alone, in a fresh process per flag set, and prints its time per call second by second.
 *
 *   --only <keys>      workloads (comma-separated keys of workloads.ts; default graph-1e4,
 *                      graph-1e5, table-1e4-1e5)
 *   --seconds <n>      how long each process calls the gradient (default 120)
 *   --node <path>      the Node to run the processes with (default this one)
 *   --flags <sets>     flag sets separated by `;`, `default` for none (default
 *                      `default;--no-concurrent-recompilation`)
 *   --out <file.md>    also write the Markdown report there, and the windows to <file>.json
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runChild } from './child.js';
import { duration, table } from './report.js';
import { gradientModule, workloadByKey } from './workloads.js';

/** One timing window of the child: seconds since the first call ended, calls, ms per call. */
export interface Window {
  readonly at: number;
  readonly calls: number;
  readonly ms: number;
}

export interface WarmupRun {
  readonly flags: string;
  readonly firstCallMs: number;
  readonly windows: readonly Window[];
}

/**
 * The end of the first window within `factor` of `bestMs` (in seconds), or undefined. The first,
 * not the start of the last stretch: on this shared machine a settled gradient still has a slow
 * window now and then, with no compilation in between.
 */
export function reachedAt(
  windows: readonly Window[],
  bestMs: number,
  factor: number,
): number | undefined {
  return windows.find((w) => w.ms <= bestMs * factor)?.at;
}

/** ms per call in the first window that ends at or after `seconds`, if any. */
export function msAt(windows: readonly Window[], seconds: number): number | undefined {
  return windows.find((w) => w.at >= seconds)?.ms;
}

const fixed = (ms: number | undefined): string => (ms === undefined ? '—' : duration(ms * 1000));

/** The Markdown table: one row per workload and flag set. */
export function warmupTable(
  rows: readonly { name: string; runs: readonly WarmupRun[] }[],
  checkpoints: readonly number[],
): string {
  const header = [
    'workload',
    'flags',
    'first call',
    ...checkpoints.map((s) => `per call at ${s} s`),
    'best',
    'first within 1.25× of best',
  ];
  const body: string[][] = [];
  for (const { name, runs } of rows) {
    const best = Math.min(...runs.flatMap((r) => r.windows.map((w) => w.ms)));
    for (const run of runs) {
      const reached = reachedAt(run.windows, best, 1.25);
      const own = Math.min(...run.windows.map((w) => w.ms));
      const last = run.windows.at(-1)?.at ?? 0;
      body.push([
        name,
        run.flags === '' ? 'default' : `\`${run.flags}\``,
        fixed(run.firstCallMs),
        ...checkpoints.map((s) => fixed(msAt(run.windows, s))),
        fixed(own),
        reached === undefined ? `not within ${last.toFixed(0)} s` : `${reached.toFixed(0)} s`,
      ]);
    }
  }
  return table(header, body);
}

/** The child: imports the module, calls J_grad at the workload's point for `seconds`. */
async function child(file: string, key: string, seconds: number): Promise<void> {
  const workload = workloadByKey(key).make();
  const params = Float64Array.from(workload.wrt, (name) => workload.at.get(name)!);
  const given = Float64Array.from(workload.inputs, (name) => workload.at.get(name)!);
  const out = new Float64Array(params.length);
  const module = (await import(pathToFileURL(file).href)) as {
    J_grad: (params: Float64Array, inputs: Float64Array, out: Float64Array) => number;
  };
  let sink = 0;
  let start = performance.now();
  sink += module.J_grad(params, given, out);
  const first = performance.now() - start;
  start = performance.now();
  const windows: Window[] = [];
  while (performance.now() - start < seconds * 1000) {
    // The clock is read every `batch` calls (~100 reads a window), so a call of tens of
    // nanoseconds is not mostly the clock's own time.
    const batch = Math.max(1, Math.floor((windows.at(-1)?.calls ?? 0) / 100));
    const from = performance.now();
    let calls = 0;
    let now = from;
    do {
      for (let i = 0; i < batch; i++) sink += module.J_grad(params, given, out);
      calls += batch;
      now = performance.now();
    } while (now - from < 1000);
    windows.push({ at: (now - start) / 1000, calls, ms: (now - from) / calls });
  }
  if (Number.isNaN(sink)) process.stderr.write('(the gradient returned NaN)\n');
  process.stdout.write(`RESULT ${JSON.stringify({ firstCallMs: first, windows })}\n`);
}

async function main(args: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const index = args.indexOf(name);
    return index < 0 ? undefined : args[index + 1];
  };
  if (args[0] === '--child') {
    await child(args[1]!, args[2]!, Number(args[3]));
    return;
  }
  const keys = (option('--only') ?? 'graph-1e4,graph-1e5,table-1e4-1e5').split(',');
  const seconds = Number(option('--seconds') ?? 120);
  const node = option('--node') ?? process.execPath;
  const flagSets = (option('--flags') ?? 'default;--no-concurrent-recompilation')
    .split(';')
    .map((set) => (set.trim() === 'default' ? [] : set.trim().split(/\s+/)));
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const directory = mkdtempSync(join(tmpdir(), 'ddx-warmup-'));
  const rows: { name: string; runs: WarmupRun[] }[] = [];
  try {
    for (const key of keys) {
      const workload = workloadByKey(key).make();
      const file = join(directory, `${key}.mjs`);
      writeFileSync(file, gradientModule(workload));
      const runs: WarmupRun[] = [];
      for (const flags of flagSets) {
        const args = ['--child', file, key, String(seconds)];
        const { result: line } = await runChild(fileURLToPath(import.meta.url), args, {
          node,
          flags,
        });
        const result = JSON.parse(line) as Omit<WarmupRun, 'flags'>;
        runs.push({ flags: flags.join(' '), ...result });
        const series = result.windows.map((w) => `${w.at.toFixed(0)}s ${fixed(w.ms)}`).join(', ');
        process.stderr.write(`${key} [${flags.join(' ') || 'default'}]: ${series}\n`);
      }
      rows.push({ name: workload.name, runs });
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const checkpoints = [10, 30, 60, 120].filter((s) => s <= seconds);
  const report = [
    `Node ${version}, each process alone calling J_grad for ${seconds} s (arrays ABI, ${new Date().toISOString().slice(0, 10)}).`,
    '',
    warmupTable(rows, checkpoints),
    '',
  ].join('\n');
  process.stdout.write(report);
  const out = option('--out');
  if (out !== undefined) {
    writeFileSync(out, report);
    writeFileSync(out.replace(/(\.md)?$/, '.json'), `${JSON.stringify({ version, rows })}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
