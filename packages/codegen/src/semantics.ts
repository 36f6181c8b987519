/**
 * Where ddx and JavaScript meaning meet: the operator spellings, and what counts as a true test.
 * Everything else (the arithmetic, the builtins) is the same IEEE operation on both sides.
 */
import type { BinaryOperator } from '@ddx/ast';
import * as js from './js-tree.js';

const spellings: { readonly [O in BinaryOperator]: js.JsBinaryOperator } = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '^': '**',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '==': '===',
  '!=': '!==',
};

const comparisons: ReadonlySet<BinaryOperator> = new Set(['<', '<=', '>', '>=', '==', '!=']);
const jsComparisons: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '===', '!==']);

/** The JavaScript operator for a ddx operator. */
export function jsOperator(operator: BinaryOperator): js.JsBinaryOperator {
  return spellings[operator];
}

/** Whether a ddx operator is a comparison: it yields 1 or 0 in ddx, a boolean in JavaScript. */
export function isComparison(operator: BinaryOperator): boolean {
  return comparisons.has(operator);
}

/**
 * A ddx test is true when it is neither zero nor NaN, which is JavaScript's truthiness of a
 * number: `t ? a : b` needs no comparison. A comparison (`a < b ? 1 : 0`) standing as a test is
 * used bare: `a < b ? x : y`.
 */
export function truthTest(test: js.JsExpression): js.JsExpression {
  if (
    test.kind === 'conditional' &&
    test.first!.kind === 'binary' &&
    jsComparisons.has(test.first!.name) &&
    isTruth(test.second!, '1') &&
    isTruth(test.third!, '0')
  ) {
    return test.first!;
  }
  return test;
}

function isTruth(node: js.JsExpression, text: string): boolean {
  return node.kind === 'atom' && node.text === text;
}
