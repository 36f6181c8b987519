/**
 * Reverse mode (backprop): seed the output's adjoint, walk the DAG in reverse topological
 * order, and *add* each node's adjoint times its local partial into each operand's adjoint —
 * a node used twice receives both contributions. Only nodes that depend on a variable being
 * differentiated get adjoints (activity analysis), so inputs like `x` and `y` cost nothing.
 */
import type { Expression, Interner } from '@ddx/ast';
import type { Algebra } from './algebra.js';
import { reachableIds } from './dag.js';
import { localPartials } from './rules.js';

export interface Adjoints {
  /** ∂output/∂variable for each variable, in order. */
  readonly partials: Expression[];
  /** The total adjoint of every node that has a non-zero one. */
  readonly adjointOf: ReadonlyMap<Expression, Expression>;
}

/** Marks (by id) the nodes below `roots` that depend on at least one of `variables`. */
export function activeNodes(
  interner: Interner,
  roots: readonly Expression[],
  variables: readonly Expression[],
): Uint8Array {
  const active = new Uint8Array(interner.size);
  for (const variable of variables) active[interner.idOf(variable)] = 1;
  for (const id of reachableIds(interner, roots)) {
    for (const operand of interner.operandIdsOf(id)) {
      if (active[operand] === 1) {
        active[id] = 1;
        break;
      }
    }
  }
  return active;
}

/**
 * Adjoints of `variables` for Σ_k seeds[k] · outputs[k] (a vector-Jacobian product; one output
 * with seed 1 gives the gradient).
 */
export function adjoints(
  b: Algebra,
  outputs: readonly Expression[],
  seeds: readonly Expression[],
  variables: readonly Expression[],
): Adjoints {
  const { interner } = b;
  const active = activeNodes(interner, outputs, variables);
  // Contributions by node id; the primal's ids are all below `interner.size` now.
  const contributions: (Expression[] | undefined)[] = new Array(interner.size);
  const contribute = (id: number, term: Expression): void => {
    if (b.isZero(term)) return;
    const list = contributions[id];
    if (list) list.push(term);
    else contributions[id] = [term];
  };
  outputs.forEach((output, index) => {
    const id = interner.idOf(output);
    if (active[id] === 1) contribute(id, seeds[index]!);
  });
  const adjointOf = new Map<Expression, Expression>();
  const order = reachableIds(interner, outputs);
  for (let index = order.length - 1; index >= 0; index--) {
    const id = order[index]!;
    const terms = contributions[id];
    if (!terms) continue;
    contributions[id] = undefined;
    const adjoint = b.sum(terms);
    if (b.isZero(adjoint)) continue;
    const node = interner.nodeAt(id);
    adjointOf.set(node, adjoint);
    const operandIds = interner.operandIdsOf(id);
    if (operandIds.length === 0) continue;
    const partials = localPartials(b, node);
    operandIds.forEach((operand, position) => {
      const partial = partials[position];
      if (partial && active[operand] === 1) contribute(operand, b.mul(adjoint, partial()));
    });
  }
  return {
    partials: variables.map((variable) => adjointOf.get(variable) ?? b.zero),
    adjointOf,
  };
}
