/**
 * Shared by the examples' vitest projects: build the example (its `gen` target first, and the
 * packages it uses) with nx before its tests run. nx caches both, so when nothing changed this
 * takes a second or two. `DDX_SKIP_BUILD=1` skips it (`npm test` has just built everything).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/** nx's executable, wherever its package puts it (`dist/bin/nx.js` in nx 22). */
function nxBin(root: string): string {
  const manifest = resolve(root, 'node_modules/nx/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return resolve(dirname(manifest), bin['nx']!);
}

export default function setup(project: TestProject): void {
  if (process.env['DDX_SKIP_BUILD'] === '1') return;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(
    process.execPath,
    [nxBin(root), 'run', `@ddx/${project.name}:build`, '--output-style=static'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    },
  );
}
