/**
 * The lexical level of ddx.ohm, for the places that read a statement's tokens without ohm:
 * statement shapes (shapes.ts) and the direct parser of long and deep statements (direct.ts).
 * It must agree with the grammar's lexical rules token for token: names are `\p{L}` or `_`,
 * then also ASCII digits (ohm's `letter` is exactly `\p{L}`); `return` is a keyword only when
 * no name character follows; numbers and operators take the longest match; whitespace is what
 * ohm's `space` skips (every code unit up to ' '). Anything else ends the scan, and the
 * statement goes to ohm, which reports it. The parser's tests compare the two token for token.
 *
 * ASCII is read code by code (a 10 MB statement has millions of tokens); a name with other
 * letters is read with the regular expression below.
 */

const nonAsciiName = /[\p{L}_][\p{L}0-9_]*/uy;

/** A statement's tokens. A class is `a` for a name, `0` for a number, else the token's text. */
export interface Tokens {
  readonly classes: readonly string[];
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

export const nameClass = 'a';
export const numberClass = '0';

const lastSpace = 0x20;
const digit0 = 0x30;
const digit9 = 0x39;
const dot = 0x2e;
const underscore = 0x5f;
const lowerE = 0x65;
const upperE = 0x45;
const plus = 0x2b;
const minus = 0x2d;
const star = 0x2a;
const equals = 0x3d;
const less = 0x3c;
const greater = 0x3e;
const bang = 0x21;

const isDigit = (code: number): boolean => code >= digit0 && code <= digit9;
const isAsciiLetter = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === underscore;

/** One-character symbols by code. */
const symbols = new Map<number, string>(
  [...'-+*/^<>?:(),={}'].map((symbol) => [symbol.charCodeAt(0), symbol]),
);

/** The two-character operator that starts with `first`, `second` (`<=`, `**`, ...), if any. */
function pairOf(first: number, second: number): string | undefined {
  if (second === equals) {
    if (first === less) return '<=';
    if (first === greater) return '>=';
    if (first === equals) return '==';
    if (first === bang) return '!=';
  }
  return first === star && second === star ? '**' : undefined;
}

/**
 * Reads the tokens of `source[start, end)` one at a time. After `next()` returns true,
 * `kind`, `start` and `end` describe the token; it returns false at the end of the range
 * (`invalid` false) or at a character that starts no token (`invalid` true, `start` is where).
 */
export class Tokenizer {
  kind = '';
  start = 0;
  end = 0;
  invalid = false;
  private position: number;

  constructor(
    private readonly source: string,
    start: number,
    private readonly limit: number,
  ) {
    this.position = start;
  }

  next(): boolean {
    const { source, limit } = this;
    let at = this.position;
    while (at < limit && source.charCodeAt(at) <= lastSpace) at++;
    this.start = at;
    if (at >= limit) {
      this.kind = '';
      this.end = at;
      return false;
    }
    const code = source.charCodeAt(at);
    let end: number;
    if (isAsciiLetter(code) || code > 0x7f) {
      end = this.nameEnd(at);
      if (end === at) return this.fail(at);
      this.kind = end - at === 6 && source.startsWith('return', at) ? 'return' : nameClass;
    } else if (
      isDigit(code) ||
      (code === dot && at + 1 < limit && isDigit(source.charCodeAt(at + 1)))
    ) {
      end = this.numberEnd(at);
      this.kind = numberClass;
    } else {
      const symbol = symbols.get(code);
      const pair = at + 1 < limit ? pairOf(code, source.charCodeAt(at + 1)) : undefined;
      if (pair !== undefined) {
        this.kind = pair;
        end = at + 2;
      } else if (symbol !== undefined) {
        this.kind = symbol;
        end = at + 1;
      } else {
        return this.fail(at);
      }
    }
    this.end = end;
    this.position = end;
    return true;
  }

  private fail(at: number): false {
    this.invalid = true;
    this.kind = '';
    this.start = this.end = at;
    return false;
  }

  /** The end of the name that starts at `at` (`at` itself when there is none). */
  private nameEnd(at: number): number {
    const { source, limit } = this;
    let end = at;
    for (; end < limit; end++) {
      const code = source.charCodeAt(end);
      if (isAsciiLetter(code) || isDigit(code)) continue;
      if (code > 0x7f) break;
      return end;
    }
    if (end === limit) return end;
    // A letter beyond ASCII: read the whole name the way the grammar does.
    nonAsciiName.lastIndex = at;
    const match = nonAsciiName.exec(source);
    return match === null ? at : Math.min(limit, nonAsciiName.lastIndex);
  }

  /** `digits ("." digits?)? exponent?` or `"." digits exponent?`, longest match. */
  private numberEnd(at: number): number {
    const { source, limit } = this;
    let end = at;
    while (end < limit && isDigit(source.charCodeAt(end))) end++;
    if (end < limit && source.charCodeAt(end) === dot) {
      end++;
      while (end < limit && isDigit(source.charCodeAt(end))) end++;
    }
    const mark = source.charCodeAt(end);
    if (end < limit && (mark === lowerE || mark === upperE)) {
      let exponent = end + 1;
      const sign = source.charCodeAt(exponent);
      if (exponent < limit && (sign === plus || sign === minus)) exponent++;
      if (exponent < limit && isDigit(source.charCodeAt(exponent))) {
        while (exponent < limit && isDigit(source.charCodeAt(exponent))) exponent++;
        end = exponent;
      }
    }
    return end;
  }
}

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
  const tokens = new Tokenizer(source, start, end);
  while (tokens.next()) {
    if (classes.length === maxTokens) return undefined;
    classes.push(tokens.kind);
    starts.push(tokens.start);
    ends.push(tokens.end);
  }
  return tokens.invalid ? undefined : { classes, starts, ends };
}
