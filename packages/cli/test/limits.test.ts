// The `ddx` command at the documented limits (README, "Limits"): a 10 MB file of 10^6 terms
// evaluates; past a limit, the error is `limit` with the place and a caret, exit status 2, never
// a stack trace. The slow full-size runs (grad, gen, check of 10^6 terms) are in tools/limits.
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxNesting, maxSourceLength } from '@ddx/parser';
import { maxHessianEntries, maxJsonDepth, maxSvgNodes } from '../src/limits.js';
import { assertBuilt, ddx } from './helpers.js';

beforeAll(assertBuilt);

const count = (value: number): string => value.toLocaleString('en-US');

const noStack = (text: string): void => {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/internal error/);
};

/** A fresh directory with `files` written in it. */
function directory(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ddx-limits-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** `f(x) = x + x*2 + ... + x*terms`. */
function longSum(terms: number): string {
  const parts = ['x'];
  for (let k = 2; k <= terms; k++) parts.push(`x*${k}`);
  return `f(x) = ${parts.join(' + ')}\n`;
}

describe('at the limits', () => {
  it('evaluates a 10.9 MB file: a sum of 10^6 terms', async () => {
    const dir = directory({ 'sum.ddx': longSum(1_000_000) });
    const run = await ddx(['eval', 'sum.ddx', '--at', 'x=1'], { cwd: dir });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '500000500000\n', '']);
  }, 120_000);

  it('grads and generates a sum of 10^5 terms', async () => {
    const dir = directory({ 'sum.ddx': longSum(100_000) });
    const [grad, gen] = await Promise.all([
      ddx(['grad', 'sum.ddx', '--at', 'x=1'], { cwd: dir }),
      ddx(['gen', 'sum.ddx', '--grad', '-o', 'sum.js'], { cwd: dir }),
    ]);
    expect(grad.lines).toEqual(['f     = 5000050000', 'df/dx = 5000050000']);
    expect([gen.status, gen.stderr]).toEqual([0, '']);
    const module = (await import(join(dir, 'sum.js'))) as Record<string, (x: number) => unknown>;
    expect(module['f_grad']!(1)).toEqual({ value: 5_000_050_000, x: 5_000_050_000 });
  }, 120_000);

  it(`evaluates and differentiates ${count(maxNesting)} nested calls`, async () => {
    const dir = directory({
      'deep.ddx': `f(x) = ${'cos('.repeat(maxNesting)}x${')'.repeat(maxNesting)}\n`,
    });
    const run = await ddx(['diff', 'deep.ddx', '--wrt', 'x', '--at', 'x=0.5', '-o', 'd.ddx'], {
      cwd: dir,
    });
    expect(run.status).toBe(0);
    expect(Number(run.last)).toBeCloseTo(0, 3);
  }, 120_000);
});

