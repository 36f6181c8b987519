// @ddx/ast at the sizes of the parser's limits (README, "Limits"): printing a sum of 10^6 terms
// and 50,000 levels of nesting, and locating and rendering a thousand errors on a 10 MB line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DdxError,
  add,
  call,
  conditional,
  ident,
  locate,
  mul,
  neg,
  num,
  pow,
  print,
  printExpression,
  type Expression,
} from '@ddx/ast';

describe('printing at the limits', () => {
  it('prints a sum of 10^6 terms `x*k` (4·10^6 nodes) on one line', () => {
    let sum: Expression = ident('x');
    for (let k = 2; k <= 1_000_000; k++) sum = add(sum, mul(ident('x'), num(k)));
    const text = printExpression(sum);
    expect(text.length).toBe(12_888_889);
    expect(text.startsWith('x + x * 2 + x * 3 + ')).toBe(true);
    expect(text.endsWith(' + x * 1000000')).toBe(true);
  });

  it('prints 50,000 levels of calls, signs, powers and conditionals', () => {
    const levels = 50_000;
    let node: Expression = ident('x');
    for (let level = 0; level < levels; level++) {
      const kind = level % 4;
      if (kind === 0) node = call('sin', [node]);
      else if (kind === 1) node = neg(node);
      else if (kind === 2) node = pow(ident('y'), node);
      else node = conditional(ident('c'), num(1), node);
    }
    const text = printExpression(node);
    // Each group of four levels reads `c ? 1 : y^-sin(…)` from the outside in.
    expect(text.startsWith('c ? 1 : y^-sin(c ? 1 : y^-sin(')).toBe(true);
    expect(text.endsWith(`x${')'.repeat(levels / 4)}`)).toBe(true);
  });
});

/** Where `[...line]` would put the caret: the reference the fast paths must agree with. */
function naiveColumn(source: string, offset: number): number {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return [...source.slice(lineStart, offset)].length + 1;
}

describe('errors on long lines', () => {
  it('locates and renders 1,000 errors at the end of a 10 MB line in about a second', () => {
    const source = `${'x + '.repeat(2_500_000)}${'y + '.repeat(1000)}z`;
    const started = performance.now();
    const errors = Array.from({ length: 1000 }, (_, index) => {
      const start = 10_000_000 + 4 * index;
      return new DdxError('unbound-name', `unbound name 'y'`, {
        source,
        span: { start, end: start + 1 },
      });
    });
    const rendered = errors.map((error) => error.render());
    // Counting code points from the start of the line for each took over a minute.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(errors[999]!.column).toBe(10_003_997);
    const [, line, caret] = rendered[999]!.split('\n') as [string, string, string];
    expect(line.slice(caret.indexOf('^'), caret.indexOf('^') + 1)).toBe('y');
    expect([...line].length).toBeLessThanOrEqual(2 + 122);
  });

  it('agrees with counting code points, astral letters and cut pairs included', () => {
    const piece = fc.constantFrom('a', 'θ', '𝑥', '\n', '\r\n', ' ', '\uD835', '\uDC65');
    const text = fc.array(piece, { minLength: 1, maxLength: 400 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (source, at, width) => {
        const start = at % (source.length + 1);
        const end = Math.min(source.length, start + (width % 20));
        expect(locate(source, start).column).toBe(naiveColumn(source, start));
        const error = new DdxError('syntax', 'x', { source, span: { start, end } });
        expect(error.column).toBe(naiveColumn(source, start));
        const lineEnd =
          source.indexOf('\n', start) === -1 ? source.length : source.indexOf('\n', start);
        expect(error.location!.length).toBe(
          Math.max(1, [...source.slice(start, Math.min(end, lineEnd))].length),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('shows the same window of a long line as before, astral letters included', () => {
    // The window as it was computed when every render spread the whole line.
    function reference(line: string, column: number): [string, number] {
      let chars = [...line];
      if (chars.length > 160) {
        const from = Math.max(0, column - 1 - 60);
        const shown = chars.slice(from, from + 120);
        chars = [...(from > 0 ? ['…'] : []), ...shown, ...(from + 120 < chars.length ? ['…'] : [])];
        column = column - from + (from > 0 ? 1 : 0);
      }
      return [chars.join(''), column];
    }
    const piece = fc.constantFrom('a', 'b', ' + ', 'θ', '𝑥');
    const line = fc.array(piece, { minLength: 60, maxLength: 300 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(line, fc.nat(), (text, at) => {
        fc.pre(text.length > 100);
        const start = at % text.length;
        const error = new DdxError('syntax', 'x', { source: text, span: { start, end: start } });
        const [, shownLine, caret] = error.render().split('\n') as [string, string, string];
        const [expectedLine, expectedColumn] = reference(text, error.column!);
        expect(shownLine).toBe(`  ${expectedLine}`);
        expect([...caret].length - 2).toBe(expectedColumn);
      }),
      { numRuns: 300 },
    );
  });
});
