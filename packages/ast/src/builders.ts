/**
 * Plain builders: one per node kind. They check the invariants a printer and parser rely on and
 * do not simplify; the transform has its own normalising builders on top of these.
 */
import type {
  Binary,
  BinaryOperator,
  Binding,
  Call,
  Conditional,
  Constant,
  ConstantName,
  Expression,
  FunctionDef,
  Identifier,
  NumberLiteral,
  Program,
  Span,
  Unary,
  UnaryOperator,
} from './nodes.js';

// Each builder writes its node as a literal, with or without `span`: a copy made by spreading
// (`{ ...node, span }`) takes about three times the memory of a literal in V8, and a parsed
// program of 10^6 terms is several million nodes.

/** A number literal. `value` must be finite and not negative (write `neg(num(3))` for -3). */
export function num(value: number, span?: Span): NumberLiteral {
  if (!Number.isFinite(value) || value < 0 || Object.is(value, -0)) {
    throw new RangeError(`a number literal must be finite and not negative, got ${value}`);
  }
  return span === undefined ? { kind: 'Number', value } : { kind: 'Number', value, span };
}

/** A finite number of either sign: negative values become `-literal`. */
export function signedNumber(value: number, span?: Span): NumberLiteral | Unary {
  return value < 0 || Object.is(value, -0) ? neg(num(-value), span) : num(value, span);
}

export function ident(name: string, span?: Span): Identifier {
  return span === undefined ? { kind: 'Identifier', name } : { kind: 'Identifier', name, span };
}

export function constant(name: ConstantName, span?: Span): Constant {
  return span === undefined ? { kind: 'Constant', name } : { kind: 'Constant', name, span };
}

export function unary(operator: UnaryOperator, operand: Expression, span?: Span): Unary {
  return span === undefined
    ? { kind: 'Unary', operator, operand }
    : { kind: 'Unary', operator, operand, span };
}

export function neg(operand: Expression, span?: Span): Unary {
  return unary('-', operand, span);
}

export function binary(
  operator: BinaryOperator,
  left: Expression,
  right: Expression,
  span?: Span,
): Binary {
  return span === undefined
    ? { kind: 'Binary', operator, left, right }
    : { kind: 'Binary', operator, left, right, span };
}

export const add = (left: Expression, right: Expression): Binary => binary('+', left, right);
export const sub = (left: Expression, right: Expression): Binary => binary('-', left, right);
export const mul = (left: Expression, right: Expression): Binary => binary('*', left, right);
export const div = (left: Expression, right: Expression): Binary => binary('/', left, right);
export const pow = (left: Expression, right: Expression): Binary => binary('^', left, right);

export function conditional(
  test: Expression,
  consequent: Expression,
  alternate: Expression,
  span?: Span,
): Conditional {
  return span === undefined
    ? { kind: 'Conditional', test, consequent, alternate }
    : { kind: 'Conditional', test, consequent, alternate, span };
}

export function call(callee: string, args: readonly Expression[], span?: Span): Call {
  return span === undefined ? { kind: 'Call', callee, args } : { kind: 'Call', callee, args, span };
}

export function binding(name: string, value: Expression, span?: Span): Binding {
  return span === undefined
    ? { kind: 'Binding', name, value }
    : { kind: 'Binding', name, value, span };
}

export function functionDef(
  name: string,
  params: readonly string[],
  body: readonly Binding[],
  results: readonly Expression[],
  span?: Span,
): FunctionDef {
  if (results.length === 0) throw new RangeError('a function returns at least one value');
  return span === undefined
    ? { kind: 'Function', name, params, body, results }
    : { kind: 'Function', name, params, body, results, span };
}

export function program(functions: readonly FunctionDef[], span?: Span): Program {
  return span === undefined ? { kind: 'Program', functions } : { kind: 'Program', functions, span };
}