describe('past the limits: exit 2, a limit error with its place', () => {
  it('a file longer than maxSourceLength is not read past three bytes a character', async () => {
    const dir = directory();
    // 100 MB of NUL bytes, sparse: the parser takes them for spaces.
    writeFileSync(join(dir, 'huge.ddx'), '');
    truncateSync(join(dir, 'huge.ddx'), 100_000_000);
    const run = await ddx(['eval', 'huge.ddx'], { cwd: dir });
    expect(run.status).toBe(2);
    const [head, , caret] = run.stderr.split('\n');
    expect(head).toBe(
      `huge.ddx:1:${maxSourceLength + 1}: limit: the source is longer than ${count(maxSourceLength)} characters (the file has 100,000,000 bytes): the limit is ${count(maxSourceLength)} (maxSourceLength)`,
    );
    expect(caret).toMatch(/^ +\^$/);
    noStack(run.stderr);
  });

  it('so is standard input', async () => {
    const run = await ddx(['eval', '-'], { input: ' '.repeat(3 * maxSourceLength + 10) });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^<stdin>:1:16777217: limit: the source is longer than /);
    expect(run.stderr).toContain('(maxSourceLength)');
  }, 60_000);

  it('nesting, long names and the node limit', async () => {
    const dir = directory({
      'deep.ddx': `f(x) = ${'-'.repeat(maxNesting + 1)}x\n`,
      'name.ddx': `f(x) = x + ${'w'.repeat(10_001)}\n`,
      'calls.ddx': [
        'f0(x) = x*x + 1',
        ...Array.from({ length: 20 }, (_, k) => `f${k + 1}(x) = f${k}(f${k}(x))`),
      ].join('\n'),
    });
    const [deep, name, calls] = await Promise.all([
      ddx(['eval', 'deep.ddx', '--at', 'x=1'], { cwd: dir }),
      ddx(['eval', 'name.ddx', '--at', 'x=1'], { cwd: dir }),
      ddx(['grad', 'calls.ddx'], { cwd: dir }),
    ]);
    expect(deep.status).toBe(2);
    expect(deep.stderr).toMatch(
      new RegExp(
        `^deep\\.ddx:1:${8 + maxNesting}: limit: nested more than 50,000 deep .*\\(maxNesting\\)`,
      ),
    );
    expect(name.status).toBe(2);
    expect(name.stderr).toMatch(
      /^name\.ddx:1:12: limit: the name 'w+…' is 10,001 characters long: the limit is 10,000 \(maxIdentifierLength\)/,
    );
    expect(calls.status).toBe(2);
    expect(calls.stderr).toMatch(/^calls\.ddx:20:1: limit: 'f19' has 4,194,301 expression nodes/);
    for (const run of [deep, name, calls]) noStack(run.stderr);
  });

  it(`--json of a tree deeper than maxJsonDepth (${count(maxJsonDepth)})`, async () => {
    const sum = (terms: number) => Array.from({ length: terms }, (_, k) => `x${k}`).join('+');
    const [within, past] = await Promise.all([
      ddx(['parse', sum(1_000), '--json']),
      ddx(['parse', sum(maxJsonDepth + 1), '--json']),
    ]);
    expect(within.status).toBe(0);
    expect(JSON.parse(within.stdout).program.functions[0].results[0].kind).toBe('Binary');
    expect(past.status).toBe(2);
    expect(JSON.parse(past.stdout).error).toMatchObject({ code: 'limit' });
    expect(past.stderr).toContain(`--json writes up to ${count(maxJsonDepth)} (maxJsonDepth)`);
  });

  it(`an SVG graph of more than maxSvgNodes (${maxSvgNodes}) nodes; DOT has no such limit`, async () => {
    const lines = ['f(x) {', 't0 = x'];
    for (let k = 1; k < maxSvgNodes; k++) lines.push(`t${k} = t${k - 1} * x`);
    const dir = directory({ 'wide.ddx': [...lines, `return t${maxSvgNodes - 1}`, '}'].join('\n') });
    const [svg, dot] = await Promise.all([
      ddx(['graph', 'wide.ddx', '-o', 'g.svg'], { cwd: dir }),
      ddx(['graph', 'wide.ddx', '-o', 'g.dot'], { cwd: dir }),
    ]);
    expect(svg.status).toBe(2);
    expect(svg.stderr).toBe(
      `wide.ddx: limit: the graph has ${maxSvgNodes + 2} nodes: SVG is laid out for up to ${maxSvgNodes} (maxSvgNodes); write DOT (-o graph.dot) or Mermaid (-o graph.mmd) instead\n`,
    );
    expect(dot.status).toBe(0);
  });

  it('a Hessian of more than maxHessianEntries entries, before any work', async () => {
    const names = Array.from({ length: 2_001 }, (_, k) => `x${k}`);
    const dir = directory({ 'wide.ddx': `f(${names.join(', ')}) = sin(${names.join(' + ')})\n` });
    const run = await ddx(['gen', 'wide.ddx', '--hessian'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `wide.ddx: limit: the Hessian of 2,001 parameters has 4,004,001 entries: the limit is ${count(maxHessianEntries)} (maxHessianEntries); choose fewer parameters with --wrt\n`,
    );
  });

  it('a check that would take more than maxCheckSteps, and one of fewer parameters', async () => {
    const names = Array.from({ length: 10_000 }, (_, k) => `x${k}`);
    const at = names.map((name) => `${name}=1`).join(',');
    const dir = directory({ 'wide.ddx': `f(${names.join(', ')}) = ${names.join(' + ')}\n` });
    const [all, some] = await Promise.all([
      ddx(['check', 'wide.ddx', '--at', at], { cwd: dir }),
      ddx(['check', 'wide.ddx', '--at', at, '--wrt', 'x0,x9999'], { cwd: dir }),
    ]);
    expect(all.status).toBe(2);
    expect(all.stderr).toMatch(/^wide\.ddx: limit: checking 10,000 parameters .*\(maxCheckSteps\)/);
    expect(some.status).toBe(0);
    expect(some.last).toBe('passed: 2 ok');
  }, 60_000);

  it('the same for a function of two results, checked one parameter at a time', async () => {
    const names = Array.from({ length: 10_000 }, (_, k) => `x${k}`);
    const at = names.map((name) => `${name}=1`).join(',');
    const sum = names.join(' + ');
    const dir = directory({ 'two.ddx': `f(${names.join(', ')}) = ${sum}, ${sum}\n` });
    const started = performance.now();
    const run = await ddx(['check', 'two.ddx', '--at', at], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^two\.ddx: limit: checking 10,000 parameters .*\(maxCheckSteps\)/);
    // Before 10,000 derivatives are computed and checked one by one.
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it('names at most ten missing parameters in a usage error', async () => {
    const names = Array.from({ length: 100_000 }, (_, k) => `x${k}`);
    const dir = directory({ 'wide.ddx': `f(${names.join(', ')}) = ${names.join(' + ')}\n` });
    const run = await ddx(['eval', 'wide.ddx'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr.length).toBeLessThan(1000);
    expect(run.stderr).toContain("'x9', … (99990 more)");
  });
});
