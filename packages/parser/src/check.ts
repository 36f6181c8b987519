/**
 * The semantic checks of LANGUAGE.md, all of them reported: names bound before use and bound
 * once, reserved names, parameters and functions unique, calls of known functions (built-in,
 * or defined earlier in the file) with the right number of arguments and a single result.
 * Expressions are walked with an explicit stack, never recursively.
 */
import {
  catalogue,
  operandsOf,
  reservedNames,
  signatureOf,
  type Call,
  type ErrorCode,
  type Expression,
  type Span,
} from '@ddx/ast';
import type { Token } from './actions.js';
import type { Draft } from './assemble.js';
import { expandedTooLarge, maxNodes } from './limits.js';
import { didYouMean, suggestionCells, type Work } from './suggest.js';

export interface CheckContext {
  /** The node limit for a function with its calls expanded (default `maxNodes`). */
  readonly maxNodes?: number;
  report(code: ErrorCode, message: string, span: Span): void;
  lineOf(offset: number): number;
}

/** Suggestions cost a scan of every name in scope; after this many, errors go without. */
const suggestionBudget = 100;

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function checkFunctions(drafts: readonly Draft[], context: CheckContext): void {
  const firstDefinition = new Map<string, Draft>();
  for (const draft of drafts) {
    if (!firstDefinition.has(draft.name.text)) firstDefinition.set(draft.name.text, draft);
  }
  const defined = new Map<string, Draft>();
  const budget = { suggestions: suggestionBudget, cells: suggestionCells };
  const expanded = new Map<Draft, number>();
  for (const draft of drafts) {
    checkFunctionName(draft, defined, context);
    const checker = new FunctionChecker(draft, defined, firstDefinition, context, budget);
    checker.run();
    checkExpansion(draft, checker, expanded, context);
    if (!defined.has(draft.name.text)) defined.set(draft.name.text, draft);
  }
}

/**
 * A function's size with every call of a user function replaced by the callee's body: what
 * the evaluator runs per call and what the transform inlines. `f1(x) = f0(f0(x))`, then
 * `f2(x) = f1(f1(x))`, ... doubles it per line; forty such lines would be 2^40 nodes, so each
 * function's expanded size is held to the node limit like the program's own.
 */
function checkExpansion(
  draft: Draft,
  checker: FunctionChecker,
  expanded: Map<Draft, number>,
  context: CheckContext,
): void {
  let size = checker.nodes;
  for (const callee of checker.calls) size += expanded.get(callee) ?? 0;
  expanded.set(draft, size);
  const limit = context.maxNodes ?? maxNodes;
  if (size > limit && checker.calls.length > 0) {
    context.report('limit', expandedTooLarge(draft.name.text, size, limit), draft.name.span);
  }
}

function checkFunctionName(draft: Draft, defined: Map<string, Draft>, context: CheckContext) {
  const { text: name, span } = draft.name;
  if (name === '') return;
  if (reservedNames.has(name)) {
    context.report(
      'reserved-name',
      `'${name}' is a built-in constant and cannot name a function`,
      span,
    );
  } else if (catalogue.has(name)) {
    context.report(
      'reserved-name',
      `'${name}' is a built-in function and cannot be redefined`,
      span,
    );
  } else if (defined.has(name)) {
    const line = context.lineOf(defined.get(name)!.name.span.start);
    context.report('duplicate-function', `'${name}' is already defined on line ${line}`, span);
  }
}

class FunctionChecker {
  /** Parameters and the bindings made so far: the names an expression may use. */
  private readonly scope = new Map<string, Span>();
  /** The first binding of every name in the function, to explain a use before it. */
  private readonly bindings = new Map<string, Span>();
  private readonly params = new Set<string>();
  /** The binding being checked, if any. */
  private current: string | undefined;
  /** Expression nodes of the function. */
  nodes = 0;
  /** The user function of every call (one entry per call). */
  readonly calls: Draft[] = [];

  constructor(
    private readonly draft: Draft,
    private readonly defined: ReadonlyMap<string, Draft>,
    private readonly firstDefinition: ReadonlyMap<string, Draft>,
    private readonly context: CheckContext,
    private readonly budget: { suggestions: number } & Work,
  ) {}

  run(): void {
    const { draft } = this;
    for (const binding of draft.body) {
      if (!this.bindings.has(binding.name)) this.bindings.set(binding.name, binding.nameSpan!);
    }
    for (const param of draft.params ?? []) this.declareParam(param);
    for (const binding of draft.body) {
      this.current = binding.name;
      this.checkExpression(binding.value);
      this.current = undefined;
      this.declareBinding({ text: binding.name, span: binding.nameSpan! });
    }
    for (const result of draft.results ?? []) this.checkExpression(result);
  }

  private declareParam({ text: name, span }: Token): void {
    if (reservedNames.has(name)) {
      this.report(
        'reserved-name',
        `'${name}' is a built-in constant and cannot be a parameter`,
        span,
      );
    } else if (this.params.has(name)) {
      this.report('duplicate-parameter', `parameter '${name}' is listed twice`, span);
    } else {
      this.params.add(name);
      this.scope.set(name, span);
    }
  }

