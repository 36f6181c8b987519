/**
 * Forward mode: tangents pushed through the DAG in topological order,
 * ṅ = Σ_i ∂n/∂operand_i · operand_i̇  (the chain rule; the partials come from rules.ts).
 */
import type { Algebra, NodeId } from './algebra.js';
import { reachableIds } from './dag.js';
import { localPartials } from './rules.js';

/**
 * The tangent of every root, given the tangents of some leaves (`seeds`, usually parameters).
 * Nodes that do not depend on a seeded leaf have tangent zero and cost nothing.
 */
export function tangents(
  b: Algebra,
  roots: readonly NodeId[],
  seeds: ReadonlyMap<NodeId, NodeId>,
): NodeId[] {
  const t = b.interner;
  // Ascending ids are a topological order; nodes made from here on are not below the roots.
  const tangent = new Int32Array(t.size).fill(-1);
  for (const [leaf, seed] of seeds) if (!b.isZero(seed)) tangent[leaf] = seed;
  const terms: NodeId[] = [];
  for (const node of reachableIds(t, roots)) {
    if (tangent[node] !== -1) continue;
    const arity = t.arityOf(node);
    let active = false;
    for (let position = 0; position < arity && !active; position++) {
      active = tangent[t.operandIdAt(node, position)] !== -1;
    }
    if (!active) continue;
    const partials = localPartials(b, node);
    terms.length = 0;
    for (let position = 0; position < arity; position++) {
      const operandTangent = tangent[t.operandIdAt(node, position)]!;
      const partial = partials[position];
      if (operandTangent === -1 || !partial) continue;
      terms.push(b.mul(partial(), operandTangent));
    }
    const total = b.sum(terms);
    if (!b.isZero(total)) tangent[node] = total;
  }
  return roots.map((root) => (tangent[root] === -1 ? b.zero : tangent[root]!));
}
