/**
 * Statements into functions: the block structure of a program (`f(x) {`, bindings, `return`,
 * `}`) as a small state machine over the statement list. It reports misplaced statements and
 * keeps going, so one mistake costs one message.
 *
 * A statement that did not match still tells something: `a = sin(` binds `a`, `g(x) {` opens a
 * block. `guess` reads that from the text, so the rest of the file is checked without a
 * cascade of follow-on errors (every use of `a` being "unbound", say).
 */
import type { Binding, Expression, Span } from '@ddx/ast';
import type { Statement, Token } from './actions.js';

export type Parsed =
  { readonly statement: Statement } | { readonly broken: Guess; readonly span: Span };

export type Guess =
  | { readonly kind: 'bind' | 'define' | 'open'; readonly name: Token }
  | { readonly kind: 'return' | 'close' | 'unknown' };

/** A function as written, possibly incomplete when its statements had errors. */
export interface Draft {
  readonly name: Token;
  /** Undefined when the header did not parse. */
  readonly params: readonly Token[] | undefined;
  readonly body: Binding[];
  /** Undefined when the return statement is missing or did not parse. */
  results: readonly Expression[] | undefined;
  /** Names whose binding did not parse: their uses are not reported (made when there is one). */
  unsure: Set<string> | undefined;
  span: Span;
}

export type StructureReport = (message: string, span: Span) => void;

const namePattern = /^[\p{L}_][\p{L}0-9_]*/u;

/** What a statement that failed to match was meant to be, from its text alone. */
export function guess(text: string, start: number): Guess {
  if (/^return(?![\p{L}0-9_])/u.test(text)) return { kind: 'return' };
  if (text.startsWith('}')) return { kind: 'close' };
  const name = namePattern.exec(text)?.[0];
  if (name === undefined) return { kind: 'unknown' };
  const token = { text: name, span: { start, end: start + name.length } };
  const rest = text.slice(name.length).trimStart();
  if (rest.startsWith('(')) {
    if (text.endsWith('{')) return { kind: 'open', name: token };
    if (/\)\s*=(?!=)/.test(rest)) return { kind: 'define', name: token };
  }
  if (/^=(?!=)/.test(rest)) return { kind: 'bind', name: token };
  return { kind: 'unknown' };
}

interface OpenBlock {
  readonly draft: Draft;
  /** The `{`, where an unclosed block is reported. */
  readonly brace: Span;
  returned: boolean;
}

export function assemble(lines: readonly Parsed[], report: StructureReport): Draft[] {
  const assembler = new Assembler(report);
  for (const line of lines) assembler.add(line);
  return assembler.finish();
}

class Assembler {
  private readonly drafts: Draft[] = [];
  private block: OpenBlock | undefined;

  constructor(private readonly report: StructureReport) {}

  add(line: Parsed): void {
    const kind = 'statement' in line ? line.statement.kind : line.broken.kind;
    const span = 'statement' in line ? line.statement.span : line.span;
    const block = this.block;
    if (block?.returned && kind !== 'close' && kind !== 'define' && kind !== 'open') {
      this.report(`nothing may follow 'return' in the block of '${block.draft.name.text}'`, span);
    } else if ('broken' in line) {
      this.addBroken(line.broken, span);
    } else {
      this.addStatement(line.statement);
    }
  }

  finish(): Draft[] {
    if (this.block !== undefined) {
      const { draft, brace } = this.block;
      const name = draft.name.text;
      this.report(`the block of '${name}' is not closed: expected '}' before the end`, brace);
    }
    return this.drafts;
  }

  private addStatement(statement: Statement): void {
    const { span } = statement;
    switch (statement.kind) {
      case 'define': {
        const draft = this.define(statement.header.name, statement.header.params, span);
        draft.results = statement.results;
        break;
      }
      case 'open':
        this.open(statement.header.name, statement.header.params, span);
        break;
      case 'bind':
        this.bind(statement.name, statement.value, span);
        break;
      case 'return':
        this.return(statement.results, span);
        break;
      case 'close':
        this.close(span, false);
        break;
      case 'expression':
        this.report(
          this.block === undefined
            ? `a bare expression is not a statement: define a function, e.g. 'f(x) = …'`
            : `an expression alone is not a statement: bind it ('name = …') or return it`,
          span,
        );
        break;
    }
  }

  /** The structure a broken statement was meant to have, without its (unknown) contents. */
  private addBroken(guessed: Guess, span: Span): void {
    switch (guessed.kind) {
      case 'define':
        this.define(guessed.name, undefined, span);
        break;
      case 'open':
        this.open(guessed.name, undefined, span);
        break;
      case 'bind':
        if (this.block) (this.block.draft.unsure ??= new Set()).add(guessed.name.text);
        break;
      case 'return':
        if (this.block) this.block.returned = true;
        break;
      case 'close':
        this.close(span, true);
        break;
    }
  }

  private define(name: Token, params: readonly Token[] | undefined, span: Span): Draft {
    this.closeUnfinished(name.span);
    const draft = newDraft(name, params, span);
    this.drafts.push(draft);
    return draft;
  }

  private open(name: Token, params: readonly Token[] | undefined, span: Span): void {
    const draft = this.define(name, params, span);
    this.block = { draft, brace: { start: span.end - 1, end: span.end }, returned: false };
  }

  private bind(name: Token, value: Expression, span: Span): void {
    if (this.block === undefined) {
      this.report(`a binding outside a function: put it in a block 'f(x) { … }'`, span);
      return;
    }
    // One literal, as `binding` builds it plus `nameSpan` (a spread copy takes 3x the memory).
    const node: Binding = { kind: 'Binding', name: name.text, value, span, nameSpan: name.span };
    this.block.draft.body.push(node);
  }

  private return(results: readonly Expression[], span: Span): void {
    if (this.block === undefined) {
      this.report(`'return' outside a function block`, span);
      return;
    }
    this.block.draft.results = results;
    this.block.returned = true;
  }

  /** Ends the open block at `}`; a broken `}` still closes, without more complaints. */
  private close(span: Span, broken: boolean): void {
    const block = this.block;
    if (block === undefined) {
      if (!broken) this.report(`unexpected '}': no block is open`, span);
      return;
    }
    block.draft.span = { start: block.draft.span.start, end: span.end };
    if (!block.returned && !broken) {
      this.report(`the block of '${block.draft.name.text}' ends without 'return'`, span);
    }
    this.block = undefined;
  }

  /** A definition while a block is open: the block lacks its `}`. */
  private closeUnfinished(at: Span): void {
    if (this.block === undefined) return;
    const name = this.block.draft.name.text;
    this.report(`the block of '${name}' is not closed: expected '}' before this definition`, at);
    this.block = undefined;
  }
}

function newDraft(name: Token, params: readonly Token[] | undefined, span: Span): Draft {
  return { name, params, body: [], results: undefined, unsure: undefined, span };
}
