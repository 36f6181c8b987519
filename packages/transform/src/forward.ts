/**
 * Forward mode: tangents pushed through the DAG in topological order,
 * ṅ = Σ_i ∂n/∂operand_i · operand_i̇  (the chain rule; the partials come from rules.ts).
 */
import { operandsOf, postorder, type Expression } from '@ddx/ast';
import type { Algebra } from './algebra.js';
import { localPartials } from './rules.js';

/**
 * The tangent of every root, given the tangents of some leaves (`seeds`, usually parameters).
 * Nodes that do not depend on a seeded leaf have tangent zero and cost nothing.
 */
export function tangents(
  b: Algebra,
  roots: readonly Expression[],
  seeds: ReadonlyMap<Expression, Expression>,
): Expression[] {
  const tangent = new Map<Expression, Expression>();
  for (const [leaf, seed] of seeds) if (!b.isZero(seed)) tangent.set(leaf, seed);
  for (const node of postorder(roots)) {
    if (tangent.has(node)) continue;
    const operands = operandsOf(node);
    if (!operands.some((operand) => tangent.has(operand))) continue;
    const partials = localPartials(b, node);
    const terms: Expression[] = [];
    operands.forEach((operand, index) => {
      const operandTangent = tangent.get(operand);
      const partial = partials[index];
      if (operandTangent === undefined || !partial) return;
      terms.push(b.mul(partial(), operandTangent));
    });
    const total = b.sum(terms);
    if (!b.isZero(total)) tangent.set(node, total);
  }
  return roots.map((root) => tangent.get(root) ?? b.zero);
}
