/**
 * Reverse mode (backprop): seed the output's adjoint, walk the DAG in reverse topological
 * order, and *add* each node's adjoint times its local partial into each operand's adjoint —
 * a node used twice receives both contributions. Only nodes that depend on a variable being
 * differentiated get adjoints (activity analysis), so inputs like `x` and `y` cost nothing.
 */
import type { Interner } from '@ddx/ast';
import type { Algebra, NodeId } from './algebra.js';
import { reachableIds } from './dag.js';
import { localPartial } from './rules.js';

export interface Adjoints {
  /** ∂output/∂variable for each variable, in order. */
  readonly partials: NodeId[];
  /** The total adjoint of a node, if it has a non-zero one. */
  readonly adjointOf: (node: NodeId) => NodeId | undefined;
}

/**
 * Marks (by id) the nodes below `roots` that depend on at least one of `variables`. `order` is
 * `reachableIds(interner, roots)`, when the caller has it already.
 */
export function activeNodes(
  interner: Interner,
  roots: readonly NodeId[],
  variables: readonly NodeId[],
  order: Int32Array = reachableIds(interner, roots),
): Uint8Array {
  const active = new Uint8Array(interner.size);
  for (const variable of variables) active[variable] = 1;
  for (const id of order) {
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
  outputs: readonly NodeId[],
  seeds: readonly NodeId[],
  variables: readonly NodeId[],
): Adjoints {
  const { interner } = b;
  const size = interner.size;
  const order = reachableIds(interner, outputs);
  const active = activeNodes(interner, outputs, variables, order);
  // Contributions by node id: the first term, and the others once a second arrives (a node
  // used twice). The primal's ids are all below `size` now.
  const first = new Int32Array(size).fill(-1);
  const more: (NodeId[] | undefined)[] = new Array(size);
  const contribute = (id: number, term: NodeId): void => {
    if (b.isZero(term)) return;
    if (first[id] === -1) first[id] = term;
    else {
      const list = more[id];
      if (list === undefined) more[id] = [first[id]!, term];
      else list.push(term);
    }
  };
  outputs.forEach((output, index) => {
    if (active[output] === 1) contribute(output, seeds[index]!);
  });
  const adjointById = sweep(b, order, active, first, more, contribute);
  const adjointOf = (node: NodeId): NodeId | undefined =>
    node < size && adjointById[node] !== -1 ? adjointById[node] : undefined;
  return {
    partials: variables.map((variable) => adjointOf(variable) ?? b.zero),
    adjointOf,
  };
}

/**
 * The reverse sweep itself, a function of its own: V8 compiles its loop while it runs, and code
 * after the loop in the same function, never run before, sent it back to the interpreter.
 */
function sweep(
  b: Algebra,
  order: Int32Array,
  active: Uint8Array,
  first: Int32Array,
  more: (NodeId[] | undefined)[],
  contribute: (id: number, term: NodeId) => void,
): Int32Array {
  const { interner } = b;
  const adjointById = new Int32Array(first.length).fill(-1);
  for (let index = order.length - 1; index >= 0; index--) {
    const id = order[index]!;
    if (first[id] === -1) continue;
    const terms = more[id];
    const adjoint = terms === undefined ? first[id]! : b.sum(terms);
    more[id] = undefined;
    if (b.isZero(adjoint)) continue;
    adjointById[id] = adjoint;
    const arity = interner.arityOf(id);
    if (arity === 0) continue;
    const propagated = terms === undefined ? adjoint : b.guardedSum(terms, adjoint);
    for (let position = 0; position < arity; position++) {
      const operand = interner.operandIdAt(id, position);
      if (active[operand] !== 1) continue;
      const partial = localPartial(b, id, position);
      if (partial !== null) contribute(operand, b.mul(propagated, partial));
    }
  }
  return adjointById;
}
