// The direct parser (src/direct.ts) parses long and deeply nested statements without ohm. It
// must give exactly what ohm and the semantic actions give, spans included: these tests lower
// its threshold to 0 so that it parses every statement, and compare with ohm alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { print, type Program } from '@ddx/ast';
import { anyProgram, decorate } from '@ddx/workloads';
import { runParser, type InternalOptions, type ParseResult } from '../src/parse.js';

/** What a test compares: the program, or each error's code, message and span. */
function outcome(result: ParseResult) {
  return {
    program: result.program,
    errors: result.errors.map((error) => [error.code, error.message, error.span]),
  };
}

const ohm: InternalOptions = { direct: false, reuseShapes: false };
/** Every statement parsed directly; ohm only for the messages of statements that fail. */
const direct: InternalOptions = { directLength: 0, reuseShapes: false };
/** Every statement parsed directly, errors described without ohm too. */
const directAlone: InternalOptions = { ...direct, maxOhmLength: -1 };

const parseWith = (source: string, options: InternalOptions, bare = false) =>
  outcome(runParser(source, bare ? 'expression' : 'program', { check: false, ...options }));

/** Statements from the parts of ddx, most of them nearly right. */
const soup = fc
  .array(
    fc.constantFrom(
      'x',
      'f',
      'θ',
      '2.5e-3',
      '(',
      ')',
      '=',
      '==',
      '<',
      '+',
      '-',
      '*',
      '**',
      '^',
      ' ',
      ',',
      'return',
      '{',
      '}',
      '?',
      ':',
      'sin(',
      'f(x) = ',
      '€',
    ),
    { maxLength: 14 },
  )
  .map((tokens) => tokens.join(''));

describe('the direct parser', () => {
  it('gives the same programs as ohm, spans included', () => {
    fc.assert(
      fc.property(anyProgram, fc.nat(), (program: Program, seed) => {
        const source = decorate(print(program), seed, { spacing: true, powerOperator: true });
        expect(parseWith(source, direct)).toEqual(parseWith(source, ohm));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same bare expressions as ohm', () => {
    fc.assert(
      fc.property(anyProgram, (program: Program) => {
        const fn = program.functions.at(-1)!;
        const source = print(fn.results[0]!);
        expect(parseWith(source, direct, true)).toEqual(parseWith(source, ohm, true));
      }),
      { numRuns: 100 },
    );
  });

  it('accepts and rejects the same statements as ohm, and fails where ohm fails', () => {
    fc.assert(
      fc.property(soup, fc.boolean(), (line, bare) => {
        const expected = parseWith(line, ohm, bare);
        expect(parseWith(line, direct, bare)).toEqual(expected);
        // Without ohm, the message may word the expectations differently, but the problem is
        // found at the same place.
        const alone = parseWith(line, directAlone, bare);
        expect(alone.program).toEqual(expected.program);
        expect(alone.errors.map(([code, , span]) => [code, span])).toEqual(
          expected.errors.map(([code, , span]) => [code, span]),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('words the common syntax errors as ohm does', () => {
    const lines = [
      'v = b * (x + 1',
      'h(x) = a < b < c',
      'a = b +',
      'a = b c',
      'a = 2x',
      'a = (b))',
      'a = b ? c',
      'a = b €',
      'f(x, y) = x, ',
      'x == = 1',
      'y = f(a b)',
      'y = (a ? b)',
      'y = sin(a, b c)',
      'f(x) { x',
      'return',
      'y = -',
    ];
    for (const line of lines) {
      expect(parseWith(line, directAlone)).toEqual(parseWith(line, ohm));
    }
  });
});
