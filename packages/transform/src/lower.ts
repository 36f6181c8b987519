/**
 * Lowering: a function's bindings become one hash-consed DAG. Each binding name maps to the node
 * it computes; calls of user functions are inlined (hash-consing keeps repeated calls shared).
 * The primal is interned but not simplified, so a gradient's value is bit for bit the function's.
 */
import {
  DdxError,
  NameTable,
  NodeCode,
  type Binary,
  type Binding,
  catalogue,
  fold,
  operandsOf,
  type Expression,
  type FunctionDef,
  type Program,
} from '@ddx/ast';
import type { Algebra, NodeId } from './algebra.js';

// Node codes as module constants: a property load per use needs type feedback, and a `case`
// first reached after V8 optimised a function would deoptimise it.
const IDENTIFIER_CODE = NodeCode.Identifier;

/** A program and the function in it that a transform works on. */
export interface Target {
  readonly program: Program | undefined;
  readonly fn: FunctionDef;
}

export type Source = Program | FunctionDef;

/**
 * A program's functions by name and position, built once per program: transforming each of 10^4
 * functions must not scan all 10^4 to find one, or copy their names, each time.
 */
export interface ProgramIndex {
  /** The first function of each name. */
  readonly firstByName: ReadonlyMap<string, number>;
  readonly positionOf: ReadonlyMap<FunctionDef, number>;
  /** Every function's name. */
  readonly names: ReadonlySet<string>;
}

const programIndexes = new WeakMap<
  readonly FunctionDef[],
  { firstByName: Map<string, number>; positionOf: Map<FunctionDef, number>; names: Set<string> }
>();

/** The index of a program's functions (cached by its `functions` array, which is never mutated). */
export function programIndex(program: Program): ProgramIndex {
  const { functions } = program;
  let index = programIndexes.get(functions);
  if (index === undefined) {
    index = { firstByName: new Map(), positionOf: new Map(), names: new Set() };
    functions.forEach((fn, position) => {
      if (!index!.firstByName.has(fn.name)) index!.firstByName.set(fn.name, position);
      index!.positionOf.set(fn, position);
      index!.names.add(fn.name);
    });
    programIndexes.set(functions, index);
  }
  return index;
}

/**
 * Picks the function: `fn` by name (the first of that name) or the FunctionDef itself, else the
 * only or last function of the program.
 */
export function resolveTarget(source: Source, fn?: string | FunctionDef): Target {
  if (source.kind === 'Function') {
    if (fn !== undefined && fn !== source && fn !== source.name) {
      throw new DdxError('unknown-function', `there is no function '${nameOf(fn)}' here`);
    }
    return { program: undefined, fn: source };
  }
  const functions = source.functions;
  if (functions.length === 0) throw new DdxError('unknown-function', 'the program has no function');
  if (fn === undefined) return { program: source, fn: functions[functions.length - 1]! };
  const index = programIndex(source);
  const position = typeof fn === 'string' ? index.firstByName.get(fn) : index.positionOf.get(fn);
  if (position === undefined) {
    const names = functions.map((candidate) => candidate.name || '(anonymous)').join(', ');
    throw new DdxError(
      'unknown-function',
      typeof fn === 'string'
        ? `there is no function '${fn}' (defined: ${names})`
        : `the function '${nameOf(fn)}' is not one of the program's (defined: ${names})`,
    );
  }
  return { program: source, fn: functions[position]! };
}

function nameOf(fn: string | FunctionDef): string {
  return typeof fn === 'string' ? fn : fn.name || '(anonymous)';
}

/** The lowered function: its parameters and results as nodes of one DAG. */
export interface Lowered {
  readonly fn: FunctionDef;
  readonly params: readonly NodeId[];
  readonly results: readonly NodeId[];
  /**
   * The binding name of each node a binding of `fn` computes (the first binding wins), by node
   * id; shorter than the interner, not sparse.
   */
  readonly namesById: readonly (string | undefined)[];
  /** The user's binding behind each name of `namesById` (same ids). */
  readonly bindingsById: readonly (Binding | undefined)[];
  /** Whether a name is a parameter or a binding of `fn`. */
  readonly isBound: (name: string) => boolean;
  /**
   * The node of the parameter `name`, or undefined when `fn` has no such parameter. (A function
   * of 10^5 parameters: its scope already knows them, a map or set of them costs ~50 ms more.)
   */
  readonly paramNode: (name: string) => NodeId | undefined;
  /** The node each binding of `fn` computes, in binding order. */
  readonly bindings: readonly NodeId[];
}

