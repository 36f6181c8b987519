// Properties: printing then parsing is the identity on valid programs; every span covers
// exactly the text of its node; and no input, however broken, gets anything but a DdxError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DdxError,
  equals,
  print,
  printExpression,
  postorder,
  stripSpans,
  type Expression,
} from '@ddx/ast';
import {
  parse,
  parseExpression,
  parseExpressionWithDiagnostics,
  parseWithDiagnostics,
} from '@ddx/parser';
import { runParser } from '../src/parse.js';
import { expressionArbitrary, programArbitrary, variableNames } from './arbitrary.js';

/** Shrinking a program can take long; a failure is reported after 20 s at the latest. */
const runs = (numRuns: number) => ({
  numRuns,
  interruptAfterTimeLimit: 20_000,
  markInterruptAsFailure: true,
});

describe('parse ∘ print is the identity', () => {
  it('on programs', () => {
    fc.assert(
      fc.property(programArbitrary, (ast) => {
        const parsed = parse(print(ast));
        expect(equals(stripSpans(parsed), ast)).toBe(true);
      }),
      runs(300),
    );
  });

  it('on bare expressions', () => {
    fc.assert(
      fc.property(expressionArbitrary(variableNames, undefined, 6), (expression) => {
        const parsed = parseExpression(printExpression(expression)).functions[0]!;
        expect(equals(parsed.results[0]!, expression)).toBe(true);
      }),
      runs(300),
    );
  });
});

describe('spans', () => {
  it('cover exactly the text of their node', () => {
    fc.assert(
      fc.property(programArbitrary, (ast) => {
        const source = print(ast);
        const parsed = parse(source);
        const expressions = parsed.functions.flatMap((fn) => [
          ...fn.body.map((bound) => bound.value),
          ...fn.results,
        ]);
        for (const node of postorder(expressions)) {
          const text = source.slice(node.span!.start, node.span!.end);
          const alone = runParser(text, 'expression', { check: false });
          expect(alone.errors).toEqual([]);
          expect(equals(alone.program!.functions[0]!.results[0]! as Expression, node)).toBe(true);
        }
        for (const fn of parsed.functions) {
          expect(source.slice(fn.nameSpan!.start, fn.nameSpan!.end)).toBe(fn.name);
          fn.params.forEach((param, index) => {
            const span = fn.paramSpans![index]!;
            expect(source.slice(span.start, span.end)).toBe(param);
          });
          for (const bound of fn.body) {
            expect(source.slice(bound.nameSpan!.start, bound.nameSpan!.end)).toBe(bound.name);
          }
        }
      }),
      runs(100),
    );
  });
});

/** Text made of ddx's own tokens (and a few strays), the likeliest to reach deep code paths. */
const tokenSoup = fc
  .array(
    fc.constantFrom(
      'x',
      'y',
      'θ',
      'sin',
      'log',
      'f',
      'g',
      'pi',
      'e',
      'return',
      '1',
      '2.5',
      '.5',
      '1e3',
      '1e999',
      '(',
      ')',
      ',',
      '=',
      '==',
      '<',
      '<=',
      '!=',
      '+',
      '-',
      '*',
      '**',
      '/',
      '^',
      '?',
      ':',
      '{',
      '}',
      ' ',
      '  ',
      '\t',
      '\n',
      '\r\n',
      '#',
      '# note\n',
      'f(x) = ',
      'f(x) {\n',
      '}\n',
      '$',
      '\u00a0',
      '\uFEFF',
      '\0',
      '\uD800',
    ),
    { maxLength: 40 },
  )
  .map((tokens) => tokens.join(''));

describe('any input', () => {
  const anyInput = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), tokenSoup);

  it('gives a program or DdxErrors with a code and a location, never another exception', () => {
    fc.assert(
      fc.property(anyInput, fc.boolean(), (source, bare) => {
        const parser = bare ? parseExpressionWithDiagnostics : parseWithDiagnostics;
        const result = parser(source);
        if (result.program) {
          expect(result.errors).toEqual([]);
          return;
        }
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) {
          expect(error).toBeInstanceOf(DdxError);
          expect(error.code).toMatch(/^[a-z-]+$/);
          expect(error.location).toBeDefined();
          expect(error.code).not.toBe('internal');
        }
      }),
      runs(1000),
    );
  });

  it('makes parse throw nothing but a DdxError', () => {
    fc.assert(
      fc.property(anyInput, (source) => {
        try {
          parse(source);
        } catch (error) {
          expect(error).toBeInstanceOf(DdxError);
        }
      }),
      runs(300),
    );
  });
});
