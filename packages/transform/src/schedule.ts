/**
 * Scheduling: a set of output expressions (one DAG) becomes a straight-line function body in
 * A-normal style. Every shared node (used twice or more) and every node with a preferred name
 * (a user's binding, an adjoint) becomes one named binding; single-use subexpressions stay
 * inline. Work is never duplicated: what the DAG shares, the program shares by name.
 */
import {
  NodeCode,
  binding as plainBinding,
  ident,
  type BinaryOperator,
  type Binding,
  type Expression,
  type Interner,
  type UnaryOperator,
} from '@ddx/ast';
import type { NodeId } from './algebra.js';
import { reachableIds, useCountsById } from './dag.js';

// Node codes as module constants: a property load per use needs type feedback, and a `case`
// first reached after V8 optimised a function would deoptimise it.
const CONSTANT_CODE = NodeCode.Constant;
const IDENTIFIER_CODE = NodeCode.Identifier;
const NEGATE = NodeCode.Negate;
const NUMBER_CODE = NodeCode.Number;
const PLUS = NodeCode.Plus;

export interface Schedule {
  readonly body: Binding[];
  readonly results: Expression[];
}

/**
 * `supply` gives out every reserved name as it is, from now on, without looking any up: true
 * unless some reserved name was given out already (set in NameSupply's static block).
 */
let claimAllOwn: (supply: NameSupply) => boolean;

export interface NameSupplyOptions {
  /**
   * Every name of `taken` and `reserved` that has the form of a temporary (`t7`). Given, a
   * temporary is checked against these alone: a gradient makes ~10^5 temporaries, and looking
   * each up in a function's scope of 10^5 names cost more than naming it.
   */
  readonly temporaryShaped?: Iterable<string>;
}

/**
 * Allocates names that collide with nothing already taken. `reserved` names (the user's own
 * binding names) are kept for the node they name: only `claimOwn` may hand them out.
 *
 * Temporaries (`t1`, `t2`, ...) are the bulk of a large gradient's names, so they are not stored:
 * the counter says which have been handed out, and a name of that form counts as taken when its
 * number is at most the counter.
 */
export class NameSupply {
  /** Every name `claim` gave out (temporaries are not stored, nor reserved names: see `#own`). */
  readonly #names = new Set<string>();
  /** The reserved names given out (each once) by `claimOwn`. */
  readonly #own = new Set<string>();
  /** Whether every reserved name counts as given out (`claimAllOwn`). */
  #allOwn = false;
  /**
   * The names taken from the start, and the reserved ones. A collection with `has` (a function's
   * scope, a program's function names) is used as it is: a gradient of 10^5 bindings, or of each
   * of 10^4 functions, would otherwise copy 10^5 names before naming anything.
   */
  readonly #taken: Names;
  readonly #reserved: Names;
  /** `options.temporaryShaped`, with the temporary-shaped names `claim` gave out. */
  readonly #temporaryShaped: Set<string> | undefined;
  #counter = 0;

  constructor(
    taken: Iterable<string> | Names,
    reserved: Iterable<string> | Names = [],
    options: NameSupplyOptions = {},
  ) {
    this.#taken = asNames(taken);
    this.#reserved = asNames(reserved);
    this.#temporaryShaped =
      options.temporaryShaped === undefined ? undefined : new Set(options.temporaryShaped);
  }

