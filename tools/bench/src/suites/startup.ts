/**
 * CLI start-up: the wall time of `ddx eval "w^2" --at w=3`, spawned as a user would (budget
 * 150 ms), next to `node -e 0`, the floor no CLI can beat on this machine, and to the same
 * command run from the CLI's unbundled modules (dist/main.js), which bin/ddx.js loaded before it
 * loaded the bundle (packages/cli/scripts/bundle.mjs). The commands take turns, run by run, so a
 * drift of the shared machine falls on all of them.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartupResult } from '../results.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(root, 'packages/cli/bin/ddx.js');
const unbundled = join(root, 'packages/cli/dist/main.js');
export const startupBudgetMs = 150;

interface Command {
  readonly command: string;
  readonly args: readonly string[];
  /** The last line of its output, checked on every run. */
  readonly expectLast?: string;
}

const commands: readonly Command[] = [
  { command: 'node -e 0 (floor)', args: ['-e', '0'] },
  {
    command: 'ddx eval "w^2" --at w=3',
    args: [bin, 'eval', 'w^2', '--at', 'w=3'],
    expectLast: '9',
  },
  {
    command: 'ddx diff "w^2" --wrt w --at w=3',
    args: [bin, 'diff', 'w^2', '--wrt', 'w', '--at', 'w=3'],
    expectLast: '6',
  },
  { command: 'ddx --version', args: [bin, '--version'] },
  {
    command: 'the same eval, unbundled (node packages/cli/dist/main.js)',
    args: [unbundled, 'eval', 'w^2', '--at', 'w=3'],
    expectLast: '9',
  },
];

function once({ command, args, expectLast }: Command): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} failed:\n${result.stderr}`);
  if (expectLast !== undefined) {
    const last = result.stdout.trimEnd().split('\n').pop();
    if (last !== expectLast) throw new Error(`${command}: expected ${expectLast}, got ${last}`);
  }
  return elapsed;
}

export function startupSuite(runs: number): StartupResult[] {
  const wall = commands.map((): number[] => []);
  // The first three rounds warm the file cache.
  for (let run = -3; run < runs; run++) {
    commands.forEach((command, index) => {
      const elapsed = once(command);
      if (run >= 0) wall[index]!.push(elapsed);
    });
  }
  return commands.map(({ command }, index) => {
    const times = wall[index]!.sort((a, b) => a - b);
    const at = (q: number): number =>
      times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    return { command, medianMs: at(0.5), minMs: times[0]!, p90Ms: at(0.9) };
  });
}
