/**
 * The worked examples of the lecture (shared/examples/backprop-intuition.md), through the built
 * CLI: the README's one-liners print exactly these numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ddx, lecture, svgNodeTexts } from './helpers.js';

beforeAll(assertBuilt);

const graphPoint = 'w=2,b=8,x=-2,y=2';
const networkPoint = 'w1=2,b1=0,w2=3,b2=1,x=1,y=5';

describe('a derivative is what an ε-perturbation reveals', () => {
  it('J(w) = w^2: J(3) = 9, dJ/dw = 2 * w = 6', async () => {
    const [value, program, slope] = await Promise.all([
      ddx(['eval', 'w^2', '--at', 'w=3']),
      ddx(['diff', 'w^2', '--wrt', 'w']),
      ddx(['diff', 'w^2', '--wrt', 'w', '--at', 'w=3']),
    ]);
    expect(value).toMatchObject({ status: 0, last: '9', stderr: '' });
    expect(program).toMatchObject({ status: 0, stdout: '2 * w\n' });
    expect(slope).toMatchObject({ status: 0, lines: ['2 * w', '6'] });
  });

  it('the other rows: w^2 at 2 and -3, w^3, w and 1/w at 2', async () => {
    const runs = await Promise.all([
      ddx(['eval', 'w^2', '--at', 'w=2']),
      ddx(['eval', 'w^2', '--at', 'w=-3']),
      ddx(['diff', 'w^2', '--wrt', 'w', '--at', 'w=-3']),
      ddx(['diff', 'w^3', '--wrt', 'w', '--at', 'w=2']),
      ddx(['diff', 'w', '--wrt', 'w', '--at', 'w=2']),
      ddx(['diff', '1/w', '--wrt', 'w', '--at', 'w=2']),
      ddx(['eval', '1/w', '--at', 'w=2']),
    ]);
    expect(runs.map((run) => run.last)).toEqual(['4', '9', '-6', '12', '1', '-0.25', '0.5']);
    expect(runs[3]!.lines[0]).toBe('3 * w^2');
    expect(runs[4]!.lines[0]).toBe('1');
    expect(runs[5]!.lines[0]).toBe('-1 / w^2');
  });
});

describe('the forward-difference table', () => {
  const rows: [string, string, string, string, string][] = [
    // w, ε, J(w+ε), k, exact dJ/dw
    ['3', '0.001', '9.006001', '6.001', '6'],
    ['3', '0.002', '9.012004', '6.002', '6'],
    ['2', '0.001', '4.004001', '4.001', '4'],
    ['-3', '0.001', '8.994001', '-5.999', '-6'],
  ];

  it('check --method forward --eps reproduces J(w+ε), k and the exact slope', async () => {
    const runs = await Promise.all(
      rows.map(([w, eps]) =>
        ddx(['check', 'J(w) = w^2', '--at', `w=${w}`, '--method', 'forward', '--eps', eps]),
      ),
    );
    runs.forEach((run, index) => {
      const [w, eps, plus, k, exact] = rows[index]!;
      expect(run.status).toBe(0);
      const row = run.lines
        .find((line) => line.startsWith('w '))!
        .trim()
        .split(/\s+/);
      // parameter  w  ε  J(w)  J(w+ε)  k  symbolic ...
      expect(row.slice(0, 7)).toEqual(['w', w, eps, String(Number(w) ** 2), plus, k, exact]);
      const rise = (Number(plus) - Number(w) ** 2).toFixed(6).replace(/0+$/, '');
      expect(run.stdout).toContain(`w ↑ ${eps} ⇒ J ↑ ${rise} ≈ ${k} × ε; dJ/dw = ${exact}`);
    });
  });
});

describe('the computation graph, forward then backward', () => {
  it('grad prints J = 2, dJ/dw = -4, dJ/db = 2', async () => {
    const run = await ddx(['grad', lecture('graph.ddx'), '--wrt', 'w,b', '--at', graphPoint]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('J     = 2\ndJ/dw = -4\ndJ/db = 2\n');
  });

  it('graph --format svg shows J = 2 on the result and dJ/dw = -4 on w', async () => {
    const run = await ddx(['graph', lecture('graph.ddx'), '--at', graphPoint, '--format', 'svg']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\n$/);
    const nodes = svgNodeTexts(run.stdout);
    const node = (first: string): string[] | undefined => nodes.find((texts) => texts[0] === first);
    expect(node('w')).toEqual(['w', 'w = 2', 'dJ/dw = -4']);
    expect(node('b')).toEqual(['b', 'b = 8', 'dJ/db = 2']);
    expect(node('c = w * x')).toEqual(['c = w * x', 'c = -4', 'dJ/dc = 2']);
    expect(node('a = c + b')).toEqual(['a = c + b', 'a = 4', 'dJ/da = 2']);
    expect(node('d = a - y')).toEqual(['d = a - y', 'd = 2', 'dJ/dd = 2']);
    expect(node('J = 1 / 2 * d^2')).toEqual(['J = 1 / 2 * d^2', 'J = 2', 'dJ/dJ = 1']);
  });
});

describe('the two-layer network', () => {
  it('grad prints J = 2 and dJ/dw1 = 6, dJ/db1 = 6, dJ/dw2 = 4, dJ/db2 = 2', async () => {
    const run = await ddx([
      'grad',
      lecture('network.ddx'),
      '--wrt',
      'w1,b1,w2,b2',
      '--at',
      networkPoint,
    ]);
    expect(run.status).toBe(0);
    expect(run.lines).toEqual([
      'J      = 2',
      'dJ/dw1 = 6',
      'dJ/db1 = 6',
      'dJ/dw2 = 4',
      'dJ/db2 = 2',
    ]);
  });

  it('check shows the ε-experiment of every parameter in the lecture’s words', async () => {
    const run = await ddx([
      'check',
      lecture('network.ddx'),
      '--at',
      networkPoint,
      '--method',
      'forward',
      '--eps',
      '0.001',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('w1 ↑ 0.001 ⇒ J ↑ 0.0060045 ≈ 6.0045 × ε; dJ/dw1 = 6\n');
    expect(run.stdout).toContain('b1 ↑ 0.001 ⇒ J ↑ 0.0060045 ≈ 6.0045 × ε; dJ/db1 = 6\n');
    expect(run.stdout).toContain('w2 ↑ 0.001 ⇒ J ↑ 0.004002 ≈ 4.002 × ε; dJ/dw2 = 4\n');
    expect(run.stdout).toContain('b2 ↑ 0.001 ⇒ J ↑ 0.0020005 ≈ 2.0005 × ε; dJ/db2 = 2\n');
    expect(run.last).toBe('passed: 6 ok');
  });

  it('catches the lecture’s slip: raising w2 by ε raises J by 4ε, not 6ε (exit 1)', async () => {
    const run = await ddx([
      'check',
      lecture('network.ddx'),
      '--at',
      networkPoint,
      '--method',
      'forward',
      '--eps',
      '0.001',
      '--claim',
      'w2=6',
    ]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      'w2 ↑ 0.001 ⇒ J ↑ 0.004002 ≈ 4.002 × ε; claimed dJ/dw2 = 6 — MISMATCH\n',
    );
    expect(run.stdout).toContain('w1 ↑ 0.001 ⇒ J ↑ 0.0060045 ≈ 6.0045 × ε; dJ/dw1 = 6\n');
    expect(run.last).toBe('FAILED: 5 ok, 1 mismatch');
  });

  it('eval of a1 and a2 through --json of graph: a1 = 2, a2 = 7', async () => {
    const run = await ddx(['graph', lecture('network.ddx'), '--at', networkPoint, '--json']);
    const graph = JSON.parse(run.stdout) as { nodes: { name: string; value: number }[] };
    const value = (name: string): number | undefined =>
      graph.nodes.find((node) => node.name === name)?.value;
    expect([value('a1'), value('a2'), value('J')]).toEqual([2, 7, 2]);
  });
});
