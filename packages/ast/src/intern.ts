/**
 * Hash-consing: one object per expression structure. With interned operands, structural
 * equality is identity, so a derivative that mentions `w*x` a thousand times holds one `w*x`,
 * and a DAG walk visits it once. Interned nodes carry no span.
 *
 * Operator nodes are found through an open-addressing table of integer keys (an operator code
 * and operand ids): no string is built per node, which matters at 10^6 nodes.
 */
import { catalogue } from './catalogue.js';
import {
  operandsOf,
  rebuildExpression,
  type BinaryOperator,
  type Expression,
  type UnaryOperator,
} from './nodes.js';

const operatorCodes = new Map<string, number>(
  ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', 'u-', 'u+', '?:'].map((op, i) => [
    op,
    i + 1,
  ]),
);
const builtinCodes = new Map([...catalogue.keys()].map((name, i) => [name, 64 + i]));

/** Open addressing over (code, a, b, c) integer keys → node id. */
class QuadTable {
  #keys = new Int32Array(4 * 1024);
  #values = new Int32Array(1024).fill(-1);
  #mask = 1023;
  #count = 0;

  get(code: number, a: number, b: number, c: number): number {
    for (let slot = this.#slot(code, a, b, c); ; slot = (slot + 1) & this.#mask) {
      const value = this.#values[slot]!;
      if (value === -1) return -1;
      const k = slot * 4;
      const keys = this.#keys;
      if (keys[k] === code && keys[k + 1] === a && keys[k + 2] === b && keys[k + 3] === c) {
        return value;
      }
    }
  }

  set(code: number, a: number, b: number, c: number, value: number): void {
    if ((this.#count + 1) * 2 > this.#values.length) this.#grow();
    let slot = this.#slot(code, a, b, c);
    while (this.#values[slot] !== -1) slot = (slot + 1) & this.#mask;
    const k = slot * 4;
    this.#keys[k] = code;
    this.#keys[k + 1] = a;
    this.#keys[k + 2] = b;
    this.#keys[k + 3] = c;
    this.#values[slot] = value;
    this.#count++;
  }

  #slot(code: number, a: number, b: number, c: number): number {
    let h = Math.imul(code, 0x9e3779b1) ^ a;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ b;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ c;
    h ^= h >>> 16;
    return h & this.#mask;
  }

  #grow(): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#keys = new Int32Array(keys.length * 2);
    this.#values = new Int32Array(values.length * 2).fill(-1);
    this.#mask = this.#values.length - 1;
    this.#count = 0;
    for (let slot = 0; slot < values.length; slot++) {
      const k = slot * 4;
      if (values[slot] !== -1)
        this.set(keys[k]!, keys[k + 1]!, keys[k + 2]!, keys[k + 3]!, values[slot]!);
    }
  }
}

/**
 * Each canonical node carries its id in a private field, stamped on when its interner creates
 * it. A private field is invisible to `Object.keys`, JSON, `toEqual` and spreading, every node of
 * a kind keeps one hidden class, and reading it is several times faster than a map lookup at
 * 10^5–10^6 nodes. (A base class whose constructor returns its argument lets a class add a
 * private field to an object it did not construct.) The id alone does not say which interner
 * made the node, so `Interner` also checks its own node table.
 */
class Returning {
  constructor(node: object) {
    return node;
  }
}

class IdStamp extends Returning {
  #id: number;

  private constructor(node: Expression, id: number) {
    super(node);
    this.#id = id;
  }

  static stamp(node: Expression, id: number): void {
    new IdStamp(node, id);
  }

  /** The stamped id, or -1. */
  static read(node: Expression): number {
    return #id in node ? (node as unknown as IdStamp).#id : -1;
  }
}

export class Interner {
  readonly #leaves = new Map<string, Expression>();
  readonly #operators = new QuadTable();
  readonly #strings = new Map<string, Expression>();
  readonly #nodes: Expression[] = [];
  /** Operand ids, three slots per node; calls with more arguments (arity 4 here) use #wide. */
  #operands = new Int32Array(3 * 1024);
  #arity = new Uint8Array(1024);
  readonly #wide = new Map<number, readonly number[]>();

  /** The number of distinct expressions interned so far. */
  get size(): number {
    return this.#nodes.length;
  }

  /** Whether `node` is this interner's canonical object for its structure. */
  has(node: Expression): boolean {
    const id = IdStamp.read(node);
    return id >= 0 && this.#nodes[id] === node;
  }

  /**
   * The interned node with this id. Ids grow in creation order and operands are interned before
   * the nodes that use them, so ascending ids are a topological order of every DAG built here.
   */
  nodeAt(id: number): Expression {
    return this.#nodes[id]!;
  }

  /** The number of operands of the node with this id. */
  arityOf(id: number): number {
    const arity = this.#arity[id]!;
    return arity <= 3 ? arity : this.#wide.get(id)!.length;
  }

  /** The id of operand `position` (in `operandsOf` order) of the node with this id. */
  operandIdAt(id: number, position: number): number {
    return this.#arity[id]! <= 3
      ? this.#operands[id * 3 + position]!
      : this.#wide.get(id)![position]!;
  }

