/**
 * Long sums in pieces. ohm keeps a memo entry for every rule tried at every position of a
 * statement, so one statement of 10^5 terms (`x0 + x1 + ... `, 600 KB) takes seconds and most
 * of a gigabyte, while 10^5 short statements take a fraction of that.
 *
 * A statement whose expression is, at the top level (outside parentheses), a sum of terms
 * joined by binary `+` and `-` is therefore matched as its head (the statement up to the end of
 * the first term) plus one match of `Mul` per further term, and the terms are folded on to the
 * left. This is exactly what `Add = Mul (addop Mul)*` would build: a top-level binary `+` or
 * `-` cannot be inside a `Mul`, and with no comparison, `?`, `:` or `,` at the top level the
 * sum is the whole expression. Terms may hold anything inside parentheses. A statement that
 * fails any piece is matched whole, so errors read the same either way.
 */
import { lex, nameClass, numberClass } from './lexer.js';
import type { StartRule } from './statements.js';

/** Below these a statement is cheap enough to match whole. */
const minLength = 4096;
const minTerms = 64;

/** Tokens allowed outside parentheses in a splittable sum (besides `(`, `)`, `+`, `-`). */
const termTokens = new Set([nameClass, numberClass, '*', '/', '^', '**']);
const operandEnds = new Set([nameClass, numberClass, ')']);

export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface Term extends Range {
  readonly operator: '+' | '-';
}

export interface SumSplit {
  /** The statement up to the end of its first term. */
  readonly head: Range;
  /** Where the sum starts: the folded nodes span from here. */
  readonly sumStart: number;
  readonly terms: readonly Term[];
}

export function splitSum(source: string, range: Range, rule: StartRule): SumSplit | undefined {
  if (range.end - range.start < minLength) return undefined;
  const tokens = lex(source, range.start, range.end);
  if (tokens === undefined) return undefined;
  const { classes, starts, ends } = tokens;
  const first = expressionStart(classes, rule);
  if (first === undefined || first >= classes.length) return undefined;
  const cuts: number[] = [];
  let depth = 0;
  for (let index = first; index < classes.length; index++) {
    const kind = classes[index]!;
    if (kind === '(') depth++;
    else if (kind === ')') depth--;
    else if (depth > 0) continue;
    else if (kind === '+' || kind === '-') {
      // Binary only when an operand ends just before; otherwise it is a sign.
      if (index > first && operandEnds.has(classes[index - 1]!)) cuts.push(index);
    } else if (!termTokens.has(kind)) return undefined;
    if (depth < 0) return undefined;
  }
  if (cuts.length < minTerms || depth !== 0 || cuts.at(-1) === classes.length - 1) {
    return undefined;
  }
  const terms = cuts.map((cut, index) => ({
    operator: classes[cut] as '+' | '-',
    start: starts[cut + 1]!,
    end: ends[(cuts[index + 1] ?? classes.length) - 1]!,
  }));
  const head = { start: range.start, end: ends[cuts[0]! - 1]! };
  return { head, sumStart: starts[first]!, terms };
}

/** The index of the first token of the statement's expression, if it has exactly one. */
function expressionStart(classes: readonly string[], rule: StartRule): number | undefined {
  if (rule === 'Expr') return 0;
  if (classes[0] === 'return') return 1;
  if (classes[0] !== nameClass) return undefined;
  if (classes[1] === '=') return 2;
  if (classes[1] !== '(') return undefined;
  // A one-line definition: `name(params) = ...`.
  const close = classes.indexOf(')', 2);
  return close !== -1 && classes[close + 1] === '=' ? close + 2 : undefined;
}
