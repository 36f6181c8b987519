/**
 * Walks over a function's expressions as the DAG they are (a node may be reached from several
 * parents): iterative, so depth is unbounded.
 */
import type { Expression } from '@ddx/ast';

/**
 * The operation nodes reached more than once from `roots` (by identity), and how many distinct
 * operation nodes there are. Roots known to share no operation node (`treeShaped`, a function
 * the transforms made or the parser read) are only counted, no set of every node, and only until
 * the count passes `countUpTo`: the one use of the count is a comparison with a threshold.
 */
export function sharedNodes(
  roots: readonly Expression[],
  treeShaped = false,
  countUpTo = Infinity,
): {
  shared: Set<Expression>;
  /** Exact when not tree-shaped or at most `countUpTo`; otherwise some number above it. */
  operations: number;
} {
  if (treeShaped) return { shared: new Set(), operations: countOperations(roots, countUpTo) };
  const seen = new Set<Expression>();
  const shared = new Set<Expression>();
  const stack: Expression[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isOperation(node)) continue;
    // One lookup per node: the set grows unless the node was in it.
    const before = seen.size;
    seen.add(node);
    if (seen.size === before) {
      shared.add(node);
      continue;
    }
    pushOperandsReversed(node, stack);
  }
  return { shared, operations: seen.size };
}

/** Whether a node is an operation: not a name, a number, a constant or a call of nothing. */
function isOperation(node: Expression): boolean {
  const kind = node.kind;
  if (kind === 'Identifier' || kind === 'Number' || kind === 'Constant') return false;
  return kind !== 'Call' || node.args.length > 0;
}

/**
 * The number of operation nodes under `roots`, each path counted (a tree's own count), or, once
 * it passes `upTo`, the count so far.
 */
function countOperations(roots: readonly Expression[], upTo: number): number {
  let operations = 0;
  const stack: Expression[] = [...roots];
  while (stack.length > 0 && operations <= upTo) {
    const node = stack.pop()!;
    if (!isOperation(node)) continue;
    operations++;
    pushOperandsReversed(node, stack);
  }
  return operations;
}

/** Calls `visit` with the name of every identifier under `roots` (a shared node's once). */
export function forEachName(
  roots: readonly Expression[],
  shared: ReadonlySet<Expression>,
  visit: (name: string) => void,
): void {
  const visited = new Set<Expression>();
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'Identifier') visit(node.name);
    else if (!shared.has(node) || !visited.has(node)) {
      if (shared.has(node)) visited.add(node);
      pushOperandsReversed(node, stack);
    }
  }
}

/** Pushes the operands, last first (`operandsOf` without allocating: this runs per node). */
function pushOperandsReversed(node: Expression, stack: Expression[]): void {
  switch (node.kind) {
    case 'Unary':
      stack.push(node.operand);
      break;
    case 'Binary':
      stack.push(node.right, node.left);
      break;
    case 'Conditional':
      stack.push(node.alternate, node.consequent, node.test);
      break;
    case 'Call':
      for (let index = node.args.length - 1; index >= 0; index--) stack.push(node.args[index]!);
      break;
  }
}
