/**
 * Lowering: a ddx function becomes a straight-line JavaScript body, one `const` per binding, in
 * the function's own order, plus result expressions. Walks are iterative (explicit stacks), so a
 * sum of 10^5 terms is as safe as `w^2`; over-wide or over-deep expressions get named parts
 * (body.ts).
 */
import {
  DdxError,
  NameTable,
  catalogue,
  isTreeShaped,
  type Expression,
  type FunctionDef,
  type Identifier,
} from '@ddx/ast';
import { Body, maxDepth, maxExpressionWidth, printWidth } from './body.js';
import { Locals } from './locals.js';

import { abiNames, isKeptName, jsLocalName, NameSupply } from './names.js';
import { sharedNodes } from './dag.js';
import { planLoops, type LoopPlan, type RerollRequest } from './loop-plan.js';
import {
  type GroupLeaf,
  type LeafPattern,
  type Reduction,
  type ReductionGroup,
  type Run,
} from './reroll.js';
import * as js from './js-tree.js';
import { binaryOperandNeedsParens } from './js-precedence.js';
import { isComparison, jsOperator, truthTest } from './semantics.js';

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
  /** The function's locals: its parameters, bindings and temporaries. */
  readonly locals: Locals;
  /** The local of each parameter, in order. */
  readonly params: readonly number[];
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

export function lowerFunction(
  fn: FunctionDef,
  context: LowerContext,
  reroll?: RerollRequest,
): LoweredFunction {
  return new Lowering(fn, context, reroll).run();
}

/** An expression node still to expand, or (a number) the arity of the next node to combine. */
type WorkItem = Expression | number;

/** The state of one function's lowering; `run` walks the bindings in order. */
class Lowering {
  readonly #fn: FunctionDef;
  readonly #reroll: RerollRequest | undefined;
  readonly #locals: Locals;
  /** Parameters are locals 0 to P - 1, bindings P, P + 1, ... in order. */
  readonly #firstBinding: number;
  readonly #body: Body;
  /** The local of each parameter and binding, by ddx name. */
  readonly #localOf: NameTable;
  /** Locals below this id are bound: the parameters, and the bindings lowered so far. */
  #bound = 0;
  /** The parameters' locals, by ddx name (a small map, looked up first). */
  readonly #paramOf = new Map<string, number>();
  /** The ddx names of the last bindings bound, and their locals (a ring). */
  readonly #recentNames: (string | undefined)[] = new Array(recentBindings).fill(undefined);
  readonly #recentLocals = new Int32Array(recentBindings);
  #recentNext = 0;
  /** What the bindings made in rerolled loops read instead of a local: a scratch element. */
  readonly #inScratch = new Map<number, js.JsExpression>();
  /** The locals a small binding reads (`#smallBinding`): the first `#simpleReadCount`. */
  #simpleReads = new Int32Array(8);
  #simpleReadCount = 0;
  /** `#small`'s result besides its text: the operator of a binary node ('' otherwise). */
  #smallOperator: js.JsBinaryOperator | '' = '';
  #smallWidth = 0;
  #smallDepth = 0;
  #smallOperations = 0;
  /** The helpers a small binding calls, added when it is written. */
  readonly #smallHelpers: string[] = [];
  readonly #helpers = new Set<string>();
  readonly #context: LowerContext;
  /** Operation nodes reached more than once: each is computed once, under a name. */
  readonly #shared: ReadonlySet<Expression>;
  readonly #memo = new Map<Expression, js.JsExpression>();
  readonly #plan: LoopPlan | undefined;
  /** Whether the plan makes anything a loop or a scratch element. */
  readonly #looped: boolean;
  /** The loop variable and loop value names, shared by sibling loops (each loop is a block). */
  #loopVariable = -1;
  #memberVariable = -1;
  readonly #loopValues = new Map<string, number>();
  readonly #storedOut = new Set<number>();
  /** The binding value being lowered (never named as a temporary: it gets the binding's name). */
  #root: Expression | undefined;
  /** Whether `#root` is a comparison whose binding is only ever a test: it stays a boolean. */
  #rootIsBoolean = false;
  /** The local holding `a && b`, by `a * 2^32 + b` (`#bothTrue`). */
  readonly #conjunctions = new Map<number, number>();
  /** Bindings (by index) whose value is a comparison and whose every use is a test. */
  readonly #booleans: ReadonlySet<number>;
  /** The body being written: the function's, or a loop's. */
  #target: Body;
  /** Inside a loop, leaves come from the run's patterns, in walk order. */
  #leaves: js.JsExpression[] | undefined;
  #nextLeaf = 0;
  /** The walk's stacks, reused by every expression. */
  readonly #work: WorkItem[] = [];
  readonly #pending: Expression[] = [];
  readonly #values: js.JsExpression[] = [];

