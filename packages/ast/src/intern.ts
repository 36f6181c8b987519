/**
 * Hash-consing: one node per expression structure. With interned operands, structural equality
 * is identity, so a derivative that mentions `w*x` a thousand times holds one `w*x`, and a DAG
 * walk visits it once. Interned nodes carry no span.
 *
 * Nodes are small integers (ids) over flat typed arrays: a code (the operator, builtin or leaf
 * kind), up to three operand ids, a number for literals. Operator nodes and builtin calls are
 * found through an open-addressing table of integer keys: no string is built per node, which
 * matters at 10^6 nodes. The transforms work on ids alone; an expression object is made for a
 * node only when one is asked for (`nodeAt`), so a gradient of 10^5 nodes does not allocate (and
 * have the garbage collector copy) hundreds of thousands of objects nobody reads.
 */
import { catalogue } from './catalogue.js';
import { binaryOperators } from './operators.js';
import { operandsOf, type BinaryOperator, type Expression, type UnaryOperator } from './nodes.js';

/**
 * What an interned node is: its code. Operators 1–14, builtin calls 64 + their catalogue
 * position, leaves and calls by name at the top (codes are stored in a Uint8Array).
 */
export const NodeCode = {
  Add: 1,
  Subtract: 2,
  Multiply: 3,
  Divide: 4,
  Power: 5,
  Less: 6,
  LessEqual: 7,
  Greater: 8,
  GreaterEqual: 9,
  Equal: 10,
  NotEqual: 11,
  Negate: 12,
  Plus: 13,
  Conditional: 14,
  /** The first builtin's code; builtin i of the catalogue is `FirstBuiltin + i`. */
  FirstBuiltin: 64,
  Number: 250,
  Identifier: 251,
  Constant: 252,
  /** A call of a user function (or of a builtin with more than three arguments). */
  NamedCall: 253,
} as const;

// The codes as module constants for the methods below: a property load per use needs type
// feedback, and a `case` first reached after V8 optimised a method would deoptimise it.
const ADD_CODE = NodeCode.Add;
const CONDITIONAL_CODE = NodeCode.Conditional;
const CONSTANT_CODE = NodeCode.Constant;
const DIVIDE_CODE = NodeCode.Divide;
const EQUAL_CODE = NodeCode.Equal;
const FIRST_BUILTIN_CODE = NodeCode.FirstBuiltin;
const GREATER_CODE = NodeCode.Greater;
const GREATER_EQUAL_CODE = NodeCode.GreaterEqual;
const IDENTIFIER_CODE = NodeCode.Identifier;
const LESS_CODE = NodeCode.Less;
const LESS_EQUAL_CODE = NodeCode.LessEqual;
const MULTIPLY_CODE = NodeCode.Multiply;
const NAMED_CALL_CODE = NodeCode.NamedCall;
const NEGATE_CODE = NodeCode.Negate;
const NOT_EQUAL_CODE = NodeCode.NotEqual;
const NUMBER_CODE = NodeCode.Number;
const PLUS_CODE = NodeCode.Plus;
const POWER_CODE = NodeCode.Power;
const SUBTRACT_CODE = NodeCode.Subtract;

const builtinNames = [...catalogue.keys()];
// The catalogue must stay under 186 functions, below the leaf codes.
const builtinCodes = new Map(builtinNames.map((name, i) => [name, FIRST_BUILTIN_CODE + i]));

/** The code of a binary operator (`+` is `ADD_CODE`). */
export function binaryCode(operator: BinaryOperator): number {
  // A switch, not a map: operators are short literal strings, compared by identity first.
  switch (operator) {
    case '+':
      return ADD_CODE;
    case '-':
      return SUBTRACT_CODE;
    case '*':
      return MULTIPLY_CODE;
    case '/':
      return DIVIDE_CODE;
    case '^':
      return POWER_CODE;
    case '<':
      return LESS_CODE;
    case '<=':
      return LESS_EQUAL_CODE;
    case '>':
      return GREATER_CODE;
    case '>=':
      return GREATER_EQUAL_CODE;
    case '==':
      return EQUAL_CODE;
    case '!=':
      return NOT_EQUAL_CODE;
    default:
      throw new RangeError(`no binary operator '${String(operator)}'`);
  }
}

