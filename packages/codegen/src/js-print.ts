/**
 * Prints a JavaScript expression tree on one line. The lowering keeps trees shallow (see
 * `maxDepth` in lower.ts), but printing is iterative anyway, so no input can overflow the stack.
 */
import { binaryParents, needsParens, type JsParent, type JsSide } from './js-precedence.js';
import type { JsExpression } from './js-tree.js';

type Work = string | JsExpression;

const unaryParent: JsParent = { kind: 'unary' };
const conditionalParent: JsParent = { kind: 'conditional' };
const callParent: JsParent = { kind: 'call' };

export function printJs(root: JsExpression): string {
  if (root.kind === 'atom') return root.text;
  let out = '';
  const stack: Work[] = [root];
  // Pushes `child`, in parentheses when its parent needs them; pushed items print in reverse.
  const push = (child: JsExpression, parent: JsParent, side: JsSide): void => {
    if (needsParens(child, parent, side)) stack.push(')', child, '(');
    else stack.push(child);
  };
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    switch (item.kind) {
      case 'atom':
        out += item.text;
        break;
      case 'unary':
        push(item.operand, unaryParent, 'operand');
        stack.push(item.operator);
        break;
      case 'binary': {
        const parent = binaryParents[item.operator];
        push(item.right, parent, 'right');
        stack.push(` ${item.operator} `);
        push(item.left, parent, 'left');
        break;
      }
      case 'conditional':
        push(item.alternate, conditionalParent, 'alternate');
        stack.push(' : ');
        push(item.consequent, conditionalParent, 'consequent');
        stack.push(' ? ');
        push(item.test, conditionalParent, 'test');
        break;
      case 'call':
        stack.push(')');
        for (let index = item.args.length - 1; index >= 0; index--) {
          push(item.args[index]!, callParent, 'argument');
          if (index > 0) stack.push(', ');
        }
        stack.push(`${item.callee}(`);
        break;
    }
  }
  return out;
}
