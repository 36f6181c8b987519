// LANGUAGE.md, example by example, and the lecture's formulas: what parses, to which tree, and
// that printing the tree gives text that parses back to the same tree.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  add,
  binary,
  binding,
  call,
  conditional,
  constant,
  div,
  equals,
  functionDef,
  ident,
  mul,
  neg,
  num,
  pow,
  print,
  printExpression,
  program,
  stripSpans,
  sub,
  unary,
  type Expression,
  type Program,
} from '@ddx/ast';
import { parse, parseExpression, parseWithDiagnostics } from '@ddx/parser';
import { runParser } from '../src/parse.js';

const [w, x, y, a, b, c] = ['w', 'x', 'y', 'a', 'b', 'c'].map((name) => ident(name)) as [
  Expression,
  Expression,
  Expression,
  Expression,
  Expression,
  Expression,
];

/** The result of a bare expression, without spans. */
function expression(source: string): Expression {
  return stripSpans(parseExpression(source).functions[0]!.results[0]!);
}

/** parse, print, parse again: the two trees must be equal. */
function expectRoundTrip(parsed: Program): void {
  const printed = print(parsed);
  const again = parsed.functions[0]?.name === '' ? parseExpression(printed) : parse(printed);
  expect(equals(again, parsed), printed).toBe(true);
}

const languageExamples = `# one-line form
f(w) = w^2

# block form
J(w1, b1, w2, b2, x, y) {
  a1 = relu(w1*x + b1)
  a2 = w2*a1 + b2
  return 1/2 * (a2 - y)^2
}

# several results
polar(x, y) {
  return hypot(x, y), atan2(y, x)
}
`;

describe('the examples of LANGUAGE.md', () => {
  it('parses the program of one-line, block and several-result functions', () => {
    const parsed = parse(languageExamples);
    const expected = program([
      functionDef('f', ['w'], [], [pow(w, num(2))]),
      functionDef(
        'J',
        ['w1', 'b1', 'w2', 'b2', 'x', 'y'],
        [
          binding('a1', call('relu', [add(mul(ident('w1'), x), ident('b1'))])),
          binding('a2', add(mul(ident('w2'), ident('a1')), ident('b2'))),
        ],
        [mul(div(num(1), num(2)), pow(sub(ident('a2'), y), num(2)))],
      ),
      functionDef('polar', ['x', 'y'], [], [call('hypot', [x, y]), call('atan2', [y, x])]),
    ]);
    expect(equals(parsed, expected)).toBe(true);
    expectRoundTrip(parsed);
  });

  it('parses every number form as a non-negative literal', () => {
    for (const [text, value] of [
      ['3', 3],
      ['3.5', 3.5],
      ['.5', 0.5],
      ['1e-3', 0.001],
      ['2.5E+10', 2.5e10],
      ['3.', 3],
      ['0', 0],
      ['5e-324', 5e-324],
      ['1e+300', 1e300],
    ] as const) {
      expect(expression(text)).toEqual(num(value));
    }
    expect(expression('-3')).toEqual(neg(num(3)));
  });

  it('follows the precedence table', () => {
    expect(expression('-x^2')).toEqual(neg(pow(x, num(2))));
    expect(expression('2^3^2')).toEqual(pow(num(2), pow(num(3), num(2))));
    expect(expression('x^-2')).toEqual(pow(x, neg(num(2))));
    expect(expression('x ** 2')).toEqual(pow(x, num(2)));
    expect(expression('a - b - c')).toEqual(sub(sub(a, b), c));
    expect(expression('a / b * c')).toEqual(mul(div(a, b), c));
    expect(expression('a + b * c')).toEqual(add(a, mul(b, c)));
    expect(expression('-a * b')).toEqual(mul(neg(a), b));
    expect(expression('+a')).toEqual(unary('+', a));
    expect(expression('a + b < c * 2')).toEqual(binary('<', add(a, b), mul(c, num(2))));
    expect(expression('a < b ? a : b')).toEqual(conditional(binary('<', a, b), a, b));
    expect(expression('a ? b : c ? x : y')).toEqual(conditional(a, b, conditional(c, x, y)));
    expect(expression('a ? b ? c : x : y')).toEqual(conditional(a, conditional(b, c, x), y));
    expect(expression('sin(x)^2')).toEqual(pow(call('sin', [x]), num(2)));
  });

  it('reads every comparison operator, non-associatively', () => {
    for (const operator of ['<', '<=', '>', '>=', '==', '!='] as const) {
      expect(expression(`a ${operator} b`)).toEqual(binary(operator, a, b));
    }
    expect(expression('(a < b) < c')).toEqual(binary('<', binary('<', a, b), c));
    const chained = parseWithDiagnostics('f(a, b, c) = a < b < c');
    expect(chained.errors.map((error) => error.code)).toEqual(['syntax']);
    expect(chained.errors[0]!.message).toMatch(/comparisons do not chain/);
  });

  it('makes pi and e constants, never parameters', () => {
    expect(expression('pi * e^x')).toEqual(mul(constant('pi'), pow(constant('e'), x)));
    expect(parseExpression('e^x + pi').functions[0]!.params).toEqual(['x']);
  });

  it('gives a bare expression its free variables as parameters, in order of appearance', () => {
    const fn = parseExpression('y * sin(x) + w / y - x').functions[0]!;
    expect(fn.name).toBe('');
    expect(fn.params).toEqual(['y', 'x', 'w']);
    expect(fn.paramSpans).toEqual([
      { start: 0, end: 1 },
      { start: 8, end: 9 },
      { start: 13, end: 14 },
    ]);
    expect(parseExpression('2 + 3').functions[0]!.params).toEqual([]);
  });

  it('takes Unicode letters in names', () => {
    const parsed = parse('loss(θ, ε, α_1) = α_1 * θ^2 + ε\n');
    expect(parsed.functions[0]!.params).toEqual(['θ', 'ε', 'α_1']);
    expect(expression('Δx + 𝑥')).toEqual(add(ident('Δx'), ident('𝑥')));
    expectRoundTrip(parsed);
  });

  it('reads layout: comments, blank lines, indentation, Windows line endings', () => {
    const source = [
      '# a comment first',
      '',
      'J(w, x) {   # the header may carry a comment',
      '',
      '    # so may the body, anywhere',
      '\tt = w * x   ',
      '  return t^2 # and the return',
      '}',
      '   ',
      'f(w) = w # last',
    ].join('\r\n');
    const parsed = parse(source);
    expect(parsed.functions.map((fn) => fn.name)).toEqual(['J', 'f']);
    expect(equals(parsed, parse(source.replaceAll('\r\n', '\n')))).toBe(true);
    expect(parse('').functions).toEqual([]);
    expect(parse('# only a comment\n\n').functions).toEqual([]);
    expect(parse('\uFEFFf(w) = w\n').functions[0]!.name).toBe('f');
  });

  it('ends a statement at the end of its line, inside parentheses too', () => {
    const result = parseWithDiagnostics('f(x) = sin(x +\n  1)\n');
    expect(result.errors[0]!.message).toMatch(/a '\(' is still open/);
  });

  it('allows functions without parameters and calls without arguments', () => {
    const parsed = parse('c() = 1\nf(x) = c() * x\n');
    expect(parsed.functions[1]!.results[0]).toMatchObject({ kind: 'Binary' });
    expectRoundTrip(parsed);
  });
});

