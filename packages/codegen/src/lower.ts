/**
 * Lowering: a ddx function becomes a straight-line JavaScript body, one `const` per binding, in
 * the function's own order, plus result expressions. Walks are iterative (`fold`), so a sum of
 * 10^5 terms is as safe as `w^2`; over-wide or over-deep expressions get named parts (body.ts).
 */
import { DdxError, catalogue, postorder, type Expression, type FunctionDef } from '@ddx/ast';
import { Body } from './body.js';
import { abiNames, isKeptName, jsLocalName, NameSupply } from './names.js';
import {
  findReductions,
  findRuns,
  type LeafPattern,
  type ParamPlace,
  type Reduction,
  type Run,
} from './reroll.js';
import * as js from './js-tree.js';
import { operatorOf, truthTest } from './semantics.js';

/** A user function that a body may call. */
export interface Callable {
  /** The JavaScript function to call with positional numbers. */
  readonly js: string;
  readonly arity: number;
  readonly results: number;
}

export interface LowerContext {
  /** Functions defined earlier in the program, by ddx name. */
  readonly functions: ReadonlyMap<string, Callable>;
  /** Module-level JavaScript names that locals must not shadow. */
  readonly moduleNames: ReadonlySet<string>;
}

export interface LoweredFunction {
  /** The JavaScript name of each parameter, in order. */
  readonly params: readonly string[];
  /** The bindings so far; callers append what their calling convention needs. */
  readonly body: Body;
  /** One expression per result, shrunk but not yet fitted to a line. */
  readonly results: readonly js.JsExpression[];
  /** Catalogue names of the builtins whose helper the body calls. */
  readonly helpers: ReadonlySet<string>;
  /** `out` indices already written inside rerolled loops. */
  readonly stored: ReadonlySet<number>;
  /** Scratch slots the loops use (the binding positions, 0 to this); 0 when nothing rerolled. */
  readonly loopSlots: number;
}

/** Rerolling, for the arrays ABI (reroll.ts): where parameters live and what results store. */
export interface RerollRequest {
  readonly params: ReadonlyMap<string, ParamPlace>;
  /** For each binding name, the `out` indices a result stores it to. */
  readonly stores: ReadonlyMap<string, readonly number[]>;
  /** The indices of the results that are such stores (they read nothing from the scratch). */
  readonly storeResults: ReadonlySet<number>;
  /** Functions with no more operations than this are not rerolled (they stay readable). */
  readonly minimumOperations: number;
}

function checkNames(fn: FunctionDef): void {
  const seen = new Set<string>();
  for (const param of fn.params) {
    if (seen.has(param)) {
      throw new DdxError('duplicate-parameter', `parameter '${param}' is declared twice`);
    }
    seen.add(param);
  }
  for (const binding of fn.body) {
    if (seen.has(binding.name)) {
      throw new DdxError('rebinding', `'${binding.name}' is bound twice in '${fn.name}'`, {
        ...(binding.span ? { span: binding.span } : {}),
      });
    }
    seen.add(binding.name);
  }
}

export function lowerFunction(
  fn: FunctionDef,
  context: LowerContext,
  reroll?: RerollRequest,
): LoweredFunction {
  checkNames(fn);
  return new Lowering(fn, context, reroll).run();
}

/** The state of one function's lowering; `run` walks the bindings in order. */
class Lowering {
  readonly #fn: FunctionDef;
  readonly #reroll: RerollRequest | undefined;
  readonly #names: NameSupply;
  readonly #params: readonly string[];
  /** The JavaScript name of each binding, by position. */
  readonly #bound: readonly string[];
  readonly #body: Body;
  /** What a ddx name reads: a local, or (for a loop's values) a scratch element. */
  readonly #scope: Map<string, js.JsExpression>;
  readonly #helpers = new Set<string>();
  readonly #translation: Translation;
  readonly #shared: ReadonlySet<Expression>;
  /** Nodes the walk may find in the memo: shared ones, and binding values (memoised by name). */
  readonly #remembered: ReadonlySet<Expression>;
  readonly #memo = new Map<Expression, js.JsExpression>();
  readonly #plan: LoopPlan | undefined;
  /** Loop variables and loop value names, shared by sibling loops (each loop is a block). */
  readonly #loopNames: Record<string, string> = Object.create(null);
  readonly #storedOut = new Set<number>();
  /** The binding value being lowered (never named as a temporary: it gets the binding's name). */
  #root: Expression | undefined;
  /** The body being written: the function's, or a loop's. */
  #target: Body;
  /** Inside a loop, leaves come from the run's patterns, in walk order. */
  #leaves: js.JsExpression[] | undefined;

