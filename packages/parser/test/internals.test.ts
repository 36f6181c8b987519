// The parser's machinery under its public API: the flat syntax tree read from ohm's internals,
// statement-shape reuse and long-sum splitting (both must give exactly what plain ohm gives,
// spans included), and the statement scanner.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, ident, print, printExpression, type Expression } from '@ddx/ast';
import { runParser, type InternalOptions, type ParseResult } from '../src/parse.js';
import { CstWriter, FIELDS, ITERATION, TERMINAL, matchStatement, ruleNames } from '../src/match.js';
import { scan } from '../src/scan.js';
import { ShapeCache, shapeOf } from '../src/shapes.js';
import { anyProgram, decorate, expressionArbitrary, variedNames } from '@ddx/workloads';

/** The flat tree of one statement as [node, text] pairs, postorder. */
function flatTree(source: string): [string, string][] {
  const writer = new CstWriter();
  const outcome = matchStatement(source, 0, source.length, 'Statement', writer);
  expect(outcome.ok).toBe(true);
  const nodes: [string, string][] = [];
  for (let at = 0; at < writer.length; at += FIELDS) {
    const kind = writer.data[at]!;
    const name = kind === ITERATION ? '*' : kind === TERMINAL ? '"' : ruleNames[kind]!;
    nodes.push([name, source.slice(writer.data[at + 1]!, writer.data[at + 2]!)]);
  }
  return nodes;
}

/** What a test compares: the program, or each error's code, message and span. */
function outcome(result: ParseResult) {
  return {
    program: result.program,
    errors: result.errors.map((error) => [error.code, error.message, error.span]),
  };
}

const parseWith = (source: string, options: InternalOptions, bare = false) =>
  outcome(runParser(source, bare ? 'expression' : 'program', options));

describe('the flat syntax tree', () => {
  it('reads ohm 17 trees: rules, iterations and tokens in postorder, with offsets', () => {
    // Pins the internal tree shape match.js walks; an ohm upgrade that changes it fails here.
    expect(flatTree('t = (a)+1')).toEqual([
      ['name', 't'],
      ['assign', '='],
      ['"', '('],
      ['name', 'a'],
      ['Primary_variable', 'a'],
      ['Primary', 'a'],
      ['Postfix', 'a'],
      ['Pow', 'a'],
      ['Unary', 'a'],
      ['*', ''],
      ['*', ''],
      ['Mul', 'a'],
      ['*', ''],
      ['*', ''],
      ['Add', 'a'],
      ['Cmp', 'a'],
      ['Cond', 'a'],
      ['Expr', 'a'],
      ['"', ')'],
      ['Primary_paren', '(a)'],
      ['Primary', '(a)'],
      ['Postfix', '(a)'],
      ['Pow', '(a)'],
      ['Unary', '(a)'],
      ['*', ''],
      ['*', ''],
      ['Mul', '(a)'],
      ['addop', '+'],
      ['*', '+1'],
      ['number', '1'],
      ['Primary', '1'],
      ['Postfix', '1'],
      ['Pow', '1'],
      ['Unary', '1'],
      ['*', ''],
      ['*', ''],
      ['Mul', '1'],
      ['*', '+1'],
      ['Add', '(a)+1'],
      ['Cmp', '(a)+1'],
      ['Cond', '(a)+1'],
      ['Expr', '(a)+1'],
      ['Statement_bind', 't = (a)+1'],
      ['Statement', 't = (a)+1'],
    ]);
  });
});

/** `text` with extra spaces and tabs where it has one space, and after `(` and `,`. */
const respaced = (text: string, seed: number): string => decorate(text, seed, { spacing: true });

