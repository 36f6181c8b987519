/**
 * CLI start-up: the wall time of `ddx eval "w^2" --at w=3`, spawned as a user would (budget
 * 150 ms), next to `node -e 0`, the floor no CLI can beat on this machine.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartupResult } from '../results.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = join(root, 'packages/cli/bin/ddx.js');
export const startupBudgetMs = 150;

function time(command: string, args: string[], runs: number, expectLast?: string): StartupResult {
  const wall: number[] = [];
  for (let run = -3; run < runs; run++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    const elapsed = performance.now() - start;
    if (result.status !== 0) throw new Error(`${command} failed:\n${result.stderr}`);
    if (expectLast !== undefined) {
      const last = result.stdout.trimEnd().split('\n').pop();
      if (last !== expectLast) throw new Error(`${command}: expected ${expectLast}, got ${last}`);
    }
    if (run >= 0) wall.push(elapsed); // the first three runs warm the file cache
  }
  wall.sort((a, b) => a - b);
  const at = (q: number): number => wall[Math.min(wall.length - 1, Math.floor(q * wall.length))]!;
  return { command, medianMs: at(0.5), minMs: wall[0]!, p90Ms: at(0.9) };
}

export function startupSuite(runs: number): StartupResult[] {
  return [
    time('node -e 0 (floor)', ['-e', '0'], runs),
    time('ddx eval "w^2" --at w=3', [bin, 'eval', 'w^2', '--at', 'w=3'], runs, '9'),
    time(
      'ddx diff "w^2" --wrt w --at w=3',
      [bin, 'diff', 'w^2', '--wrt', 'w', '--at', 'w=3'],
      runs,
      '6',
    ),
    time('ddx --version', [bin, '--version'], runs),
  ];
}
