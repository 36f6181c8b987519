// Names resolve to the binding or parameter they name, wherever it is (lower.ts looks names up in
// a NameTable of @ddx/ast), and scoping mistakes are errors with their code.
import { describe, expect, it } from 'vitest';
import { add, binding, DdxError, functionDef, ident, mul, num, program } from '@ddx/ast';
import { generateModule } from '@ddx/codegen';
import { evaluateFunction, loadModule } from './helpers.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DdxError) return error.code;
    throw error;
  }
  return undefined;
}

describe('scoping errors', () => {
  it('a name bound twice', () => {
    const fn = functionDef(
      'f',
      ['x'],
      [binding('a', ident('x')), binding('a', ident('x'))],
      [ident('a')],
    );
    expect(codeOf(() => generateModule(fn))).toBe('rebinding');
  });

  it('a binding named as a parameter', () => {
    const fn = functionDef('f', ['x'], [binding('x', num(1))], [ident('x')]);
    expect(codeOf(() => generateModule(fn))).toBe('rebinding');
  });

  it('a parameter declared twice', () => {
    const fn = functionDef('f', ['x', 'x'], [], [ident('x')]);
    expect(codeOf(() => generateModule(fn))).toBe('duplicate-parameter');
  });

  it('a name read before its binding, or never bound', () => {
    const early = functionDef(
      'f',
      ['x'],
      [binding('a', ident('b')), binding('b', ident('x'))],
      [ident('a')],
    );
    expect(codeOf(() => generateModule(early))).toBe('unbound-name');
    const never = functionDef('f', ['x'], [], [ident('y')]);
    expect(codeOf(() => generateModule(never))).toBe('unbound-name');
  });
});

it('thousands of names, near-identical and read from far back, each resolve to their own', async () => {
  // Names that differ in one character or in order (`ab1`, `ba1`, ...), so that any hashing
  // meets collisions; each binding reads the one made right before and one far back.
  const params = ['x', 'y'];
  const names = Array.from({ length: 3000 }, (_, k) => (k % 2 ? `ba${k >> 1}` : `ab${k >> 1}`));
  const body = names.map((name, k) =>
    binding(
      name,
      k === 0
        ? add(ident('x'), ident('y'))
        : add(mul(ident(names[k - 1]!), num(0.5)), ident(k > 1000 ? names[k - 1000]! : 'y')),
    ),
  );
  const source = program([functionDef('f', params, body, [ident(names.at(-1)!)])]);
  const module = await loadModule(generateModule(source));
  const expected = evaluateFunction(source, 'f', [0.25, 2])[0]!;
  expect(module.f!(0.25, 2)).toBe(expected);
});
