// Numeric edge cases give the documented IEEE-754 results (packages/evaluator/README.md, "Numeric
// semantics": `^` is JavaScript's `**`, a test is true when neither 0 nor NaN), with the same
// bits in the evaluator, compile() under both ABIs, generated modules imported for real, and as
// the value a function's gradient computes. The expected column is written by hand, not computed
// by any ddx package. Cases appear with literals (which a pass might fold) and with parameters.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { program, type FunctionDef } from '@ddx/ast';
import { compile, generateModule, jsIdentifier, type Abi } from '@ddx/codegen';
import { evaluate } from '@ddx/evaluator';
import { parse } from '@ddx/parser';
import { grad } from '@ddx/transform';

/** [expression over x, y, z, the values of x, y, z, expected]. */
type Row = readonly [string, readonly number[], number];

const rows: Row[] = [
  // Powers: 0^0, 0 to a negative power, signed zeros, overflow and underflow.
  ['0^0', [], 1],
  ['x^y', [0, 0], 1],
  ['x^y', [NaN, 0], 1],
  ['0^-1', [], Infinity],
  ['x^y', [0, -1], Infinity],
  ['x^y', [-0, -1], -Infinity],
  ['x^y', [-0, -2], Infinity],
  ['x^y', [0, -0.5], Infinity],
  ['(-8)^(1/3)', [], NaN],
  ['x^y', [-8, 1 / 3], NaN],
  ['x^y', [1, Infinity], NaN],
  ['x^y', [-1, -Infinity], NaN],
  ['2^1024', [], Infinity],
  ['x^y', [2, 1024], Infinity],
  ['x^y', [-2, 1025], -Infinity],
  ['x^y', [2, -1074], 5e-324],
  ['x^y', [2, -1075], 0],
  ['x^y', [10, 1e308], Infinity],
  ['x^y', [0.5, Infinity], 0],
  ['pow(x, y)', [0, 0], 1],
  ['pow(x, y)', [-0, -3], -Infinity],
  ['exp(1000)', [], Infinity],
  ['exp(x)', [1000], Infinity],
  ['exp(x)', [-1000], 0],
  ['exp(x)', [-Infinity], 0],
  ['x * y', [1e308, 10], Infinity],
  // Logarithms.
  ['log(0)', [], -Infinity],
  ['log(x)', [0], -Infinity],
  ['log(x)', [-0], -Infinity],
  ['log(x)', [-1], NaN],
  ['log(x)', [Infinity], Infinity],
  ['log(x)', [5e-324], -744.4400719213812],
  ['log(x, y)', [8, 2], 3],
  ['log(x, y)', [1, 1], NaN],
  ['log(x, y)', [2, 1], Infinity],
  ['log2(x)', [0], -Infinity],
  ['log10(x)', [-0], -Infinity],
  // Signed zeros.
  ['-0', [], -0],
  ['-x', [0], -0],
  ['x * y', [0, -1], -0],
  ['0 * -1', [], -0],
  ['x + y', [-0, 0], 0],
  ['x - y', [-0, 0], -0],
  ['x + y', [-0, -0], -0],
  ['1 / x', [-0], -Infinity],
  ['1 / -0', [], -Infinity],
  ['x / y', [-1, Infinity], -0],
  ['sqrt(x)', [-0], -0],
  ['cbrt(x)', [-0], -0],
  ['tanh(x)', [-0], -0],
  ['abs(x)', [-0], 0],
  ['sign(x)', [-0], -0],
  ['relu(x)', [-0], 0],
  ['min(x, y)', [0, -0], 0],
  ['max(x, y)', [-0, 0], -0],
  ['atan2(x, y)', [0, -0], Math.PI],
  ['atan2(x, y)', [-0, -0], -Math.PI],
  ['cot(x)', [-0], -Infinity],
  ['csc(x)', [0], Infinity],
  ['x == y', [0, -0], 1],
  // NaN inputs: arithmetic propagates it, comparisons are false except !=, tests are false.
  ['x + 1', [NaN], NaN],
  ['x < 1', [NaN], 0],
  ['x >= x', [NaN], 0],
  ['x == x', [NaN], 0],
  ['x != x', [NaN], 1],
  ['x ? 1 : 2', [NaN], 2],
  ['x ? 1 : 2', [-0], 2],
  ['x ? 1 : 2', [-Infinity], 1],
  ['0/0 ? 1 : 2', [], 2],
  ['min(x, y)', [NaN, 1], NaN],
  ['max(x, y)', [1, NaN], NaN],
  ['relu(x)', [NaN], NaN],
  ['sign(x)', [NaN], NaN],
  ['sigmoid(x)', [NaN], NaN],
  ['hypot(x, y)', [NaN, Infinity], Infinity],
  // Infinities.
  ['x - y', [Infinity, Infinity], NaN],
  ['x * y', [Infinity, 0], NaN],
  ['1 / x', [Infinity], 0],
  ['-1 / x', [Infinity], -0],
  ['x > 1e308', [Infinity], 1],
  ['x == y', [-Infinity, -Infinity], 1],
  ['sigmoid(x)', [Infinity], 1],
  ['sigmoid(x)', [-Infinity], 0],
  ['sigmoid(x)', [-1000], 0],
  ['softplus(x)', [Infinity], Infinity],
  ['softplus(x)', [-Infinity], 0],
  ['softplus(x)', [1000], 1000],
  ['softplus(1000)', [], 1000],
  ['tanh(x)', [Infinity], 1],
  ['atan(x)', [-Infinity], -Math.PI / 2],
  ['sin(x)', [Infinity], NaN],
  // The smallest subnormal.
  ['x / 2', [5e-324], 0],
  ['-x / 2', [5e-324], -0],
  ['x * 2', [5e-324], 1e-323],
  ['5e-324 * 2', [], 1e-323],
  ['x - x', [5e-324], 0],
  ['1 / x', [5e-324], Infinity],
  ['sqrt(x)', [5e-324], 2.2227587494850775e-162],
  ['x * y', [5e-324, 0.5], 0],
  ['x * y', [-5e-324, 0.5], -0],
  // Domains of the inverse functions.
  ['asin(x)', [2], NaN],
  ['acosh(x)', [1], 0],
  ['acosh(x)', [0.5], NaN],
  ['atanh(x)', [1], Infinity],
  ['atanh(x)', [-1], -Infinity],
  ['sqrt(x)', [-1], NaN],
];

