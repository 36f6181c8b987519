/**
 * JavaScript's operator table, for the operators generated code uses, and the one function that
 * decides parentheses. It adds exactly the parentheses prettier adds (and no others), so printed
 * code is already in prettier's style: `(a * b) / c`, `2 ** (3 ** 2)`, `-(-x)`, `c ? (d ? x : y) : z`.
 */
import type { JsExpression } from './js-tree.js';

export type JsBinaryOperator =
  '+' | '-' | '*' | '/' | '**' | '<' | '<=' | '>' | '>=' | '===' | '!==';

/** Levels, lowest first. */
const Level = {
  conditional: 1,
  equality: 2,
  relational: 3,
  additive: 4,
  multiplicative: 5,
  exponent: 6,
  unary: 7,
  postfix: 8,
  primary: 9,
} as const;

const binaryLevels: { readonly [O in JsBinaryOperator]: number } = {
  '===': Level.equality,
  '!==': Level.equality,
  '<': Level.relational,
  '<=': Level.relational,
  '>': Level.relational,
  '>=': Level.relational,
  '+': Level.additive,
  '-': Level.additive,
  '*': Level.multiplicative,
  '/': Level.multiplicative,
  '**': Level.exponent,
};

/** What `needsParens` must know about a parent. */
export type JsParent =
  | { readonly kind: 'unary' }
  | { readonly kind: 'binary'; readonly operator: JsBinaryOperator }
  | { readonly kind: 'conditional' }
  | { readonly kind: 'call' };

export const unaryParent: JsParent = { kind: 'unary' };
export const conditionalParent: JsParent = { kind: 'conditional' };

/** One parent descriptor per binary operator, so building allocates none. */
export const binaryParents: { readonly [O in JsBinaryOperator]: JsParent } = Object.fromEntries(
  Object.keys(binaryLevels).map((operator) => [operator, { kind: 'binary', operator }]),
) as { readonly [O in JsBinaryOperator]: JsParent };

export type JsSide =
  'operand' | 'left' | 'right' | 'test' | 'consequent' | 'alternate' | 'argument';

function levelOf(node: JsExpression): number {
  switch (node.kind) {
    case 'atom':
      return Level.primary;
    case 'call':
      return Level.postfix;
    case 'unary':
      return Level.unary;
    case 'binary':
      return binaryLevels[node.name as JsBinaryOperator];
    case 'conditional':
      return Level.conditional;
  }
}

/**
 * Prettier's `shouldFlatten`: operators of one level that it prints without parentheses when
 * nested on the left. `**` is right-associative; mixing `*` and `/` gets parentheses for the reader.
 */
function flattens(parent: JsBinaryOperator, child: JsBinaryOperator): boolean {
  if (parent === '**') return false;
  if (binaryLevels[parent] === Level.equality && binaryLevels[child] === Level.equality) {
    return false;
  }
  if (binaryLevels[parent] === Level.multiplicative && parent !== child) return false;
  return true;
}

/** Whether `child` at `side` of `parent` is printed in parentheses. */
export function needsParens(child: JsExpression, parent: JsParent, side: JsSide): boolean {
  switch (parent.kind) {
    case 'call':
      return false;
    case 'unary':
      // `-(-x)` (not `--x`), `-(a * b)`, `-(x ** 2)`: only calls and atoms go bare.
      return levelOf(child) <= Level.unary;
    case 'conditional':
      // JavaScript needs them on a conditional test; prettier adds them on a nested consequent.
      return child.kind === 'conditional' && side !== 'alternate';
    case 'binary': {
      // A unary operand on the left of `**` is a syntax error without them: `(-x) ** 2`.
      if (child.kind === 'unary') return parent.operator === '**' && side === 'left';
      if (child.kind !== 'binary') return levelOf(child) < binaryLevels[parent.operator];
      return binaryOperandNeedsParens(parent.operator, child.name as JsBinaryOperator, side);
    }
  }
}

/** Whether a binary operand (operator `child`) at `side` of a binary `parent` is in parentheses. */
export function binaryOperandNeedsParens(
  parent: JsBinaryOperator,
  child: JsBinaryOperator,
  side: JsSide,
): boolean {
  const outer = binaryLevels[parent];
  const inner = binaryLevels[child];
  if (inner !== outer) return inner < outer;
  return side === 'right' || !flattens(parent, child);
}