export function lower(target: Target, algebra: Algebra): Lowered {
  const { fn } = target;
  const params = fn.params.map((name) => algebra.ident(name));
  const namesById: (string | undefined)[] = [];
  const bindings: NodeId[] = [];
  const bindingsById: (Binding | undefined)[] = [];
  const record: LoweringRecord = { namesById, bindingsById, bindings, scope: undefined };
  const results = lowerBody(target, fn, params, algebra, record);
  const scope = record.scope!;
  return {
    fn,
    params,
    results,
    namesById,
    bindingsById,
    bindings,
    isBound: (name) => scope.has(name),
    paramNode: (name) => {
      // A parameter's node is the identifier of its own name; a binding never has a
      // parameter's name (that is a rebinding), and one that renames a parameter
      // (`a = x`) maps to `x`, not `a`.
      const node = scope.get(name);
      return node !== undefined &&
        algebra.interner.codeAt(node) === IDENTIFIER_CODE &&
        algebra.interner.nameAt(node) === name
        ? node
        : undefined;
    },
  };
}

interface LoweringRecord {
  /** Grown by pushing, so V8 keeps it a flat array (a far write would make it a hash table). */
  readonly namesById: (string | undefined)[];
  readonly bindingsById: (Binding | undefined)[];
  readonly bindings: NodeId[];
  /** The function's scope once lowered: its parameters and bindings by name. */
  scope: NameTable | undefined;
}

function lowerBody(
  target: Target,
  fn: FunctionDef,
  args: readonly NodeId[],
  algebra: Algebra,
  record: LoweringRecord | undefined,
): NodeId[] {
  const { interner } = algebra;
  const scope = new NameTable(fn.params.length + fn.body.length);
  fn.params.forEach((name, index) => scope.set(name, args[index]!));
  if (record) record.scope = scope;
  // One small memo, emptied per expression: it only has to see one binding's tree at a time.
  const memo = new Map<Expression, NodeId>();
  // The last bindings made, looked at before the scope: most names a binding reads were bound
  // just before it, and at 10^5 bindings a lookup in the scope is a cache miss or two.
  const recentNames: (string | undefined)[] = new Array<string | undefined>(recent).fill(undefined);
  const recentNodes = new Int32Array(recent);
  let nextRecent = 0;
  const visit = (node: Expression, operands: readonly NodeId[]): NodeId => {
    switch (node.kind) {
      case 'Identifier': {
        const name = node.name;
        for (let k = 0; k < recent; k++) if (recentNames[k] === name) return recentNodes[k]!;
        const bound = scope.get(name);
        if (bound === undefined) {
          throw new DdxError('unbound-name', `'${node.name}' is not bound in '${fn.name}'`);
        }
        return bound;
      }
      case 'Unary':
        if (node.operator === '+') return operands[0]!;
        break;
      case 'Call':
        if (!catalogue.has(node.callee)) return inlineCall(target, node.callee, operands, algebra);
        break;
    }
    return interner.idOver(node, operands);
  };
  // Shallow trees (nearly every binding) recurse; deeper ones fall back to the iterative fold.
  // Only nodes with a non-leaf operand go through the memo: an input built as a DAG could share
  // them exponentially often, but a node over leaves costs no more to lower twice than to look
  // up, and most bindings are one such node (`n7 = n6 * n5`).
  const lowerNode = (node: Expression, depth: number): NodeId => {
    switch (node.kind) {
      case 'Identifier':
        return visit(node, noOperands);
      case 'Number':
        return interner.numberId(node.value);
      case 'Constant':
        return interner.constantId(node.name);
      case 'Unary': {
        if (node.operator === '+') return lowerNode(node.operand, depth + 1);
        const shared = !isLeaf(node.operand);
        const done = shared ? memo.get(node) : undefined;
        if (done !== undefined) return done;
        if (depth > maxRecursion) return fold<NodeId>(node, visit, memo);
        const value = interner.unaryId(node.operator, lowerNode(node.operand, depth + 1));
        if (shared) memo.set(node, value);
        return value;
      }
      case 'Binary': {
        if (node.left.kind === 'Binary') return lowerSpine(node, depth);
        const shared = !isLeaf(node.left) || !isLeaf(node.right);
        const done = shared ? memo.get(node) : undefined;
        if (done !== undefined) return done;
        if (depth > maxRecursion) return fold<NodeId>(node, visit, memo);
        const value = interner.binaryId(
          node.operator,
          lowerNode(node.left, depth + 1),
          lowerNode(node.right, depth + 1),
        );
        if (shared) memo.set(node, value);
        return value;
      }
      case 'Call': {
        if (!catalogue.has(node.callee)) return fold<NodeId>(node, visit, memo);
        const shared = !node.args.every(isLeaf);
        const done = shared ? memo.get(node) : undefined;
        if (done !== undefined) return done;
        if (depth > maxRecursion) return fold<NodeId>(node, visit, memo);
        const operands = node.args.map((arg) => lowerNode(arg, depth + 1));
        const value = interner.callId(node.callee, operands);
        if (shared) memo.set(node, value);
        return value;
      }
      default:
        return fold<NodeId>(node, visit, memo);
    }
  };
  // A left-leaning chain (`a + b + c + ...`, a sum of 10^4 terms) is walked down its left spine
  // without recursion, then built bottom-up in the order the recursion would have built it.
  const spine: Binary[] = [];
  const lowerSpine = (node: Binary, depth: number): NodeId => {
    const base = spine.length;
    let at: Expression = node;
    let value: NodeId | undefined;
    while (at.kind === 'Binary') {
      value = memo.get(at);
      if (value !== undefined) break;
      spine.push(at);
      at = at.left;
    }
    value ??= lowerNode(at, depth + 1);
    while (spine.length > base) {
      const link = spine.pop()!;
      value = interner.binaryId(link.operator, value, lowerNode(link.right, depth + 1));
      memo.set(link, value);
    }
    return value;
  };
  const lowerExpression = (root: Expression): NodeId => {
    // Clearing allocates a new table even when empty; most bindings never fill it.
    if (memo.size > 0) memo.clear();
    return lowerNode(root, 0);
  };
  for (const binding of fn.body) {
    const value = lowerExpression(binding.value);
    if (!scope.add(binding.name, value)) {
      throw new DdxError('rebinding', `'${binding.name}' is bound twice in '${fn.name}'`);
    }
    recentNames[nextRecent] = binding.name;
    recentNodes[nextRecent] = value;
    nextRecent = (nextRecent + 1) % recent;
    if (!record) continue;
    record.bindings.push(value);
    if (interner.codeAt(value) === IDENTIFIER_CODE) continue;
    const id = value;
    const byId = record.namesById;
    if (byId[id] !== undefined) continue;
    while (byId.length <= id) {
      byId.push(undefined);
      record.bindingsById.push(undefined);
    }
    byId[id] = binding.name;
    record.bindingsById[id] = binding;
  }
  return fn.results.map(lowerExpression);
}

