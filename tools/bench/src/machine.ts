/** The machine and the versions a run measured, for the report's header. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { Machine } from './results.js';

const require = createRequire(import.meta.url);

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/** The installed version of a package: its package.json, wherever Node would look for it. */
function versionOf(name: string): string {
  for (const directory of require.resolve.paths(name) ?? []) {
    const file = join(directory, name, 'package.json');
    if (existsSync(file)) {
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    }
  }
  return 'unknown';
}

export const measuredPackages = [
  '@ddx/transform',
  '@ddx/codegen',
  '@ddx/parser',
  'mathjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  'mitata',
  'vega',
  'vega-lite',
] as const;

export function versions(): Record<string, string> {
  return Object.fromEntries(measuredPackages.map((name) => [name, versionOf(name)]));
}

/** The commit measured, with `+changes` when the work tree differs from it. */
export function commit(): string | undefined {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'packages');
    return dirty ? `${head}+changes` : head;
  } catch {
    return undefined;
  }
}
