/**
 * Prints any node back to ddx source with the fewest parentheses that keep its meaning
 * (`needsParens` decides), in one house style:
 *
 * - spaces around binary operators but `^` (`3 * w^2`, `x^-2`), `c ? a : b`, `f(a, b)`;
 * - a function with no bindings and one result on one line (`f(w) = w^2`), otherwise a block
 *   indented by two spaces; functions separated by a blank line;
 * - the anonymous function of a bare expression prints as the expression alone.
 *
 * Printing never recurses on the JavaScript stack.
 */
import { needsParens, type Side } from './operators.js';
import type { Binding, Expression, FunctionDef, Node, Program } from './nodes.js';

/** The text of a number literal that reads back to the same double. */
export function formatNumber(value: number): string {
  return String(value);
}

type Work = string | { node: Expression; parens: boolean };

/** Where `writeExpression` puts text: `full` (if given) stops the walk early. */
export interface TextSink {
  push(text: string): unknown;
  readonly full?: boolean;
}

/** Prints an expression. */
export function printExpression(root: Expression): string {
  const out: string[] = [];
  writeExpression(root, out);
  return out.join('');
}

/**
 * Writes `printExpression(root)` piece by piece into `sink`, stopping once `sink.full` is true
 * (a bounded quote of a shared DAG whose full text would be exponential in its depth).
 */
export function writeExpression(root: Expression, sink: TextSink): void {
  const stack: Work[] = [{ node: root, parens: false }];
  const child = (node: Expression, parent: Expression, side: Side): Work => ({
    node,
    parens: needsParens(node, parent, side),
  });
  while (stack.length > 0 && sink.full !== true) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      sink.push(item);
      continue;
    }
    const { node, parens } = item;
    if (parens) {
      stack.push(')', { node, parens: false }, '(');
      continue;
    }
    // Pushed in reverse: the last pushed is printed first.
    switch (node.kind) {
      case 'Number':
        sink.push(formatNumber(node.value));
        break;
      case 'Identifier':
      case 'Constant':
        sink.push(node.name);
        break;
      case 'Unary':
        stack.push(child(node.operand, node, 'operand'), node.operator);
        break;
      case 'Binary': {
        const op = node.operator === '^' ? '^' : ` ${node.operator} `;
        stack.push(child(node.right, node, 'right'), op, child(node.left, node, 'left'));
        break;
      }
      case 'Conditional':
        stack.push(
          child(node.alternate, node, 'alternate'),
          ' : ',
          child(node.consequent, node, 'consequent'),
          ' ? ',
          child(node.test, node, 'test'),
        );
        break;
      case 'Call': {
        stack.push(')');
        for (let index = node.args.length - 1; index >= 0; index--) {
          stack.push(child(node.args[index]!, node, 'argument'));
          if (index > 0) stack.push(', ');
        }
        stack.push(`${node.callee}(`);
        break;
      }
    }
  }
}

/** The name an anonymous function is given where a name must be printed. */
export const anonymousName = 'f';

function printBinding(binding: Binding, indent: string): string {
  return `${indent}${binding.name} = ${printExpression(binding.value)}`;
}

/** Prints a function definition (one-line form where it fits the house style). */
export function printFunction(fn: FunctionDef): string {
  const results = fn.results.map(printExpression).join(', ');
  if (fn.body.length === 0 && fn.results.length === 1) {
    if (fn.name === '') return results;
    return `${fn.name}(${fn.params.join(', ')}) = ${results}`;
  }
  const lines = [`${fn.name || anonymousName}(${fn.params.join(', ')}) {`];
  for (const binding of fn.body) lines.push(printBinding(binding, '  '));
  lines.push(`  return ${results}`, '}');
  return lines.join('\n');
}

export function printProgram(program: Program): string {
  return program.functions.map(printFunction).join('\n\n');
}

/** Prints any node back to ddx source. Programs end with a newline; other nodes do not. */
export function print(node: Node): string {
  switch (node.kind) {
    case 'Program':
      return `${printProgram(node)}\n`;
    case 'Function':
      return printFunction(node);
    case 'Binding':
      return printBinding(node, '');
    default:
      return printExpression(node);
  }
}
