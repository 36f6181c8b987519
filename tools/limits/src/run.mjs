// `npm run limits`: every case of shapes.mjs in a fresh child process (heap cap, time budget),
// then the CLI on the same file; writes results/latest.md and exits 1 if any stage FAILs.
// Options: --only <substring of case names>, --budget <seconds per stage>, --heap <MB>.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cases } from './shapes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '../../../packages/cli/bin/ddx.js');
const option = (/** @type {string} */ name, /** @type {string} */ fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
};
const only = option('only', '');
const budgetS = Number(option('budget', '600'));
const heapMb = Number(option('heap', '4096'));
const wantCli = !process.argv.includes('--no-cli');

/** Runs node with the heap cap; resolves with stdout, stderr, exit code and whether it timed out. */
/**
 * @param {string[]} args
 * @param {string} cwd
 * @param {number} seconds
 * @returns {Promise<{ stdout: string, stderr: string, code: number | null, signal: string | null, timedOut: boolean, ms: number }>}
 */
function node(args, cwd, seconds) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, seconds * 1000);
    const started = performance.now();
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout,
        stderr,
        code,
        signal,
        timedOut,
        ms: Math.round(performance.now() - started),
      });
    });
  });
}

const cell = (/** @type {unknown} */ text) =>
  String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
/** One row a case: its outcomes counted, its slowest stage and its peak RSS. */
function summary() {
  const names = [...new Set(rows.map((r) => r.name))];
  return names.map((name) => {
    const mine = rows.filter((r) => r.name === name);
    const counts = ['ok', 'limit', 'FAIL']
      .map((o) => ({ o, n: mine.filter((r) => r.outcome === o).length }))
      .filter(({ n }) => n > 0)
      .map(({ o, n }) => `${n} ${o}`)
      .join(', ');
    const slowest = mine.reduce((a, b) => (b.ms > a.ms ? b : a));
    const rss = Math.max(...mine.map((r) => (typeof r.rssMb === 'number' ? r.rssMb : 0)));
    return `| ${cell(name)} | ${counts} | ${slowest.stage} ${(slowest.ms / 1000).toFixed(1)} s | ${rss} MB |`;
  });
}

function write() {
  const lines = [
    '# ddx limits: latest full-size run',
    '',
    `${new Date().toISOString()}, node ${process.version}, heap cap ${heapMb} MB, ${budgetS} s a stage. Reproduce: \`npm run limits\`.`,
    '',
    '| case | outcomes | slowest stage | peak RSS |',
    '| --- | --- | --- | ---: |',
    ...summary(),
    '',
    "Peak RSS of a library stage is the case process's peak so far (the stages run in turn in one",
    "process); of a CLI stage, that command's own process.",
    '',
    '| case | stage | outcome | time | peak RSS | message |',
    '| --- | --- | --- | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${cell(r.name)} | ${r.stage} | ${r.outcome} | ${(r.ms / 1000).toFixed(2)} s | ${r.rssMb} MB | ${cell(r.message ?? '')} |`,
    ),
    '',
  ];
  out = join(here, '../results', only ? 'partial.md' : 'latest.md');
  writeFileSync(out, lines.join('\n'));
}

let out;
/**
 * @typedef {{ name: string, stage: string, outcome: string, ms: number, rssMb: number | string,
 *   message?: string }} Row
 * @type {Row[]}
 */
const rows = [];
const record = (/** @type {Row} */ row) => {
  rows.push(row);
  const { name, stage, outcome, ms, rssMb, message } = row;
  console.log(
    `${name} | ${stage} | ${outcome} | ${ms} ms | ${rssMb} MB${message ? ` | ${message}` : ''}`,
  );
};

const all = cases();
for (const [index, spec] of all.entries()) {
  if (!spec.name.includes(only)) continue;
  const dir = mkdtempSync(join(tmpdir(), 'ddx-limits-'));
  try {
    // Six library stages in one child: the budget is per stage.
    const run = await node([join(here, 'case.mjs'), String(index), dir], dir, budgetS * 6);
    let current;
    for (const line of run.stdout.split('\n').filter(Boolean)) {
      const event = JSON.parse(line);
      if (event.start) current = event.start;
      if (event.stage) {
        current = undefined;
        // A case past a limit must stop at the parse with a `limit` error naming that limit.
        const named = event.outcome === 'limit' && event.message.includes(`(${spec.expect})`);
        if (spec.expect && event.stage === 'parse' && !named) {
          event.message = `expected a limit error naming ${spec.expect}; ${event.message}`;
          event.outcome = 'FAIL';
        }
        record({ name: spec.name, ...event });
      }
    }
    if (current !== undefined || run.code !== 0) {
      const why = run.timedOut
        ? `time budget (${budgetS * 6} s for the case) exceeded`
        : `exit ${run.code ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
      record({
        name: spec.name,
        stage: current ?? 'process',
        outcome: 'FAIL',
        ms: run.ms,
        rssMb: '?',
        message: why.slice(0, 300),
      });
    }
    if (!wantCli || !existsSync(join(dir, 'input.ddx'))) continue;
    const at = spec.params.map((p, k) => `${p}=${spec.args[k]}`);
    // --at in pieces of 2,000 names: one argument may be at most 128 KiB (MAX_ARG_STRLEN).
    const point = [];
    for (let k = 0; k < at.length; k += 2000) point.push('--at', at.slice(k, k + 2000).join(','));
    const commands = [
      ['eval', ['eval', 'input.ddx', '--fn', spec.fn, ...point]],
      ['grad', ['grad', 'input.ddx', '--fn', spec.fn, ...point, '-o', 'grad.txt']],
      ['gen', ['gen', 'input.ddx', '--grad', '-o', 'out.js']],
    ];
    for (const [stage, args] of commands) {
      const rssFile = join(dir, 'rss');
      // The CLI's arguments follow the script (one argument may be at most 128 KiB).
      const wrapper = `process.on('exit',()=>require('fs').writeFileSync(${JSON.stringify(rssFile)},String(process.resourceUsage().maxRSS)));process.argv=[process.argv[0],${JSON.stringify(bin)},...process.argv.slice(1)];import(${JSON.stringify(pathToFileURL(bin).href)})`;
      const result = await node(['-e', wrapper, ...args], dir, budgetS);
      const rssMb = existsSync(rssFile)
        ? Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024)
        : '?';
      rmSync(rssFile, { force: true });
      const err = result.stderr.trim();
      let outcome;
      if (result.timedOut) outcome = 'FAIL';
      else if (result.code === 0) outcome = 'ok';
      else if (/^[^\n]*: limit: /.test(err) && !/RangeError|heap|at .*\.js:\d+/.test(err))
        outcome = 'limit';
      else outcome = 'FAIL';
      const message = result.timedOut
        ? `time budget (${budgetS} s) exceeded`
        : result.code === 0
          ? ''
          : `exit ${result.code ?? result.signal}: ${err.split('\n').slice(0, 2).join(' ')}`;
      record({
        name: spec.name,
        stage: `cli ${stage}`,
        outcome,
        ms: result.ms,
        rssMb,
        message: message.slice(0, 300),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    write();
  }
}

const failed = rows.filter((r) => r.outcome === 'FAIL');
console.log(`\n${rows.length} stages, ${failed.length} FAIL; written to ${out}`);
process.exit(failed.length > 0 ? 1 : 0);