  /** The ids of an interned node's operands, in `operandsOf` order (a new array). */
  operandIdsOf(id: number): number[] {
    const arity = this.#arity[id]!;
    if (arity > 3) return [...this.#wide.get(id)!];
    const ids: number[] = [];
    for (let position = 0; position < arity; position++)
      ids.push(this.#operands[id * 3 + position]!);
    return ids;
  }

  /** A small integer naming an interned node, stable for this interner's lifetime. */
  idOf(node: Expression): number {
    const id = IdStamp.read(node);
    if (id < 0 || this.#nodes[id] !== node) throw new Error('idOf: the node was not interned here');
    return id;
  }

  /**
   * The canonical object for `node`'s structure. Operands that are not interned yet are
   * interned first (iteratively, so deep trees are fine).
   */
  intern<E extends Expression>(node: E): E {
    if (this.has(node)) return node;
    const operands = operandsOf(node);
    if (operands.every((operand) => this.has(operand))) return this.make(node, operands) as E;
    const memo = new Map<Expression, Expression>();
    // Children first; postorder without recursion.
    const stack: { node: Expression; next: number }[] = [{ node, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const children = operandsOf(frame.node);
      if (frame.next < children.length) {
        const child = children[frame.next++]!;
        if (!this.has(child) && !memo.has(child)) stack.push({ node: child, next: 0 });
        continue;
      }
      stack.pop();
      const canonicalOperands = children.map((child) => memo.get(child) ?? child);
      memo.set(frame.node, this.make(frame.node, canonicalOperands));
    }
    return memo.get(node) as E;
  }

  /**
   * The canonical node shaped like `template` (its kind, operator, callee or value) over
   * `operands`, which must be interned here already. Nothing is allocated when it exists.
   */
  make(template: Expression, operands: readonly Expression[]): Expression {
    switch (template.kind) {
      case 'Binary':
        return this.binary(template.operator, operands[0]!, operands[1]!);
      case 'Unary':
        return this.unary(template.operator, operands[0]!);
    }
    const operandIds = operands.map((operand) => this.idOf(operand));
    const code = codeOf(template, operandIds.length);
    if (code === undefined) return this.#byString(template, operands, operandIds);
    const a = operandIds.length > 0 ? operandIds[0]! : -1;
    const b = operandIds.length > 1 ? operandIds[1]! : -1;
    const c = operandIds.length > 2 ? operandIds[2]! : -1;
    const found = this.#operators.get(code, a, b, c);
    if (found !== -1) return this.#nodes[found]!;
    const canonical = this.#add(rebuildExpression(template, operands, undefined), operandIds);
    this.#operators.set(code, a, b, c, this.#nodes.length - 1);
    return canonical;
  }

  /** The canonical `left operator right`; both operands must be interned here. */
  binary(operator: BinaryOperator, left: Expression, right: Expression): Expression {
    const code = operatorCodes.get(operator)!;
    const a = this.idOf(left);
    const b = this.idOf(right);
    const found = this.#operators.get(code, a, b, -1);
    if (found !== -1) return this.#nodes[found]!;
    const id = this.#push({ kind: 'Binary', operator, left, right }, 2);
    this.#operands[id * 3] = a;
    this.#operands[id * 3 + 1] = b;
    this.#operators.set(code, a, b, -1, id);
    return this.#nodes[id]!;
  }

  /** The canonical `operator operand`; the operand must be interned here. */
  unary(operator: UnaryOperator, operand: Expression): Expression {
    const code = operator === '-' ? unaryMinus : unaryPlus;
    const a = this.idOf(operand);
    const found = this.#operators.get(code, a, -1, -1);
    if (found !== -1) return this.#nodes[found]!;
    const id = this.#push({ kind: 'Unary', operator, operand }, 1);
    this.#operands[id * 3] = a;
    this.#operators.set(code, a, -1, -1, id);
    return this.#nodes[id]!;
  }

  /** Leaves and calls of user functions: keyed by a string. */
  #byString(node: Expression, operands: readonly Expression[], ids: readonly number[]): Expression {
    const key = leafKey(node) ?? `F${(node as { callee: string }).callee}(${ids.join(',')}`;
    const table = operands.length === 0 ? this.#leaves : this.#strings;
    const existing = table.get(key);
    if (existing) return existing;
    const canonical = this.#add(rebuildExpression(node, operands, undefined), ids);
    table.set(key, canonical);
    return canonical;
  }

  #add(canonical: Expression, operandIds: readonly number[]): Expression {
    const arity = operandIds.length;
    const id = this.#push(canonical, arity);
    if (arity > 3) this.#wide.set(id, operandIds.slice());
    else
      for (let position = 0; position < arity; position++) {
        this.#operands[id * 3 + position] = operandIds[position]!;
      }
    return canonical;
  }

  /** Appends a node with room for its operand ids; returns its id. */
  #push(canonical: Expression, arity: number): number {
    const id = this.#nodes.length;
    if (id === this.#arity.length) {
      const arities = new Uint8Array(id * 2);
      arities.set(this.#arity);
      this.#arity = arities;
      const operands = new Int32Array(id * 6);
      operands.set(this.#operands);
      this.#operands = operands;
    }
    this.#arity[id] = arity <= 3 ? arity : 4;
    IdStamp.stamp(canonical, id);
    this.#nodes.push(canonical);
    return id;
  }
}

const unaryMinus = operatorCodes.get('u-')!;
const unaryPlus = operatorCodes.get('u+')!;
const conditionalCode = operatorCodes.get('?:')!;

function codeOf(node: Expression, arity: number): number | undefined {
  switch (node.kind) {
    case 'Binary':
      return operatorCodes.get(node.operator);
    case 'Unary':
      return node.operator === '-' ? unaryMinus : unaryPlus;
    case 'Conditional':
      return conditionalCode;
    case 'Call':
      return arity <= 3 ? builtinCodes.get(node.callee) : undefined;
    default:
      return undefined;
  }
}

function leafKey(node: Expression): string | undefined {
  switch (node.kind) {
    case 'Number':
      // String(-0) is '0', but -0 and 0 are different literals (equals uses Object.is).
      return Object.is(node.value, -0) ? 'N-0' : `N${node.value}`;
    case 'Identifier':
      return `I${node.name}`;
    case 'Constant':
      return `K${node.name}`;
    default:
      return undefined;
  }
}