const names = ['x', 'y', 'z'];
const functions: FunctionDef[] = rows.map(([expression, args], index) => {
  const params = names.slice(0, args.length).join(', ');
  return parse(`case${index}(${params}) = ${expression}`).functions[0]!;
});
const all = program(functions);

const describeRow = ([expression, args]: Row) => {
  const values = args.map((value) => (Object.is(value, -0) ? '-0' : String(value)));
  return values.length === 0 ? expression : `${expression} at ${values.join(', ')}`;
};

function callUnder(fn: (...args: any[]) => any, abi: Abi, args: readonly number[]): number {
  return abi === 'scalars' ? fn(...args) : fn(Float64Array.from(args), new Float64Array(0));
}

const directory = mkdtempSync(join(tmpdir(), 'ddx-numeric-edges-'));
const modules = new Map<Abi, Record<string, (...args: any[]) => any>>();

beforeAll(async () => {
  for (const abi of ['scalars', 'arrays'] as const) {
    const file = join(directory, `${abi}.mjs`);
    writeFileSync(file, generateModule(all, { abi }));
    modules.set(abi, await import(pathToFileURL(file).href));
  }
});

describe.each(rows.map((row, index) => [describeRow(row), row, index] as const))(
  '%s',
  (_, [, args, expected], index) => {
    const fn = functions[index]!;

    it(`is ${Object.is(expected, -0) ? '-0' : expected} in the evaluator`, () => {
      const results = evaluate(all, { fn: fn.name, args });
      expect(results).toHaveLength(1);
      expect(results[0]).toBe(expected);
    });

    it('and as the value of its gradient, evaluated and compiled', () => {
      expect(evaluate(grad(fn), { args })[0]).toBe(expected);
      expect(compile(fn, { grad: true, gradient: 'tuple' })(...args)[0]).toBe(expected);
    });

    it.each(['scalars', 'arrays'] as const)('and in compile() and the module, %s ABI', (abi) => {
      expect(callUnder(compile(fn, { abi }), abi, args)).toBe(expected);
      expect(callUnder(modules.get(abi)![jsIdentifier(fn.name)]!, abi, args)).toBe(expected);
    });
  },
);