  constructor(fn: FunctionDef, context: LowerContext, reroll: RerollRequest | undefined) {
    this.#fn = fn;
    this.#reroll = reroll;
    this.#context = context;
    // Every local is named before any temporary is made, so `t1` never shadows a later binding.
    // The module's names are looked up, not copied: a copy per function is quadratic in the
    // number of functions.
    const moduleNames = context.moduleNames;
    this.#localOf = new NameTable(fn.params.length + fn.body.length);
    this.#locals = new Locals(
      new NameSupply([], (name) => moduleNames.has(name) || this.#isLocal(name)),
    );
    this.#declareLocals();
    this.#firstBinding = fn.params.length;
    this.#body = new Body(this.#locals);
    this.#target = this.#body;
    this.#bound = fn.params.length;
    const roots = fn.body.map((b) => b.value);
    for (const result of fn.results) roots.push(result);
    // The count only decides whether to reroll (loop-plan.ts): counting stops past the threshold.
    const countUpTo = reroll?.minimumOperations ?? 0;
    const { shared, operations } = sharedNodes(roots, isTreeShaped(fn), countUpTo);
    this.#shared = shared;
    const positionOf = (name: string): number | undefined => {
      const id = this.#localOf.get(name);
      return id === undefined || id < this.#firstBinding ? undefined : id - this.#firstBinding;
    };
    this.#plan = reroll ? planLoops(fn, reroll, positionOf, shared, operations) : undefined;
    this.#booleans = testOnlyComparisons(fn, roots, shared);
    const plan = this.#plan;
    this.#looped =
      plan !== undefined &&
      plan.runAt.size + plan.reductions.size + plan.members.size + plan.stored.size > 0;
  }

