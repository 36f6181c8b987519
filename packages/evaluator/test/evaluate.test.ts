// Evaluation: the numeric semantics of the @ddx/ast tables, IEEE special values, conditionals,
// user calls, argument forms, and programs too deep for any recursive evaluator.
import { describe, expect, it } from 'vitest';
import {
  add,
  binding,
  call,
  catalogue,
  functionDef,
  ident,
  mul,
  neg,
  num,
  program,
  type Expression,
  type FunctionDef,
} from '@ddx/ast';
import { parse, parseExpression } from '@ddx/parser';
import { evaluate, isTrue, trace } from '@ddx/evaluator';

/** The value of a bare expression with no free variables. */
const valueOf = (source: string): number => evaluate(parseExpression(source), { args: [] })[0]!;

describe('numeric semantics', () => {
  it.each([
    ['1/0', Infinity],
    ['-1/0', -Infinity],
    ['0/0', NaN],
    ['log(0)', -Infinity],
    ['log(-1)', NaN],
    ['sqrt(-1)', NaN],
    ['0^0', 1],
    ['0^-1', Infinity],
    ['(-8)^(1/3)', NaN],
    ['(-8)^3', -512],
    ['cbrt(-8)', -2],
    ['exp(1000)', Infinity],
    ['1 - exp(1000)', -Infinity],
    ['exp(1000) - exp(1000)', NaN],
    ['max(1, 0/0)', NaN],
    ['min(0/0, 1)', NaN],
    ['relu(0/0)', NaN],
    ['softplus(1000)', 1000],
    ['sigmoid(-1000)', 0],
    ['log(8, 2)', 3],
    ['2^3^2', 512],
    ['-2^2', -4],
    ['2 ** -1', 0.5],
    ['pi', Math.PI],
    ['e', Math.E],
  ])('%s is %s', (source, expected) => {
    expect(valueOf(source)).toBe(expected);
  });

  it('keeps the sign of zero', () => {
    expect(Object.is(valueOf('-0'), -0)).toBe(true);
    expect(valueOf('1 / -0')).toBe(-Infinity);
  });

  it.each([
    ['1 < 2', 1],
    ['1 >= 2', 0],
    ['2 == 2', 1],
    ['2 != 2', 0],
    ['0/0 < 1', 0],
    ['0/0 == 0/0', 0],
    ['0/0 != 0/0', 1],
  ])('gives comparisons the values 1 and 0: %s is %s', (source, expected) => {
    expect(valueOf(source)).toBe(expected);
  });

  it('runs every builtin through the catalogue', () => {
    for (const builtin of catalogue.values()) {
      const args = builtin.params.slice(0, builtin.maxArity).map((_, i) => 0.3 + i / 7);
      const names = args.map((_, i) => `a${i}`);
      const fn = parse(`f(${names.join(', ')}) = ${builtin.name}(${names.join(', ')})`);
      expect(evaluate(fn, { args })[0], builtin.name).toBe(builtin.evaluate(...args));
    }
  });
});