describe('statement shapes', () => {
  it('copy a tree to a statement of the same shape with other names, numbers and spacing', () => {
    const source = 'a1 = sin(x) * 2\nθ=cos(  ρ )*7.5e3\n';
    const [first, second] = scan(source).statements;
    const cache = new ShapeCache();
    const writer = new CstWriter();
    const matched = matchStatement(source, first!.start, first!.end, 'Statement', writer);
    expect(matched.ok).toBe(true);
    cache.remember(
      'Statement',
      shapeOf(source, first!.start, first!.end)!,
      writer,
      0,
      writer.length,
    );
    const copied = new CstWriter();
    const shape = shapeOf(source, second!.start, second!.end)!;
    expect(cache.instantiate('Statement', shape, copied)).toBe(true);
    const direct = new CstWriter();
    matchStatement(source, second!.start, second!.end, 'Statement', direct);
    expect(copied.toArray()).toEqual(direct.toArray());
    expect(cache.instantiate('Statement', shapeOf(source, 0, 4)!, copied)).toBe(false);
  });

  it('keep `return`, numbers and operators apart from names', () => {
    expect(shapeOf('returned = 2e3 ** x', 0, 19)!.key).toBe('a = 0 ** a');
    expect(shapeOf('return 2e+3*-.5', 0, 15)!.key).toBe('return 0 * - 0');
    expect(shapeOf('x = 2e', 0, 6)!.key).toBe('a = 0 a');
    expect(shapeOf('x = y $ 1', 0, 9)).toBeUndefined();
  });

  it('give the same programs and errors as matching every statement', () => {
    fc.assert(
      fc.property(anyProgram, fc.nat(), (ast, seed) => {
        // The same statements twice, spaced differently: the second half reuses shapes.
        const source = respaced(print(ast), seed) + respaced(print(ast), seed + 1);
        const options = { check: false };
        expect(parseWith(source, { ...options, reuseShapes: true })).toEqual(
          parseWith(source, { ...options, reuseShapes: false }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('give the same errors on broken input', () => {
    const soup = fc
      .array(
        fc.constantFrom(
          'x',
          'f',
          '(',
          ')',
          '=',
          '+',
          '^',
          '-',
          ' ',
          '1',
          ',',
          'return',
          '{',
          '}',
          '?',
          ':',
        ),
        {
          maxLength: 12,
        },
      )
      .map((tokens) => tokens.join(''));
    fc.assert(
      fc.property(fc.array(soup, { maxLength: 6 }), (lines) => {
        const source = [...lines, ...lines].join('\n');
        expect(parseWith(source, { reuseShapes: true })).toEqual(
          parseWith(source, { reuseShapes: false }),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('long statements', () => {
  const sumOf = (terms: readonly Expression[]): Expression =>
    terms.reduce((sum, term) => add(sum, term));

  it('give the same tree, spans included, as one ohm match of the whole statement', () => {
    const terms = fc.array(expressionArbitrary(variedNames, { depth: 3 }), {
      minLength: 150,
      maxLength: 200,
    });
    const heads = ['t = ', 'return ', 'f(x, y) = ', ''];
    // Sums, and the shapes a sum splitter could not take: products, parentheses, comparisons,
    // conditionals and lists of results.
    const wraps = ['', '2 * (', 'c < ', 'c ? d : ', 'a, '];
    fc.assert(
      fc.property(
        terms,
        fc.constantFrom(...heads),
        fc.constantFrom(...wraps),
        (items, head, wrap) => {
          // A long first term makes every statement long enough for the direct parser.
          let body = printExpression(sumOf([ident('w'.repeat(4096)), ...items]));
          if (wrap === '2 * (') body = `${wrap}${body})`;
          else if (wrap !== 'a, ' || head === 'return ' || head === 'f(x, y) = ')
            body = wrap + body;
          const source = head === 'return ' ? `f(x) {\n  return ${body}\n}\n` : `${head}${body}\n`;
          const options = { check: false, reuseShapes: false };
          const bare = head === '';
          expect(parseWith(source, { ...options, direct: true }, bare)).toEqual(
            parseWith(source, { ...options, direct: false }, bare),
          );
        },
      ),
      { numRuns: 10 },
    );
  });
});

describe('the statement scanner', () => {
  it('finds statements, cuts comments and measures nesting', () => {
    const layout = scan('\uFEFF  a = (b) # c (\r\n\n# only\n\tf((x)) \n');
    expect(layout.statements).toEqual([
      { start: 3, end: 10, depth: 1, unclosed: 0 },
      { start: 27, end: 33, depth: 2, unclosed: 0 },
    ]);
    expect(layout.lineStarts).toEqual([0, 18, 19, 26, 35]);
  });
});
