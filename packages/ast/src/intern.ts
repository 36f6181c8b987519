/**
 * Hash-consing: one object per expression structure. With interned operands, structural
 * equality is identity, so a derivative that mentions `w*x` a thousand times holds one `w*x`,
 * and a DAG walk visits it once. Interned nodes carry no span.
 */
import { operandsOf, withOperands, type Expression } from './nodes.js';

export class Interner {
  readonly #table = new Map<string, Expression>();
  readonly #ids = new Map<Expression, number>();

  /** The number of distinct expressions interned so far. */
  get size(): number {
    return this.#table.size;
  }

  /** Whether `node` is this interner's canonical object for its structure. */
  has(node: Expression): boolean {
    return this.#ids.has(node);
  }

  /** A small integer naming an interned node, stable for this interner's lifetime. */
  idOf(node: Expression): number {
    const id = this.#ids.get(node);
    if (id === undefined) throw new Error('idOf: the node was not interned here');
    return id;
  }

  /**
   * The canonical object for `node`'s structure. Operands that are not interned yet are
   * interned first (iteratively, so deep trees are fine).
   */
  intern<E extends Expression>(node: E): E {
    if (this.#ids.has(node)) return node;
    const memo = new Map<Expression, Expression>();
    // Children first; postorder without recursion.
    const stack: { node: Expression; next: number }[] = [{ node, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const operands = operandsOf(frame.node);
      if (frame.next < operands.length) {
        const child = operands[frame.next++]!;
        if (!this.#ids.has(child) && !memo.has(child)) stack.push({ node: child, next: 0 });
        continue;
      }
      stack.pop();
      const canonicalOperands = operands.map((child) => memo.get(child) ?? child);
      memo.set(frame.node, this.#canonical(frame.node, canonicalOperands));
    }
    return memo.get(node) as E;
  }

  #canonical(node: Expression, operands: readonly Expression[]): Expression {
    const key = this.#key(node, operands);
    const existing = this.#table.get(key);
    if (existing) return existing;
    const { span: _span, ...rest } = withOperands(node, operands);
    const canonical = rest as Expression;
    this.#table.set(key, canonical);
    this.#ids.set(canonical, this.#ids.size);
    return canonical;
  }

  #key(node: Expression, operands: readonly Expression[]): string {
    const ids = operands.map((operand) => this.#ids.get(operand)).join(',');
    switch (node.kind) {
      case 'Number':
        return `N${node.value}`;
      case 'Identifier':
        return `I${node.name}`;
      case 'Constant':
        return `K${node.name}`;
      case 'Unary':
        return `U${node.operator}${ids}`;
      case 'Binary':
        return `B${node.operator}${ids}`;
      case 'Conditional':
        return `C${ids}`;
      case 'Call':
        return `F${node.callee}(${ids}`;
    }
  }
}
