// Bindings of arithmetic and builtin calls over names are written straight from the ddx nodes
// (lower.ts, `#simpleBinding` and `#smallBinding`); they must read exactly as the general path
// and prettier write them: the same parentheses, and names for parts only where a line is long.
import { describe, expect, it } from 'vitest';
import { parse } from '@ddx/parser';
import { generateModule } from '@ddx/codegen';
import { evaluateFunction, formatJs, loadModule, sameBits } from './helpers.js';

/** The `const` line of binding `t` in the module of `f(a, b, c) { t = <value>; return t }`. */
function lineOf(value: string): string {
  const module = generateModule(parse(`f(a, b, c) {\n  t = ${value}\n  return t\n}`));
  return module
    .split('\n')
    .find((line) => line.trimStart().startsWith('const t ='))!
    .trim();
}

describe('bindings written straight from the ddx nodes', () => {
  it.each([
    ['a - (b - c)', 'a - (b - c)'],
    ['a - b - c', 'a - b - c'],
    ['a * b / c', '(a * b) / c'],
    ['a / b / c', 'a / b / c'],
    ['a / (b * c)', 'a / (b * c)'],
    ['a * (b * c)', 'a * (b * c)'],
    ['a ^ b ^ c', 'a ** (b ** c)'],
    ['(a ^ b) ^ c', '(a ** b) ** c'],
    ['(a + b) * c', '(a + b) * c'],
    ['a + b * c', 'a + b * c'],
    ['(a * b) ^ c', '(a * b) ** c'],
    ['sin(a + b) * c', 'Math.sin(a + b) * c'],
    ['2 * pi * a + e', '2 * Math.PI * a + Math.E'],
    ['log(a) + log(a, b) * sigmoid(c)', 'Math.log(a) + ddx_log(a, b) * ddx_sigmoid(c)'],
    ['a * a + b', 'a * a + b'],
  ])('%s', async (source, written) => {
    expect(lineOf(source)).toBe(`const t = ${written};`);
    const module = generateModule(parse(`f(a, b, c) {\n  t = ${source}\n  return t\n}`));
    expect(await formatJs(module)).toBe(module);
  });

  it('computes what the evaluator computes, bit for bit', async () => {
    const source = [
      'f(a, b, c) {',
      '  t = a - (b - c) * (a / b / c) + (a ^ b) ^ c - a ^ b ^ c',
      '  u = sin(t + a) * log(b) / (c * a) - 2 * pi * (a + e)',
      '  return t + u',
      '}',
    ].join('\n');
    const program = parse(source);
    const { f } = (await loadModule(generateModule(program))) as {
      f: (a: number, b: number, c: number) => number;
    };
    for (const point of [
      [0.5, 1.5, 2],
      [-1.25, 3, 0.75],
      [2, -0.5, 1.5],
    ]) {
      const [a, b, c] = point as [number, number, number];
      expect(sameBits([f(a, b, c)], evaluateFunction(program, 'f', point))).toBe(true);
    }
  });

  it('writes relu of a name out, and names its test when the line would be too long', async () => {
    expect(lineOf('relu(a) + 1')).toBe('const t = (a <= 0 ? 0 : a) + 1;');
    const inline = generateModule(parse('f(a) {\n  r = relu(a)\n  return r\n}'));
    expect(inline).toContain('const r = a <= 0 ? 0 : a;');
    const x = 'x'.repeat(23);
    const name = 'r'.repeat(40);
    const source = `f(${x}) {\n  ${name} = relu(${x})\n  return ${name}\n}`;
    const module = generateModule(parse(source));
    expect(module).toContain(`const t1 = ${x} <= 0;`);
    expect(module).toContain(`const ${name} = t1 ? 0 : ${x};`);
    for (const line of module.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(await formatJs(module)).toBe(module);
  });

  it('names parts of a value too wide for one line, as the general path does', () => {
    const wide = Array.from({ length: 12 }, (_, i) => `a * b${i % 2 ? ' - c' : ' + c'}`).join(
      ' * ',
    );
    const module = generateModule(parse(`f(a, b, c) {\n  t = ${wide}\n  return t\n}`));
    const lines = module.split('\n').filter((line) => line.includes(' = '));
    expect(lines.some((line) => /const t\d+ = /.test(line))).toBe(true);
    for (const line of module.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});