  /**
   * Parameters become locals 0, 1, ..., then bindings, in order; a name declared twice is an
   * error.
   */
  #declareLocals(): void {
    const fn = this.#fn;
    const moduleNames = this.#context.moduleNames;
    const declare = (name: string): boolean => {
      const local = this.#locals.add(jsLocalName(name, moduleNames));
      return this.#localOf.add(name, local);
    };
    for (const param of fn.params) {
      this.#paramOf.set(param, this.#paramOf.size);
      if (!declare(param)) {
        throw new DdxError('duplicate-parameter', `parameter '${param}' is declared twice`);
      }
    }
    for (let index = 0; index < fn.body.length; index++) {
      const binding = fn.body[index]!;
      if (!declare(binding.name)) {
        throw new DdxError('rebinding', `'${binding.name}' is bound twice in '${fn.name}'`, {
          ...(binding.span ? { span: binding.span } : {}),
        });
      }
    }
  }

  /**
   * Whether `name` is the JavaScript name of a local. Generated names never start with `$`, so
   * they can only meet a local whose ddx name is kept as it is.
   */
  #isLocal(name: string): boolean {
    const local = this.#localOf.get(name);
    return local !== undefined && this.#locals.names[local] === name;
  }

  run(): LoweredFunction {
    const fn = this.#fn;
    for (let index = 0; index < fn.body.length;) {
      const run = this.#looped ? this.#plan!.runAt.get(index) : undefined;
      if (run) {
        this.#loop(index, run);
        index += run.count;
      } else {
        this.#binding(index);
        index++;
      }
    }
    this.#root = undefined;
    this.#rootIsBoolean = false;
    const results = fn.results.map((result) => this.#translate(result, true));
    const plan = this.#plan;
    const loopSlots = plan && plan.runAt.size > 0 ? fn.body.length + plan.groupSlots : 0;
    return {
      locals: this.#locals,
      params: fn.params.map((_, index) => index),
      body: this.#body,
      results,
      helpers: this.#helpers,
      stored: this.#storedOut,
      loopSlots,
    };
  }

  /**
   * `root` translated: a postorder walk over explicit stacks (depth is unbounded). With `memoise`,
   * shared nodes are looked up and remembered.
   */
  #translate(root: Expression, memoise: boolean): js.JsExpression {
    const work = this.#work;
    const pending = this.#pending;
    const values = this.#values;
    const shared = memoise && this.#shared.size > 0 ? this.#shared : undefined;
    const bottom = values.length;
    work.push(root);
    while (work.length > 0) {
      const item = work.pop()!;
      if (typeof item === 'number') {
        // `item` operands are on top of `values`: combine them.
        const node = pending.pop()!;
        const value = this.#visit(node, values, values.length - item);
        for (let index = 0; index < item; index++) values.pop();
        values.push(value);
        if (shared?.has(node)) this.#memo.set(node, value);
        continue;
      }
      switch (item.kind) {
        case 'Identifier':
          values.push(this.#identifier(item));
          break;
        case 'Number':
          values.push(js.number(item.value));
          break;
        case 'Constant':
          values.push(item.name === 'pi' ? mathPi : mathE);
          break;
        default: {
          const known = shared?.has(item) ? this.#memo.get(item) : undefined;
          if (known !== undefined) {
            values.push(known);
            break;
          }
          pending.push(item);
          pushOperation(item, work);
        }
      }
    }
    const value = values.pop()!;
    if (values.length !== bottom) throw new Error('internal: unbalanced translation');
    return value;
  }

  /** What bound local `local` reads. */
  #read(local: number): js.JsExpression {
    const inScratch = this.#inScratch.size > 0 ? this.#inScratch.get(local) : undefined;
    return inScratch ?? this.#locals.read(local);
  }

  /** What a name reads (inside a loop: the run's next leaf). */
  #identifier(node: Identifier): js.JsExpression {
    if (this.#leaves) return this.#leaves[this.#nextLeaf++]!;
    return this.#read(this.#lookup(node));
  }

  /** The local a name refers to; an error if it is not bound (yet). */
  #lookup(node: Identifier): number {
    const name = node.name;
    // Most names are a binding made just before or a parameter: small tables, not the big map.
    let local = this.#recentLocal(name);
    if (local < 0) local = this.#paramOf.get(name) ?? this.#localOf.get(name) ?? -1;
    if (local < 0 || local >= this.#bound) {
      throw new DdxError('unbound-name', `'${name}' is used before it is bound`, {
        ...(node.span ? { span: node.span } : {}),
      });
    }
    return local;
  }

  /** The local of `name` if it is one of the last bindings bound, else -1. */
  #recentLocal(name: string): number {
    const names = this.#recentNames;
    for (let k = 0; k < recentBindings; k++) if (names[k] === name) return this.#recentLocals[k]!;
    return -1;
  }

  /** Binding `local` is bound from here on. */
  #bind(local: number): void {
    this.#bound++;
    const k = this.#recentNext;
    this.#recentNames[k] = this.#fn.body[local - this.#firstBinding]!.name;
    this.#recentLocals[k] = local;
    this.#recentNext = (k + 1) % recentBindings;
  }

  /** An operation over its translated operands, `values[start...]`; shared ones get a name. */
  #visit(node: Expression, values: readonly js.JsExpression[], start: number): js.JsExpression {
    let built = this.#translateNode(node, values, start);
    if (built.width > maxExpressionWidth || built.depth > maxDepth) {
      built = this.#target.shrink(built);
    }
    // A subexpression used twice is computed once, under a name (the DAG stays a DAG).
    const named = node !== this.#root && this.#shared.has(node) && !js.isTrivial(built);
    return named ? this.#target.name(built) : built;
  }

  /** `root` as a loop body's expression, its leaves read by `patterns` in iteration `variable`. */
  #translateInLoop(
    root: Expression,
    patterns: readonly LeafPattern[],
    nested: Body,
  ): js.JsExpression {
    const variable = this.#locals.names[this.#loopIndex()]!;
    const leaves = patterns.map((leaf) =>
      leaf.stride === 0
        ? this.#fixedLeaf(leaf)
        : leafAtom(leaf, affine(leaf.base, leaf.stride, variable)),
    );
    return this.#translateWithLeaves(root, leaves, nested);
  }

  /** What a leaf that never moves reads: the bound local (or its scratch element). */
  #fixedLeaf(leaf: LeafPattern): js.JsExpression {
    return this.#read(this.#localOf.get(leaf.name)!);
  }

  /** `root` written into `nested`, its leaves (in walk order) replaced by `leaves`. */
  #translateWithLeaves(root: Expression, leaves: js.JsExpression[], nested: Body): js.JsExpression {
    this.#target = nested;
    this.#leaves = leaves;
    this.#nextLeaf = 0;
    // Loop bodies share no node (reroll.ts checks), so nothing is memoised.
    const value = this.#translate(root, false);
    this.#leaves = undefined;
    this.#target = this.#body;
    return value;
  }

  #loopIndex(): number {
    if (this.#loopVariable < 0) this.#loopVariable = this.#locals.claim('i');
    return this.#loopVariable;
  }

  /** The second loop variable, over the members of a reduction group. */
  #memberIndex(): number {
    if (this.#memberVariable < 0) this.#memberVariable = this.#locals.claim('j');
    return this.#memberVariable;
  }

  /**
   * For `a ? (b ? x : z) : z` with tests `a`, `b` names and `z` a name or number (the shape of
   * every adjoint under nested ReLUs): the name of `a && b`, made once per pair in the function
   * (`const t7 = t4 && t6;`), so the value is `t7 ? x : z`, the same number in every case (`&&`
   * gives `a` when `a` tests false). Undefined for any other shape, and inside loops.
   */
  #bothTrue(
    test: js.JsExpression,
    consequent: js.JsExpression,
    alternate: js.JsExpression,
  ): js.JsExpression | undefined {
    if (
      this.#target !== this.#body ||
      this.#leaves !== undefined ||
      test.local < 0 ||
      consequent.kind !== 'conditional' ||
      consequent.first!.local < 0 ||
      alternate.kind !== 'atom' ||
      alternate.memory ||
      consequent.third!.kind !== 'atom' ||
      consequent.third!.text !== alternate.text
    ) {
      return undefined;
    }
    const a = test.local;
    const b = consequent.first!.local;
    const key = a * 0x100000000 + b;
    let local = this.#conjunctions.get(key);
    if (local === undefined) {
      local = this.#locals.temporary();
      const names = this.#locals.names;
      const reads = Int32Array.of(a, b);
      this.#body.defineText(local, `${names[a]} && ${names[b]}`, 1, reads, a === b ? 1 : 2);
      this.#conjunctions.set(key, local);
    }
    return this.#locals.read(local);
  }

  /** A straight-line binding: `const name = value;` (or a reduction loop summing into it). */
  #binding(index: number): void {
    const binding = this.#fn.body[index]!;
    const local = this.#firstBinding + index;
    // Most large functions reroll nothing: no lookups in the plan's empty maps then.
    const plan = this.#looped ? this.#plan : undefined;
    const member = plan?.members.get(index);
    if (member) {
      // All members are summed where the first one stands; each is then a scratch element.
      if (member.index === 0) this.#group(member.group, member.slot);
      const slot = member.slot + member.index;
      this.#inScratch.set(local, js.memory(`${abiNames.scratch}[${slot}]`));
      this.#bind(local);
      return;
    }
    const reduction = plan?.reductions.get(index);
    const value = binding.value;
    this.#root = value;
    this.#rootIsBoolean = this.#booleans.size > 0 && this.#booleans.has(index);
    if (reduction) this.#reduction(local, reduction);
    else if (!this.#smallBinding(local, value)) {
      this.#body.define(local, this.#translate(value, true));
    }
    if (this.#shared.size > 0 && this.#shared.has(value)) {
      this.#memo.set(value, this.#locals.read(local));
    }
    this.#bind(local);
    if (plan?.stored.has(index)) {
      this.#body.assign(`${abiNames.scratch}[${index}]`, this.#locals.read(local), true);
    }
  }

  /** `let name = prefix (or the first term); for (...) name = name + term(i);` */
  #reduction(local: number, reduction: Reduction): void {
    const from = reduction.prefix === undefined ? 1 : 0;
    const init = this.#translate(reduction.prefix ?? reduction.term, true);
    const nested = this.#body.nested();
    const term = this.#translateInLoop(reduction.term, reduction.leaves, nested);
    nested.assign(this.#locals.names[local]!, js.binary('+', this.#locals.read(local), term));
    const variable = this.#locals.names[this.#loopIndex()]!;
    this.#body.reduction(local, init, loopHeader(variable, from, reduction.count), nested);
  }

  /**
   * A reduction group, summed side by side into `scratch[slot + j]` (member j): first
   * `for (j) s[j] = <first term or prefix>;`, then for each further term i, one statement per
   * member, `s[j] = s[j] + term(i, j);` (written out: a loop over the members runs three times
   * slower). Leaves that move only from term to term are read once per term. A wide group is
   * summed in blocks of `membersPerBlock`, so no loop body grows past what V8 optimises.
   */
  #group(group: ReductionGroup, slot: number): void {
    const { first } = group;
    const i = this.#locals.names[this.#loopIndex()]!;
    const j = this.#locals.names[this.#memberIndex()]!;
    const members = group.positions.length;
    const init = this.#body.nested();
    const start = first.prefix
      ? this.#translateWithLeaves(first.prefix, this.#groupLeaves(group.prefixLeaves!, j), init)
      : this.#translateWithLeaves(first.term, this.#groupLeaves(group.leaves, j), init);
    init.assign(`${abiNames.scratch}[${affine(slot, 1, j)}]`, start, true);
    this.#body.loop(loopHeader(j, 0, members), init);
    for (let block = 0; block < members; block += membersPerBlock) {
      const end = Math.min(members, block + membersPerBlock);
      const outer = this.#body.nested();
      const hoisted = this.#hoistTermLeaves(group.leaves, i, outer);
      for (let m = block; m < end; m++) {
        const leaves = group.leaves.map(
          (leaf, index) => hoisted[index] ?? this.#memberLeaf(leaf, i, m),
        );
        const term = this.#translateWithLeaves(first.term, leaves, outer);
        const sum = js.memory(`${abiNames.scratch}[${slot + m}]`);
        outer.assign(sum.text, js.binary('+', sum, term), true);
      }
      this.#body.loop(loopHeader(i, first.prefix ? 0 : 1, first.count), outer);
    }
  }

  /**
   * `const name = <leaf>;` in `body` for each leaf that moves from term to term but not from
   * member to member; the names by leaf index (undefined for the other leaves).
   */
  #hoistTermLeaves(
    leaves: readonly GroupLeaf[],
    i: string,
    body: Body,
  ): (js.JsExpression | undefined)[] {
    const taken = new Set<number>();
    return leaves.map((leaf) => {
      if (leaf.stride === 0 || leaf.memberStride !== 0) return undefined;
      // Named after the leaf, distinct within the block.
      const name = stemOf(leaf.name, leaf.name);
      let local = this.#loopValues.get(name);
      if (local === undefined || taken.has(local)) {
        local = this.#locals.claim(name);
        if (!this.#loopValues.has(name)) this.#loopValues.set(name, local);
      }
      taken.add(local);
      body.define(local, this.#memberLeaf(leaf, i, 0));
      return this.#locals.read(local);
    });
  }

  /**
   * The leaves of a group's first term (or prefix) for member `j` (a variable): leaves that do
   * not move from member to member are what the first member reads.
   */
  #groupLeaves(leaves: readonly GroupLeaf[], j: string): js.JsExpression[] {
    return leaves.map((leaf) =>
      leaf.memberStride === 0
        ? this.#fixedLeaf(leaf)
        : leafAtom(leaf, affine(leaf.base, leaf.memberStride, j)),
    );
  }

  /** What a group's leaf reads in term `i` (a variable) for member `m`. */
  #memberLeaf(leaf: GroupLeaf, i: string, m: number): js.JsExpression {
    if (leaf.stride === 0 && leaf.memberStride === 0) return this.#fixedLeaf(leaf);
    return leafAtom(leaf, affine(leaf.base + leaf.memberStride * m, leaf.stride, i));
  }

  /**
   * A binding whose value is a small tree of arithmetic (`+ - * / ^`) and builtin calls over
   * names, non-negative numbers and constants (most bindings of a scheduled program, and most
   * adjoints: `dJ_da * b + dJ_dc`), or relu of a name or number, written straight from the ddx
   * nodes: the text `#translate` and `define` would give when nothing in it needs a name (it is
   * at most `maxExpressionWidth` wide and `maxDepth` deep, and its line fits the print width),
   * without building the expression. False, with nothing written, for any other value; the
   * general path then reports any error.
   */
  #smallBinding(local: number, value: Expression): boolean {
    if (this.#inScratch.size > 0 || this.#shared.size > 0) return false;
    this.#simpleReadCount = 0;
    this.#smallHelpers.length = 0;
    const text = this.#smallRelu(value) ?? this.#small(value, 1);
    if (text === undefined) return false;
    const width = this.#smallWidth;
    const prefix = this.#body.indent.length + 'const '.length + this.#locals.width(local) + 3;
    if (this.#smallDepth > maxDepth || width > maxExpressionWidth) return false;
    if (prefix + width + 1 > printWidth) return false;
    for (const helper of this.#smallHelpers) this.#helpers.add(helper);
    const operations = this.#smallOperations;
    this.#body.defineText(local, text, operations, this.#simpleReads, this.#simpleReadCount);
    return true;
  }

  /**
   * `node`'s text for `#smallBinding` (undefined when it is not such a tree), with its kind,
   * operator, width, depth and operations left in the `#small...` fields. `level` is the node's
   * depth from the root: a tree deeper than `maxDepth` is left to the general path.
   */
  #small(node: Expression, level: number): string | undefined {
    switch (node.kind) {
      case 'Identifier': {
        const local = this.#lookup(node);
        this.#noteRead(local);
        this.#smallLeaf(this.#locals.width(local));
        return this.#locals.names[local];
      }
      case 'Number': {
        if (node.value < 0 || Object.is(node.value, -0)) return undefined;
        const text = js.number(node.value).text;
        this.#smallLeaf(text.length);
        return text;
      }
      case 'Constant': {
        const text = node.name === 'pi' ? mathPi.text : mathE.text;
        this.#smallLeaf(text.length);
        return text;
      }
      case 'Binary': {
        if (isComparison(node.operator) || level >= maxDepth) return undefined;
        const operator = jsOperator(node.operator);
        const spaced = js.infix(operator);
        let left = this.#small(node.left, level + 1);
        if (left === undefined) return undefined;
        const leftOperator = this.#smallOperator;
        const leftWidth = this.#smallWidth;
        const leftDepth = this.#smallDepth;
        const leftOperations = this.#smallOperations;
        let right = this.#small(node.right, level + 1);
        if (right === undefined) return undefined;
        let width = leftWidth + spaced.length + this.#smallWidth;
        if (leftOperator !== '' && binaryOperandNeedsParens(operator, leftOperator, 'left')) {
          left = `(${left})`;
          width += 2;
        }
        const rightOperator = this.#smallOperator;
        if (rightOperator !== '' && binaryOperandNeedsParens(operator, rightOperator, 'right')) {
          right = `(${right})`;
          width += 2;
        }
        this.#smallOperator = operator;
        this.#smallWidth = width;
        this.#smallDepth = 1 + Math.max(leftDepth, this.#smallDepth);
        this.#smallOperations += 1 + leftOperations;
        return left + spaced + right;
      }
      case 'Call': {
        const builtin = catalogue.get(node.callee);
        const count = node.args.length;
        if (level >= maxDepth || !builtin || node.callee === 'relu') return undefined;
        if (count < builtin.minArity || count > builtin.maxArity) return undefined;
        // As translateCall: log(x) is Math.log(x); only log(x, b) needs the helper.
        const plainLog = node.callee === 'log' && count === 1;
        const callee = plainLog ? 'Math.log' : builtin.js;
        let text = `${callee}(`;
        let width = callee.length + 2 + 2 * Math.max(0, count - 1);
        let depth = 0;
        let operations = 1;
        for (let index = 0; index < count; index++) {
          const arg = this.#small(node.args[index]!, level + 1);
          if (arg === undefined) return undefined;
          text += index === 0 ? arg : `, ${arg}`;
          width += this.#smallWidth;
          depth = Math.max(depth, this.#smallDepth);
          operations += this.#smallOperations;
        }
        if (builtin.helper !== undefined && !plainLog) this.#smallHelpers.push(node.callee);
        this.#smallOperator = '';
        this.#smallWidth = width;
        this.#smallDepth = 1 + depth;
        this.#smallOperations = operations;
        return `${text})`;
      }
      default:
        return undefined;
    }
  }

  /**
   * As translateCall: relu of a name or number (at most `maxInlinedReluArgument` wide) is its
   * helper's body written out, `x <= 0 ? 0 : x`. Undefined for any other value.
   */
  #smallRelu(value: Expression): string | undefined {
    if (value.kind !== 'Call' || value.callee !== 'relu' || value.args.length !== 1) {
      return undefined;
    }
    const arg = value.args[0]!;
    if (arg.kind !== 'Identifier' && arg.kind !== 'Number' && arg.kind !== 'Constant') {
      return undefined;
    }
    const text = this.#small(arg, 2);
    const width = this.#smallWidth;
    if (text === undefined || width > maxInlinedReluArgument) return undefined;
    this.#smallOperator = '';
    this.#smallWidth = 2 * width + ' <= 0 ? 0 : '.length;
    this.#smallDepth = 3;
    this.#smallOperations = 2;
    return `${text} <= 0 ? 0 : ${text}`;
  }

  /** `#small`'s fields for an atom of `width`. */
  #smallLeaf(width: number): void {
    this.#smallOperator = '';
    this.#smallWidth = width;
    this.#smallDepth = 1;
    this.#smallOperations = 0;
  }

  /** Notes that the binding being written reads `local` (once, in order of first reading). */
  #noteRead(local: number): void {
    const reads = this.#simpleReads;
    const count = this.#simpleReadCount;
    for (let r = 0; r < count; r++) if (reads[r] === local) return;
    if (count === reads.length) {
      this.#simpleReads = new Int32Array(2 * count);
      this.#simpleReads.set(reads);
    }
    this.#simpleReads[this.#simpleReadCount++] = local;
  }

  /** A run of bindings as one loop; their values go to the scratch buffer when anything reads them. */
  #loop(start: number, run: Run): void {
    const fn = this.#fn;
    const variable = this.#locals.names[this.#loopIndex()]!;
    const nested = this.#body.nested();
    const value = this.#translateInLoop(fn.body[start]!.value, run.leaves, nested);
    const stem = stemOf(fn.body[start]!.name, fn.body[start + run.count - 1]!.name);
    let local = this.#loopValues.get(stem);
    if (local === undefined) {
      local = this.#locals.claim(stem);
      this.#loopValues.set(stem, local);
    }
    nested.define(local, value);
    const read = this.#locals.read(local);
    for (const store of run.stores) {
      nested.assign(`${abiNames.out}[${affine(store.base, store.stride, variable)}]`, read);
    }
    if (this.#plan!.stored.has(start)) {
      nested.assign(`${abiNames.scratch}[${affine(start, 1, variable)}]`, read, true);
    }
    this.#body.loop(loopHeader(variable, 0, run.count), nested);
    for (let i = 0; i < run.count; i++) {
      const binding = fn.body[start + i]!;
      this.#inScratch.set(
        this.#firstBinding + start + i,
        js.memory(`${abiNames.scratch}[${start + i}]`),
      );
      this.#bind(this.#firstBinding + start + i);
      for (const out of this.#reroll!.stores.get(binding.name) ?? []) this.#storedOut.add(out);
    }
  }

  /** One operation over already-translated operands `values[start...]`. */
  #translateNode(
    node: Expression,
    values: readonly js.JsExpression[],
    start: number,
  ): js.JsExpression {
    switch (node.kind) {
      case 'Unary':
        // Unary plus is the identity on numbers.
        return node.operator === '-' ? js.unary(values[start]!) : values[start]!;
      case 'Binary': {
        const expression = js.binary(jsOperator(node.operator), values[start]!, values[start + 1]!);
        // A comparison is 1 or 0 in ddx; a binding only ever tested stays JavaScript's boolean,
        // which every test reads as it would read 1 or 0.
        if (!isComparison(node.operator) || (node === this.#root && this.#rootIsBoolean)) {
          return expression;
        }
        return js.conditional(expression, one, zero);
      }
      case 'Conditional': {
        const test = truthTest(values[start]!);
        const consequent = values[start + 1]!;
        const alternate = values[start + 2]!;
        const both = this.#bothTrue(test, consequent, alternate);
        if (both !== undefined) return js.conditional(both, consequent.second!, alternate);
        return js.conditional(test, consequent, alternate);
      }
      case 'Call': {
        const args = values.slice(start, start + node.args.length);
        return translateCall(node.callee, args, node, this.#helpers, this.#context);
      }
      default:
        throw new Error(`internal: ${node.kind} is not an operation`);
    }
  }
}

/**
 * The bindings (by index) whose value is a comparison and whose name is read only as the test of
 * a conditional (`c ? a : b`), never as a number: those can hold a boolean. A walk over the
 * function's DAG, made only when some binding is a comparison.
 */
function testOnlyComparisons(
  fn: FunctionDef,
  roots: readonly Expression[],
  shared: ReadonlySet<Expression>,
): ReadonlySet<number> {
  const candidates = new Map<string, number>();
  fn.body.forEach((binding, index) => {
    const value = binding.value;
    // A value node reached from elsewhere too is memoised as this binding: it must stay a number.
    if (value.kind === 'Binary' && isComparison(value.operator) && !shared.has(value)) {
      candidates.set(binding.name, index);
    }
  });
  if (candidates.size === 0) return noBindings;
  const asNumber = new Set<string>();
  const visited = new Set<Expression>();
  const stack: Expression[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.kind) {
      case 'Identifier':
        asNumber.add(node.name);
        break;
      case 'Number':
      case 'Constant':
        break;
      default:
        if (shared.has(node)) {
          if (visited.has(node)) break;
          visited.add(node);
        }
        if (node.kind === 'Conditional') {
          stack.push(node.alternate, node.consequent);
          // A bare name as the test is read as a truth value, not a number.
          if (node.test.kind !== 'Identifier') stack.push(node.test);
        } else if (node.kind === 'Unary') stack.push(node.operand);
        else if (node.kind === 'Binary') stack.push(node.right, node.left);
        else if (node.kind === 'Call') for (const arg of node.args) stack.push(arg);
    }
  }
  const booleans = new Set<number>();
  for (const [name, index] of candidates) if (!asNumber.has(name)) booleans.add(index);
  return booleans;
}