/** Each binary operator by its code. */
const operatorByCode: BinaryOperator[] = [];
for (const operator of Object.keys(binaryOperators) as BinaryOperator[]) {
  operatorByCode[binaryCode(operator)] = operator;
}

/** The code of a call of a builtin with at most three arguments, else undefined. */
export function builtinCode(callee: string, arity: number): number | undefined {
  return arity <= 3 ? builtinCodes.get(callee) : undefined;
}

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
 * in the object itself. On an object literal it would need a second, out-of-object store.
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

/**
 * Each canonical object carries its node's id in a private field, stamped on when its interner
 * makes it. A private field is invisible to `Object.keys`, JSON, `toEqual` and spreading, every
 * node of a kind keeps one hidden class, and reading it is several times faster than a map
 * lookup. (A base class whose constructor returns its argument lets a class add a private field
 * to an object it did not construct.) The id alone does not say which interner made the object,
 * so `Interner` also checks its own table of objects.
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
  /** Calls by name, by callee and operand ids. */
  readonly #namedCalls = new Map<string, number>();
  /** Identifiers and constants by name. */
  readonly #identifiers = new Map<string, number>();
  readonly #constants = new Map<string, number>();
  /** Number literals by value (NaN included), but for -0. */
  readonly #numbers = new Map<number, number>();
  #minusZero = -1;
  /**
   * Each node's object once one was asked for (undefined until then). Only as long as the
   * highest id asked for: the transforms ask for none, and growing it with every node was a
   * tenth of a gradient's lowering.
   */
  readonly #objects: (Expression | undefined)[] = [];
  #size = 0;
  #codes: Uint8Array;
  /** Operand ids, three slots per node (-1 where absent); arity 4+ calls keep theirs in #wide. */
  #operands: Int32Array;
  #arity: Uint8Array;
  /** The value of each number literal; for names, the name's position in #names. */
  #values: Float64Array;
  /** The names of identifiers and constants and the callees of calls by name, as made. */
  readonly #names: string[] = [];
  readonly #wide = new Map<number, readonly number[]>();
  /**
   * Operator nodes and builtin calls by key (code and operand ids), open addressing: each slot
   * holds id + 1, or 0 when empty. The keys are not copied into the table: a probe compares
   * against the node's own code and operands, so the table costs 4 bytes a slot.
   */
  #table: Int32Array;
  #tableCount = 0;

  constructor(options: InternerOptions = {}) {
    const capacity = powerOfTwoAtLeast(options.capacity ?? 0);
    this.#codes = new Uint8Array(capacity);
    this.#operands = new Int32Array(3 * capacity);
    this.#arity = new Uint8Array(capacity);
    this.#values = new Float64Array(capacity);
    this.#table = new Int32Array(2 * capacity);
  }

  /** The number of distinct expressions interned so far. */
  get size(): number {
    return this.#size;
  }

  // ---- Nodes as ids --------------------------------------------------------------------------

  /** The node's code (`NodeCode`). */
  codeAt(id: number): number {
    return this.#codes[id]!;
  }

  /** The node's expression kind. */
  kindAt(id: number): Expression['kind'] {
    const code = this.#codes[id]!;
    if (code === 0 || id >= this.#size) throw new RangeError(`no node ${id}`);
    if (code < NEGATE_CODE) return 'Binary';
    if (code < CONDITIONAL_CODE) return 'Unary';
    if (code === CONDITIONAL_CODE) return 'Conditional';
    if (code < NUMBER_CODE || code === NAMED_CALL_CODE) return 'Call';
    return code === NUMBER_CODE ? 'Number' : code === IDENTIFIER_CODE ? 'Identifier' : 'Constant';
  }

  /** A number literal's value. */
  valueAt(id: number): number {
    return this.#values[id]!;
  }

  /** An identifier's or constant's name, or a call's callee. */
  nameAt(id: number): string {
    const code = this.#codes[id]!;
    if (code >= FIRST_BUILTIN_CODE && code < NUMBER_CODE) {
      return builtinNames[code - FIRST_BUILTIN_CODE]!;
    }
    return this.#names[this.#values[id]!]!;
  }

  /** A binary or unary node's operator. */
  operatorAt(id: number): string {
    const code = this.#codes[id]!;
    if (code === NEGATE_CODE) return '-';
    if (code === PLUS_CODE) return '+';
    return operatorByCode[code]!;
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

  /** The number literal `value` (any double; `-2` is a literal here, not a negation). */
  numberId(value: number): number {
    // A Map keeps 0 and -0 together (SameValueZero), but they are different literals (equals
    // uses Object.is): -0 has its own node.
    if (Object.is(value, -0)) {
      if (this.#minusZero < 0) this.#minusZero = this.#number(value);
      return this.#minusZero;
    }
    let id = this.#numbers.get(value);
    if (id === undefined) {
      id = this.#number(value);
      this.#numbers.set(value, id);
    }
    return id;
  }

  #number(value: number): number {
    const id = this.#push(NUMBER_CODE, 0);
    this.#values[id] = value;
    return id;
  }

  identifierId(name: string): number {
    return this.#named(this.#identifiers, IDENTIFIER_CODE, name);
  }

  constantId(name: string): number {
    return this.#named(this.#constants, CONSTANT_CODE, name);
  }

  #named(table: Map<string, number>, code: number, name: string): number {
    let id = table.get(name);
    if (id === undefined) {
      id = this.#push(code, 0);
      this.#values[id] = this.#names.push(name) - 1;
      table.set(name, id);
    }
    return id;
  }

  binaryId(operator: BinaryOperator, left: number, right: number): number {
    return this.operationId(binaryCode(operator), left, right, -1);
  }

  unaryId(operator: UnaryOperator, operand: number): number {
    return this.operationId(operator === '-' ? NEGATE_CODE : PLUS_CODE, operand, -1, -1);
  }

  conditionalId(test: number, consequent: number, alternate: number): number {
    return this.operationId(CONDITIONAL_CODE, test, consequent, alternate);
  }

  callId(callee: string, args: readonly number[]): number {
    const arity = args.length;
    const code = builtinCode(callee, arity);
    if (code !== undefined) {
      return this.operationId(
        code,
        arity > 0 ? args[0]! : -1,
        arity > 1 ? args[1]! : -1,
        arity > 2 ? args[2]! : -1,
      );
    }
    for (const arg of args) this.#check(arg);
    const key = `F${callee}(${args.join(',')}`;
    let id = this.#namedCalls.get(key);
    if (id === undefined) {
      id = this.#push(NAMED_CALL_CODE, arity);
      if (arity > 3) this.#wide.set(id, args.slice());
      else for (let p = 0; p < arity; p++) this.#operands[id * 3 + p] = args[p]!;
      this.#values[id] = this.#names.push(callee) - 1;
      this.#namedCalls.set(key, id);
    }
    return id;
  }

  /**
   * The operator node or builtin call with this code over these operand ids (-1 where absent;
   * present ones first). The hot path of every transform: one probe of the table when the node
   * exists, nothing allocated when it does not.
   */
  operationId(code: number, a: number, b: number, c: number): number {
    const table = this.#table;
    const mask = table.length - 1;
    const codes = this.#codes;
    const operands = this.#operands;
    for (let slot = hashKey(code, a, b, c) & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      const k = id * 3;
      if (codes[id] === code && operands[k] === a && operands[k + 1] === b && operands[k + 2] === c)
        return id;
    }
    const arity = a < 0 ? 0 : b < 0 ? 1 : c < 0 ? 2 : 3;
    if (arity > 0) this.#check(a);
    if (arity > 1) this.#check(b);
    if (arity > 2) this.#check(c);
    const id = this.#push(code, arity);
    const k = id * 3;
    this.#operands[k] = a;
    this.#operands[k + 1] = b;
    this.#operands[k + 2] = c;
    if ((this.#tableCount + 1) * 2 > this.#table.length) this.#growTable();
    this.#place(this.#table, id);
    this.#tableCount++;
    return id;
  }

  #check(id: number): void {
    if (!(id >= 0 && id < this.#size)) throw new RangeError(`no node ${id} in this interner`);
  }

  /**
   * The id of an expression's structure, interning what is new (iteratively: deep trees are
   * fine). No object is made for it.
   */
  idFor(node: Expression): number {
    const known = this.#stampedId(node);
    if (known >= 0) return known;
    const leaf = this.#leafId(node);
    if (leaf >= 0) return leaf;
    const memo = new Map<Expression, number>();
    const stack: Expression[] = [node];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const operands = operandsOf(top);
      let ready = true;
      for (let index = operands.length - 1; index >= 0; index--) {
        const operand = operands[index]!;
        if (memo.has(operand)) continue;
        const id = this.#stampedId(operand);
        const direct = id >= 0 ? id : this.#leafId(operand);
        if (direct >= 0) memo.set(operand, direct);
        else {
          stack.push(operand);
          ready = false;
        }
      }
      if (!ready) continue;
      stack.pop();
      if (memo.has(top)) continue;
      memo.set(
        top,
        this.idOver(
          top,
          operands.map((operand) => memo.get(operand)!),
        ),
      );
    }
    return memo.get(node)!;
  }

  /** The id of the node shaped like `template` (kind, operator, callee, value) over these ids. */
  idOver(template: Expression, operands: readonly number[]): number {
    switch (template.kind) {
      case 'Number':
        return this.numberId(template.value);
      case 'Identifier':
        return this.identifierId(template.name);
      case 'Constant':
        return this.constantId(template.name);
      case 'Unary':
        return this.unaryId(template.operator, operands[0]!);
      case 'Binary':
        return this.binaryId(template.operator, operands[0]!, operands[1]!);
      case 'Conditional':
        return this.conditionalId(operands[0]!, operands[1]!, operands[2]!);
      case 'Call':
        return this.callId(template.callee, operands);
    }
  }

  #leafId(node: Expression): number {
    const kind = node.kind;
    return kind === 'Number' || kind === 'Identifier' || kind === 'Constant'
      ? this.idOver(node, [])
      : -1;
  }

  #stampedId(node: Expression): number {
    const id = IdStamp.read(node);
    return id >= 0 && this.#objects[id] === node ? id : -1;
  }

  // ---- Nodes as objects ----------------------------------------------------------------------

  /** Whether `node` is this interner's canonical object for its structure. */
  has(node: Expression): boolean {
    return this.#stampedId(node) >= 0;
  }

  /**
   * The canonical object of the node with this id (made on first request, with its operands').
   * Ids grow in creation order and operands are interned before the nodes that use them, so
   * ascending ids are a topological order of every DAG built here.
   */
  nodeAt(id: number): Expression {
    const made = this.#objects[id];
    if (made !== undefined) return made;
    this.#check(id);
    const stack = [id];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (this.#objects[top] !== undefined) {
        stack.pop();
        continue;
      }
      let ready = true;
      for (let position = this.arityOf(top) - 1; position >= 0; position--) {
        const operand = this.operandIdAt(top, position);
        if (this.#objects[operand] === undefined) {
          stack.push(operand);
          ready = false;
        }
      }
      if (!ready) continue;
      stack.pop();
      const object = this.#objectOf(top);
      IdStamp.stamp(object, top);
      // Grown by pushing, so V8 keeps it a flat array (a far write would make it a hash table).
      while (this.#objects.length < top) this.#objects.push(undefined);
      this.#objects[top] = object;
    }
    return this.#objects[id]!;
  }

  /** A new object for node `id`, its operands' objects made already. */
  #objectOf(id: number): Expression {
    const objects = this.#objects;
    const operand = (position: number): Expression => objects[this.operandIdAt(id, position)]!;
    switch (this.kindAt(id)) {
      case 'Number':
        return new construct.Number(this.#values[id]!);
      case 'Identifier':
        return new construct.Identifier(this.nameAt(id));
      case 'Constant':
        return new construct.Constant(this.nameAt(id));
      case 'Unary':
        return new construct.Unary(this.operatorAt(id), operand(0));
      case 'Binary':
        return new construct.Binary(this.operatorAt(id), operand(0), operand(1));
      case 'Conditional':
        return new construct.Conditional(operand(0), operand(1), operand(2));
      case 'Call': {
        const args: Expression[] = [];
        for (let position = 0; position < this.arityOf(id); position++)
          args.push(operand(position));
        return new construct.Call(this.nameAt(id), args);
      }
    }
  }

  /** A small integer naming an interned node, stable for this interner's lifetime. */
  idOf(node: Expression): number {
    const id = this.#stampedId(node);
    if (id < 0) throw new Error('idOf: the node was not interned here');
    return id;
  }

  /**
   * The canonical object for `node`'s structure. Operands that are not interned yet are
   * interned first (iteratively, so deep trees are fine).
   */
  intern<E extends Expression>(node: E): E {
    if (this.has(node)) return node;
    return this.nodeAt(this.idFor(node)) as E;
  }

  /**
   * The canonical object shaped like `template` (its kind, operator, callee or value) over
   * `operands`, which must be interned here already.
   */
  make(template: Expression, operands: readonly Expression[]): Expression {
    return this.nodeAt(
      this.idOver(
        template,
        operands.map((operand) => this.idOf(operand)),
      ),
    );
  }

  /** The canonical `test ? consequent : alternate`; the operands must be interned here. */
  conditional(test: Expression, consequent: Expression, alternate: Expression): Expression {
    return this.nodeAt(
      this.conditionalId(this.idOf(test), this.idOf(consequent), this.idOf(alternate)),
    );
  }

  /** The canonical `left operator right`; both operands must be interned here. */
  binary(operator: BinaryOperator, left: Expression, right: Expression): Expression {
    return this.nodeAt(this.binaryId(operator, this.idOf(left), this.idOf(right)));
  }

  /** The canonical `operator operand`; the operand must be interned here. */
  unary(operator: UnaryOperator, operand: Expression): Expression {
    return this.nodeAt(this.unaryId(operator, this.idOf(operand)));
  }

  // ---- Storage -------------------------------------------------------------------------------

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
  #push(code: number, arity: number): number {
    const id = this.#size;
    if (id === this.#arity.length) this.#grow();
    const k = id * 3;
    this.#operands[k] = -1;
    this.#operands[k + 1] = -1;
    this.#operands[k + 2] = -1;
    this.#arity[id] = arity <= 3 ? arity : 4;
    this.#codes[id] = code;
    this.#size = id + 1;
    return id;
  }

  #grow(): void {
    const size = this.#arity.length * 2;
    const arities = new Uint8Array(size);
    arities.set(this.#arity);
    this.#arity = arities;
    const codes = new Uint8Array(size);
    codes.set(this.#codes);
    this.#codes = codes;
    const values = new Float64Array(size);
    values.set(this.#values);
    this.#values = values;
    const operands = new Int32Array(size * 3);
    operands.set(this.#operands);
    this.#operands = operands;
  }
}
