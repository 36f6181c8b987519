/**
 * The JavaScript expressions the generator writes. Each node carries its printed text, built once
 * when the node is built (with exactly prettier's parentheses, js-precedence.ts), along with its
 * width and depth, so the lowering can keep every line within the print width and every
 * expression shallow (V8's parser and bytecode generator recurse) by naming subexpressions,
 * without printing anything twice. Nodes keep their direct operands only so that one of them can
 * be named; the text never needs a walk.
 */
import { numberLiteral } from './numbers.js';
import {
  binaryParents,
  conditionalParent,
  needsParens,
  unaryParent,
  type JsBinaryOperator,
  type JsParent,
  type JsSide,
} from './js-precedence.js';

export type { JsBinaryOperator } from './js-precedence.js';

export type JsKind = 'atom' | 'unary' | 'binary' | 'conditional' | 'call';

/** No local: the `local` of every node but a local's atom. */
export const noLocal = -1;

const noArgs: readonly JsExpression[] = [];
const none = undefined;

/** One class for every kind of node, so that V8 sees one shape. */
export class JsExpression {
  constructor(
    readonly kind: JsKind,
    /** A binary node's operator, `-` for a unary one, a call's callee, '' for an atom. */
    readonly name: string,
    /** The operands of a unary, binary or conditional node (fields, not an array: one object). */
    readonly first: JsExpression | undefined,
    readonly second: JsExpression | undefined,
    readonly third: JsExpression | undefined,
    /** A call's arguments (empty for the other kinds). */
    readonly args: readonly JsExpression[],
    /** The printed expression, on one line. */
    readonly text: string,
    /** The text's width in code points. */
    readonly width: number,
    readonly depth: number,
    /** Operation nodes in the expression (atoms count none). */
    readonly operations: number,
    /** For an atom naming a local: the local's id (see `Locals`); otherwise `noLocal`. */
    readonly local: number,
    /** Whether the expression reads the scratch buffer anywhere. */
    readonly memory: boolean,
  ) {}
}

/** The direct subexpressions, in evaluation (and text) order. */
export function operandsOf(node: JsExpression): JsExpression[] {
  switch (node.kind) {
    case 'atom':
      return [];
    case 'unary':
      return [node.first!];
    case 'binary':
      return [node.first!, node.second!];
    case 'conditional':
      return [node.first!, node.second!, node.third!];
    case 'call':
      return [...node.args];
  }
}

/** The printed width of a text: its code points, as prettier counts them for non-wide scripts. */
export function textWidth(text: string): number {
  let width = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // A surrogate pair is one code point in two units.
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        width--;
        index++;
      }
    }
  }
  return width;
}

/** A name, a number, `Math.PI`, `params[3]`: printed as it is, never split. */
export function atom(text: string, local = noLocal, memory = false): JsExpression {
  const width = textWidth(text);
  return new JsExpression('atom', '', none, none, none, noArgs, text, width, 1, 0, local, memory);
}

/** The atom naming a local, its width known. */
export function localAtom(name: string, width: number, local: number): JsExpression {
  return new JsExpression('atom', '', none, none, none, noArgs, name, width, 1, 0, local, false);
}

/** An element of the scratch buffer. */
export function memory(text: string): JsExpression {
  return atom(text, noLocal, true);
}

/** `child`'s text, in parentheses when `parent` needs them. */
function operandText(child: JsExpression, parent: JsParent, side: JsSide): string {
  return needsParens(child, parent, side) ? `(${child.text})` : child.text;
}

export function unary(operand: JsExpression): JsExpression {
  const text = `-${operandText(operand, unaryParent, 'operand')}`;
  return new JsExpression(
    'unary',
    '-',
    operand,
    none,
    none,
    noArgs,
    text,
    operand.width + text.length - operand.text.length,
    1 + operand.depth,
    1 + operand.operations,
    noLocal,
    operand.memory,
  );
}

/** ` * `: each operator with its spaces, made once. */
const spaced = new Map<string, string>();

/** An operator with its spaces: ` * `. */
export function infix(operator: JsBinaryOperator): string {
  let text = spaced.get(operator);
  if (text === undefined) spaced.set(operator, (text = ` ${operator} `));
  return text;
}

