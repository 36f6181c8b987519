/**
 * Traversals that never recurse on the JavaScript stack, so a sum of 10^5 terms or 10^4 nested
 * parentheses is as safe to walk as `w^2`. They treat expressions as a DAG: a node reached twice
 * (by identity) is visited once.
 */
import {
  childrenOf,
  nodeKinds,
  operandsOf,
  withOperands,
  type Expression,
  type FunctionDef,
  type Node,
} from './nodes.js';

/**
 * Every expression reachable from `roots`, each once, children before parents (a topological
 * order of the DAG), in left-to-right evaluation order.
 */
export function postorder(roots: readonly Expression[]): Expression[] {
  const order: Expression[] = [];
  const seen = new Set<Expression>();
  const stack: { node: Expression; next: number }[] = [];
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    stack.push({ node: root, next: 0 });
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const operands = operandsOf(frame.node);
      if (frame.next < operands.length) {
        const child = operands[frame.next++]!;
        if (!seen.has(child)) {
          seen.add(child);
          stack.push({ node: child, next: 0 });
        }
      } else {
        stack.pop();
        order.push(frame.node);
      }
    }
  }
  return order;
}

/**
 * Computes a value for every node bottom-up: `visit(node, operandValues)`. Shared nodes are
 * computed once; pass `memo` to share results across calls.
 */
export function fold<R>(
  root: Expression,
  visit: (node: Expression, operands: readonly R[]) => R,
  memo: Map<Expression, R> = new Map(),
): R {
  // The memo doubles as the visited set: a node is pushed until all its operands are done.
  const stack: Expression[] = [root];
  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    if (memo.has(node)) {
      stack.pop();
      continue;
    }
    const operands = operandsOf(node);
    let ready = true;
    for (let index = operands.length - 1; index >= 0; index--) {
      const operand = operands[index]!;
      if (!memo.has(operand)) {
        stack.push(operand);
        ready = false;
      }
    }
    if (!ready) continue;
    stack.pop();
    memo.set(
      node,
      visit(
        node,
        operands.map((operand) => memo.get(operand) as R),
      ),
    );
  }
  return memo.get(root) as R;
}

/** How many parents each node has in the DAG below `roots` (roots count one use each). */
export function useCounts(roots: readonly Expression[]): Map<Expression, number> {
  const counts = new Map<Expression, number>();
  for (const root of roots) counts.set(root, (counts.get(root) ?? 0) + 1);
  for (const node of postorder(roots)) {
    for (const operand of operandsOf(node)) counts.set(operand, (counts.get(operand) ?? 0) + 1);
  }
  return counts;
}

const leafKinds: ReadonlySet<string> = new Set(['Number', 'Identifier', 'Constant']);

/** The number of distinct operation nodes (everything but literals, names and constants). */
export function operationCount(roots: readonly Expression[]): number {
  let count = 0;
  // Kind, not operand count: a call without arguments, `g()`, is still an operation.
  for (const node of postorder(roots)) if (!leafKinds.has(node.kind)) count++;
  return count;
}

/** The length of the longest path from `root` to a leaf (a leaf has depth 1). */
export function depthOf(root: Expression): number {
  return fold<number>(root, (_node, operands) => 1 + operands.reduce((a, b) => Math.max(a, b), 0));
}

/** Structural equality of any two nodes, ignoring spans. */
export function equals(a: Node, b: Node): boolean {
  const stack: [Node, Node][] = [[a, b]];
  const seen = new Map<Node, Set<Node>>();
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (x.kind !== y.kind) return false;
    let pairs = seen.get(x);
    if (pairs?.has(y)) continue;
    if (!pairs) seen.set(x, (pairs = new Set()));
    pairs.add(y);
    const xr = x as unknown as Record<string, unknown>;
    const yr = y as unknown as Record<string, unknown>;
    for (const field of nodeKinds[x.kind].fields) {
      const xv = xr[field];
      const yv = yr[field];
      if (Array.isArray(xv) && Array.isArray(yv)) {
        if (xv.length !== yv.length || xv.some((value, index) => value !== yv[index])) return false;
      } else if (!Object.is(xv, yv)) return false;
    }
    const xs = childrenOf(x);
    const ys = childrenOf(y);
    if (xs.length !== ys.length) return false;
    for (let index = 0; index < xs.length; index++) stack.push([xs[index]!, ys[index]!]);
  }
  return true;
}

/** A copy of a tree without spans (for comparisons and snapshots). Shared nodes stay shared. */
export function stripSpans<N extends Node>(root: N): N {
  const memo = new Map<Node, Node>();
  const strip = (node: Node): Node => {
    const done = memo.get(node);
    if (done) return done;
    let result: Node;
    if (node.kind === 'Program' || node.kind === 'Function' || node.kind === 'Binding') {
      const copy = { ...node } as Record<string, unknown>;
      delete copy['span'];
      delete copy['nameSpan'];
      delete copy['paramSpans'];
      if (node.kind === 'Program') copy['functions'] = node.functions.map(strip);
      if (node.kind === 'Function') {
        copy['body'] = node.body.map(strip);
        copy['results'] = node.results.map(strip);
      }
      if (node.kind === 'Binding') copy['value'] = strip(node.value);
      result = copy as unknown as Node;
    } else {
      result = fold<Expression>(
        node,
        (expression, operands) => {
          const { span: _span, ...rest } = withOperands(expression, operands);
          return rest as Expression;
        },
        memo as unknown as Map<Expression, Expression>,
      );
    }
    memo.set(node, result);
    return result;
  };
  return strip(root) as N;
}

const treeShaped = new WeakSet<FunctionDef>();

/**
 * Marks `fn` tree-shaped: no operation node (anything but a name, a number or a constant) is
 * reached twice from its bindings and results, so what the function uses twice is a binding,
 * read by name. The transforms' scheduler makes such functions; a walker over a marked function
 * may skip its sharing analysis (a set of every node, at 10^5 bindings a tenth of generating
 * code). The mark belongs to the object: a copy is unmarked, and a marked function is not to be
 * changed.
 */
export function markTreeShaped<F extends FunctionDef>(fn: F): F {
  treeShaped.add(fn);
  return fn;
}

/** Whether some operation node of `fn` is reached twice from its bindings and results. */
export function sharesOperations(fn: FunctionDef): boolean {
  const seen = new Set<Expression>();
  const stack = [...fn.body.map((binding) => binding.value), ...fn.results];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const operands = operandsOf(node);
    if (operands.length === 0) continue;
    if (seen.has(node)) return true;
    seen.add(node);
    stack.push(...operands);
  }
  return false;
}

/** Whether `fn` was marked tree-shaped (`markTreeShaped`). */
export function isTreeShaped(fn: FunctionDef): boolean {
  return treeShaped.has(fn);
}