  constructor(fn: FunctionDef, context: LowerContext, reroll: RerollRequest | undefined) {
    this.#fn = fn;
    this.#reroll = reroll;
    const rename = (name: string): string => jsLocalName(name, context.moduleNames);
    // Every local is taken before any temporary is made, so `t1` never shadows a later binding.
    this.#names = new NameSupply(context.moduleNames);
    this.#params = fn.params.map(rename);
    this.#bound = fn.body.map((b) => rename(b.name));
    for (const name of [...this.#params, ...this.#bound]) this.#names.take(name);
    this.#body = new Body(this.#names);
    this.#target = this.#body;
    this.#scope = new Map(fn.params.map((param, index) => [param, js.local(this.#params[index]!)]));
    this.#translation = { scope: this.#scope, helpers: this.#helpers, context };
    this.#shared = sharedNodes([...fn.body.map((b) => b.value), ...fn.results]);
    this.#remembered = new Set([...this.#shared, ...fn.body.map((b) => b.value)]);
    this.#plan = reroll ? planLoops(fn, reroll, this.#shared) : undefined;
  }

  run(): LoweredFunction {
    const fn = this.#fn;
    for (let index = 0; index < fn.body.length;) {
      const run = this.#plan?.runAt.get(index);
      if (run) {
        this.#loop(index, run);
        index += run.count;
      } else {
        this.#binding(index);
        index++;
      }
    }
    this.#root = undefined;
    const results = fn.results.map((result) => this.#translate(result));
    const loopSlots = this.#plan && this.#plan.runAt.size > 0 ? fn.body.length : 0;
    return {
      params: this.#params,
      body: this.#body,
      results,
      helpers: this.#helpers,
      stored: this.#storedOut,
      loopSlots,
    };
  }

  readonly #visit = (node: Expression, operands: readonly js.JsExpression[]): js.JsExpression => {
    if (this.#leaves && node.kind === 'Identifier') return this.#leaves.shift()!;
    const built = this.#target.shrink(translate(node, operands, this.#translation));
    // A subexpression used twice is computed once, under a name (the DAG stays a DAG).
    const named = this.#shared.has(node) && node !== this.#root && !js.isTrivial(built);
    return named ? this.#target.name(built) : built;
  };

  #translate(root: Expression): js.JsExpression {
    return translateTree(root, this.#visit, this.#memo, this.#remembered);
  }

  /** `root` as a loop body's expression, its leaves read by `patterns` in iteration `variable`. */
  #translateInLoop(
    root: Expression,
    patterns: readonly LeafPattern[],
    nested: Body,
  ): js.JsExpression {
    const variable = this.#loopVariable();
    this.#target = nested;
    this.#leaves = patterns.map((leaf) => leafAtom(leaf, variable, this.#scope));
    // Loop bodies share no node (reroll.ts checks), so nothing is memoised.
    const value = translateTree(root, this.#visit, new Map(), new Set());
    this.#leaves = undefined;
    this.#target = this.#body;
    return value;
  }

  #loopVariable(): string {
    return (this.#loopNames['i'] ??= this.#names.claim('i'));
  }

  /** A straight-line binding: `const name = value;` (or a reduction loop summing into it). */
  #binding(index: number): void {
    const binding = this.#fn.body[index]!;
    const name = this.#bound[index]!;
    const reduction = this.#plan?.reductions.get(index);
    this.#root = binding.value;
    if (reduction) this.#reduction(name, reduction);
    else this.#body.define(name, this.#translate(binding.value));
    this.#memo.set(binding.value, js.local(name));
    this.#scope.set(binding.name, js.local(name));
    if (this.#plan?.stored.has(index)) {
      this.#body.assign(`${abiNames.scratch}[${index}]`, js.local(name), true);
    }
  }

  /** `let name = prefix (or the first term); for (...) name = name + term(i);` */
  #reduction(name: string, reduction: Reduction): void {
    const from = reduction.prefix === undefined ? 1 : 0;
    const init = this.#translate(reduction.prefix ?? reduction.term);
    const nested = this.#body.nested();
    const term = this.#translateInLoop(reduction.term, reduction.leaves, nested);
    nested.assign(name, js.binary('+', js.local(name), term));
    this.#body.reduction(
      name,
      init,
      loopHeader(this.#loopVariable(), from, reduction.count),
      nested,
    );
  }

  /** A run of bindings as one loop; their values go to the scratch buffer when anything reads them. */
  #loop(start: number, run: Run): void {
    const fn = this.#fn;
    const variable = this.#loopVariable();
    const nested = this.#body.nested();
    const value = this.#translateInLoop(fn.body[start]!.value, run.leaves, nested);
    const stem = stemOf(fn.body[start]!.name, fn.body[start + run.count - 1]!.name);
    const name = (this.#loopNames[stem] ??= this.#names.claim(stem));
    nested.define(name, value);
    for (const store of run.stores) {
      nested.assign(
        `${abiNames.out}[${affine(store.base, store.stride, variable)}]`,
        js.local(name),
      );
    }
    if (this.#plan!.stored.has(start)) {
      nested.assign(`${abiNames.scratch}[${affine(start, 1, variable)}]`, js.local(name), true);
    }
    this.#body.loop(loopHeader(variable, 0, run.count), nested);
    for (let i = 0; i < run.count; i++) {
      const binding = fn.body[start + i]!;
      this.#scope.set(binding.name, js.memory(`${abiNames.scratch}[${start + i}]`));
      for (const out of this.#reroll!.stores.get(binding.name) ?? []) this.#storedOut.add(out);
    }
  }
}

function loopHeader(variable: string, from: number, to: number): string {
  return `for (let ${variable} = ${from}; ${variable} < ${to}; ${variable}++)`;
}

interface LoopPlan {
  readonly runAt: ReadonlyMap<number, Run>;
  /** Reductions of straight-line bindings, by position. */
  readonly reductions: ReadonlyMap<number, Reduction>;
  /** Binding positions whose value must be in the scratch buffer (at its position). */
  readonly stored: ReadonlySet<number>;
}

/**
 * The runs, and which bindings go to the scratch buffer: every binding made in a loop that
 * anything reads (outside the loop it is not a local), and every straight-line binding that a
 * loop reads at a varying position.
 */
function planLoops(
  fn: FunctionDef,
  reroll: RerollRequest,
  shared: ReadonlySet<Expression>,
): LoopPlan {
  const runs = findRuns(fn, reroll.params, reroll.stores, shared, reroll.minimumOperations);
  const runAt = new Map(runs.map((run) => [run.start, run]));
  const inLoop = new Uint8Array(fn.body.length);
  for (const run of runs) inLoop.fill(1, run.start, run.start + run.count);
  const reductions =
    runs.length > 0 ? findReductions(fn, reroll.params, shared) : new Map<number, Reduction>();
  for (const position of reductions.keys()) if (inLoop[position]) reductions.delete(position);
  const stored = new Set<number>();
  const varying = [
    ...runs.map((run) => ({ leaves: run.leaves, from: 0, count: run.count })),
    ...[...reductions.values()].map((r) => ({
      leaves: r.leaves,
      from: r.prefix ? 0 : 1,
      count: r.count,
    })),
  ];
  for (const { leaves, from, count } of varying) {
    for (const leaf of leaves) {
      if (leaf.kind !== 'binding' || leaf.stride === 0) continue;
      for (let i = from; i < count; i++) stored.add(leaf.base + leaf.stride * i);
    }
  }
  if (runs.length > 0) {
    const position = new Map(fn.body.map((b, index) => [b.name, index]));
    const readers = [
      ...fn.body.map((b) => b.value),
      ...fn.results.filter((_, index) => !reroll.storeResults.has(index)),
    ];
    for (const node of postorder(readers)) {
      if (node.kind !== 'Identifier') continue;
      const at = position.get(node.name);
      if (at !== undefined && inLoop[at]) stored.add(at);
    }
  }
  // A loop stores all of its values or none (its scratch write is one statement).
  for (const run of runs) {
    let any = false;
    for (let i = 0; i < run.count; i++) any ||= stored.has(run.start + i);
    for (let i = 0; i < run.count; i++) {
      if (any) stored.add(run.start + i);
      else stored.delete(run.start + i);
    }
  }
  return { runAt, reductions, stored };
}

/** What a leaf of a rerolled binding reads in iteration `variable`. */
function leafAtom(
  leaf: LeafPattern,
  variable: string,
  scope: ReadonlyMap<string, js.JsExpression>,
): js.JsExpression {
  if (leaf.stride === 0) return scope.get(leaf.name)!;
  const index = affine(leaf.base, leaf.stride, variable);
  return leaf.kind === 'param'
    ? js.atom(`${leaf.array}[${index}]`)
    : js.memory(`${abiNames.scratch}[${index}]`);
}

/** `base + stride * variable`, written plainly: `i`, `3 * i`, `12 + i`, `40 - 2 * i`. */
function affine(base: number, stride: number, variable: string): string {
  if (stride === 0) return String(base);
  const term = Math.abs(stride) === 1 ? variable : `${Math.abs(stride)} * ${variable}`;
  if (base === 0) return stride > 0 ? term : `-${term}`;
  return `${base} ${stride > 0 ? '+' : '-'} ${term}`;
}

/**
 * A name for a loop's value: what the first and last bindings' names share, up to the last `_`
 * (`dJ_dw2_15_13`, `dJ_dw2_0_13` → `dJ_dw2`; `h1_0`, `h1_127` → `h1`).
 */
function stemOf(first: string, last: string): string {
  let length = 0;
  while (length < first.length && first[length] === last[length]) length++;
  const common = first.slice(0, length);
  const cut = common.lastIndexOf('_');
  const stem = cut > 0 ? common.slice(0, cut) : common.replace(/\d+$/, '');
  return isKeptName(stem) ? stem : 'value';
}

/**
 * `fold` without its per-node bookkeeping: a postorder walk with a value stack that looks up and
 * memoises only the `remembered` nodes. Iterative: depth is unbounded.
 */
function translateTree<R>(
  root: Expression,
  visit: (node: Expression, operands: readonly R[]) => R,
  memo: Map<Expression, R>,
  remembered: ReadonlySet<Expression>,
): R {
  const values: R[] = [];
  // A node is pushed twice: first to expand its operands, then (negated arity) to combine them.
  const work: (Expression | number)[] = [root];
  const pending: Expression[] = [];
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === 'number') {
      const node = pending.pop()!;
      const operands = values.splice(values.length - item, item);
      const value = visit(node, operands);
      if (remembered.has(node)) memo.set(node, value);
      values.push(value);
      continue;
    }
    const known = remembered.has(item) ? memo.get(item) : undefined;
    if (known !== undefined) {
      values.push(known);
      continue;
    }
    const arity = arityOf(item);
    if (arity === 0) {
      values.push(visit(item, noOperands));
      continue;
    }
    pending.push(item);
    work.push(arity);
    pushOperandsReversed(item, work);
  }
  return values[0]!;
}

