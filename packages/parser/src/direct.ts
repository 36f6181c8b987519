/**
 * Long and deeply nested statements, parsed straight from their tokens with two explicit
 * stacks (operator precedence), never recursively.
 *
 * ohm keeps a memo entry for every rule tried at every position of a statement, about 2 KB of
 * heap per character: one statement of 600 KB takes over a gigabyte, and 3 MB would not fit in
 * Node's heap. It also recurses about 4 KB of stack per level of nesting. This parser takes a
 * few dozen bytes per token, whatever the shape, and builds exactly the tree (spans included)
 * that ohm and the semantic actions build: the parser's tests compare the two on random
 * programs. When a statement does not parse, the caller asks ohm for the error message where
 * that is affordable, or uses the position and expectations reported here.
 *
 * The grammar, as ddx.ohm has it: `Cond = Cmp "?" Cond ":" Cond | Cmp`, comparisons do not
 * chain, `+ -` and `* /` associate to the left, a sign binds looser than `^` and tighter than
 * `*` (`-x^2` is `-(x^2)`, `-a*b` is `(-a)*b`), `^` associates to the right and its exponent may
 * start with a sign (`x^-y^z` is `x^(-(y^z))`). A phrase's span covers its parentheses; a
 * parenthesised node keeps its own span.
 */
import {
  binary,
  call,
  conditional,
  unary,
  type BinaryOperator,
  type Expression,
  type Span,
  type UnaryOperator,
} from '@ddx/ast';
import { variable, type Header, type Statement, type Token } from './actions.js';
import { maxNesting } from './limits.js';
import { Tokenizer, nameClass, numberClass } from './lexer.js';
import type { Expectation } from './match.js';
import type { StartRule } from './statements.js';
import type { Actions } from './tree.js';

export type DirectOutcome =
  | { readonly ok: true; readonly statement: Statement }
  /** The statement does not parse: where, and what would have been accepted there. */
  | { readonly ok: false; readonly position: number; readonly expected: readonly Expectation[] }
  /** A limit was crossed at `span`, before the statement's end. */
  | { readonly ok: false; readonly limit: 'nesting' | 'nodes'; readonly span: Span };

/** How many more expression nodes the program may have (shared by all its statements). */
export interface NodeBudget {
  remaining: number;
}

interface Range {
  readonly start: number;
  readonly end: number;
}

// Entries of the operator stack.
const prefix = 0;
const infix = 1;
const group = 2;
const callOpen = 3;
const question = 4;
const colon = 5;

interface Pending {
  readonly kind: number;
  readonly operator: string;
  readonly precedence: number;
  /** Where the sign, '(' or called name starts. */
  readonly start: number;
  /** For a call: the callee and the height of the value stack at its '('. */
  readonly callee: string;
  readonly height: number;
}

const comparison = 1;
const additive = 2;
const multiplicative = 3;
const sign = 4;
const power = 5;

const precedences = new Map<string, number>([
  ['<', comparison],
  ['<=', comparison],
  ['>', comparison],
  ['>=', comparison],
  ['==', comparison],
  ['!=', comparison],
  ['+', additive],
  ['-', additive],
  ['*', multiplicative],
  ['/', multiplicative],
  ['^', power],
  ['**', power],
]);

const describe = (text: string): Expectation => ({ text, type: 'description' });
const literal = (text: string): Expectation => ({ text, type: 'string' });
const operandStarts = [describe('a name'), describe('a number'), ...['(', '+', '-'].map(literal)];
const operators = [...precedences.keys(), '?'].map(literal);
const comparisons = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** A failure that ends the parse of one statement. */
class Failure {
  constructor(readonly outcome: DirectOutcome) {}
}

export function parseDirect(
  source: string,
  range: Range,
  rule: StartRule,
  actions: Actions,
  budget: NodeBudget,
): DirectOutcome {
  try {
    return { ok: true, statement: new DirectParser(source, range, actions, budget).parse(rule) };
  } catch (error) {
    if (error instanceof Failure) return error.outcome;
    throw error;
  }
}

