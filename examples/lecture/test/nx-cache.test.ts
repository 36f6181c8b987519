/**
 * The `gen` target is cached: run twice with no .ddx file changed, nx takes the second run's
 * generated module from its cache instead of running `ddx gen` again.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function nx(...args: string[]): string {
  const manifest = resolve(root, 'node_modules/nx/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return execFileSync(process.execPath, [resolve(dirname(manifest), bin['nx']!), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      NO_COLOR: '1',
    },
  });
}

it('takes the second run of gen from the cache', () => {
  nx('run', '@ddx/example-lecture:gen', '--output-style=static');
  const second = nx('run', '@ddx/example-lecture:gen', '--output-style=static');
  expect(second).toMatch(
    /nx run @ddx\/example-lecture:gen +\[(existing outputs match the cache, left as is|local cache)\]/,
  );
});
