/**
 * IEEE edge cases (0^0, 0^negative, log(0), huge exponents, -0, NaN and infinite inputs) give the
 * same results, bit for bit (Object.is), from the evaluator, compile() and the module `ddx gen`
 * writes. The random-program property (codegen agreement.property.test.ts) covers these inputs
 * too; this test pins each edge by name.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { compile } from '@ddx/codegen';
import { evaluate } from '@ddx/evaluator';
import { parse } from '@ddx/parser';
import { assertBuilt, ddx } from './helpers.js';

beforeAll(assertBuilt);

const source = `f(a, b) = a ^ b, log(a), a * -1, exp(b), sqrt(a), a / b, 0^0, 0^-1, 10^400, (-8)^(1/3), -a
`;

const points: [number, number][] = [
  [0, 0],
  [0, -1],
  [-0, -1],
  [0, 1e308],
  [2, 1e6],
  [2, -1e6],
  [-8, 1 / 3],
  [NaN, 0],
  [1, NaN],
  [-0, 0],
  [Infinity, -0],
  [-Infinity, 3],
];

it('evaluator, compile() and a ddx gen module agree on every edge, -0 and NaN included', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'ddx-edges-'));
  const file = join(directory, 'edges.ddx');
  writeFileSync(file, source);
  const output = join(directory, 'edges.mjs');
  const run = await ddx(['gen', file, '-o', output]);
  expect(run.status, run.stderr).toBe(0);
  const module = (await import(pathToFileURL(output).href)) as Record<
    string,
    (a: number, b: number) => number[]
  >;
  const program = parse(source);
  const compiled = compile(program) as (a: number, b: number) => number[];
  for (const [a, b] of points) {
    const expected = evaluate(program, { args: [a, b] });
    const label = `at (${Object.is(a, -0) ? '-0' : a}, ${Object.is(b, -0) ? '-0' : b})`;
    expect(compiled(a, b).map(String), `compile() ${label}`).toEqual(expected.map(String));
    expect(module['f']!(a, b).map(String), `module ${label}`).toEqual(expected.map(String));
    const same = (values: number[]) => values.every((value, k) => Object.is(value, expected[k]));
    expect(same(compiled(a, b)), `compile() ${label}, -0 kept`).toBe(true);
    expect(same(module['f']!(a, b)), `module ${label}, -0 kept`).toBe(true);
  }
  // The documented IEEE values, from the evaluator.
  const [pow, log, , , , , zeroToZero, zeroToNegative, huge] = evaluate(program, { args: [0, -1] });
  expect([pow, log, zeroToZero, zeroToNegative, huge]).toEqual([
    Infinity,
    -Infinity,
    1,
    Infinity,
    Infinity,
  ]);
  expect(Object.is(evaluate(program, { args: [0, 1] })[10], -0)).toBe(true);
});
