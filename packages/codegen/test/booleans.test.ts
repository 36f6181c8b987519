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

describe('nested tests', () => {
  it('a ? (b ? x : 0) : 0 tests a && b, named once, with the evaluator bits', async () => {
    const [a, b, u, v] = ['a', 'b', 'u', 'v'].map((name) => ident(name));
    const g = functionDef(
      'g',
      ['a', 'b', 'u', 'v'],
      [
        binding('p', conditional(a!, conditional(b!, u!, num(0)), num(0))),
        binding('q', conditional(a!, conditional(b!, mul(u!, v!), num(0)), num(0))),
        binding('r', conditional(a!, conditional(b!, v!, num(1)), num(0))), // not the shape
      ],
      [add(add(ident('p'), ident('q')), ident('r'))],
    );
    const text = generateModule(program([g]));
    expect(text.match(/ = a && b;/g)).toHaveLength(1);
    // Two selections on that one test: one `if` block (selectionGroups).
    expect(text).toMatch(
      /let p = 0;\n {2}let q = 0;\n {2}if \((t\d+)\) \{\n {4}p = u;\n {4}q = u \* v;\n {2}\}/,
    );
    expect(text).toContain('const r = a ? (b ? v : 1) : 0;');
    const loaded = await loadModule(text);
    const values = [-1, -0, 0, 0.5, NaN, Infinity];
    for (const x1 of values) {
      for (const x2 of values) {
        for (const x3 of [2, -0, NaN]) {
          const expected = evaluateFunction(program([g]), 'g', [x1, x2, x3, -3]);
          expect(sameBits([loaded['g']!(x1, x2, x3, -3)], expected)).toBe(true);
        }
      }
    }
  });

  it('selections on one test in a row share one if block; a later one reads an earlier one', async () => {
    const [c, u, v] = ['c', 'u', 'v'].map((name) => ident(name));
    const test = binary('>', c!, num(0));
    const g = functionDef(
      'g',
      ['c', 'u', 'v'],
      [
        binding('k', test),
        binding('p', conditional(ident('k'), mul(u!, v!), num(0))),
        binding('q', conditional(ident('k'), mul(ident('p'), u!), num(0))),
        binding('m', add(u!, v!)), // ends the run
        binding('r', conditional(ident('k'), v!, num(0))), // a run of one stays a selection
        binding('s', conditional(ident('m'), u!, num(0))), // another test
      ],
      [add(add(add(ident('p'), ident('q')), ident('r')), ident('s'))],
    );
    const text = generateModule(program([g]));
    expect(text).toContain(
      '  let p = 0;\n  let q = 0;\n  if (k) {\n    p = u * v;\n    q = p * u;\n  }\n  const m = u + v;',
    );
    expect(text).toContain('const r = k ? v : 0;');
    expect(text).toContain('const s = m ? u : 0;');
    const loaded = await loadModule(text);
    const run = compile(g);
    const values = [-1, -0, 0, 2, NaN, Infinity, -Infinity];
    for (const x1 of values) {
      for (const x2 of values) {
        for (const x3 of values) {
          const expected = evaluateFunction(program([g]), 'g', [x1, x2, x3]);
          expect(sameBits([loaded['g']!(x1, x2, x3)], expected)).toBe(true);
          expect(sameBits([run(x1, x2, x3) as number], expected)).toBe(true);
        }
      }
    }
  });
});
