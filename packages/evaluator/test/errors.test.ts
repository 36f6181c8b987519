// Every way to get it wrong is a DdxError with a stable code and a message a person can act on.
import { describe, expect, it } from 'vitest';
import {
  binding,
  call,
  DdxError,
  functionDef,
  ident as id,
  num,
  program,
  type ErrorCode,
  type Expression,
} from '@ddx/ast';
import { parse } from '@ddx/parser';
import { checkDerivative, checkGradient, evaluate } from '@ddx/evaluator';
import { functionOf, network, networkGradient, networkPoint } from './helpers.js';

function codeOf(action: () => unknown): ErrorCode | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof DdxError) return error.code;
    throw error;
  }
  return undefined;
}

const J = parse('J(w, b) = w * w + b');
const dJ = functionOf('dJ_dw(w, b) = 2 * w');

/** `f(params) = result`, built by hand: the parser would reject these programs itself. */
const single = (params: string[], result: Expression) =>
  program([functionDef('f', params, [], [result])]);

describe('evaluate', () => {
  it.each([
    ['an unknown function name', () => evaluate(J, { fn: 'K', args: [1, 2] }), 'unknown-function'],
    ['an empty program', () => evaluate(program([]), { args: [] }), 'unknown-function'],
    ['too few positional arguments', () => evaluate(J, { args: [1] }), 'arguments'],
    ['too many positional arguments', () => evaluate(J, { args: [1, 2, 3] }), 'arguments'],
    ['a missing named argument', () => evaluate(J, { args: { w: 1 } }), 'arguments'],
    [
      'an extra named argument',
      () => evaluate(J, { args: { w: 1, b: 2, c: 3 } }),
      'unknown-parameter',
    ],
    [
      'a value that is not a number',
      () => evaluate(J, { args: { w: 1, b: '2' } as never }),
      'arguments',
    ],
    ['args that are not a collection', () => evaluate(J, { args: 3 as never }), 'arguments'],
  ])('rejects %s', (_what, action, code) => {
    expect(codeOf(action)).toBe(code);
  });

  it.each([
    ['an unknown builtin', single(['x'], call('sinn', [id('x')])), 'unknown-function'],
    ['a builtin with the wrong arity', single(['x'], call('sin', [id('x'), id('x')])), 'arity'],
    ['an unbound name', single(['x'], id('y')), 'unbound-name'],
    [
      'a name used before its binding',
      program([functionDef('f', ['x'], [binding('a', id('b')), binding('b', id('x'))], [id('a')])]),
      'unbound-name',
    ],
    [
      'a rebinding',
      program([functionDef('f', ['x'], [binding('x', num(1))], [id('x')])]),
      'rebinding',
    ],
    [
      'a duplicate parameter',
      program([functionDef('f', ['x', 'x'], [], [id('x')])]),
      'duplicate-parameter',
    ],
    ['a bound constant', program([functionDef('f', ['pi'], [], [num(1)])]), 'reserved-name'],
    [
      'a call of a later function',
      program([
        functionDef('f', ['x'], [], [call('g', [id('x')])]),
        functionDef('g', ['x'], [], [id('x')]),
      ]),
      'unknown-function',
    ],
    [
      'recursion',
      program([functionDef('f', ['x'], [], [call('f', [id('x')])])]),
      'unknown-function',
    ],
    [
      'a user call with the wrong arity',
      program([
        functionDef('g', ['x'], [], [id('x')]),
        functionDef('f', ['x'], [], [call('g', [id('x'), id('x')])]),
      ]),
      'arity',
    ],
    [
      'a call of a function with two results in an expression',
      program([
        functionDef('g', ['x'], [], [id('x'), id('x')]),
        functionDef('f', ['x'], [], [call('g', [id('x')])]),
      ]),
      'multiple-results',
    ],
    [
      'two functions with one name',
      program([functionDef('f', ['x'], [], [id('x')]), functionDef('f', ['x'], [], [id('x')])]),
      'duplicate-function',
    ],
  ])('rejects %s', (_what, source, code) => {
    // Run f with an argument per parameter, so that only the program itself is wrong.
    const f = source.functions.find((fn) => fn.name === 'f')!;
    expect(codeOf(() => evaluate(source, { fn: 'f', args: f.params.map(() => 1) }))).toBe(code);
  });

  it('points at the offending node', () => {
    const span = { start: 7, end: 11 };
    const bad = single(['x'], call('sinn', [id('x')], span));
    try {
      evaluate(bad, { args: [1] });
      expect.unreachable();
    } catch (error) {
      expect((error as DdxError).span).toEqual(span);
      expect((error as DdxError).message).toBe("unknown function 'sinn'");
    }
  });

  it('names what is missing', () => {
    expect(() => evaluate(J, { args: { w: 1 } })).toThrowError(
      "args: no value for 'b' of 'J' (parameters: w, b)",
    );
  });
});