export function binary(
  operator: JsBinaryOperator,
  left: JsExpression,
  right: JsExpression,
): JsExpression {
  const parent = binaryParents[operator];
  const leftText = operandText(left, parent, 'left');
  const rightText = operandText(right, parent, 'right');
  const spacedOperator = infix(operator);
  const parentheses = leftText.length - left.text.length + (rightText.length - right.text.length);
  return new JsExpression(
    'binary',
    operator,
    left,
    right,
    none,
    noArgs,
    leftText + spacedOperator + rightText,
    left.width + right.width + spacedOperator.length + parentheses,
    1 + Math.max(left.depth, right.depth),
    1 + left.operations + right.operations,
    noLocal,
    left.memory || right.memory,
  );
}

export function conditional(
  test: JsExpression,
  consequent: JsExpression,
  alternate: JsExpression,
): JsExpression {
  const testText = operandText(test, conditionalParent, 'test');
  const consequentText = operandText(consequent, conditionalParent, 'consequent');
  const alternateText = operandText(alternate, conditionalParent, 'alternate');
  const parentheses =
    testText.length -
    test.text.length +
    consequentText.length -
    consequent.text.length +
    alternateText.length -
    alternate.text.length;
  return new JsExpression(
    'conditional',
    '',
    test,
    consequent,
    alternate,
    noArgs,
    `${testText} ? ${consequentText} : ${alternateText}`,
    test.width + consequent.width + alternate.width + parentheses + 6,
    1 + Math.max(test.depth, consequent.depth, alternate.depth),
    1 + test.operations + consequent.operations + alternate.operations,
    noLocal,
    test.memory || consequent.memory || alternate.memory,
  );
}

export function call(callee: string, args: readonly JsExpression[]): JsExpression {
  let text = `${callee}(`;
  let width = textWidth(callee) + 2 + Math.max(0, 2 * (args.length - 1));
  let depth = 0;
  let operations = 1;
  let reads = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    text += index === 0 ? arg.text : `, ${arg.text}`;
    width += arg.width;
    depth = Math.max(depth, arg.depth);
    operations += arg.operations;
    reads ||= arg.memory;
  }
  return new JsExpression(
    'call',
    callee,
    none,
    none,
    none,
    args,
    `${text})`,
    width,
    1 + depth,
    operations,
    noLocal,
    reads,
  );
}

const literals = new Map<number, JsExpression>();

/** A number of any sign: negative values and -0 are a unary minus over a literal. */
export function number(value: number): JsExpression {
  const known = literals.get(value);
  // The map's keys do not tell 0 from -0.
  if (known !== undefined && !Object.is(value, -0)) return known;
  if (Number.isNaN(value)) return atom('NaN');
  const magnitude = Math.abs(value);
  const text = magnitude === Infinity ? 'Infinity' : numberLiteral(magnitude);
  if (value < 0 || Object.is(value, -0)) return unary(atom(text));
  const literal = atom(text);
  if (literals.size < 4096) literals.set(value, literal);
  return literal;
}

/** Whether an expression is a number literal, possibly negated (prettier fills such arrays). */
export function isNumeric(node: JsExpression): boolean {
  if (node.kind === 'unary') return node.first!.kind === 'atom' && isNumberText(node.first!.text);
  return node.kind === 'atom' && isNumberText(node.text);
}

function isNumberText(text: string): boolean {
  const first = text.charCodeAt(0);
  return first >= 48 && first <= 57;
}

/** Whether naming this expression would gain nothing: a name, a literal, `-3`. */
export function isTrivial(node: JsExpression): boolean {
  return node.kind === 'atom' || (node.kind === 'unary' && node.first!.kind === 'atom');
}

/** The same node over new operands (in `operandsOf` order); text and widths are rebuilt. */
export function withOperands(node: JsExpression, operands: readonly JsExpression[]): JsExpression {
  switch (node.kind) {
    case 'atom':
      return node;
    case 'unary':
      return unary(operands[0]!);
    case 'binary':
      return binary(node.name as JsBinaryOperator, operands[0]!, operands[1]!);
    case 'conditional':
      return conditional(operands[0]!, operands[1]!, operands[2]!);
    case 'call':
      return call(node.name, operands);
  }
}
