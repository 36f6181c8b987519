/**
 * Turns ohm's "expected ..." sets into messages a person can act on: operators are grouped,
 * the end of the statement is called the end of the line, and a few common slips get a hint
 * (chained comparisons, `=` for `==`, a missing `*`, a parenthesis left open at a line break).
 */
import type { Span } from '@ddx/ast';
import type { Expectation } from './match.js';
import type { StatementRange } from './scan.js';

const comparisonOperators = new Set(['<', '<=', '>', '>=', '==', '!=']);
const operators = new Set([...comparisonOperators, '+', '-', '*', '/', '^', '**', '?']);
const tokenPattern =
  /^(?:[\p{L}_][\p{L}0-9_]*|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+|<=|>=|==|!=|\*\*|[-+*/^<>?:(),={}])/u;

export interface SyntaxProblem {
  readonly message: string;
  readonly span: Span;
}

/** A human message for a statement that failed to match at `position`. */
export function describeMismatch(
  source: string,
  statement: StatementRange,
  position: number,
  expected: readonly Expectation[],
): SyntaxProblem {
  const found = tokenAt(source, position, statement.end);
  const span = { start: position, end: position + (found?.length ?? 0) };
  if (found !== undefined && !tokenPattern.test(found)) {
    return { message: `unexpected character '${found}'`, span };
  }
  const wanted = new Set(expected.map(describeExpectation).filter((text) => text !== ''));
  // A name, a number, '(' and the signs are where an expression can start: say so.
  if (wanted.has('a name') && wanted.has('a number')) {
    for (const start of ['a name', 'a number', "'('", "'+'", "'-'"]) wanted.delete(start);
    wanted.add('an expression');
  }
  const foundText = found === undefined ? 'the end of the line' : `'${found}'`;
  const message = `expected ${joinAlternatives(groupOperators(wanted))}, found ${foundText}`;
  return { message: message + hint(source, statement, position, found, expected), span };
}

function describeExpectation({ text, type }: Expectation): string {
  if (type === 'description') return text === 'end of input' ? 'the end of the line' : text;
  if (type === 'string') return text === 'return' ? "'return'" : `'${text}'`;
  return ''; // character ranges inside tokens say nothing useful
}

/** Several operators read better as "an operator". */
function groupOperators(wanted: Set<string>): string[] {
  const quoted = [...wanted];
  const isOperator = (item: string): boolean => operators.has(item.slice(1, -1));
  const count = quoted.filter(isOperator).length;
  if (count < 3) return quoted;
  // After a name, '(' would make a call: true, but never what was meant.
  const rest = quoted.filter((item) => !isOperator(item) && item !== "'('");
  return ['an operator', ...rest];
}

function joinAlternatives(items: readonly string[]): string {
  if (items.length === 0) return 'something else';
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** The token (or single character) at `position`, undefined at the end of the statement. */
function tokenAt(source: string, position: number, end: number): string | undefined {
  if (position >= end) return undefined;
  const rest = source.slice(position, Math.min(end, position + 64));
  return tokenPattern.exec(rest)?.[0] ?? String.fromCodePoint(rest.codePointAt(0)!);
}

function hint(
  source: string,
  statement: StatementRange,
  position: number,
  found: string | undefined,
  expected: readonly Expectation[],
): string {
  const expects = (token: string): boolean =>
    expected.some((item) => item.type === 'string' && item.text === token);
  if (found === undefined) {
    return statement.unclosed > 0
      ? ` (a '(' is still open: a statement ends at the end of its line)`
      : '';
  }
  if (comparisonOperators.has(found) && !expects('<')) {
    return ' (comparisons do not chain: write (a < b) < c, or (a < b) * (b < c) for both)';
  }
  if (found === '=' && expects('==')) return " (to compare, write '==')";
  const before = source.slice(statement.start, position).trimEnd();
  if (/^[\p{L}_0-9.]/u.test(found) && /[\p{L}_0-9.)]$/u.test(before)) {
    return " (multiplication is written with '*')";
  }
  return '';
}