const noOperands: readonly never[] = [];

/** The operation nodes reached more than once from `roots` (by identity). */
function sharedNodes(roots: readonly Expression[]): Set<Expression> {
  const seen = new Set<Expression>();
  const shared = new Set<Expression>();
  const stack: Expression[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (arityOf(node) === 0) continue;
    if (seen.has(node)) {
      shared.add(node);
      continue;
    }
    seen.add(node);
    pushOperandsReversed(node, stack);
  }
  return shared;
}

function arityOf(node: Expression): number {
  switch (node.kind) {
    case 'Unary':
      return 1;
    case 'Binary':
      return 2;
    case 'Conditional':
      return 3;
    case 'Call':
      return node.args.length;
    default:
      return 0;
  }
}

/** Pushes the operands, last first (`operandsOf` without allocating: this runs per node). */
function pushOperandsReversed(node: Expression, stack: (Expression | number)[]): void {
  switch (node.kind) {
    case 'Unary':
      stack.push(node.operand);
      break;
    case 'Binary':
      stack.push(node.right, node.left);
      break;
    case 'Conditional':
      stack.push(node.alternate, node.consequent, node.test);
      break;
    case 'Call':
      for (let index = node.args.length - 1; index >= 0; index--) stack.push(node.args[index]!);
      break;
  }
}