describe('conditionals', () => {
  it('are true when the test is neither 0 nor NaN', () => {
    expect([1, -2, Infinity, 0, -0, NaN].map(isTrue)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    const choose = parse('f(t) = t ? 1 : 2');
    const pick = (t: number) => evaluate(choose, { args: [t] })[0];
    expect([3, 0, -0, NaN, -Infinity].map(pick)).toEqual([1, 2, 2, 2, 1]);
  });

  it('compute only the branch they take', () => {
    const fn = parse('f(x) = x > 0 ? log(x) : x + 1');
    const result = fn.functions[0]!.results[0]!;
    if (result.kind !== 'Conditional') throw new Error('expected a conditional');
    const forward = trace(fn, { args: { x: -3 } });
    expect(forward.results).toEqual([-2]);
    expect(forward.nodes.has(result.alternate)).toBe(true);
    expect(forward.nodes.has(result.consequent)).toBe(false);
  });
});

describe('programs', () => {
  const geometry = parse(`
sq(t) = t * t
norm(x, y) = sqrt(sq(x) + sq(y))
polar(x, y) {
  return norm(x, y), atan2(y, x)
}`);

  it('call functions defined earlier', () => {
    expect(evaluate(geometry, { fn: 'norm', args: { x: 3, y: 4 } })).toEqual([5]);
  });

  it('run the last function by default and return every result', () => {
    expect(evaluate(geometry, { args: [0, 2] })).toEqual([2, Math.PI / 2]);
  });

  it('accept one function on its own', () => {
    const square = geometry.functions[0]!;
    expect(evaluate(square, { args: [7] })).toEqual([49]);
    expect(evaluate(square, { fn: 'sq', args: [7] })).toEqual([49]);
  });

  it('compute a node shared between bindings once', () => {
    const shared = mul(ident('x'), ident('x'));
    const fn = functionDef('f', ['x'], [binding('s', shared)], [add(shared, ident('s'))]);
    const forward = trace(fn, { args: [3] });
    expect(forward.results).toEqual([18]);
    expect(forward.nodes.get(shared)).toBe(9);
  });
});

describe('arguments', () => {
  const fn = parse('f(a, b) = a - b');

  it('come as an object, a Map or an array in parameter order', () => {
    expect(evaluate(fn, { args: { b: 1, a: 5 } })).toEqual([4]);
    expect(
      evaluate(fn, {
        args: new Map([
          ['a', 5],
          ['b', 1],
        ]),
      }),
    ).toEqual([4]);
    expect(evaluate(fn, { args: [5, 1] })).toEqual([4]);
  });

  it('may be NaN or infinite', () => {
    expect(evaluate(fn, { args: [Infinity, Infinity] })).toEqual([NaN]);
  });

  it('are ddx names, never JavaScript properties', () => {
    const odd = parse(`
f(__proto__, constructor, toString, hasOwnProperty, valueOf) {
  prototype = __proto__ * constructor
  return prototype + toString + hasOwnProperty - valueOf
}`);
    const args = JSON.parse(
      '{"__proto__": 2, "constructor": 3, "toString": 4, "hasOwnProperty": 5, "valueOf": 1}',
    ) as Record<string, number>;
    expect(evaluate(odd, { args })).toEqual([14]);
    expect(evaluate(odd, { args: new Map(Object.entries(args)) })).toEqual([14]);
    expect(evaluate(odd, { args: [2, 3, 4, 5, 1] })).toEqual([14]);
    expect([...trace(odd, { args }).bindings]).toEqual([['prototype', 6]]);
  });

  it('may be JavaScript reserved words, which stay ordinary ddx names', () => {
    const reserved = parse(`
f(class, new, this, function, delete, eval) {
  var = class * new
  return var + this - function / delete + eval
}`);
    const args = { class: 2, new: 3, this: 4, function: 6, delete: 2, eval: 1 };
    expect(evaluate(reserved, { args })).toEqual([8]);
    expect(evaluate(reserved, { args: [2, 3, 4, 6, 2, 1] })).toEqual([8]);
    expect([...trace(reserved, { args }).bindings]).toEqual([['var', 6]]);
  });

  it('are read from own keys only', () => {
    const inherited = Object.create({ b: 1 }) as Record<string, number>;
    inherited['a'] = 5;
    expect(() => evaluate(fn, { args: inherited })).toThrowError(/no value for 'b'/);
  });
});

describe('size', () => {
  const single = (params: string[], result: Expression): FunctionDef =>
    functionDef('f', params, [], [result]);

  it('sums 100,000 terms without recursion', () => {
    let sum: Expression = ident('x');
    for (let i = 1; i < 100_000; i++) sum = add(sum, num(i));
    expect(evaluate(single(['x'], sum), { args: [0] })).toEqual([(99_999 * 100_000) / 2]);
  });

  it('evaluates 10,000 nested parentheses and minus signs', () => {
    let nested: Expression = ident('x');
    for (let i = 0; i < 10_000; i++) nested = mul(num(1), add(num(0), neg(neg(nested))));
    expect(evaluate(single(['x'], nested), { args: [7] })).toEqual([7]);
  });

  it('calls through 5,000 functions without recursion', () => {
    const x = ident('x');
    const functions = [functionDef('f0', ['x'], [], [add(x, num(1))])];
    for (let i = 1; i < 5_000; i++) {
      functions.push(functionDef(`f${i}`, ['x'], [], [call(`f${i - 1}`, [add(x, num(1))])]));
    }
    expect(evaluate(program(functions), { args: [0] })).toEqual([5_000]);
  });
});
