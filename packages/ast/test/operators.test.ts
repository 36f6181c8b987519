// The operator table against LANGUAGE.md, the operators' numeric meaning, and needsParens.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Precedence,
  add,
  binary,
  binaryOperators,
  call,
  conditional,
  constant,
  constants,
  ident,
  mul,
  needsParens,
  neg,
  num,
  pow,
  precedenceOf,
  reservedNames,
  sub,
  unaryOperators,
  type BinaryOperator,
} from '@ddx/ast';

describe('operator table', () => {
  it('orders the levels as LANGUAGE.md does, lowest first', () => {
    const levels = [
      'conditional',
      'comparison',
      'additive',
      'multiplicative',
      'unary',
      'power',
      'postfix',
      'primary',
    ] as const;
    const values = levels.map((level) => Precedence[level]);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(levels.length);
  });

  it.each<[BinaryOperator, keyof typeof Precedence, string, boolean]>([
    ['<', 'comparison', 'none', true],
    ['<=', 'comparison', 'none', true],
    ['>', 'comparison', 'none', true],
    ['>=', 'comparison', 'none', true],
    ['==', 'comparison', 'none', true],
    ['!=', 'comparison', 'none', true],
    ['+', 'additive', 'left', false],
    ['-', 'additive', 'left', false],
    ['*', 'multiplicative', 'left', false],
    ['/', 'multiplicative', 'left', false],
    ['^', 'power', 'right', false],
  ])('%s is %s, associativity %s', (symbol, level, associativity, comparison) => {
    const info = binaryOperators[symbol];
    expect(info.symbol).toBe(symbol);
    expect(info.precedence).toBe(Precedence[level]);
    expect(info.associativity).toBe(associativity);
    expect(info.comparison).toBe(comparison);
  });

  it('has exactly the eleven binary operators', () => {
    expect(Object.keys(binaryOperators).sort()).toEqual(
      ['!=', '*', '+', '-', '/', '<', '<=', '==', '>', '>=', '^'].sort(),
    );
  });

  it('gives each expression its level', () => {
    const x = ident('x');
    expect(precedenceOf(add(x, x))).toBe(Precedence.additive);
    expect(precedenceOf(pow(x, x))).toBe(Precedence.power);
    expect(precedenceOf(binary('==', x, x))).toBe(Precedence.comparison);
    expect(precedenceOf(neg(x))).toBe(Precedence.unary);
    expect(precedenceOf(conditional(x, x, x))).toBe(Precedence.conditional);
    expect(precedenceOf(call('sin', [x]))).toBe(Precedence.postfix);
    expect(precedenceOf(num(1))).toBe(Precedence.primary);
    expect(precedenceOf(constant('pi'))).toBe(Precedence.primary);
  });
});

describe('operator meaning', () => {
  it('^ evaluates exactly like Math.pow', () => {
    const power = binaryOperators['^'].evaluate;
    const edges = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, -0.5, 2, -2, 3, 1e-300, 1e300];
    for (const a of edges) {
      for (const b of edges) expect(Object.is(power(a, b), Math.pow(a, b)), `${a}^${b}`).toBe(true);
    }
    fc.assert(
      fc.property(
        fc.double(),
        fc.oneof(fc.double(), fc.integer({ min: -1100, max: 1100 })),
        (a, b) => {
          expect(Object.is(power(a, b), Math.pow(a, b))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('arithmetic operators are IEEE arithmetic', () => {
    expect(binaryOperators['+'].evaluate(0.1, 0.2)).toBe(0.1 + 0.2);
    expect(binaryOperators['-'].evaluate(1, 3)).toBe(-2);
    expect(binaryOperators['*'].evaluate(-0, 5)).toBe(-0);
    expect(binaryOperators['/'].evaluate(1, 0)).toBe(Infinity);
    expect(unaryOperators['-'].evaluate(0)).toBe(-0);
    expect(unaryOperators['+'].evaluate(-2)).toBe(-2);
  });

  it('comparisons give 1 or 0, and NaN compares unequal to everything', () => {
    const compare = (symbol: BinaryOperator, a: number, b: number) =>
      binaryOperators[symbol].evaluate(a, b);
    expect([
      compare('<', 1, 2),
      compare('<=', 2, 2),
      compare('>', 1, 2),
      compare('>=', 1, 2),
    ]).toEqual([1, 1, 0, 0]);
    expect([compare('==', 0, -0), compare('!=', 0, -0)]).toEqual([1, 0]);
    expect([compare('==', NaN, NaN), compare('!=', NaN, NaN), compare('<', NaN, 1)]).toEqual([
      0, 1, 0,
    ]);
  });

  it('knows the constants and reserves their names', () => {
    expect(constants).toEqual({ pi: Math.PI, e: Math.E });
    expect([...reservedNames].sort()).toEqual(['e', 'pi']);
  });
});

describe('needsParens', () => {
  const [a, b, c] = ['a', 'b', 'c'].map((name) => ident(name));

  it.each([
    ['a sum on the right of a difference', sub(a, add(b, c)), 'right', true],
    ['a sum on the left of a difference', sub(add(a, b), c), 'left', false],
    ['a sum under a product', mul(add(a, b), c), 'left', true],
    ['a power on the right of a power', pow(a, pow(b, c)), 'right', false],
    ['a power on the left of a power', pow(pow(a, b), c), 'left', true],
    ['a negation as the base of a power', pow(neg(a), b), 'left', true],
    ['a negation as an exponent', pow(a, neg(b)), 'right', false],
    [
      'a comparison on either side of a comparison',
      binary('<', binary('<', a, b), c),
      'left',
      true,
    ],
    [
      'a comparison on the right of a comparison',
      binary('<', a, binary('==', b, c)),
      'right',
      true,
    ],
    ['a conditional as a test', conditional(conditional(a, b, c), b, c), 'test', true],
    ['a conditional as an alternate', conditional(a, b, conditional(a, b, c)), 'alternate', false],
    ['a sum under a negation', neg(add(a, b)), 'operand', true],
    ['a power under a negation', neg(pow(a, b)), 'operand', false],
    ['a negation under a negation', neg(neg(a)), 'operand', false],
    ['a sum as an argument', call('f', [add(a, b)]), 'argument', false],
  ] as const)('%s: %s', (_label, parent, side, expected) => {
    const child =
      parent.kind === 'Binary'
        ? parent[side as 'left' | 'right']
        : parent.kind === 'Unary'
          ? parent.operand
          : parent.kind === 'Conditional'
            ? parent[side as 'test' | 'alternate']
            : parent.args[0]!;
    expect(needsParens(child, parent, side)).toBe(expected);
  });
});
