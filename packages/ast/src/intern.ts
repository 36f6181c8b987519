/**
 * Hash-consing: one object per expression structure. With interned operands, structural
 * equality is identity, so a derivative that mentions `w*x` a thousand times holds one `w*x`,
 * and a DAG walk visits it once. Interned nodes carry no span.
 *
 * Operator nodes are found through an open-addressing table of integer keys (an operator code
 * and operand ids): no string is built per node, which matters at 10^6 nodes.
 */
import { catalogue } from './catalogue.js';
import { operandsOf, type BinaryOperator, type Expression, type UnaryOperator } from './nodes.js';

const operatorCodes = new Map<string, number>(
  ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', 'u-', 'u+', '?:'].map((op, i) => [
    op,
    i + 1,
  ]),
);
// Codes are stored in a Uint8Array: the catalogue must stay under 192 functions.
const builtinCodes = new Map([...catalogue.keys()].map((name, i) => [name, 64 + i]));

/** A hash of an operator node's key: its code and up to three operand ids (-1 where absent). */
function hashKey(code: number, a: number, b: number, c: number): number {
  let h = Math.imul(code, 0x9e3779b1) ^ a;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ c;
  return h ^ (h >>> 16);
}

/** The smallest power of two that is at least `n` (and at least 1024). */
function powerOfTwoAtLeast(n: number): number {
  let size = 1024;
  while (size < n) size *= 2;
  return size;
}

/**
 * Canonical nodes are built by constructor functions whose prototype is `Object.prototype`: they
 * are plain objects (same keys, JSON, prototype and `toStrictEqual` as the builders' literals),
 * but V8 gives objects built by `new` spare in-object room, so the id stamped on next is stored
 * in the object itself. On an object literal it would need a second, out-of-object store: 40 more
 * bytes and one more object per node for the garbage collector to copy, at 10^5–10^6 nodes.
 */
type Fields = Record<string, unknown>;
function NumberNode(this: Fields, value: number): void {
  this.kind = 'Number';
  this.value = value;
}
function IdentifierNode(this: Fields, name: string): void {
  this.kind = 'Identifier';
  this.name = name;
}
function ConstantNode(this: Fields, name: string): void {
  this.kind = 'Constant';
  this.name = name;
}
function UnaryNode(this: Fields, operator: string, operand: Expression): void {
  this.kind = 'Unary';
  this.operator = operator;
  this.operand = operand;
}
function BinaryNode(this: Fields, operator: string, left: Expression, right: Expression): void {
  this.kind = 'Binary';
  this.operator = operator;
  this.left = left;
  this.right = right;
}
function ConditionalNode(
  this: Fields,
  test: Expression,
  consequent: Expression,
  alternate: Expression,
): void {
  this.kind = 'Conditional';
  this.test = test;
  this.consequent = consequent;
  this.alternate = alternate;
}
function CallNode(this: Fields, callee: string, args: Expression[]): void {
  this.kind = 'Call';
  this.callee = callee;
  this.args = args;
}
for (const build of [
  NumberNode,
  IdentifierNode,
  ConstantNode,
  UnaryNode,
  BinaryNode,
  ConditionalNode,
  CallNode,
]) {
  build.prototype = Object.prototype;
}
// `new` on these functions, typed.
type Construct<A extends unknown[]> = new (...args: A) => Expression;
const construct = {
  Number: NumberNode as unknown as Construct<[number]>,
  Identifier: IdentifierNode as unknown as Construct<[string]>,
  Constant: ConstantNode as unknown as Construct<[string]>,
  Unary: UnaryNode as unknown as Construct<[string, Expression]>,
  Binary: BinaryNode as unknown as Construct<[string, Expression, Expression]>,
  Conditional: ConditionalNode as unknown as Construct<[Expression, Expression, Expression]>,
  Call: CallNode as unknown as Construct<[string, Expression[]]>,
};

