/**
 * A/B of gradient modules against a workload's hand-written gradient and value function
 * (`npm run compare -w @ddx/bench -- [options]`): the bench's own warm-up and interleaved rounds,
 * in a fresh process per module and run (`--no-concurrent-recompilation --expose-gc`), each
 * contender called from a call site of its own. For trying a change to the generated code by
 * hand before changing the generator: the lecture network's gradient measured 1.42 × the
 * hand-written one, and 1.02 with its selections on one test written as one `if`, which the
 * generator then learnt (body.ts, `selectionGroups`).
 *
 *   --only <key>         the workload (a key of workloads.ts; default lecture)
 *   --module <files>     modules exporting J and J_grad in the arrays ABI (comma-separated,
 *                        relative to where npm was run; default the workload's generated module)
 *   --runs <n>           fresh processes per module (default 3)
 *   --node <path>        the Node to run the processes with (default this one)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullCaps } from './caps.js';
import { runChild } from './child.js';
import { roundOptions, timeFork } from './forks.js';
import { duration, table } from './report.js';
import type { ForkTiming } from './results.js';
import { gradientModule, workloadByKey } from './workloads.js';

async function child(key: string, file: string, directory: string): Promise<void> {
  const measured = await timeFork(key, file, directory, {
    caps: fullCaps,
    quick: false,
    rounds: roundOptions(fullCaps, false),
  });
  process.stdout.write(`RESULT ${JSON.stringify(measured)}\n`);
}

async function main(args: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const index = args.indexOf(name);
    return index < 0 ? undefined : args[index + 1];
  };
  const script = fileURLToPath(import.meta.url);
  if (args[0] === '--child') {
    await child(args[1]!, args[2]!, args[3]!);
    return;
  }
  const key = option('--only') ?? 'lecture';
  const runs = Number(option('--runs') ?? 3);
  const node = option('--node') ?? process.execPath;
  const directory = mkdtempSync(join(tmpdir(), 'ddx-compare-'));
  try {
    let modules = option('--module')
      ?.split(',')
      .map((file) => resolve(process.env['INIT_CWD'] ?? '.', file));
    if (modules === undefined) {
      const file = join(directory, `${key}.mjs`);
      writeFileSync(file, gradientModule(workloadByKey(key).make()));
      modules = [file];
    }
    const rows: string[][] = [];
    for (let run = 1; run <= runs; run++) {
      // Modules alternate run by run, so a drift of the machine falls on all of them.
      for (const file of modules) {
        const { result } = await runChild(script, ['--child', key, file, directory], {
          node,
          flags: ['--no-concurrent-recompilation', '--expose-gc'],
        });
        const m = JSON.parse(result) as ForkTiming;
        const row = [
          file,
          String(run),
          duration(m.ddx),
          duration(m.handWritten),
          (m.ddx / m.handWritten).toFixed(2),
          (m.ddx / Math.min(m.value, m.ddxValue)).toFixed(2),
        ];
        process.stderr.write(`${row.join('  ')}\n`);
        rows.push(row);
      }
    }
    const header = ['module', 'run', 'ddx', 'hand-written', 'ddx / hand-written', 'ddx / value'];
    process.stdout.write(`${key}\n\n${table(header, rows)}\n`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
