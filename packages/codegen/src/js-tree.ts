/**
 * The small JavaScript expression tree the generator prints. Every node knows the width of its
 * text and its depth when it is built, so the lowering can keep each emitted line within the
 * print width and each expression shallow (V8's parser and bytecode generator recurse) by naming
 * subexpressions, without printing anything twice.
 */
import { numberLiteral } from './numbers.js';
import {
  binaryParents,
  needsParens,
  type JsBinaryOperator,
  type JsParent,
  type JsSide,
} from './js-precedence.js';

export type { JsBinaryOperator } from './js-precedence.js';

/** A name, a number, `Math.PI`, `params[3]`: printed as it is, never split. */
export interface JsAtom {
  readonly kind: 'atom';
  readonly text: string;
  readonly width: number;
  readonly depth: 1;
  /** Whether the atom is a local name (the only atoms a chunk must import). */
  readonly local: boolean;
  /** Whether the atom reads the scratch buffer (statements that do keep their place). */
  readonly memory: boolean;
}

export interface JsUnary {
  readonly kind: 'unary';
  readonly operator: '-';
  readonly operand: JsExpression;
  readonly width: number;
  readonly depth: number;
}

export interface JsBinary {
  readonly kind: 'binary';
  readonly operator: JsBinaryOperator;
  readonly left: JsExpression;
  readonly right: JsExpression;
  readonly width: number;
  readonly depth: number;
}

export interface JsConditional {
  readonly kind: 'conditional';
  readonly test: JsExpression;
  readonly consequent: JsExpression;
  readonly alternate: JsExpression;
  readonly width: number;
  readonly depth: number;
}

export interface JsCall {
  readonly kind: 'call';
  readonly callee: string;
  readonly args: readonly JsExpression[];
  readonly width: number;
  readonly depth: number;
}

export type JsExpression = JsAtom | JsUnary | JsBinary | JsConditional | JsCall;

/** The printed width of a text. Code points, as prettier counts them for non-wide scripts. */
export function textWidth(text: string): number {
  let width = 0;
  for (const _char of text) width++;
  return width;
}

export function atom(text: string, local = false, memory = false): JsAtom {
  return { kind: 'atom', text, width: textWidth(text), depth: 1, local, memory };
}

export const local = (name: string): JsAtom => atom(name, true);

/** An element of the scratch buffer. */
export const memory = (text: string): JsAtom => atom(text, false, true);

function childWidth(child: JsExpression, parent: JsParent, side: JsSide): number {
  return child.width + (needsParens(child, parent, side) ? 2 : 0);
}

const unaryParent: JsParent = { kind: 'unary' };
const conditionalParent: JsParent = { kind: 'conditional' };

export function unary(operand: JsExpression): JsUnary {
  const width = 1 + childWidth(operand, unaryParent, 'operand');
  return { kind: 'unary', operator: '-', operand, width, depth: 1 + operand.depth };
}

export function binary(
  operator: JsBinaryOperator,
  left: JsExpression,
  right: JsExpression,
): JsBinary {
  const depth = 1 + Math.max(left.depth, right.depth);
  const parent = binaryParents[operator];
  const width =
    childWidth(left, parent, 'left') + operator.length + 2 + childWidth(right, parent, 'right');
  return { kind: 'binary', operator, left, right, width, depth };
}

export function conditional(
  test: JsExpression,
  consequent: JsExpression,
  alternate: JsExpression,
): JsConditional {
  const depth = 1 + Math.max(test.depth, consequent.depth, alternate.depth);
  const width =
    childWidth(test, conditionalParent, 'test') +
    childWidth(consequent, conditionalParent, 'consequent') +
    childWidth(alternate, conditionalParent, 'alternate') +
    6;
  return { kind: 'conditional', test, consequent, alternate, width, depth };
}

export function call(callee: string, args: readonly JsExpression[]): JsCall {
  const depth = 1 + Math.max(0, ...args.map((arg) => arg.depth));
  let width = textWidth(callee) + 2 + Math.max(0, 2 * (args.length - 1));
  for (const arg of args) width += arg.width;
  return { kind: 'call', callee, args, width, depth };
}

/** A number of any sign: negative values and -0 are a unary minus over a literal. */
export function number(value: number): JsExpression {
  if (Number.isNaN(value)) return atom('NaN');
  const magnitude = Math.abs(value);
  const text = magnitude === Infinity ? 'Infinity' : numberLiteral(magnitude);
  return value < 0 || Object.is(value, -0) ? unary(atom(text)) : atom(text);
}

/** Whether an expression is a number literal, possibly negated (prettier fills such arrays). */
export function isNumeric(node: JsExpression): boolean {
  if (node.kind === 'unary') return node.operand.kind === 'atom' && isNumberText(node.operand.text);
  return node.kind === 'atom' && isNumberText(node.text);
}

function isNumberText(text: string): boolean {
  return /^[0-9]/.test(text);
}

/** Whether naming this expression would gain nothing: a name, a literal, `-3`. */
export function isTrivial(node: JsExpression): boolean {
  return node.kind === 'atom' || (node.kind === 'unary' && node.operand.kind === 'atom');
}

/** The direct subexpressions, in evaluation order. */
export function operandsOf(node: JsExpression): readonly JsExpression[] {
  switch (node.kind) {
    case 'atom':
      return [];
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'conditional':
      return [node.test, node.consequent, node.alternate];
    case 'call':
      return node.args;
  }
}

/** The same node over new operands (in `operandsOf` order); widths are recomputed. */
export function withOperands(node: JsExpression, operands: readonly JsExpression[]): JsExpression {
  switch (node.kind) {
    case 'atom':
      return node;
    case 'unary':
      return unary(operands[0]!);
    case 'binary':
      return binary(node.operator, operands[0]!, operands[1]!);
    case 'conditional':
      return conditional(operands[0]!, operands[1]!, operands[2]!);
    case 'call':
      return call(node.callee, operands);
  }
}
