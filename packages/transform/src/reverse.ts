/**
 * Reverse mode (backprop): seed the output's adjoint, walk the DAG in reverse topological
 * order, and *add* each node's adjoint times its local partial into each operand's adjoint —
 * a node used twice receives both contributions. Only nodes that depend on a variable being
 * differentiated get adjoints (activity analysis), so inputs like `x` and `y` cost nothing.
 */
import type { Expression, Interner } from '@ddx/ast';
import type { Algebra } from './algebra.js';
import { reachableIds } from './dag.js';
import { localPartial } from './rules.js';

export interface Adjoints {
  /** ∂output/∂variable for each variable, in order. */
  readonly partials: Expression[];
  /** The total adjoint of a node, if it has a non-zero one. */
  readonly adjointOf: (node: Expression) => Expression | undefined;
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
    for (let position = interner.arityOf(id) - 1; position >= 0; position--) {
      if (active[interner.operandIdAt(id, position)] === 1) {
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
  // Contributions by node id: one term, or a list once a second arrives (a node used twice). The
  // primal's ids are all below `interner.size` now.
  const contributions: (Expression | Expression[] | undefined)[] = new Array(interner.size);
  const contribute = (id: number, term: Expression): void => {
    if (b.isZero(term)) return;
    const existing = contributions[id];
    if (existing === undefined) contributions[id] = term;
    else if (Array.isArray(existing)) existing.push(term);
    else contributions[id] = [existing, term];
  };
  outputs.forEach((output, index) => {
    const id = interner.idOf(output);
    if (active[id] === 1) contribute(id, seeds[index]!);
  });
  const adjointById: (Expression | undefined)[] = new Array(interner.size);
  const order = reachableIds(interner, outputs);
  for (let index = order.length - 1; index >= 0; index--) {
    const id = order[index]!;
    const terms = contributions[id];
    if (terms === undefined) continue;
    contributions[id] = undefined;
    const adjoint = Array.isArray(terms) ? b.sum(terms) : terms;
    if (b.isZero(adjoint)) continue;
    const node = interner.nodeAt(id);
    adjointById[id] = adjoint;
    const arity = interner.arityOf(id);
    if (arity === 0) continue;
    const propagated = Array.isArray(terms) ? b.guardedSum(terms, adjoint) : adjoint;
    for (let position = 0; position < arity; position++) {
      const operand = interner.operandIdAt(id, position);
      if (active[operand] !== 1) continue;
      const partial = localPartial(b, node, position);
      if (partial) contribute(operand, b.mul(propagated, partial));
    }
  }
  return {
    partials: variables.map((variable) => adjointById[interner.idOf(variable)] ?? b.zero),
    adjointOf: (node) => (interner.has(node) ? adjointById[interner.idOf(node)] : undefined),
  };
}