class DirectParser {
  private tokens: Tokenizer;
  /** The current token, and one token of lookahead once `peek` has read it. */
  private kind = '';
  private start = 0;
  private end = 0;
  private peeked = false;
  private peekKind = '';
  private peekStart = 0;
  private peekEnd = 0;

  private readonly pending: Pending[] = [];
  private readonly nodes: Expression[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Signs, '^', parentheses, calls and conditionals open on the operator stack. */
  private nesting = 0;
  /** Whether ',' may separate results at the outermost level. */
  private list = false;

  constructor(
    private readonly source: string,
    private readonly range: Range,
    private readonly actions: Actions,
    private readonly budget: NodeBudget,
  ) {
    this.tokens = new Tokenizer(source, range.start, range.end);
  }

  parse(rule: StartRule): Statement {
    const span = { start: this.range.start, end: this.range.end };
    this.advance();
    if (rule === 'Expr') return { kind: 'expression', value: this.expression(), span };
    if (this.kind === 'return') {
      this.advance();
      return { kind: 'return', results: this.results(), span };
    }
    if (this.kind === '}') {
      this.advance();
      this.expectEnd();
      return { kind: 'close', span };
    }
    if (this.kind === nameClass) {
      this.peek();
      if (this.peekKind === '=') {
        const name = this.nameToken();
        this.advance();
        this.advance();
        return { kind: 'bind', name, value: this.expression(), span };
      }
      if (this.peekKind === '(') {
        const header = this.header();
        if (header !== undefined) return this.afterHeader(header, span);
        this.restart();
      }
    }
    return { kind: 'expression', value: this.expression(), span };
  }

  /**
   * `name(params)` with only names inside and '=' or '{' after it, or undefined (then it is
   * an expression: a call). Names become tokens only once it is sure to be a header.
   */
  private header(): Header | undefined {
    const names: Span[] = [{ start: this.start, end: this.end }];
    this.advance(); // the name
    this.advance(); // '('
    if (!this.is(')')) {
      for (;;) {
        if (!this.is(nameClass)) return undefined;
        names.push({ start: this.start, end: this.end });
        this.advance();
        if (this.is(')')) break;
        if (!this.is(',')) return undefined;
        this.advance();
      }
    }
    const span = { start: names[0]!.start, end: this.end };
    this.advance(); // ')'
    if (!this.is('=') && !this.is('{')) return undefined;
    const [name, ...params] = names.map((at) => this.tokenAt(at));
    return { name: name!, params, span };
  }

  private afterHeader(header: Header, span: Span): Statement {
    if (this.kind === '{') {
      this.advance();
      this.expectEnd();
      return { kind: 'open', header, span };
    }
    this.advance(); // '='
    return { kind: 'define', header, results: this.results(), span };
  }

  private results(): Expression[] {
    this.list = true;
    this.expressionInto();
    return this.nodes.splice(0);
  }

  private expression(): Expression {
    this.expressionInto();
    return this.nodes.pop()!;
  }

  /** Parses to the end of the statement, leaving the value (or the results) on the stack. */
  private expressionInto(): void {
    for (;;) {
      this.operand();
      if (this.operatorsAfterOperand()) return;
    }
  }

  /** Reads the prefixes and the operand of one step: signs, '(' and calls open here. */
  private operand(): void {
    for (;;) {
      const { kind, start } = this;
      if (kind === '+' || kind === '-') {
        this.open({ ...blank, kind: prefix, operator: kind, precedence: sign, start });
      } else if (kind === '(') {
        this.open({ ...blank, kind: group, start });
      } else if (kind === nameClass) {
        const name = this.nameToken();
        this.peek();
        if (this.peekKind !== '(') {
          this.count();
          this.advance();
          this.push(variable(name.text, name.span), name.span.start, name.span.end);
          return;
        }
        this.advance(); // the name
        this.open({
          ...blank,
          kind: callOpen,
          start,
          callee: name.text,
          height: this.nodes.length,
        });
        this.advance(); // '('
        if (this.kind === ')') return this.closeCall(this.pending.pop()!);
        continue;
      } else if (kind === numberClass) {
        const span = { start, end: this.end };
        this.count();
        const digits = this.source.slice(start, this.end);
        this.push(this.actions.tokens['number']!(span, digits) as Expression, start, this.end);
        this.advance();
        return;
      } else {
        this.fail(operandStarts);
      }
      this.advance();
    }
  }

  /**
   * After an operand: operators, '?', ':', ')' and ',' until the next operand is due (false)
   * or the statement ends (true).
   */
  private operatorsAfterOperand(): boolean {
    for (;;) {
      const { kind, start } = this;
      const precedence = precedences.get(kind);
      if (precedence !== undefined) {
        // `^` associates to the right; a comparison first takes what binds tighter, then
        // must not find another comparison (they do not chain).
        this.reduceOperators(
          precedence === power ? power + 1 : precedence === comparison ? additive : precedence,
        );
        const top = this.pending.at(-1);
        if (precedence === comparison && top?.kind === infix && top.precedence === comparison) {
          this.fail(this.afterOperand());
        }
        const operator = kind === '**' ? '^' : kind;
        this.open({ ...blank, kind: infix, operator, precedence, start });
        this.advance();
        return false;
      }
      if (kind === '?') {
        this.reduceOperators(comparison);
        this.open({ ...blank, kind: question, start });
        this.advance();
        return false;
      }
      if (kind === ':') {
        this.reduceOperators(comparison);
        this.reduceConditionals();
        if (this.pending.at(-1)?.kind !== question) this.fail(this.afterOperand());
        this.pending.pop();
        this.nesting--;
        this.open({ ...blank, kind: colon, start });
        this.advance();
        return false;
      }
      if (kind === ')' || kind === ',' || kind === '') {
        this.reduceOperators(comparison);
        this.reduceConditionals();
        const top = this.pending.at(-1);
        if (kind === '') {
          if (top !== undefined) this.fail(this.afterOperand());
          return true;
        }
        if (kind === ')' && top?.kind === group) {
          this.pending.pop();
          this.nesting--;
          const at = this.nodes.length - 1;
          this.starts[at] = top.start;
          this.ends[at] = this.end;
          this.advance();
          continue;
        }
        if (kind === ')' && top?.kind === callOpen) {
          this.pending.pop();
          this.closeCall(top);
          continue;
        }
        if (kind === ',' && (top?.kind === callOpen || (top === undefined && this.list))) {
          this.advance();
          return false;
        }
      }
      this.fail(this.afterOperand());
    }
  }

  /** Ends the call `pending` at the current ')' (the call itself was popped already). */
  private closeCall(pending: Pending): void {
    this.nesting--;
    const args = this.nodes.length - pending.height;
    const argNodes = this.nodes.splice(pending.height, args);
    this.starts.length -= args;
    this.ends.length -= args;
    const span = { start: pending.start, end: this.end };
    this.count();
    this.push(call(pending.callee, argNodes, span), span.start, span.end);
    this.advance();
  }

  /** Applies pending signs and operators that bind at least as tightly as `precedence`. */
  private reduceOperators(precedence: number): void {
    const { pending } = this;
    for (;;) {
      const top = pending.at(-1);
      if (top === undefined || top.precedence < precedence) return;
      if (top.kind !== prefix && top.kind !== infix) return;
      pending.pop();
      this.count();
      const at = this.nodes.length - 1;
      if (top.kind === prefix) {
        this.nesting--;
        const span = { start: top.start, end: this.ends[at]! };
        this.nodes[at] = unary(top.operator as UnaryOperator, this.nodes[at]!, span);
        this.starts[at] = top.start;
      } else {
        if (top.precedence === power) this.nesting--;
        const span = { start: this.starts[at - 1]!, end: this.ends[at]! };
        const node = binary(
          top.operator as BinaryOperator,
          this.nodes[at - 1]!,
          this.nodes[at]!,
          span,
        );
        this.nodes.length = at;
        this.starts.length = at;
        this.ends[at - 1] = this.ends[at]!;
        this.ends.length = at;
        this.nodes[at - 1] = node;
      }
    }
  }

  /** Completes every conditional whose alternate has just ended. */
  private reduceConditionals(): void {
    const { pending, nodes, starts, ends } = this;
    while (pending.at(-1)?.kind === colon) {
      pending.pop();
      this.nesting--;
      this.count();
      const at = nodes.length - 3;
      const span = { start: starts[at]!, end: ends[at + 2]! };
      nodes[at] = conditional(nodes[at]!, nodes[at + 1]!, nodes[at + 2]!, span);
      ends[at] = ends[at + 2]!;
      nodes.length = starts.length = ends.length = at + 1;
    }
  }

  /** What could follow an operand where the parser stands. */
  private afterOperand(): Expectation[] {
    let inside: number | undefined;
    let compared = false;
    let operatorsOnly = true;
    for (let index = this.pending.length - 1; index >= 0; index--) {
      const { kind, precedence } = this.pending[index]!;
      if (kind === group || kind === callOpen || kind === question) {
        inside = kind;
        break;
      }
      if (kind !== prefix && kind !== infix) operatorsOnly = false;
      else if (operatorsOnly && kind === infix && precedence === comparison) compared = true;
    }
    // After `a < b`, another comparison is not expected: they do not chain.
    const expected = compared
      ? operators.filter((item) => !comparisons.has(item.text))
      : [...operators];
    if (inside === group || inside === callOpen) expected.push(literal(')'));
    if (inside === undefined) expected.push(describe('end of input'));
    if (inside === callOpen || (inside === undefined && this.list)) expected.push(literal(','));
    if (inside === question) expected.push(literal(':'));
    return expected;
  }

  private open(entry: Pending): void {
    this.pending.push(entry);
    if (entry.kind !== infix || entry.precedence === power) {
      if (++this.nesting > maxNesting) this.exceed('nesting');
    }
  }

  private push(node: Expression, start: number, end: number): void {
    this.nodes.push(node);
    this.starts.push(start);
    this.ends.push(end);
  }

  /** One more expression node. */
  private count(): void {
    if (--this.budget.remaining < 0) this.exceed('nodes');
  }

  private exceed(limit: 'nesting' | 'nodes'): never {
    throw new Failure({ ok: false, limit, span: { start: this.start, end: this.end } });
  }

  private nameToken(): Token {
    return this.tokenAt({ start: this.start, end: this.end });
  }

  /** A name as the semantic actions see it (they check its length). */
  private tokenAt(span: Span): Token {
    const text = this.actions.tokens['name']!(span, this.source.slice(span.start, span.end));
    return { text: text as string, span };
  }

  /** Whether the current token is `kind` (a method, so that no narrowing outlives `advance`). */
  private is(kind: string): boolean {
    return this.kind === kind;
  }

  private expectEnd(): void {
    if (this.kind !== '') this.fail([describe('end of input')]);
  }

  private fail(expected: readonly Expectation[]): never {
    // At a character that starts no token, the message says just that.
    if (this.kind === invalid) expected = [];
    throw new Failure({ ok: false, position: this.start, expected });
  }

  private advance(): void {
    if (this.peeked) {
      this.peeked = false;
      this.kind = this.peekKind;
      this.start = this.peekStart;
      this.end = this.peekEnd;
      return;
    }
    this.tokens.next();
    this.kind = this.tokens.invalid ? invalid : this.tokens.kind;
    this.start = this.tokens.start;
    this.end = this.tokens.end;
  }

  private peek(): void {
    if (this.peeked) return;
    this.tokens.next();
    this.peeked = true;
    this.peekKind = this.tokens.invalid ? invalid : this.tokens.kind;
    this.peekStart = this.tokens.start;
    this.peekEnd = this.tokens.end;
  }

  /** Back to the first token (a header that turned out to be a call). */
  private restart(): void {
    this.tokens = new Tokenizer(this.source, this.range.start, this.range.end);
    this.peeked = false;
    this.advance();
  }
}

/** The kind of a character that starts no token: it matches nothing the parser expects. */
const invalid = '(invalid)';

const blank: Pending = {
  kind: prefix,
  operator: '',
  precedence: 0,
  start: 0,
  callee: '',
  height: 0,
};