  static {
    claimAllOwn = (supply) => {
      if (supply.#allOwn || supply.#own.size > 0) return false;
      supply.#allOwn = true;
      return true;
    };
  }

  #free(name: string): boolean {
    return (
      !this.#names.has(name) &&
      !this.#taken.has(name) &&
      !this.#reserved.has(name) &&
      !(temporaryNumber(name) <= this.#counter)
    );
  }

  /** `preferred` itself if free, else `preferred_2`, `preferred_3`, ... */
  claim(preferred: string): string {
    let name = preferred;
    for (let suffix = 2; !this.#free(name); suffix++) name = `${preferred}_${suffix}`;
    this.#names.add(name);
    if (this.#temporaryShaped !== undefined && temporaryNumber(name) !== Infinity) {
      this.#temporaryShaped.add(name);
    }
    return name;
  }

  /** A reserved name, for the node the user gave it to (once; again, it is a new name). */
  claimOwn(name: string): string {
    if (this.#allOwn || this.#own.has(name) || this.#taken.has(name) || !this.#reserved.has(name)) {
      return this.claim(name);
    }
    this.#own.add(name);
    return name;
  }

  /** Whether a name given out so far by `claim` or `claimOwn` starts with `prefix`. */
  gaveOutPrefix(prefix: string): boolean {
    for (const name of this.#names) if (name.startsWith(prefix)) return true;
    for (const name of this.#own) if (name.startsWith(prefix)) return true;
    return false;
  }

  /** A fresh temporary: `t1`, `t2`, ... */
  temporary(): string {
    let name: string;
    const shaped = this.#temporaryShaped;
    if (shaped !== undefined) {
      do name = `t${++this.#counter}`;
      while (shaped.has(name));
      return name;
    }
    do name = `t${++this.#counter}`;
    while (this.#names.has(name) || this.#taken.has(name) || this.#reserved.has(name));
    return name;
  }
}

/** Whether a name has the form of a temporary, `t<n>` (no leading zero). */
export function isTemporaryShaped(name: string): boolean {
  return temporaryNumber(name) !== Infinity;
}

/** A set of names, as far as NameSupply needs one. */
export interface Names {
  has(name: string): boolean;
}

function asNames(names: Iterable<string> | Names): Names {
  return 'has' in names && typeof names.has === 'function'
    ? names
    : new Set(names as Iterable<string>);
}

/** n for a name `t<n>` as `temporary` writes it (no leading zero), else Infinity. */
function temporaryNumber(name: string): number {
  if (name.charCodeAt(0) !== 116 /* t */ || !/^t[1-9][0-9]*$/.test(name)) return Infinity;
  return Number(name.slice(1));
}

/** A leaf, or a negative literal (`-2` reads as one token): never worth a name. */
function isTrivial(interner: Interner, node: NodeId): boolean {
  const code = interner.codeAt(node);
  if (code === NUMBER_CODE || code === IDENTIFIER_CODE || code === CONSTANT_CODE) {
    return true;
  }
  return (
    (code === NEGATE || code === PLUS) &&
    interner.codeAt(interner.operandIdAt(node, 0)) === NUMBER_CODE
  );
}

export function schedule(
  interner: Interner,
  outputs: readonly NodeId[],
  preferredNames: ReadonlyMap<NodeId, string>,
  names: NameSupply,
  /** The user's own names, which may be used as they are. */
  ownNames?: ReadonlyMap<NodeId, string>,
): Schedule {
  return scheduleById(
    interner,
    outputs,
    namesById(interner, preferredNames),
    ownNames ? namesById(interner, ownNames) : [],
    names,
  );
}

/** A name per node id, from a map of nodes to names. */
function namesById(interner: Interner, names: ReadonlyMap<NodeId, string>): (string | undefined)[] {
  const byId: (string | undefined)[] = new Array(interner.size);
  for (const [node, name] of names) byId[node] = name;
  return byId;
}

export interface ScheduleOptions {
  /**
   * The names of `ownById` are the NameSupply's reserved names, none of them taken, and no other
   * schedule gives them out: each is its node's name as it is, without a lookup.
   */
  readonly ownAreFree?: boolean;
  /**
   * The preferred names that are not their node's own name are distinct, and none is taken,
   * reserved, or ever given out by the NameSupply (an adjoint's `dJ_dn7`, when no name of the
   * program starts with `dJ_d`): each is its node's name as it is, without a lookup.
   */
  readonly preferredAreFree?: boolean;
}

/**
 * `schedule` with the names indexed by node id. The output's expressions are made here, once per
 * node: a named node is an identifier wherever it is used, any other is its expression over its
 * operands' (the interner holds no objects for them).
 */
export function scheduleById(
  interner: Interner,
  outputs: readonly NodeId[],
  preferredById: readonly (string | undefined)[],
  ownById: readonly (string | undefined)[],
  names: NameSupply,
  /**
   * The user's own binding objects, by the id of the node they compute. A binding that comes out
   * exactly as the user wrote it is that object, not a copy: the forward sweep of a gradient is
   * mostly the function itself, and at 10^5 bindings the copies cost more to keep than to make.
   */
  sourceById: readonly (Binding | undefined)[] = [],
  { ownAreFree = false, preferredAreFree = false }: ScheduleOptions = {},
): Schedule {
  const ownGivenOut = ownAreFree && claimAllOwn(names);
  const order = reachableIds(interner, outputs);
  const uses = useCountsById(interner, outputs, order);
  // Three passes, each its own function: V8 compiles a long loop while it runs, and the code
  // after the loop in the same function, never run before, sent it back to the interpreter.
  const nameOf: (string | undefined)[] = new Array(interner.size);
  const reused = new Uint8Array(interner.size);
  nameNodes(order, (id) => {
    const preferred = preferredById[id];
    if ((uses[id]! < 2 && preferred === undefined) || isTrivial(interner, id)) return;
    const name =
      preferred === undefined
        ? names.temporary()
        : ownById[id] !== preferred
          ? preferredAreFree
            ? preferred
            : names.claim(preferred)
          : ownGivenOut
            ? preferred
            : names.claimOwn(preferred);
    nameOf[id] = name;
    const source = sourceById[id];
    if (source !== undefined && source.name === name) {
      reused[id] = writesAs(interner, id, source.value, nameOf, 0) ? 1 : 0;
    }
  });
  const needed = neededNodes(interner, order, outputs, nameOf, reused);
  const body: Binding[] = [];
  // What stands for each needed node in the output: its name, or its inlined expression.
  const reference: Expression[] = new Array(interner.size);
  writeNodes(interner, order, nameOf, reused, needed, sourceById, body, reference);
  return { body, results: outputs.map((output) => standIn(interner, output, reference)) };
}

/**
 * Names first, in order (so they do not depend on what follows), and which of the user's
 * bindings come out as they were written: `visit` for each node of `order`.
 */
function nameNodes(order: Int32Array, visit: (id: NodeId) => void): void {
  for (let index = 0; index < order.length; index++) visit(order[index]!);
}

/**
 * Which nodes need an expression object: the results, what a new binding reads, and what such a
 * node reads in turn. A binding that is the user's own object needs none of its operands' (a
 * forward sweep is mostly the function itself, its inner nodes already written).
 */
function neededNodes(
  interner: Interner,
  order: Int32Array,
  outputs: readonly NodeId[],
  nameOf: readonly (string | undefined)[],
  reused: Uint8Array,
): Uint8Array {
  const needed = new Uint8Array(interner.size);
  for (const output of outputs) needed[output] = 1;
  for (let index = order.length - 1; index >= 0; index--) {
    const id = order[index]!;
    const bound = nameOf[id] !== undefined;
    if (bound ? reused[id] === 1 : needed[id] === 0) continue;
    for (let position = interner.arityOf(id) - 1; position >= 0; position--) {
      needed[interner.operandIdAt(id, position)] = 1;
    }
  }
  return needed;
}

/** The bindings, into `body`, and what stands for each needed node, into `reference`. */
function writeNodes(
  interner: Interner,
  order: Int32Array,
  nameOf: readonly (string | undefined)[],
  reused: Uint8Array,
  needed: Uint8Array,
  sourceById: readonly (Binding | undefined)[],
  body: Binding[],
  reference: Expression[],
): void {
  for (let index = 0; index < order.length; index++) {
    const id = order[index]!;
    const name = nameOf[id];
    if (name === undefined) {
      if (needed[id] === 1) reference[id] = expressionOf(interner, id, reference);
      continue;
    }
    body.push(
      reused[id] === 1
        ? sourceById[id]!
        : plainBinding(name, expressionOf(interner, id, reference)),
    );
    if (needed[id] === 1) reference[id] = ident(name);
  }
}

/**
 * What stands for node `id` where it is used: its name or its expression. A negative literal
 * (`-1`) is never named, and may be used many times: each use gets an object of its own, so that
 * no operation node is reached twice (`markTreeShaped`).
 */
function standIn(interner: Interner, id: NodeId, reference: readonly Expression[]): Expression {
  // Asked of the interner, not of the object: the objects here have every node shape, and a
  // property read across all of them deoptimised the functions that inline this one.
  const stand = reference[id]!;
  return isTrivial(interner, id) && interner.arityOf(id) > 0 ? { ...stand } : stand;
}

/** Node `id` as an expression over what stands for its operands. */
function expressionOf(
  interner: Interner,
  id: NodeId,
  reference: readonly Expression[],
): Expression {
  switch (interner.kindAt(id)) {
    case 'Number':
      return { kind: 'Number', value: interner.valueAt(id) };
    case 'Identifier':
      return { kind: 'Identifier', name: interner.nameAt(id) };
    case 'Constant':
      return { kind: 'Constant', name: interner.nameAt(id) as 'e' | 'pi' };
    case 'Unary':
      return {
        kind: 'Unary',
        operator: interner.operatorAt(id) as UnaryOperator,
        operand: standIn(interner, interner.operandIdAt(id, 0), reference),
      };
    case 'Binary':
      return {
        kind: 'Binary',
        operator: interner.operatorAt(id) as BinaryOperator,
        left: standIn(interner, interner.operandIdAt(id, 0), reference),
        right: standIn(interner, interner.operandIdAt(id, 1), reference),
      };
    case 'Conditional':
      return {
        kind: 'Conditional',
        test: standIn(interner, interner.operandIdAt(id, 0), reference),
        consequent: standIn(interner, interner.operandIdAt(id, 1), reference),
        alternate: standIn(interner, interner.operandIdAt(id, 2), reference),
      };
    case 'Call': {
      const args: Expression[] = [];
      for (let position = 0; position < interner.arityOf(id); position++) {
        args.push(standIn(interner, interner.operandIdAt(id, position), reference));
      }
      return { kind: 'Call', callee: interner.nameAt(id), args };
    }
  }
}

/**
 * Whether node `id`, written over what stands for its operands (a bound operand's name, any
 * other's expression), is `expression` (spans aside), without writing it. Past a small depth the
 * answer is "no", which only means a copy.
 */
function writesAs(
  interner: Interner,
  id: NodeId,
  expression: Expression,
  nameOf: readonly (string | undefined)[],
  depth: number,
): boolean {
  if (depth > 0) {
    if (depth > 32) return false;
    const name = nameOf[id];
    if (name !== undefined) return expression.kind === 'Identifier' && expression.name === name;
  }
  if (interner.kindAt(id) !== expression.kind) return false;
  switch (expression.kind) {
    case 'Number':
      return Object.is(interner.valueAt(id), expression.value);
    case 'Identifier':
    case 'Constant':
      return interner.nameAt(id) === expression.name;
    case 'Unary':
      return (
        interner.operatorAt(id) === expression.operator &&
        writesAs(interner, interner.operandIdAt(id, 0), expression.operand, nameOf, depth + 1)
      );
    case 'Binary':
      return (
        interner.operatorAt(id) === expression.operator &&
        writesAs(interner, interner.operandIdAt(id, 0), expression.left, nameOf, depth + 1) &&
        writesAs(interner, interner.operandIdAt(id, 1), expression.right, nameOf, depth + 1)
      );
    case 'Conditional':
      return (
        writesAs(interner, interner.operandIdAt(id, 0), expression.test, nameOf, depth + 1) &&
        writesAs(interner, interner.operandIdAt(id, 1), expression.consequent, nameOf, depth + 1) &&
        writesAs(interner, interner.operandIdAt(id, 2), expression.alternate, nameOf, depth + 1)
      );
    case 'Call': {
      const { args } = expression;
      if (interner.nameAt(id) !== expression.callee || interner.arityOf(id) !== args.length) {
        return false;
      }
      for (let position = 0; position < args.length; position++) {
        if (
          !writesAs(
            interner,
            interner.operandIdAt(id, position),
            args[position]!,
            nameOf,
            depth + 1,
          )
        )
          return false;
      }
      return true;
    }
  }
}
