/**
 * The lexical level of ddx.ohm as one sticky regular expression, for the two places that look
 * at a statement's tokens without ohm: statement shapes (shapes.ts) and long sums (sums.ts).
 * It must agree with the grammar's lexical rules token for token: names are `\p{L}` or `_`,
 * then also ASCII digits (ohm's `letter` is exactly `\p{L}`); `return` is a keyword only when
 * no name character follows; numbers and operators take the longest match; whitespace is what
 * ohm's `space` skips (every code unit up to ' '). Anything else ends the scan, and the
 * statement goes to ohm, which reports it.
 */

const token =
  /[\x00-\x20]*(?:(return(?![\p{L}0-9_]))|([\p{L}_][\p{L}0-9_]*)|([0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)|(<=|>=|==|!=|\*\*|[-+*/^<>?:(),={}]))/uy;

/** A statement's tokens. A class is `a` for a name, `0` for a number, else the token's text. */
export interface Tokens {
  readonly classes: readonly string[];
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

export const nameClass = 'a';
export const numberClass = '0';

/** The tokens of `source[start, end)`; undefined past `maxTokens` or at a non-ddx character. */
export function lex(
  source: string,
  start: number,
  end: number,
  maxTokens = Infinity,
): Tokens | undefined {
  const classes: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  token.lastIndex = start;
  while (token.lastIndex < end) {
    const match = token.exec(source);
    if (match === null || token.lastIndex > end || classes.length === maxTokens) return undefined;
    const [, keyword, name, number, symbol] = match;
    const text = keyword ?? name ?? number ?? symbol!;
    classes.push(name !== undefined ? nameClass : number !== undefined ? numberClass : text);
    starts.push(token.lastIndex - text.length);
    ends.push(token.lastIndex);
  }
  return { classes, starts, ends };
}