describe('checks', () => {
  const at = { w: 3, b: 1 };
  it.each([
    [
      'an unknown parameter in wrt',
      () => checkDerivative(J, { wrt: 'v', at, derivative: dJ }),
      'unknown-parameter',
    ],
    [
      'an unknown parameter in at',
      () => checkDerivative(J, { wrt: 'w', at: { ...at, v: 1 }, derivative: dJ }),
      'unknown-parameter',
    ],
    [
      'a missing parameter in at',
      () => checkDerivative(J, { wrt: 'w', at: { w: 3 }, derivative: dJ }),
      'arguments',
    ],
    [
      'an unknown function',
      () => checkDerivative(J, { fn: 'K', wrt: 'w', at, derivative: dJ }),
      'unknown-function',
    ],
    [
      'a derivative with other parameters',
      () => checkDerivative(J, { wrt: 'w', at, derivative: functionOf('d(w) = 2 * w') }),
      'arguments',
    ],
    [
      'a derivative with too many results',
      () => checkDerivative(J, { wrt: 'w', at, derivative: () => [1, 2] }),
      'arguments',
    ],
    [
      'a derivative that returns no numbers',
      () => checkDerivative(J, { wrt: 'w', at, derivative: (() => 'x') as never }),
      'arguments',
    ],
    [
      'an unknown method',
      () => checkDerivative(J, { wrt: 'w', at, derivative: dJ, method: 'backward' as never }),
      'usage',
    ],
    [
      'a step that is not positive',
      () => checkDerivative(J, { wrt: 'w', at, derivative: dJ, eps: 0 }),
      'usage',
    ],
    [
      'an unknown parameter in a gradient wrt',
      () =>
        checkGradient(network(), { at: networkPoint, gradient: networkGradient(), wrt: ['w3'] }),
      'unknown-parameter',
    ],
    [
      'a parameter listed twice',
      () =>
        checkGradient(network(), {
          at: networkPoint,
          gradient: networkGradient(),
          wrt: ['w1', 'w1'],
        }),
      'arguments',
    ],
    [
      'a gradient of the wrong layout',
      () => checkGradient(network(), { at: networkPoint, gradient: networkGradient() }),
      'arguments',
    ],
    [
      'a gradient of a function with two results',
      () => checkGradient(parse('f(x) {\n  return x, x\n}'), { at: [1], gradient: () => [1, 1] }),
      'multiple-results',
    ],
  ])('reject %s', (_what, action, code) => {
    expect(codeOf(action)).toBe(code);
  });

  it('explain the layout a gradient must have', () => {
    expect(() =>
      checkGradient(network(), { at: networkPoint, gradient: networkGradient() }),
    ).toThrowError(
      "'J_grad' returns 5 values; expected 7: the value, then dJ/dw1, dJ/db1, dJ/dw2, dJ/db2, dJ/dx, dJ/dy",
    );
  });
});
