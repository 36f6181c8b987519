// The printer's parentheses keep the meaning, and only the necessary ones are printed.
// `parseReference` is a small precedence-climbing parser written from LANGUAGE.md's table,
// independent of both the ohm parser and the operator table in src/operators.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binary,
  call,
  conditional,
  constant,
  equals,
  ident,
  num,
  print,
  unary,
  type BinaryOperator,
  type Expression,
} from '@ddx/ast';
import { expressionArbitrary } from './helpers.js';

const tokenPattern =
  /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([\p{L}_][\p{L}\p{N}_]*)|(<=|>=|==|!=|\*\*|[-+*/^<>?:(),]))/uy;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < text.length) {
    const start = tokenPattern.lastIndex;
    const match = tokenPattern.exec(text);
    if (match === null) {
      if (text.slice(start).trim() === '') break;
      throw new SyntaxError(`bad character at ${start} in ${text}`);
    }
    tokens.push(match[1] ?? match[2] ?? match[3]!);
  }
  return tokens;
}

const comparisons = new Set(['<', '<=', '>', '>=', '==', '!=']);

export function parseReference(text: string): Expression {
  const tokens = tokenize(text);
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const expect = (token: string): void => {
    if (tokens[position++] !== token) throw new SyntaxError(`expected ${token} in ${text}`);
  };
  // conditional := comparison ('?' conditional ':' conditional)?
  const parseConditional = (): Expression => {
    const test = parseComparison();
    if (peek() !== '?') return test;
    position++;
    const consequent = parseConditional();
    expect(':');
    return conditional(test, consequent, parseConditional());
  };
  // comparison := additive (op additive)?   -- non-associative
  const parseComparison = (): Expression => {
    const left = parseAdditive();
    if (!comparisons.has(peek() ?? '')) return left;
    const operator = tokens[position++] as BinaryOperator;
    const result = binary(operator, left, parseAdditive());
    if (comparisons.has(peek() ?? '')) throw new SyntaxError(`chained comparison in ${text}`);
    return result;
  };
  const parseLeftAssociative =
    (operators: string[], operand: () => Expression) => (): Expression => {
      let left = operand();
      while (operators.includes(peek() ?? '')) {
        const operator = tokens[position++] as BinaryOperator;
        left = binary(operator, left, operand());
      }
      return left;
    };
  // unary := ('-' | '+') unary | power
  const parseUnary = (): Expression => {
    const token = peek();
    if (token === '-' || token === '+') {
      position++;
      return unary(token, parseUnary());
    }
    return parsePower();
  };
  const parseMultiplicative = parseLeftAssociative(['*', '/'], parseUnary);
  const parseAdditive = parseLeftAssociative(['+', '-'], parseMultiplicative);
  // power := postfix ('^' unary)?   -- right-associative; a unary minus may open an exponent
  const parsePower = (): Expression => {
    const base = parsePostfix();
    if (peek() !== '^' && peek() !== '**') return base;
    position++;
    return binary('^', base, parseUnary());
  };
  const parsePostfix = (): Expression => {
    const token = tokens[position++];
    if (token === undefined) throw new SyntaxError(`unexpected end of ${text}`);
    if (token === '(') {
      const inner = parseConditional();
      expect(')');
      return inner;
    }
    if (/^[\d.]/.test(token)) return num(Number(token));
    if (!/^[\p{L}_]/u.test(token)) throw new SyntaxError(`unexpected ${token} in ${text}`);
    if (peek() === '(') {
      position++;
      const args: Expression[] = [];
      if (peek() !== ')') {
        args.push(parseConditional());
        while (peek() === ',') {
          position++;
          args.push(parseConditional());
        }
      }
      expect(')');
      return call(token, args);
    }
    return token === 'pi' || token === 'e' ? constant(token) : ident(token);
  };
  const result = parseConditional();
  if (position !== tokens.length) throw new SyntaxError(`trailing ${peek()} in ${text}`);
  return result;
}

function parenthesesBalance(text: string): boolean {
  let depth = 0;
  for (const character of text) {
    if (character === '(') depth++;
    if (character === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Each grouping pair of parentheses (not a call's) as [open, close] indices. */
function groupingPairs(text: string): [number, number][] {
  const pairs: [number, number][] = [];
  const open: { index: number; grouping: boolean }[] = [];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '(')
      open.push({ index, grouping: !/[\p{L}\p{N}_]/u.test(text[index - 1] ?? ' ') });
    if (text[index] === ')') {
      const start = open.pop()!;
      if (start.grouping) pairs.push([start.index, index]);
    }
  }
  return pairs;
}

function parsesTo(text: string, expected: Expression): boolean {
  try {
    return equals(parseReference(text), expected);
  } catch {
    return false;
  }
}

describe('the reference parser itself', () => {
  it.each([
    ['3 * w^2', binary('*', num(3), binary('^', ident('w'), num(2)))],
    ['-x^2', unary('-', binary('^', ident('x'), num(2)))],
    ['x^-2', binary('^', ident('x'), unary('-', num(2)))],
    ['2^3^2', binary('^', num(2), binary('^', num(3), num(2)))],
    ['a - b - c', binary('-', binary('-', ident('a'), ident('b')), ident('c'))],
    [
      'a ? b : c ? d : e',
      conditional(ident('a'), ident('b'), conditional(ident('c'), ident('d'), constant('e'))),
    ],
    ['f(a, 1e+300)', call('f', [ident('a'), num(1e300)])],
  ])('parses %s', (text, expected) => {
    expect(equals(parseReference(text), expected)).toBe(true);
  });

  it('rejects a chained comparison', () => {
    expect(() => parseReference('a < b < c')).toThrow(SyntaxError);
  });
});

describe('print: property tests', () => {
  const expressions = expressionArbitrary();

  it('prints balanced parentheses that parse back to the same AST', () => {
    fc.assert(
      fc.property(expressions, (expression) => {
        const text = print(expression);
        expect(parenthesesBalance(text)).toBe(true);
        expect(parseReference(text)).toSatisfy((parsed: Expression) => equals(parsed, expression));
      }),
      { numRuns: 1500 },
    );
  });

  it('prints no parentheses that could be left out', () => {
    fc.assert(
      fc.property(expressions, (expression) => {
        const text = print(expression);
        for (const [open, close] of groupingPairs(text)) {
          const without = text.slice(0, open) + text.slice(open + 1, close) + text.slice(close + 1);
          expect(parsesTo(without, expression), `${text} → ${without}`).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
