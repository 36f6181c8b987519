// Comparisons bound to a name that is only ever a test stay JavaScript booleans; every other
// comparison is 1 or 0, as in ddx. relu of a name is written out. Numbers are the evaluator's.
import { describe, expect, it } from 'vitest';
import {
  binary,
  binding,
  call,
  conditional,
  functionDef,
  ident,
  mul,
  add,
  num,
  program,
} from '@ddx/ast';
import { compile, generateModule } from '@ddx/codegen';
import { evaluateFunction, loadModule, sameBits } from './helpers.js';

const x = ident('x');
const y = ident('y');
// f(x, y) { c = x < y; d = x >= y; q = x == y; r = relu(x); return c ? d + 1 : (q ? r : y), ... }
const f = functionDef(
  'f',
  ['x', 'y'],
  [
    binding('c', binary('<', x, y)), // only a test: a boolean
    binding('d', binary('>=', x, y)), // a number (d + 1)
    binding('q', binary('==', x, y)), // a test and a number (q * 2)
    binding('r', call('relu', [x])),
    binding(
      's',
      conditional(ident('c'), add(ident('d'), num(1)), conditional(ident('q'), ident('r'), y)),
    ),
  ],
  [add(ident('s'), mul(ident('q'), num(2)))],
);
const only = program([f]);
const samples = [-2, -0, 0, 0.5, 1, 3, NaN, Infinity, -Infinity];

describe('comparisons', () => {
  it('a comparison bound only for tests stays a boolean, one used as a number is 1 or 0', () => {
    const text = generateModule(only);
    expect(text).toContain('const c = x < y;');
    expect(text).toContain('const d = x >= y ? 1 : 0;');
    expect(text).toContain('const q = x === y ? 1 : 0;');
    expect(text).toContain('const r = x <= 0 ? 0 : x;');
    expect(text).not.toContain('ddx_relu');
  });

  it('a comparison that is a result stays 1 or 0', async () => {
    const g = functionDef('g', ['x', 'y'], [binding('c', binary('<', x, y))], [ident('c')]);
    const loaded = await loadModule(generateModule(program([g])));
    expect(loaded['g']!(1, 2)).toBe(1);
    expect(loaded['g']!(2, 1)).toBe(0);
    expect(Object.is(compile(g)(1, 2), 1)).toBe(true);
  });

  it('values and gradients are the evaluator bits, in both calling conventions', async () => {
    const scalars = await loadModule(generateModule(only, { grad: true, gradient: 'tuple' }));
    const arrays = await loadModule(generateModule(only, { abi: 'arrays' }));
    const gradFn = compile(only, { grad: true, gradient: 'tuple' }) as (
      ...args: number[]
    ) => number[];
    for (const a of samples) {
      for (const b of samples) {
        const expected = evaluateFunction(only, 'f', [a, b]);
        expect(sameBits([scalars['f']!(a, b)], expected)).toBe(true);
        expect(sameBits([arrays['f']!(Float64Array.of(a, b), new Float64Array(0))], expected)).toBe(
          true,
        );
        expect(sameBits([gradFn(a, b)[0]!], expected)).toBe(true);
        expect(sameBits(scalars['f_grad']!(a, b), gradFn(a, b))).toBe(true);
      }
    }
  });

  it('the lecture gradient tests booleans and writes relu out', () => {
    const a1 = call('relu', [add(mul(ident('w1'), x), ident('b1'))]);
    const J = functionDef(
      'J',
      ['w1', 'b1', 'x'],
      [binding('a1', a1)],
      [mul(ident('a1'), ident('a1'))],
    );
    const text = generateModule(program([J]), { abi: 'arrays', grad: true, wrt: ['w1', 'b1'] });
    const gradient = text.slice(text.indexOf('export function J_grad'));
    expect(gradient).toMatch(/const t\d+ = t\d+ > 0;/);
    expect(gradient).not.toContain('? 1 : 0');
    expect(gradient).not.toContain('ddx_relu(');
  });
});
