/** Each command end to end: its output, its --json shape, its --help, stdin and --fn. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ddx, lecture, packageRoot } from './helpers.js';

beforeAll(assertBuilt);

const twoFunctions = 'g(w) = w^2\nh(w) = w^3\n';
const polar = 'polar(x, y) {\n  return hypot(x, y), atan2(y, x)\n}\n';

describe('parse', () => {
  it('prints the program back in the house style, from inline source, a file or stdin', async () => {
    const [inline, file, stdin] = await Promise.all([
      ddx(['parse', 'f(w)=w ^ 2']),
      ddx(['parse', lecture('graph.ddx')]),
      ddx(['parse', '-'], { input: 'J(w,b)=w*w+b' }),
    ]);
    expect(inline).toMatchObject({ status: 0, stdout: 'f(w) = w^2\n' });
    expect(file.stdout).toBe(
      'J(w, b, x, y) {\n  c = w * x\n  a = c + b\n  d = a - y\n  return 1 / 2 * d^2\n}\n',
    );
    expect(stdin).toMatchObject({ status: 0, stdout: 'J(w, b) = w * w + b\n' });
  });

  it('--json gives the AST, without spans unless --spans', async () => {
    const [plain, spans] = await Promise.all([
      ddx(['parse', 'f(w) = w^2', '--json']),
      ddx(['parse', 'f(w) = w^2', '--json', '--spans']),
    ]);
    const ast = JSON.parse(plain.stdout);
    expect(ast.file).toBe('<input>');
    expect(ast.program.kind).toBe('Program');
    expect(ast.program.functions[0]).toMatchObject({ kind: 'Function', name: 'f', params: ['w'] });
    expect(ast.program.functions[0].results[0]).toMatchObject({ kind: 'Binary', operator: '^' });
    expect(plain.stdout).not.toContain('span');
    expect(JSON.parse(spans.stdout).program.functions[0].span).toEqual({ start: 0, end: 10 });
  });

  it('--fn prints one function', async () => {
    const run = await ddx(['parse', twoFunctions, '--fn', 'g']);
    expect(run.stdout).toBe('g(w) = w^2\n');
  });
});

describe('eval', () => {
  it('prints one line per result', async () => {
    const run = await ddx(['eval', polar, '--at', 'x=3,y=4']);
    expect(run).toMatchObject({ status: 0, lines: ['5', String(Math.atan2(4, 3))] });
  });

  it('picks the function with --fn, else the last', async () => {
    const [g, last] = await Promise.all([
      ddx(['eval', twoFunctions, '--fn', 'g', '--at', 'w=2']),
      ddx(['eval', twoFunctions, '--at', 'w=2']),
    ]);
    expect([g.last, last.last]).toEqual(['4', '8']);
  });

  it('takes --at repeated, negative, with exponents, and names like __proto__', async () => {
    const runs = await Promise.all([
      ddx(['eval', 'w * b', '--at', 'w=-2', '--at', 'b=1e-3']),
      ddx(['eval', '__proto__ + constructor', '--at', '__proto__=1,constructor=2']),
      ddx(['eval', 'θ^2', '--at', 'θ=-2']),
      ddx(['eval', '2^10']),
    ]);
    expect(runs.map((run) => [run.status, run.last])).toEqual([
      [0, '-0.002'],
      [0, '3'],
      [0, '4'],
      [0, '1024'],
    ]);
  });

  it('prints the shortest text that reads back to the same double', async () => {
    const run = await ddx(['eval', '0.1 + 0.2']);
    expect(run.last).toBe('0.30000000000000004');
  });

  it('--json: { function, at, values }', async () => {
    const run = await ddx(['eval', lecture('graph.ddx'), '--at', 'w=2,b=8,x=-2,y=2', '--json']);
    expect(JSON.parse(run.stdout)).toEqual({
      function: 'J',
      at: { w: 2, b: 8, x: -2, y: 2 },
      values: [2],
    });
  });
});

describe('diff', () => {
  it('--json: { function, wrt, program, at, values }', async () => {
    const run = await ddx(['diff', 'J(w) = w^3', '--wrt', 'w', '--at', 'w=2', '--json']);
    expect(JSON.parse(run.stdout)).toEqual({
      function: 'dJ_dw',
      wrt: 'w',
      program: 'dJ_dw(w) = 3 * w^2',
      at: { w: 2 },
      values: [12],
    });
  });

  it('repeated --wrt gives the higher or mixed derivative, named by its order', async () => {
    const source = 'f(x, y) = x^3 * y^2';
    const [second, mixed, json] = await Promise.all([
      ddx(['diff', source, '--wrt', 'x,x', '--at', 'x=2,y=3']),
      ddx(['diff', source, '--wrt', 'x', '--wrt', 'y', '--at', 'x=2,y=3']),
      ddx(['diff', source, '--wrt', 'y,x,x', '--json']),
    ]);
    // ∂²/∂x² = 6 x y² = 108 and ∂²/∂x∂y = 6 x² y = 72 at (2, 3)
    expect(second).toMatchObject({ status: 0, lines: ['d2f_dx2(x, y) = y^2 * (6 * x)', '108'] });
    expect(mixed.status).toBe(0);
    expect(mixed.lines[0]).toMatch(/^d2f_dx_dy\(x, y\) = /);
    expect(Number(mixed.lines.at(-1))).toBe(72);
    expect(JSON.parse(json.stdout)).toMatchObject({ function: 'd3f_dy_dx2', wrt: ['y', 'x', 'x'] });
  });

  it('differentiates every result of a function', async () => {
    const run = await ddx(['diff', polar, '--wrt', 'x', '--at', 'x=3,y=4']);
    expect(run.status).toBe(0);
    expect(run.lines.slice(-2).map(Number)).toEqual([0.6, expect.closeTo(-0.16, 12)]);
  });
});

describe('grad', () => {
  it('prints the gradient program (reverse mode) without --at', async () => {
    const run = await ddx(['grad', lecture('graph.ddx'), '--wrt', 'w,b']);
    expect(run.status).toBe(0);
    expect(run.lines[0]).toBe('J_grad(w, b, x, y) {');
    expect(run.stdout).toContain('return 1 / 2 * d^2, ');
  });

  it('--json: { function, wrt, program, at, value, gradient }', async () => {
    const run = await ddx(['grad', lecture('graph.ddx'), '--at', 'w=2,b=8,x=-2,y=2', '--json']);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      function: 'J_grad',
      wrt: ['w', 'b', 'x', 'y'],
      at: { w: 2, b: 8, x: -2, y: 2 },
      value: 2,
      gradient: { w: -4, b: 2, x: 4, y: -2 },
    });
    expect(json.program).toMatch(/^J_grad\(w, b, x, y\) \{/);
  });

  it('names the value f for a bare expression', async () => {
    const run = await ddx(['grad', 'w * b', '--at', 'w=3,b=5']);
    expect(run.lines).toEqual(['f     = 15', 'df/dw = 5', 'df/db = 3']);
  });
});

describe('gen', () => {
  it('writes a module and its declarations that compute the lecture network’s gradient', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddx-gen-'));
    const out = join(dir, 'network.js');
    const run = await ddx(['gen', lecture('network.ddx'), '--grad', '--dts', '-o', out]);
    expect(run).toMatchObject({ status: 0, stdout: '' });
    expect(readFileSync(join(dir, 'network.d.ts'), 'utf8')).toContain('export declare function J');
    const module = await import(pathToFileURL(out).href);
    expect(module.J(2, 0, 3, 1, 1, 5)).toBe(2);
    expect(module.J_grad(2, 0, 3, 1, 1, 5)).toMatchObject({ value: 2, w1: 6, b1: 6, w2: 4, b2: 2 });
  });

  it('prints to stdout, both files clearly separated with --dts', async () => {
    const [plain, both, arrays, json] = await Promise.all([
      ddx(['gen', 'J(w) = w^2', '--grad']),
      ddx(['gen', 'J(w) = w^2', '--dts']),
      ddx(['gen', 'J(w, x) = w * x', '--abi', 'arrays', '--wrt', 'w']),
      ddx(['gen', 'J(w) = w^2', '--dts', '--json']),
    ]);
    expect(plain.stdout).toContain('export function J_grad(w)');
    expect(both.stdout).toMatch(/^\/\/ ==> module\.js <==\n[\s\S]*\/\/ ==> module\.d\.ts <==\n/);
    expect(arrays.stdout).toContain('export function J(params, inputs)');
    const shape = JSON.parse(json.stdout);
    expect(Object.keys(shape)).toEqual(['module', 'declarations']);
    expect(shape.module).toContain('export function J(w)');
  });
});

describe('check', () => {
  it('passes by default with central differences, and with the complex step', async () => {
    const [central, complex] = await Promise.all([
      ddx(['check', lecture('graph.ddx'), '--at', 'w=2,b=8,x=-2,y=2']),
      ddx(['check', lecture('graph.ddx'), '--at', 'w=2,b=8,x=-2,y=2', '--method', 'complex']),
    ]);
    expect(central.status).toBe(0);
    expect(central.lines[0]).toBe('J at w = 2, b = 8, x = -2, y = 2 (central differences)');
    expect(complex.status).toBe(0);
    expect(complex.lines[0]).toBe('J at w = 2, b = 8, x = -2, y = 2 (dual numbers)');
    expect(complex.stdout).toContain(
      'w ↑ ε ⇒ J ↑ -4 × ε to first order (dual numbers); dJ/dw = -4',
    );
  });

  it('checks each partial of a function with several results', async () => {
    const run = await ddx(['check', polar, '--at', 'x=3,y=4', '--wrt', 'y']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('dpolar[1]/dy = 0.8');
    expect(run.stdout).toContain('dpolar[2]/dy = 0.12');
  });

  it('--json: { function, passed, claims, reports }', async () => {
    const run = await ddx([
      'check',
      'J(w, b) = w * b',
      '--at',
      'w=3,b=2',
      '--claim',
      'b=4',
      '--method',
      'forward',
      '--json',
    ]);
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ function: 'J', passed: false, claims: { b: 4 } });
    expect(json.reports).toHaveLength(1);
    expect(json.reports[0].at).toEqual({ w: 3, b: 2 });
    expect(json.reports[0].rows.map((row: { verdict: string }) => row.verdict)).toEqual([
      'ok',
      'mismatch',
    ]);
  });
});

describe('graph', () => {
  it('without --at shows the operations only, as DOT by default', async () => {
    const run = await ddx(['graph', lecture('graph.ddx')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^digraph "J" \{\n  rankdir=LR;/);
    expect(run.stdout).toContain('n4 [label=<c = w * x>];');
    expect(run.stdout).toContain('n0 -> n4;');
    expect(run.stdout).not.toContain('dJ/d');
  });

  it('--format mermaid labels each node with its value and adjoint', async () => {
    const run = await ddx([
      'graph',
      lecture('graph.ddx'),
      '--at',
      'w=2,b=8,x=-2,y=2',
      '--format',
      'mermaid',
    ]);
    expect(run.lines[0]).toBe('flowchart LR');
    expect(run.stdout).toContain('n0(["w<br/>w = 2<br/>dJ/dw = -4"])');
    expect(run.stdout).toContain('n7[["J = 1 / 2 * d^2<br/>J = 2<br/>dJ/dJ = 1"]]');
  });

  it('--json: { function, at, nodes, edges }', async () => {
    const run = await ddx(['graph', 'J(w) = w^2', '--at', 'w=3', '--json']);
    expect(JSON.parse(run.stdout)).toEqual({
      function: 'J',
      at: { w: 3 },
      nodes: [
        { id: 'n0', role: 'parameter', name: 'w', value: 3, adjoint: 6 },
        { id: 'n1', role: 'result', name: 'J', operation: 'w^2', value: 9, adjoint: 1 },
      ],
      edges: [{ from: 'n0', to: 'n1' }],
    });
  });
});

describe('help and version', () => {
  const commands = ['parse', 'eval', 'diff', 'grad', 'gen', 'check', 'graph'];

  it('every command has --help with a real example', async () => {
    const runs = await Promise.all(commands.map((command) => ddx([command, '--help'])));
    runs.forEach((run, index) => {
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`Usage: ddx ${commands[index]} [options] <input>`);
      expect(run.stdout).toContain(`Examples:\n  $ ddx ${commands[index]} `);
      expect(run.stdout).toContain('--json');
    });
  });

  it('--version prints the package version', async () => {
    const version = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;
    const run = await ddx(['--version']);
    expect(run).toMatchObject({ status: 0, stdout: `${version}\n` });
  });

  it('ddx --help lists the commands', async () => {
    const run = await ddx(['--help']);
    expect(run.status).toBe(0);
    for (const command of commands) expect(run.stdout).toContain(`  ${command} `);
  });
});

describe('inputs', () => {
  it('reads a program file by path and an expression from stdin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddx-input-'));
    writeFileSync(join(dir, 'model.ddx'), 'J(w) = w^2\n');
    const [file, stdin] = await Promise.all([
      ddx(['eval', 'model.ddx', '--at', 'w=3'], { cwd: dir }),
      ddx(['eval', '-', '--at', 'w=3'], { input: 'w^3\n' }),
    ]);
    expect([file.last, stdin.last]).toEqual(['9', '27']);
  });
});