  private declareBinding({ text: name, span }: Token): void {
    if (reservedNames.has(name)) {
      this.report('reserved-name', `'${name}' is a built-in constant and cannot be bound`, span);
    } else if (this.params.has(name)) {
      this.report(
        'rebinding',
        `'${name}' is a parameter of ${this.functionName} and cannot be bound`,
        span,
      );
    } else if (this.scope.has(name)) {
      const line = this.context.lineOf(this.scope.get(name)!.start);
      this.report(
        'rebinding',
        `'${name}' is already bound on line ${line} (a name is bound once)`,
        span,
      );
    } else {
      this.scope.set(name, span);
    }
  }

  private checkExpression(root: Expression): void {
    for (const node of treePostorder(root)) {
      this.nodes++;
      if (node.kind === 'Identifier') this.checkName(node.name, node.span!);
      else if (node.kind === 'Call') this.checkCall(node);
    }
  }

  private checkName(name: string, span: Span): void {
    if (
      this.scope.has(name) ||
      this.draft.params === undefined ||
      this.draft.unsure?.has(name) === true
    ) {
      return;
    }
    const bound = this.bindings.get(name);
    if (name === this.current && bound !== undefined) {
      this.report('unbound-name', `'${name}' is used in its own binding, before it is bound`, span);
    } else if (bound !== undefined) {
      const line = this.context.lineOf(bound.start);
      this.report('unbound-name', `'${name}' is used before it is bound (on line ${line})`, span);
    } else if (this.firstDefinition.has(name) || catalogue.has(name)) {
      this.report(
        'unbound-name',
        `'${name}' is a function: call it with arguments, '${name}(…)'`,
        span,
      );
    } else {
      const hint = this.suggest(name, this.scope.keys(), reservedNames);
      const where = `not a parameter of ${this.functionName}, nor bound in it`;
      this.report('unbound-name', `unbound name '${name}' (${where})${hint}`, span);
    }
  }

  private checkCall(node: Call): void {
    const { callee, args } = node;
    const span = node.span!;
    const calleeSpan = { start: span.start, end: span.start + callee.length };
    const builtin = catalogue.get(callee);
    if (builtin) {
      const { minArity, maxArity } = builtin;
      if (args.length < minArity || args.length > maxArity) {
        const takes = minArity === maxArity ? `${minArity}` : `${minArity} or ${maxArity}`;
        const message = `'${callee}' takes ${takes} argument${maxArity === 1 ? '' : 's'}, got ${args.length}: ${signatureOf(builtin)}`;
        this.report('arity', message, span);
      }
      return;
    }
    const target = this.defined.get(callee);
    if (target) {
      this.checkUserCall(node, target);
      return;
    }
    this.report('unknown-function', this.unknownFunction(callee), calleeSpan);
  }

  private checkUserCall(node: Call, target: Draft): void {
    const { callee, args } = node;
    this.calls.push(target);
    if (target.params && target.params.length !== args.length) {
      const signature = `${callee}(${target.params.map((param) => param.text).join(', ')})`;
      const message = `'${callee}' takes ${plural(target.params.length, 'argument')}, got ${args.length}: ${signature}`;
      this.report('arity', message, node.span!);
    }
    if (target.results && target.results.length > 1) {
      const message = `'${callee}' returns ${target.results.length} values; only a function with one result can be called in an expression`;
      this.report('multiple-results', message, node.span!);
    }
  }

  private unknownFunction(callee: string): string {
    if (callee === this.draft.name.text) {
      return `'${callee}' cannot call itself: a function can only call functions defined before it`;
    }
    const later = this.firstDefinition.get(callee);
    if (later) {
      const line = this.context.lineOf(later.name.span.start);
      return `'${callee}' is defined later, on line ${line}: a function can only call functions defined before it`;
    }
    return `unknown function '${callee}'${this.suggest(callee, catalogue.keys(), this.defined.keys())}`;
  }

  private suggest(name: string, ...candidates: Iterable<string>[]): string {
    if (this.budget.suggestions <= 0) return '';
    this.budget.suggestions--;
    return didYouMean(name, chain(candidates), this.budget);
  }

  private get functionName(): string {
    return this.draft.name.text === '' ? 'the expression' : `'${this.draft.name.text}'`;
  }

  private report(code: ErrorCode, message: string, span: Span): void {
    this.context.report(code, message, span);
  }
}

/** The items of several iterables, one after another (no copy of 10^6 names in scope). */
function* chain<T>(iterables: readonly Iterable<T>[]): Generator<T> {
  for (const iterable of iterables) yield* iterable;
}

/**
 * The nodes of a parsed expression, children before parents, left to right: `postorder` of
 * @ddx/ast without its set of visited nodes, which a tree (the parser shares no nodes) does not
 * need: a program of 10^6 bindings is checked a second faster.
 */
function* treePostorder(root: Expression): Generator<Expression> {
  const nodes: Expression[] = [root];
  const next: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top]!;
    const operands = operandsOf(node);
    const index = next[top]!;
    if (index < operands.length) {
      next[top] = index + 1;
      nodes.push(operands[index]!);
      next.push(0);
    } else {
      nodes.pop();
      next.pop();
      yield node;
    }
  }
}