interface Translation {
  readonly scope: ReadonlyMap<string, js.JsExpression>;
  readonly helpers: Set<string>;
  readonly context: LowerContext;
}

/** One ddx node over already-translated operands. */
function translate(
  node: Expression,
  operands: readonly js.JsExpression[],
  { scope, helpers, context }: Translation,
): js.JsExpression {
  switch (node.kind) {
    case 'Number':
      return js.number(node.value);
    case 'Constant':
      return js.atom(node.name === 'pi' ? 'Math.PI' : 'Math.E');
    case 'Identifier': {
      const name = scope.get(node.name);
      if (name === undefined) {
        throw new DdxError('unbound-name', `'${node.name}' is used before it is bound`, {
          ...(node.span ? { span: node.span } : {}),
        });
      }
      return name;
    }
    case 'Unary':
      // Unary plus is the identity on numbers.
      return node.operator === '-' ? js.unary(operands[0]!) : operands[0]!;
    case 'Binary': {
      const { operator, comparison } = operatorOf(node.operator);
      const expression = js.binary(operator, operands[0]!, operands[1]!);
      return comparison ? js.conditional(expression, js.atom('1'), js.atom('0')) : expression;
    }
    case 'Conditional':
      return js.conditional(truthTest(operands[0]!), operands[1]!, operands[2]!);
    case 'Call':
      return translateCall(node.callee, operands, node, helpers, context);
  }
}

function translateCall(
  callee: string,
  args: readonly js.JsExpression[],
  node: Expression,
  helpers: Set<string>,
  context: LowerContext,
): js.JsExpression {
  const where = node.span ? { span: node.span } : {};
  const builtin = catalogue.get(callee);
  if (builtin) {
    if (args.length < builtin.minArity || args.length > builtin.maxArity) {
      throw new DdxError('arity', `'${callee}' takes ${builtin.params.length} arguments`, where);
    }
    // log(x) is Math.log(x); only log(x, b) needs the helper.
    if (callee === 'log' && args.length === 1) return js.call('Math.log', args);
    if (builtin.helper !== undefined) helpers.add(callee);
    return js.call(builtin.js, args);
  }
  const fn = context.functions.get(callee);
  if (fn === undefined) {
    throw new DdxError('unknown-function', `unknown function '${callee}'`, where);
  }
  if (args.length !== fn.arity) {
    throw new DdxError('arity', `'${callee}' takes ${fn.arity} arguments`, where);
  }
  if (fn.results !== 1) {
    throw new DdxError(
      'multiple-results',
      `'${callee}' returns ${fn.results} values and cannot be called in an expression`,
      where,
    );
  }
  return js.call(fn.js, args);
}
