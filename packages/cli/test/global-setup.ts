/**
 * The end-to-end tests spawn the built CLI, so build it (and the packages it uses) once before
 * they run. nx caches the build: when nothing changed this takes a second or two.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  if (process.env['DDX_SKIP_BUILD'] === '1') return;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  // nx's executable, wherever this nx version keeps it.
  const nxPackage = resolve(root, 'node_modules/nx/package.json');
  const nxBin = (JSON.parse(readFileSync(nxPackage, 'utf8')) as { bin: { nx: string } }).bin.nx;
  execFileSync(
    process.execPath,
    [
      resolve(dirname(nxPackage), nxBin),
      'run-many',
      '-t',
      'build',
      '--projects=@ddx/cli',
      '--output-style=static',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    },
  );
}