/** A new canonical node shaped like `template` over `operands` (not yet stamped). */
function canonicalNode(template: Expression, operands: readonly Expression[]): Expression {
  switch (template.kind) {
    case 'Number':
      return new construct.Number(template.value);
    case 'Identifier':
      return new construct.Identifier(template.name);
    case 'Constant':
      return new construct.Constant(template.name);
    case 'Unary':
      return new construct.Unary(template.operator, operands[0]!);
    case 'Binary':
      return new construct.Binary(template.operator, operands[0]!, operands[1]!);
    case 'Conditional':
      return new construct.Conditional(operands[0]!, operands[1]!, operands[2]!);
    case 'Call':
      return new construct.Call(template.callee, operands.slice());
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

export interface InternerOptions {
  /**
   * How many nodes to make room for at the start. Only a hint: the tables grow as needed, but
   * growing copies them, and at 10^5–10^6 nodes a good guess saves that work.
   */
  readonly capacity?: number;
}

export class Interner {
  readonly #leaves = new Map<string, Expression>();
  readonly #strings = new Map<string, Expression>();
  readonly #nodes: Expression[] = [];
  /** Operand ids, three slots per node (-1 where absent); arity 4+ calls keep theirs in #wide. */
  #operands: Int32Array;
  #arity: Uint8Array;
  /** The operator code of each node found through #table (0 for the others). */
  #codes: Uint8Array;
  readonly #wide = new Map<number, readonly number[]>();
  /**
   * Operator nodes by key (code and operand ids), open addressing: each slot holds id + 1, or 0
   * when empty. The keys are not copied into the table: a probe compares against the node's own
   * code and operands, so the table costs 4 bytes a slot.
   */
  #table: Int32Array;
  #tableCount = 0;

  constructor(options: InternerOptions = {}) {
    const capacity = powerOfTwoAtLeast(options.capacity ?? 0);
    this.#operands = new Int32Array(3 * capacity);
    this.#arity = new Uint8Array(capacity);
    this.#codes = new Uint8Array(capacity);
    this.#table = new Int32Array(2 * capacity);
  }

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
    const arity = operands.length;
    const code = codeOf(template, arity);
    if (code === undefined) {
      return this.#byString(
        template,
        operands,
        operands.map((operand) => this.idOf(operand)),
      );
    }
    // Operator nodes and builtin calls have at most three operands: no array of ids is built.
    const a = arity > 0 ? this.idOf(operands[0]!) : -1;
    const b = arity > 1 ? this.idOf(operands[1]!) : -1;
    const c = arity > 2 ? this.idOf(operands[2]!) : -1;
    const found = this.#find(code, a, b, c);
    if (found !== -1) return this.#nodes[found]!;
    return this.#store(canonicalNode(template, operands), arity, code, a, b, c);
  }

  /** The canonical `test ? consequent : alternate`; the operands must be interned here. */
  conditional(test: Expression, consequent: Expression, alternate: Expression): Expression {
    const a = this.idOf(test);
    const b = this.idOf(consequent);
    const c = this.idOf(alternate);
    const found = this.#find(conditionalCode, a, b, c);
    if (found !== -1) return this.#nodes[found]!;
    const node = new construct.Conditional(test, consequent, alternate);
    return this.#store(node, 3, conditionalCode, a, b, c);
  }

  /** The canonical `left operator right`; both operands must be interned here. */
  binary(operator: BinaryOperator, left: Expression, right: Expression): Expression {
    const code = operatorCodes.get(operator)!;
    const a = this.idOf(left);
    const b = this.idOf(right);
    const found = this.#find(code, a, b, -1);
    if (found !== -1) return this.#nodes[found]!;
    return this.#store(new construct.Binary(operator, left, right), 2, code, a, b, -1);
  }

  /** The canonical `operator operand`; the operand must be interned here. */
  unary(operator: UnaryOperator, operand: Expression): Expression {
    const code = operator === '-' ? unaryMinus : unaryPlus;
    const a = this.idOf(operand);
    const found = this.#find(code, a, -1, -1);
    if (found !== -1) return this.#nodes[found]!;
    return this.#store(new construct.Unary(operator, operand), 1, code, a, -1, -1);
  }

  /** Appends an operator node with its operand ids (-1 where absent) and enters it in #table. */
  #store(canonical: Expression, arity: number, code: number, a: number, b: number, c: number) {
    const id = this.#push(canonical, arity);
    const k = id * 3;
    this.#operands[k] = a;
    this.#operands[k + 1] = b;
    this.#operands[k + 2] = c;
    this.#index(id, code);
    return canonical;
  }

  /** Leaves and calls of user functions: keyed by a string. */
  #byString(node: Expression, operands: readonly Expression[], ids: readonly number[]): Expression {
    const key = leafKey(node) ?? `F${(node as { callee: string }).callee}(${ids.join(',')}`;
    const table = operands.length === 0 ? this.#leaves : this.#strings;
    const existing = table.get(key);
    if (existing) return existing;
    const canonical = this.#add(canonicalNode(node, operands), ids);
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

  /** The id of the operator node with this key, or -1. */
  #find(code: number, a: number, b: number, c: number): number {
    const table = this.#table;
    const mask = table.length - 1;
    const codes = this.#codes;
    const operands = this.#operands;
    for (let slot = hashKey(code, a, b, c) & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot]!;
      if (entry === 0) return -1;
      const id = entry - 1;
      const k = id * 3;
      if (codes[id] === code && operands[k] === a && operands[k + 1] === b && operands[k + 2] === c)
        return id;
    }
  }

  /** Enters node `id` (its operands already stored) in #table under `code`. */
  #index(id: number, code: number): void {
    this.#codes[id] = code;
    if ((this.#tableCount + 1) * 2 > this.#table.length) this.#growTable();
    this.#place(this.#table, id);
    this.#tableCount++;
  }

  #place(table: Int32Array, id: number): void {
    const mask = table.length - 1;
    const k = id * 3;
    const operands = this.#operands;
    let slot = hashKey(this.#codes[id]!, operands[k]!, operands[k + 1]!, operands[k + 2]!) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = id + 1;
  }

  #growTable(): void {
    const old = this.#table;
    const table = new Int32Array(old.length * 2);
    for (let slot = 0; slot < old.length; slot++) {
      if (old[slot] !== 0) this.#place(table, old[slot]! - 1);
    }
    this.#table = table;
  }

  /** Appends a node with room for its operand ids (all -1 until set); returns its id. */
  #push(canonical: Expression, arity: number): number {
    const id = this.#nodes.length;
    if (id === this.#arity.length) {
      const arities = new Uint8Array(id * 2);
      arities.set(this.#arity);
      this.#arity = arities;
      const codes = new Uint8Array(id * 2);
      codes.set(this.#codes);
      this.#codes = codes;
      const operands = new Int32Array(id * 6);
      operands.set(this.#operands);
      this.#operands = operands;
    }
    const k = id * 3;
    this.#operands[k] = -1;
    this.#operands[k + 1] = -1;
    this.#operands[k + 2] = -1;
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
