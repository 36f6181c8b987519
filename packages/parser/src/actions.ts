/**
 * The semantic actions of ddx.ohm: one line per labelled alternative. A statement becomes a
 * `Statement` (assembled into functions by assemble.ts); expressions become @ddx/ast nodes
 * with their spans. Nothing here recurses: tree.ts feeds the actions bottom-up.
 */
import {
  binary,
  call,
  conditional,
  constant,
  ident,
  num,
  unary,
  type BinaryOperator,
  type ErrorCode,
  type Expression,
  type Span,
  type UnaryOperator,
} from '@ddx/ast';
import { identifierTooLong, maxIdentifierLength } from './limits.js';
import type { Actions, Syntax } from './tree.js';

/** A name as written: its text and where it stands. */
export interface Token {
  readonly text: string;
  readonly span: Span;
}

export interface Header {
  readonly name: Token;
  readonly params: readonly Token[];
  readonly span: Span;
}

export type Statement =
  | { readonly kind: 'bind'; readonly name: Token; readonly value: Expression; readonly span: Span }
  | {
      readonly kind: 'define';
      readonly header: Header;
      readonly results: readonly Expression[];
      readonly span: Span;
    }
  | { readonly kind: 'open'; readonly header: Header; readonly span: Span }
  | { readonly kind: 'return'; readonly results: readonly Expression[]; readonly span: Span }
  | { readonly kind: 'close'; readonly span: Span }
  | { readonly kind: 'expression'; readonly value: Expression; readonly span: Span };

/** Where an action reports a problem it finds in a well-formed statement. */
export type Report = (code: ErrorCode, message: string, span: Span) => void;

const expression = (syntax: Syntax): Expression => syntax.value as Expression;
const text = (syntax: Syntax): string => syntax.value as string;
const items = (syntax: Syntax): readonly Syntax[] => syntax.value as Syntax[];
const token = (syntax: Syntax): Token => ({ text: text(syntax), span: syntax.span });
const expressions = (syntax: Syntax): Expression[] => items(syntax).map(expression);

/**
 * `first (operator operand)*` folded to the left. A node's span runs from the first operand to
 * the end of its right operand as written (parentheses included), which the operand's own
 * node span would not cover.
 */
function foldLeft(first: Syntax, operators: Syntax, operands: Syntax): Expression {
  let left = expression(first);
  const ops = items(operators);
  const rights = items(operands);
  for (let index = 0; index < rights.length; index++) {
    const right = rights[index]!;
    const span = { start: first.span.start, end: right.span.end };
    left = binary(text(ops[index]!) as BinaryOperator, left, expression(right), span);
  }
  return left;
}

export function variable(name: string, span: Span): Expression {
  return name === 'pi' || name === 'e' ? constant(name, span) : ident(name, span);
}

export function ddxActions(report: Report): Actions {
  const number = (span: Span, digits: string): Expression => {
    const value = Number(digits);
    if (Number.isFinite(value)) return num(value, span);
    report(
      'syntax',
      `the number ${digits} is too large (the largest is ${Number.MAX_VALUE})`,
      span,
    );
    return num(0, span);
  };
  const name = (span: Span, text: string): string => {
    if (text.length > maxIdentifierLength) report('limit', identifierTooLong(text), span);
    return text;
  };
  return {
    tokens: { number, name },
    rules: {
      Statement_bind: (span, name, _assign, value) => ({
        kind: 'bind',
        name: token(name),
        value: expression(value),
        span,
      }),
      Statement_define: (span, header, _assign, results) => ({
        kind: 'define',
        header: header.value,
        results: expressions(results),
        span,
      }),
      Statement_open: (span, header) => ({ kind: 'open', header: header.value, span }),
      Statement_return: (span, _return, results) => ({
        kind: 'return',
        results: expressions(results),
        span,
      }),
      Statement_close: (span) => ({ kind: 'close', span }),
      Statement_expression: (span, value) => ({
        kind: 'expression',
        value: expression(value),
        span,
      }),
      Header: (span, name, _open, params) => ({
        name: token(name),
        params: items(params).map(token),
        span,
      }),
      NonemptyListOf: (_span, first, _separators, rest) => [first, ...items(rest)],
      EmptyListOf: () => [],
      Cond_choose: (span, test, _question, consequent, _colon, alternate) =>
        conditional(expression(test), expression(consequent), expression(alternate), span),
      Cmp_compare: (span, left, operator, right) =>
        binary(text(operator) as BinaryOperator, expression(left), expression(right), span),
      Add: (_span, first, operators, operands) => foldLeft(first, operators, operands),
      Mul: (_span, first, operators, operands) => foldLeft(first, operators, operands),
      Unary_sign: (span, operator, operand) =>
        unary(text(operator) as UnaryOperator, expression(operand), span),
      // `**` is another spelling of `^`.
      Pow_power: (span, base, _operator, exponent) =>
        binary('^', expression(base), expression(exponent), span),
      Postfix_call: (span, callee, _open, args) => call(text(callee), expressions(args), span),
      Primary_variable: (span, name) => variable(text(name), span),
      // No node for parentheses: the tree's shape says it all. The Syntax keeps the span with
      // the parentheses (for the enclosing node's span); the expression keeps its own.
      Primary_paren: (_span, _open, inner) => expression(inner),
    },
  };
}
