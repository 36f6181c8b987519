// Names that mean something to JavaScript are ordinary ddx names in every package: nothing looks
// a name up on Object.prototype or the global object. The random-program properties cover the
// round trips (parse.property, derivatives.property, agreement.property use
// programArbitrary({ names: 'javascript' })); these are the lookups by name a user makes.
import { describe, expect, it } from 'vitest';
import {
  DdxError,
  call,
  functionDef,
  ident,
  mul,
  num,
  print,
  program,
  type FunctionDef,
} from '@ddx/ast';
import { compile, generateModule } from '@ddx/codegen';
import { checkGradient, evaluate } from '@ddx/evaluator';
import { parse } from '@ddx/parser';
import { diff, grad, hessian } from '@ddx/transform';
import { javascriptNames } from '@ddx/workloads';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DdxError);
    return (error as DdxError).code;
  }
  return 'no error';
}

describe('a name found only on Object.prototype is not there', () => {
  const identity = functionDef('g', ['x'], [], [ident('x')]);
  const callsUnknown = functionDef('f', ['x'], [], [call('hasOwnProperty', [ident('x')])]);

  it.each([
    [
      'evaluate, an unknown function',
      () => evaluate(callsUnknown, { args: [1] }),
      'unknown-function',
    ],
    ['compile, an unknown function', () => compile(callsUnknown), 'unknown-function'],
    ['generateModule, an unknown function', () => generateModule(callsUnknown), 'unknown-function'],
    ['grad, an unknown function', () => grad(callsUnknown), 'unknown-function'],
    [
      'evaluate { fn: toString }',
      () => evaluate(identity, { fn: 'toString', args: [1] }),
      'unknown-function',
    ],
    ['compile { fn: valueOf }', () => compile(identity, { fn: 'valueOf' }), 'unknown-function'],
    ['grad { fn: constructor }', () => grad(identity, { fn: 'constructor' }), 'unknown-function'],
    ['diff wrt constructor', () => diff(identity, 'constructor'), 'unknown-parameter'],
    [
      'grad { wrt: [__proto__] }',
      () => grad(identity, { wrt: ['__proto__'] }),
      'unknown-parameter',
    ],
    [
      'checkGradient { wrt: [toString] }',
      () => checkGradient(identity, { at: [1], gradient: () => [1, 1], wrt: ['toString'] }),
      'unknown-parameter',
    ],
    [
      'evaluate, args {}',
      () => evaluate(functionDef('g', ['constructor'], [], [ident('constructor')]), { args: {} }),
      'arguments',
    ],
    [
      'evaluate, an inherited argument',
      () => evaluate(identity, { args: Object.create({ x: 1 }) }),
      'arguments',
    ],
    [
      'evaluate, args { toString: 1 }',
      () => evaluate(identity, { args: { x: 1, toString: 1 } }),
      'unknown-parameter',
    ],
  ] as const)('%s: %s', (_, action, code) => {
    expect(codeOf(action)).toBe(code);
  });

  it('an own __proto__ key is an argument like any other', () => {
    const fn = functionDef('g', ['__proto__', 'x'], [], [mul(ident('__proto__'), ident('x'))]);
    expect(evaluate(fn, { args: JSON.parse('{"__proto__": 5, "x": 3}') })).toEqual([15]);
    expect(evaluate(fn, { args: { ['__proto__']: 5, x: 3 } })).toEqual([15]);
    expect(
      evaluate(fn, {
        args: new Map([
          ['__proto__', 5],
          ['x', 3],
        ]),
      }),
    ).toEqual([15]);
  });
});

describe('every JavaScript name, in every role', () => {
  // f(N, q) { b = N * q + 1; return b * N } = N^2 q + N at N = 2, q = 3: f = 14,
  // df/dN = 2 N q + 1 = 13, df/dq = N^2 = 4; the Hessian is [2q, 2N; 2N, 0] = [6, 4; 4, 0].
  function withName(name: string): FunctionDef {
    return parse(
      `${name}(${name}, q) {\n  b_${name} = ${name} * q + 1\n  return b_${name} * ${name}\n}`,
    ).functions[0]!;
  }

  it.each(javascriptNames)('%s', (name) => {
    const fn = withName(name);
    const caller = parse(`${print(fn)}\nh(${name}) = ${name}(${name}, 3)`);
    expect(evaluate(fn, { args: { [name]: 2, q: 3 } })).toEqual([14]);
    expect(evaluate(caller, { fn: 'h', args: new Map([[name, 2]]) })).toEqual([14]);
    expect(evaluate(grad(fn), { args: [2, 3] })).toEqual([14, 13, 4]);
    expect(evaluate(diff(fn, name), { args: [2, 3] })).toEqual([13]);
    expect(evaluate(hessian(fn), { args: [2, 3] })).toEqual([6, 4, 4, 0]);
    expect(compile(fn)(2, 3)).toBe(14);
    const gradient = compile(fn, { grad: true })(2, 3);
    expect(Object.getPrototypeOf(gradient)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(gradient, name)?.value).toBe(13);
    expect(checkGradient(fn, { at: [2, 3], gradient: grad(fn) }).passed).toBe(true);
    // Derivatives keep the names, and print to programs that parse back.
    for (const derived of [grad(fn), diff(fn, name), hessian(fn)]) {
      expect(print(parse(print(derived)).functions[0]!)).toBe(print(derived));
    }
  });
});

describe('return', () => {
  // `return` is a ddx keyword: the grammar keeps it out of names, though LANGUAGE.md does not
  // say so (reported). Programs built as ASTs may still use it, and every pass handles it.
  it('is not a name in ddx text: a syntax error with a location', () => {
    for (const text of ['f(return) = return + 1', 'return(x) = x']) {
      try {
        parse(text);
        expect.unreachable(text);
      } catch (error) {
        expect(error).toBeInstanceOf(DdxError);
        expect((error as DdxError).code).toBe('syntax');
        expect((error as DdxError).location).toBeDefined();
      }
    }
  });

  it('works as a name in an AST: evaluated, differentiated, compiled', () => {
    const fn = functionDef(
      'return',
      ['return', 'q'],
      [],
      [mul(ident('return'), mul(num(3), ident('q')))],
    );
    expect(evaluate(fn, { args: { return: 2, q: 5 } })).toEqual([30]);
    expect(evaluate(grad(fn), { args: [2, 5] })).toEqual([30, 15, 6]);
    expect(compile(fn)(2, 5)).toBe(30);
    expect(compile(fn, { grad: true, gradient: 'tuple' })(2, 5)).toEqual([30, 15, 6]);
    expect(generateModule(program([fn]))).toContain('export function $return($return$, q)');
  });
});
