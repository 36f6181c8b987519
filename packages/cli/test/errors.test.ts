/** Exit statuses and error rendering: `file:line:column: code: message`, the line, a caret. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run as runInProcess } from '../src/cli.js';
import type { Io } from '../src/io.js';
import { assertBuilt, ddx, lecture } from './helpers.js';

beforeAll(assertBuilt);

const noStack = (text: string): void => {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/\.(ts|js):\d+:\d+\)?$/m);
};

describe('errors in the source (exit 2)', () => {
  it('point at the inline input with line, column and caret', async () => {
    const run = await ddx(['eval', 'w^2 + sinn(w)', '--at', 'w=1']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const [head, line, caret] = run.stderr.split('\n');
    expect(head).toMatch(/^<input>:1:7: unknown-function: .*sinn/);
    expect(line).toBe('  w^2 + sinn(w)');
    expect(caret).toMatch(/^ {8}\^+$/);
    noStack(run.stderr);
  });

  it('name the file and the line in a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddx-errors-'));
    writeFileSync(join(dir, 'broken.ddx'), 'J(w) {\n  a = w *\n  return a\n}\n');
    const run = await ddx(['grad', 'broken.ddx'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^broken\.ddx:[23]:\d+: syntax: /);
    expect(run.stderr.split('\n')[2]).toMatch(/^ +\^/);
    noStack(run.stderr);
  });

  it('a broken statement 3,000 parentheses deep is reported from the parser worker', async () => {
    // The parser matches statements nested this deep in a worker thread (the bundle's
    // worker.js) for its error message; the message and the place are ohm's, as in-thread.
    const dir = mkdtempSync(join(tmpdir(), 'ddx-errors-'));
    const source = `J(w) = ${'('.repeat(3000)}w${')'.repeat(2999)} * 2\n`;
    writeFileSync(join(dir, 'deep.ddx'), source);
    const run = await ddx(['eval', 'deep.ddx', '--at', 'w=3'], { cwd: dir });
    expect(run.status).toBe(2);
    const [head, , caret] = run.stderr.split('\n');
    expect(head).toBe(
      `deep.ddx:1:${source.length}: syntax: expected an operator or ')', found the end of the line (a '(' is still open: a statement ends at the end of its line)`,
    );
    expect(caret).toMatch(/^ +\^$/);
    noStack(run.stderr);
  });

  it('a Hessian of a function without parameters is refused, not an internal error', async () => {
    const run = await ddx(['gen', 'f() = 2', '--hessian']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "<input>: unknown-parameter: hessian needs a parameter to differentiate with respect to; 'f' has none\n",
    );
  });

  it('name <stdin> for standard input', async () => {
    const run = await ddx(['parse', '-'], { input: 'f(w) = (w' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^<stdin>:1:\d+: syntax: /);
  });

  it('--json adds the errors as JSON on stdout', async () => {
    const run = await ddx(['eval', 'w^', '--at', 'w=1', '--json']);
    expect(run.status).toBe(2);
    const json = JSON.parse(run.stdout);
    expect(json.error).toMatchObject({ code: 'syntax', file: '<input>', line: 1 });
    expect(json.errors.length).toBeGreaterThanOrEqual(1);
  });

  it('an unreadable or missing file is an io error', async () => {
    const [missing, directory] = await Promise.all([
      ddx(['eval', 'nosuch.ddx']),
      ddx(['eval', 'examples/lecture']),
    ]);
    expect(missing).toMatchObject({ status: 2 });
    expect(missing.stderr).toBe('nosuch.ddx: io: cannot read: no such file\n');
    expect(directory.status).toBe(2);
    expect(directory.stderr).toBe('examples/lecture: io: cannot read: not a file\n');
  });
});

describe('bad usage (exit 2)', () => {
  it('names the parameters missing from --at', async () => {
    const run = await ddx(['eval', lecture('graph.ddx'), '--at', 'w=2,b=8']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "ddx: usage: --at: no value for 'x', 'y' ('J' takes w, b, x, y; add --at x=…,y=…)\n",
    );
  });

  it('rejects unknown parameters, bad numbers, a missing --wrt, unknown functions', async () => {
    const runs = await Promise.all([
      ddx(['eval', 'w^2', '--at', 'w=1,z=2']),
      ddx(['eval', 'w^2', '--at', 'w=three']),
      ddx(['diff', 'w^2']),
      ddx(['diff', 'w^2', '--wrt', 'v']),
      ddx(['eval', 'g(w) = w', '--fn', 'h', '--at', 'w=1']),
      ddx(['grad', 'polar(x, y) {\n  return x, y\n}', '--at', 'x=1,y=2']),
      ddx(['check', 'w^2']),
      ddx(['check', 'w^2', '--at', 'w=1', '--claim', 'v=2']),
    ]);
    expect(runs.map((run) => run.status)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(runs[6]!.stderr).toBe(
      'ddx: usage: check needs --at: the point where the derivatives are compared\n',
    );
    expect(runs[7]!.stderr).toContain("--claim: 'v' is not a parameter");
    expect(runs[0]!.stderr).toContain("'z' is not a parameter of the expression");
    expect(runs[1]!.stderr).toContain("'three' is not a number");
    expect(runs[2]!.stderr).toContain('diff needs --wrt NAME');
    expect(runs[3]!.stderr).toContain("--wrt: 'v' is not a parameter");
    expect(runs[4]!.stderr).toContain("there is no function 'h' (defined: g)");
    expect(runs[5]!.stderr).toContain('multiple-results');
    for (const run of runs) noStack(run.stderr);
  });

  it('unknown commands and options, bad choices, no command at all', async () => {
    const runs = await Promise.all([
      ddx(['frobnicate']),
      ddx(['eval', 'w', '--at', 'w=1', '--bogus']),
      ddx(['check', 'w^2', '--at', 'w=1', '--method', 'sideways']),
      ddx(['check', 'w^2', '--at', 'w=1', '--eps', '-1']),
      ddx([]),
      ddx(['eval', '-w^2', '--at', 'w=1']),
    ]);
    expect(runs.map((run) => run.status)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(runs[0]!.stderr).toContain("unknown command 'frobnicate'");
    expect(runs[1]!.stderr).toContain("unknown option '--bogus'");
    expect(runs[2]!.stderr).toContain('Allowed choices are forward, central, complex');
    expect(runs[3]!.stderr).toContain('expected a positive number');
    expect(runs[4]!.stderr).toContain('Usage: ddx');
    expect(runs[5]!.stderr).toContain(`goes after '--'`);
  });

  it('an expression starting with - works after --', async () => {
    const run = await ddx(['eval', '--at', 'w=3', '--', '-w^2']);
    expect(run).toMatchObject({ status: 0, last: '-9' });
  });
});

describe('colours', () => {
  it('only when forced (stderr is a pipe here), never with NO_COLOR', async () => {
    const [plain, forced, vetoed] = await Promise.all([
      ddx(['eval', 'w^', '--at', 'w=1']),
      ddx(['eval', 'w^', '--at', 'w=1'], { env: { FORCE_COLOR: '1' } }),
      ddx(['eval', 'w^', '--at', 'w=1'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }),
    ]);
    expect(plain.stderr).not.toContain('\u001b[');
    expect(forced.stderr).toContain('\u001b[31msyntax\u001b[0m');
    expect(vetoed.stderr).toBe(plain.stderr);
  });
});

describe('internal errors (exit 70)', () => {
  const io = (readStdin: () => Promise<string>): Io & { err: string[]; out: string[] } => {
    const err: string[] = [];
    const out: string[] = [];
    return {
      err,
      out,
      stdout: { write: (text) => void out.push(text), isTTY: false },
      stderr: { write: (text) => void err.push(text), isTTY: false },
      readStdin,
      env: {},
      cwd: process.cwd(),
    };
  };
  const boom = async (): Promise<string> => {
    throw new TypeError('boom');
  };

  it('are one line without a stack, and the stack with --debug', async () => {
    const quiet = io(boom);
    expect(await runInProcess(['eval', '-', '--at', 'w=1'], quiet)).toBe(70);
    expect(quiet.err.join('')).toBe(
      'ddx: internal error: TypeError: boom (run with --debug for the stack)\n',
    );
    const loud = io(boom);
    expect(await runInProcess(['eval', '-', '--at', 'w=1', '--debug'], loud)).toBe(70);
    expect(loud.err.join('')).toMatch(/^ddx: internal error: TypeError: boom\n\s+at /);
  });
});
