/**
 * Scheduling: a set of output expressions (one DAG) becomes a straight-line function body in
 * A-normal style. Every shared node (used twice or more) and every node with a preferred name
 * (a user's binding, an adjoint) becomes one named binding; single-use subexpressions stay
 * inline. Work is never duplicated: what the DAG shares, the program shares by name.
 */
import {
  binding as plainBinding,
  ident,
  rebuildExpression,
  type Binding,
  type Expression,
  type Interner,
} from '@ddx/ast';
import { reachableIds, useCountsById } from './dag.js';

export interface Schedule {
  readonly body: Binding[];
  readonly results: Expression[];
}

/**
 * Allocates names that collide with nothing already taken. `reserved` names (the user's own
 * binding names) are kept for the node they name: only `claimOwn` may hand them out.
 */
export class NameSupply {
  readonly #taken: Set<string>;
  readonly #reserved: Set<string>;
  #counter = 0;

  constructor(taken: Iterable<string>, reserved: Iterable<string> = []) {
    this.#taken = new Set(taken);
    this.#reserved = new Set(reserved);
  }

  #free(name: string): boolean {
    return !this.#taken.has(name) && !this.#reserved.has(name);
  }

  /** `preferred` itself if free, else `preferred_2`, `preferred_3`, ... */
  claim(preferred: string): string {
    let name = preferred;
    for (let suffix = 2; !this.#free(name); suffix++) name = `${preferred}_${suffix}`;
    this.#taken.add(name);
    return name;
  }

  /** A reserved name, for the node the user gave it to. */
  claimOwn(name: string): string {
    if (!this.#reserved.delete(name)) return this.claim(name);
    this.#taken.add(name);
    return name;
  }

  /** A fresh temporary: `t1`, `t2`, ... */
  temporary(): string {
    let name: string;
    do name = `t${++this.#counter}`;
    while (!this.#free(name));
    this.#taken.add(name);
    return name;
  }
}

function isTrivial(node: Expression): boolean {
  switch (node.kind) {
    case 'Number':
    case 'Identifier':
    case 'Constant':
      return true;
    case 'Unary':
      // A negative literal reads as one token.
      return node.operand.kind === 'Number';
    default:
      return false;
  }
}

export function schedule(
  interner: Interner,
  outputs: readonly Expression[],
  preferredNames: ReadonlyMap<Expression, string>,
  names: NameSupply,
  /** The user's own names, which may be used as they are. */
  ownNames?: ReadonlyMap<Expression, string>,
): Schedule {
  const uses = useCountsById(interner, outputs);
  const body: Binding[] = [];
  // What stands for each node in the output: its name, or its inlined expression.
  const reference: Expression[] = new Array(interner.size);
  for (const id of reachableIds(interner, outputs)) {
    const node = interner.nodeAt(id);
    const operandIds = interner.operandIdsOf(id);
    let inline = node;
    // Rebuild only when an operand is referred to by name.
    if (operandIds.some((operand) => reference[operand] !== interner.nodeAt(operand))) {
      const operands = operandIds.map((operand) => reference[operand]!);
      inline = rebuildExpression(node, operands, undefined);
    }
    const bound = !isTrivial(node) && (uses[id]! > 1 || preferredNames.has(node));
    if (!bound) {
      reference[id] = inline;
      continue;
    }
    const preferred = preferredNames.get(node);
    const name =
      preferred === undefined
        ? names.temporary()
        : ownNames?.get(node) === preferred
          ? names.claimOwn(preferred)
          : names.claim(preferred);
    body.push(plainBinding(name, inline));
    reference[id] = ident(name);
  }
  return { body, results: outputs.map((output) => reference[interner.idOf(output)]!) };
}