const noBindings: ReadonlySet<number> = new Set();

const mathPi = js.atom('Math.PI');
const mathE = js.atom('Math.E');
const one = js.atom('1');
const zero = js.atom('0');
const zeroAtom = zero;
/** The widest name or number `relu` is written out for (the line stays short). */
const maxInlinedReluArgument = 24;

function loopHeader(variable: string, from: number, to: number): string {
  return `for (let ${variable} = ${from}; ${variable} < ${to}; ${variable}++)`;
}

/** How many of the last bindings are looked up by name before the map of all of them. */
const recentBindings = 8;

/** Members of a reduction group summed in one loop (reroll.ts, `ReductionGroup`). */
const membersPerBlock = 128;

/** What a moving leaf reads at element `index` (an affine expression of the loop variables). */
function leafAtom(leaf: LeafPattern, index: string): js.JsExpression {
  return leaf.kind === 'param'
    ? js.atom(`${leaf.array}[${index}]`)
    : js.memory(`${abiNames.scratch}[${index}]`);
}

/**
 * `base + stride * i (+ memberStride * j)`, written plainly: `i`, `3 * i`, `12 + i`,
 * `40 - 2 * i`, `20734 - 129 * i - j`.
 */
function affine(base: number, stride: number, i: string, memberStride = 0, j = ''): string {
  let text = base === 0 ? '' : String(base);
  for (const [factor, variable] of [
    [stride, i],
    [memberStride, j],
  ] as const) {
    if (factor === 0) continue;
    const term = Math.abs(factor) === 1 ? variable : `${Math.abs(factor)} * ${variable}`;
    if (text === '') text = factor > 0 ? term : `-${term}`;
    else text += ` ${factor > 0 ? '+' : '-'} ${term}`;
  }
  return text === '' ? '0' : text;
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

/** Pushes an operation's arity (the marker to combine it), then its operands, last first. */
function pushOperation(node: Expression, work: WorkItem[]): void {
  switch (node.kind) {
    case 'Unary':
      work.push(1, node.operand);
      break;
    case 'Binary':
      work.push(2, node.right, node.left);
      break;
    case 'Conditional':
      work.push(3, node.alternate, node.consequent, node.test);
      break;
    case 'Call':
      work.push(node.args.length);
      for (let index = node.args.length - 1; index >= 0; index--) work.push(node.args[index]!);
      break;
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
    // relu(x) of a name or number is its helper's body written out, `x <= 0 ? 0 : x` (the same
    // operations, so the same bits): V8 runs the inlined call measurably slower (lecture network).
    const arg = args[0]!;
    if (
      callee === 'relu' &&
      args.length === 1 &&
      arg.kind === 'atom' &&
      !arg.memory &&
      arg.width <= maxInlinedReluArgument
    ) {
      return js.conditional(js.binary('<=', arg, zeroAtom), zeroAtom, arg);
    }
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
