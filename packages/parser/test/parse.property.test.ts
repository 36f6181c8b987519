// Properties: printing then parsing is the identity on valid programs, however they are spaced
// and commented; every span covers exactly the text of its node; and no input, however broken,
// gets anything but a DdxError with a code and a location, in bounded time.
// CI runs budget(n) cases of each; `npm run fuzz` runs 10^5.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DdxError,
  equals,
  isTreeShaped,
  sharesOperations,
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
import {
  anyProgram,
  anySource,
  expressionArbitrary,
  programArbitrary,
  sourceFor,
  variedNames,
} from '@ddx/workloads';
import { budget } from '@ddx/workloads/budget';
import { runParser } from '../src/parse.js';

/** Shrinking a program can take long; in CI a failure is reported after 20 s at the latest. */
const runs = (ciRuns: number) =>
  budget(ciRuns, { interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true });

/** Inputs of the any-input property are short: each must be answered within this time. */
const parseTimeLimitMs = 2_000;

describe('parse ∘ print is the identity', () => {
  it('on programs', () => {
    fc.assert(
      fc.property(anyProgram, (ast) => {
        const parsed = parse(print(ast));
        expect(equals(stripSpans(parsed), ast)).toBe(true);
      }),
      runs(300),
    );
  });

  it('on programs typed with comments, blank lines, odd spacing, CRLF, ** and a BOM', () => {
    fc.assert(
      fc.property(sourceFor(anyProgram), ({ program, source }) => {
        expect(equals(stripSpans(parse(source)), program)).toBe(true);
      }),
      runs(200),
    );
  });

  it('on programs whose names mean something to JavaScript', () => {
    fc.assert(
      fc.property(programArbitrary({ names: 'javascript' }), (ast) => {
        expect(equals(stripSpans(parse(print(ast))), ast)).toBe(true);
      }),
      runs(100),
    );
  });

  it('on bare expressions', () => {
    fc.assert(
      fc.property(expressionArbitrary(variedNames, { depth: 6 }), (expression) => {
        const parsed = parseExpression(printExpression(expression)).functions[0]!;
        expect(equals(parsed.results[0]!, expression)).toBe(true);
      }),
      runs(300),
    );
  });
});

describe('parsed functions', () => {
  it('are tree-shaped, and marked so: no operation node is reached twice', () => {
    fc.assert(
      fc.property(sourceFor(anyProgram), ({ source }) => {
        for (const fn of parse(source).functions) {
          expect(isTreeShaped(fn)).toBe(true);
          expect(sharesOperations(fn)).toBe(false);
        }
      }),
      runs(100),
    );
  });
});

describe('spans', () => {
  it('cover exactly the text of their node', () => {
    fc.assert(
      fc.property(sourceFor(anyProgram), ({ source }) => {
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

describe('any input', () => {
  // Random strings, ddx token soup, and valid programs broken by a few edits.
  it('gives a program or DdxErrors with a code and a location, never another exception', () => {
    fc.assert(
      fc.property(anySource, fc.boolean(), (source, bare) => {
        const parser = bare ? parseExpressionWithDiagnostics : parseWithDiagnostics;
        const started = performance.now();
        const result = parser(source);
        expect(performance.now() - started).toBeLessThan(parseTimeLimitMs);
        if (result.program) {
          expect(result.errors).toEqual([]);
          return;
        }
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) {
          expect(error).toBeInstanceOf(DdxError);
          expect(error.code).toMatch(/^[a-z-]+$/);
          expect(error.code).not.toBe('internal');
          expect(error.location).toBeDefined();
          expect(error.location!.line).toBeGreaterThanOrEqual(1);
          expect(error.location!.column).toBeGreaterThanOrEqual(1);
        }
      }),
      runs(1000),
    );
  });

  it('makes parse throw nothing but a DdxError, and a program it accepts prints and parses back', () => {
    fc.assert(
      fc.property(anySource, (source) => {
        let program;
        try {
          program = parse(source);
        } catch (error) {
          expect(error).toBeInstanceOf(DdxError);
          return;
        }
        const again = stripSpans(parse(print(program)));
        expect(equals(again, stripSpans(program))).toBe(true);
      }),
      runs(300),
    );
  });
});
