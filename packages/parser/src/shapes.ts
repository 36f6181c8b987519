/**
 * Statement shapes: ohm's answer for a statement, reused for every later statement of the same
 * shape.
 *
 * ohm interprets the grammar at roughly 0.2 µs per parsing-expression step, about 40 µs for a
 * statement like `t7 = t3 * w`: 4 s for a generated program of 10^5 bindings. Such programs
 * (the gradients ddx writes, for one) repeat a handful of shapes. The shape of a statement is
 * its token sequence with every name written `a` and every number `0`: `t7 = t3 * w` and
 * `y=x*b` share the shape `a = a * a`.
 *
 * Why this is exact: the syntactic rules of ddx.ohm meet the text only through its lexical
 * rules and literal terminals, each of which takes a maximal-munch token, and no syntactic rule
 * tells one name (or number) from another. So two statements of one shape have the same match
 * and the same tree; only the offsets of the tokens differ. A template stores the tree with
 * each offset written as "start of token i" or "end of token i". The tokens come from lexer.ts,
 * which mirrors the lexical rules; a statement it cannot read, and a tree offset that is not a
 * token boundary, simply go to ohm. The parser tests compare reused trees with fresh ones,
 * spans included.
 */
import { lex, type Tokens } from './lexer.js';
import { CstWriter, FIELDS } from './match.js';

/** Longer statements rarely repeat; their templates would only take memory. */
const maxTokens = 128;
const maxTemplates = 4096;

/** A statement's tokens and its shape. */
export interface Shape extends Tokens {
  readonly key: string;
}

/** The shape of `source[start, end)`, or undefined (not all ddx tokens, or too long). */
export function shapeOf(source: string, start: number, end: number): Shape | undefined {
  const tokens = lex(source, start, end, maxTokens);
  return tokens && { ...tokens, key: tokens.classes.join(' ') };
}

/** Templates keyed by start rule and shape, for one parse. */
export class ShapeCache {
  private readonly templates = new Map<string, Int32Array>();

  /** Writes the tree of a statement shaped like `tokens`, if one was remembered. */
  instantiate(rule: string, tokens: Shape, writer: CstWriter): boolean {
    const template = this.templates.get(`${rule}:${tokens.key}`);
    if (template === undefined) return false;
    const offset = (boundary: number): number =>
      (boundary & 1 ? tokens.ends : tokens.starts)[boundary >> 1]!;
    for (let at = 0; at < template.length; at += FIELDS) {
      writer.push(
        template[at]!,
        offset(template[at + 1]!),
        offset(template[at + 2]!),
        template[at + 3]!,
      );
    }
    return true;
  }

  /** Remembers the tree ohm wrote at `writer[from, to)` for the statement `tokens`. */
  remember(rule: string, tokens: Shape, writer: CstWriter, from: number, to: number): void {
    if (this.templates.size >= maxTemplates) return;
    const startOf = new Map<number, number>();
    const endOf = new Map<number, number>();
    tokens.starts.forEach((offset, index) => startOf.set(offset, 2 * index));
    tokens.ends.forEach((offset, index) => endOf.set(offset, 2 * index + 1));
    const template = new Int32Array(to - from);
    for (let at = from; at < to; at += FIELDS) {
      const start = writer.data[at + 1]!;
      const end = writer.data[at + 2]!;
      // A node starts at a token's start and ends at a token's end; an empty node (an empty
      // iteration or list) sits right after a token, or before the first.
      const first = start === end ? (endOf.get(start) ?? startOf.get(start)) : startOf.get(start);
      const last = start === end ? first : endOf.get(end);
      if (first === undefined || last === undefined) return; // not a token boundary: no reuse
      const entry = at - from;
      template[entry] = writer.data[at]!;
      template[entry + 1] = first;
      template[entry + 2] = last;
      template[entry + 3] = writer.data[at + 3]!;
    }
    this.templates.set(`${rule}:${tokens.key}`, template);
  }
}
