// The commands other READMEs cite (`node tools/bench/parse-bench.mjs`, ...) run a suite of the
// one entry point, dist/main.js (build first: `npx nx run-many -t build`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function forward(suite) {
  const main = fileURLToPath(new URL('./dist/main.js', import.meta.url));
  const flags = ['--no-concurrent-recompilation', '--expose-gc'];
  const args = [main, '--suite', suite, ...process.argv.slice(2)];
  const { status } = spawnSync(process.execPath, [...flags, ...args], { stdio: 'inherit' });
  process.exit(status ?? 1);
}