describe('the lecture (backprop-intuition.md)', () => {
  const formulas = ['w^2', 'w^3', 'w', '1/w', '1/2 * (w*x + b - y)^2', '2*w', '3*w^2', '-1/w^2'];

  it.each(formulas)('parses %s and prints it back', (formula) => {
    expectRoundTrip(parseExpression(formula));
  });

  it('parses the computation graph and the two-layer network as blocks', () => {
    const graph = parse(`J(w, b, x, y) {
  c = w * x
  a = c + b
  d = a - y
  return 1/2 * d^2
}
`);
    const network = parse(`J(w1, b1, w2, b2, x, y) {
  a1 = relu(w1*x + b1)
  a2 = relu(w2*a1 + b2)
  return 1/2*(a2 - y)^2
}
`);
    expect(graph.functions[0]!.body.map((bound) => bound.name)).toEqual(['c', 'a', 'd']);
    expect(network.functions[0]!.body[1]!.value).toMatchObject({ kind: 'Call', callee: 'relu' });
    expectRoundTrip(graph);
    expectRoundTrip(network);
  });
});

describe('spans', () => {
  const source = 'g(x) = x\nJ(w, b) {\n  t = (w + b) * 2\n  return g(t) - 1\n}\n';
  const parsed = parse(source);
  const text = (span: { start: number; end: number } | undefined): string =>
    source.slice(span!.start, span!.end);

  it('covers every node, functions and bindings with their names and parameters', () => {
    const fn = parsed.functions[1]!;
    expect(text(fn.span)).toBe('J(w, b) {\n  t = (w + b) * 2\n  return g(t) - 1\n}');
    expect(text(fn.nameSpan)).toBe('J');
    expect(fn.paramSpans!.map(text)).toEqual(['w', 'b']);
    const bound = fn.body[0]!;
    expect(text(bound.span)).toBe('t = (w + b) * 2');
    expect(text(bound.nameSpan)).toBe('t');
    const product = bound.value;
    expect(text(product.span)).toBe('(w + b) * 2');
    expect(product.kind === 'Binary' && text(product.left.span)).toBe('w + b');
    const result = fn.results[0]!;
    expect(text(result.span)).toBe('g(t) - 1');
    expect(result.kind === 'Binary' && text(result.left.span)).toBe('g(t)');
    expect(text(parsed.functions[0]!.span)).toBe('g(x) = x');
    expect(parsed.span).toEqual({ start: 0, end: source.length });
  });

  it('gives a sum of parenthesised terms spans that include the parentheses', () => {
    const sum = parseExpression('a + (b) + c').functions[0]!.results[0]!;
    expect(sum.kind === 'Binary' && sum.left.span).toEqual({ start: 0, end: 7 });
  });
});

describe('the printer fixtures of @ddx/ast', () => {
  const folder = new URL('../../ast/test/fixtures/printer/', import.meta.url);
  const files = readdirSync(folder).filter(
    (name) => name.endsWith('.out') && name !== 'binding.out',
  );

  it.each(files)('%s parses and prints back to the same text', (name) => {
    const text = readFileSync(new URL(name, folder), 'utf8');
    const isProgram = /^[\p{L}_][\p{L}0-9_]*\(.*\) (=|\{)/mu.test(text);
    const options = { check: false };
    const result = runParser(text, isProgram ? 'program' : 'expression', options);
    expect(result.errors).toEqual([]);
    const parsed = result.program!;
    if (isProgram) expect(print(parsed)).toBe(text.endsWith('\n') ? text : `${text}\n`);
    else expect(printExpression(parsed.functions[0]!.results[0]!)).toBe(text);
  });
});