const noOperands: readonly NodeId[] = [];

/** How many of the last bindings `lowerBody` looks at before its scope. */
const recent = 8;

function isLeaf(node: Expression): boolean {
  return node.kind === 'Identifier' || node.kind === 'Number' || node.kind === 'Constant';
}

/** How deep `lowerNode` recurses before handing a subtree to the iterative `fold`. */
const maxRecursion = 200;

function inlineCall(
  target: Target,
  callee: string,
  args: readonly NodeId[],
  algebra: Algebra,
): NodeId {
  const { program } = target;
  let definition: FunctionDef | undefined;
  if (program !== undefined) {
    // A function may call only those defined before it.
    const index = programIndex(program);
    const position = index.positionOf.get(target.fn) ?? program.functions.length;
    const found = index.firstByName.get(callee);
    if (found !== undefined && found < position) definition = program.functions[found];
  }
  if (!definition) {
    throw new DdxError('unknown-function', `unknown function '${callee}'`);
  }
  if (definition.params.length !== args.length) {
    throw new DdxError(
      'arity',
      `'${callee}' takes ${definition.params.length} argument(s), got ${args.length}`,
    );
  }
  if (definition.results.length !== 1) {
    throw new DdxError('multiple-results', `'${callee}' returns several values`);
  }
  const inner: Target = { program: target.program, fn: definition };
  return lowerBody(inner, definition, args, algebra, undefined)[0]!;
}

/**
 * How many nodes a derivative of `fn` is likely to intern: about three per operation of the
 * function (its own, an adjoint, a product into an operand), counted on a sample of up to 256
 * bindings. A hint for the interner's first tables: growing them copies them, and a function of
 * 10^5 parameters and 2 * 10^5 operations grew them five times.
 */
export function internerCapacity(fn: FunctionDef): number {
  const { body } = fn;
  const step = Math.max(1, Math.floor(body.length / 256));
  let sampled = 0;
  let operations = 0;
  const stack: Expression[] = [];
  for (let index = 0; index < body.length; index += step) {
    sampled++;
    // A budget per binding: an input built as a DAG can have exponentially many paths.
    let budget = 1000;
    stack.push(body[index]!.value);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (isLeaf(node)) continue;
      operations++;
      if (--budget > 0) stack.push(...operandsOf(node));
      else stack.length = 0;
    }
  }
  const perBinding = sampled === 0 ? 0 : operations / sampled;
  return Math.ceil(3 * (fn.params.length + body.length * Math.max(1, perBinding)));
}

/** The parameter nodes that `wrt` names, checked against the function's parameters. */
export function wrtNodes(lowered: Lowered, wrt: readonly string[] | undefined): NodeId[] {
  if (wrt === undefined) return [...lowered.params];
  return wrt.map((name) => {
    const node = lowered.paramNode(name);
    if (node === undefined) {
      const where = lowered.fn.name ? ` of '${lowered.fn.name}'` : '';
      throw new DdxError(
        'unknown-parameter',
        `'${name}' is not a parameter${where} (parameters: ${lowered.fn.params.join(', ')})`,
      );
    }
    return node;
  });
}
