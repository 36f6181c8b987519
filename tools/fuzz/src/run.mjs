/**
 * `npm run fuzz`: every property test (the `*.property.test.ts` files of parser, evaluator,
 * transform, codegen and this package) with a fixed budget of cases each, one seed for all, then
 * a table of what ran. The properties are the ones CI runs; only the budget differs (see
 * tools/workloads/src/budget.ts).
 *
 *   npm run fuzz                            10^5 cases per property, a new seed
 *   npm run fuzz -- --seed 42 --runs 1000   a chosen seed, another budget
 *   npm run fuzz -- --workers 2             test files in parallel (default 1: the timing
 *                                           column then measures each property alone)
 *   npm run fuzz -- --filter agreement      only the files whose path contains the text
 *
 * Writes reports/fuzz/log.jsonl (one line per property run), reports/fuzz/vitest.json and
 * reports/fuzz/summary.md; exits with vitest's status.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const projects = ['parser', 'evaluator', 'transform', 'codegen', 'fuzz'];

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    workers: { type: 'string', default: '1' },
    filter: { type: 'string', default: '.property.test.' },
  },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const workers = Number(values.workers);
/** @type {[string, number][]} */
const numbers = [
  ['--runs', runs],
  ['--seed', seed],
  ['--workers', workers],
];
for (const [name, value] of numbers) {
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`fuzz: ${name} must be a whole number`);
    process.exit(2);
  }
}

const reports = join(root, 'reports', 'fuzz');
mkdirSync(reports, { recursive: true });
const logFile = join(reports, 'log.jsonl');
const jsonFile = join(reports, 'vitest.json');
rmSync(logFile, { force: true });
rmSync(jsonFile, { force: true });

const require = createRequire(import.meta.url);
const vitestPackage = require.resolve('vitest/package.json');
/** @type {{ bin: Record<string, string> }} */
const vitestManifest = JSON.parse(readFileSync(vitestPackage, 'utf8'));
const vitest = join(dirname(vitestPackage), vitestManifest.bin['vitest'] ?? 'vitest.mjs');

console.log(`fuzz: ${runs} cases per property, seed ${seed}, ${workers} worker(s)`);
const started = Date.now();
const status = await new Promise((resolvePromise) => {
  const child = spawn(
    process.execPath,
    [
      vitest,
      'run',
      ...projects.flatMap((project) => ['--project', project]),
      '--testTimeout=0',
      '--hookTimeout=0',
      `--maxWorkers=${workers}`,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${jsonFile}`,
      values.filter,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        DDX_FUZZ_RUNS: String(runs),
        DDX_FUZZ_SEED: String(seed),
        DDX_FUZZ_LOG: logFile,
      },
    },
  );
  child.on('close', (code) => resolvePromise(code ?? 1));
});
const minutes = (Date.now() - started) / 60_000;

/**
 * @typedef {{ file: string, test: string, budget: number, runs: number, skips: number,
 *   failed: boolean, interrupted: boolean, seed: number, ms: number, counterexample?: string,
 *   error?: string }} BudgetRecord
 */
/** @type {BudgetRecord[]} */
const records = existsSync(logFile)
  ? readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line))
  : [];

/** Each test's vitest status, by file and `describe > it` name (`it.fails` passes when it fails). */
const statuses = new Map();
if (existsSync(jsonFile)) {
  /** @type {{ testResults: { name: string, assertionResults: { ancestorTitles: string[], title: string, status: string }[] }[] }} */
  const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      const name = [...test.ancestorTitles, test.title].join(' > ');
      statuses.set(`${file.name}\n${name}`, test.status);
    }
  }
}

const outcome = (/** @type {BudgetRecord} */ record) => {
  const status = statuses.get(`${record.file}\n${record.test}`);
  if (record.failed && status === 'passed') return 'fails as expected (`it.fails`, a known bug)';
  if (record.failed) return `**FAILED**: ${record.counterexample ?? ''}`;
  if (record.interrupted) return 'interrupted';
  return 'passed';
};

const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;
const lines = [
  `${runs} cases per property, seed ${seed}, ${workers} worker(s), ${minutes.toFixed(1)} min in all`,
  '',
  '| property | cases | skipped | time | result |',
  '| --- | --- | --- | --- | --- |',
  ...records.map(
    (record) =>
      `| ${relative(root, record.file)}: ${record.test} | ${record.runs} | ${record.skips} | ${seconds(record.ms)} | ${outcome(record)} |`,
  ),
];
const summary = lines.join('\n') + '\n';
writeFileSync(join(reports, 'summary.md'), summary);
console.log(`\n${summary}`);
process.exit(status);
