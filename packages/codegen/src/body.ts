/**
 * A function body under construction: a list of one-line statements. It keeps every line within
 * prettier's print width and every expression shallow by naming subexpressions (`const t1 = ...`),
 * so the output needs no formatting pass and V8 parses any input without deep recursion.
 */
import { NameSupply } from './names.js';
import { printJs } from './js-print.js';
import {
  isTrivial,
  local,
  operandsOf,
  textWidth,
  withOperands,
  type JsExpression,
} from './js-tree.js';

/** prettier's printWidth in this repository (.prettierrc.json). */
export const printWidth = 100;
/** Statements stand at one level of indentation. */
export const indent = '  ';
/** The widest expression built before a part of it is named. */
export const maxExpressionWidth = 80;
/** The deepest expression built before a part of it is named. */
export const maxDepth = 32;

export type Statement = (
  | /** `const name = value;` */ { readonly kind: 'const'; readonly name: string }
  | /** `target = value;`, the target an element such as `out[3]`. */ {
      readonly kind: 'assign';
      readonly target: string;
    }
  | /** `[let accumulator = init;] header { body }`: a rerolled loop (reroll.ts). */ {
      readonly kind: 'loop';
      readonly header: string;
      readonly body: readonly Statement[];
      /** A reduction's running sum, declared before the loop: the name the loop defines. */
      readonly accumulator?: { readonly name: string; readonly init: string };
    }
) & {
  /** The printed value. Statements keep text, not trees: a 10^5-node body stays small. */
  readonly text: string;
  /** The locals the statement reads from outside, in order of first appearance. */
  readonly reads: readonly string[];
  /** Operations in the statement, plus one: the measure of chunk sizes. */
  readonly cost: number;
  /** Whether it touches the scratch buffer: it must keep its place among such statements. */
  readonly pinned: boolean;
};

export function printStatement(statement: Statement, prefix = indent): string {
  switch (statement.kind) {
    case 'const':
      return `${prefix}const ${statement.name} = ${statement.text};`;
    case 'assign':
      return `${prefix}${statement.target} = ${statement.text};`;
    case 'loop': {
      const { accumulator } = statement;
      const inner = statement.body.map((s) => printStatement(s, `${prefix}${indent}`));
      return [
        ...(accumulator ? [`${prefix}let ${accumulator.name} = ${accumulator.init};`] : []),
        `${prefix}${statement.header} {`,
        ...inner,
        `${prefix}}`,
      ].join('\n');
    }
  }
}

/** The local a statement defines, if any. */
export function definedName(statement: Statement): string | undefined {
  if (statement.kind === 'const') return statement.name;
  return statement.kind === 'loop' ? statement.accumulator?.name : undefined;
}

/**
 * A loop over `body` (its own definitions are not reads from outside), with the running sum of
 * a reduction declared before it.
 */
export function loopStatement(
  header: string,
  body: readonly Statement[],
  accumulator?: { name: string; init: JsExpression },
): Statement {
  const defined = new Set<string>(accumulator ? [accumulator.name] : []);
  const reads = new Set<string>();
  let cost = 1;
  let pinned = false;
  if (accumulator) {
    const init = measure(accumulator.init);
    for (const name of init.reads) reads.add(name);
    cost += init.cost;
    pinned = init.pinned;
  }
  for (const statement of body) {
    for (const name of statement.reads) if (!defined.has(name)) reads.add(name);
    if (statement.kind === 'const') defined.add(statement.name);
    cost += statement.cost;
    pinned ||= statement.pinned;
  }
  return {
    kind: 'loop',
    header,
    body,
    text: '',
    reads: [...reads],
    cost,
    pinned,
    ...(accumulator
      ? { accumulator: { name: accumulator.name, init: printJs(accumulator.init) } }
      : {}),
  };
}

/** `const name = value;` as a statement. */
export function constStatement(name: string, value: JsExpression): Statement {
  return { kind: 'const', name, ...measure(value) };
}

/** `target = value;` as a statement. */
export function assignStatement(target: string, value: JsExpression, pinned = false): Statement {
  const measured = measure(value);
  return { kind: 'assign', target, ...measured, pinned: measured.pinned || pinned };
}

function measure(value: JsExpression): {
  text: string;
  reads: string[];
  cost: number;
  pinned: boolean;
} {
  const reads = new Set<string>();
  let cost = 1;
  let pinned = false;
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'atom') {
      if (node.local) reads.add(node.text);
      if (node.memory) pinned = true;
      continue;
    }
    cost++;
    const operands = operandsOf(node);
    for (let index = operands.length - 1; index >= 0; index--) stack.push(operands[index]!);
  }
  return { text: printJs(value), reads: [...reads], cost, pinned };
}

/** The distinct local names an expression list reads, in order of first appearance. */
export function localsOf(roots: readonly JsExpression[]): string[] {
  const seen = new Set<string>();
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'atom') {
      if (node.local) seen.add(node.text);
      continue;
    }
    const operands = operandsOf(node);
    for (let index = operands.length - 1; index >= 0; index--) stack.push(operands[index]!);
  }
  return [...seen];
}

export class Body {
  readonly statements: Statement[] = [];
  readonly names: NameSupply;
  /** The indentation of this body's statements. */
  readonly indent: string;

  constructor(names: NameSupply, bodyIndent = indent) {
    this.names = names;
    this.indent = bodyIndent;
  }

  /** A body one level deeper (a loop's), naming from the same supply. */
  nested(): Body {
    return new Body(this.names, this.indent + indent);
  }

  /** Appends a loop `header { ...nested.statements }`. */
  loop(header: string, nested: Body): void {
    this.statements.push(loopStatement(header, nested.statements));
  }

  /** Appends `let name = init;` and the loop `header { ...nested.statements }` that sums into it. */
  reduction(name: string, init: JsExpression, header: string, nested: Body): void {
    const prefix = this.indent.length + 'let '.length + textWidth(name) + ' = '.length;
    const fitted = this.fit(init, prefix, 1);
    this.statements.push(loopStatement(header, nested.statements, { name, init: fitted }));
  }

  /** `node` with parts named until it is at most `maxExpressionWidth` wide and `maxDepth` deep. */
  shrink(node: JsExpression): JsExpression {
    let current = node;
    while (current.width > maxExpressionWidth || current.depth > maxDepth) {
      const reduced = this.#nameOneOperand(current, current.depth > maxDepth);
      if (reduced === current) break;
      current = reduced;
    }
    return current;
  }

  /**
   * `node` with parts named until the line `prefix + node + suffix` (prefix and suffix given by
   * width) fits the print width, or nothing is left to name.
   */
  fit(node: JsExpression, prefixWidth: number, suffixWidth: number): JsExpression {
    let current = node;
    while (prefixWidth + current.width + suffixWidth > printWidth) {
      const reduced = this.#nameOneOperand(current, false);
      if (reduced === current) break;
      current = reduced;
    }
    return current;
  }

  /** Names `value` as a fresh temporary and returns the name. */
  name(value: JsExpression): JsExpression {
    const name = this.names.temporary();
    this.define(name, value);
    return local(name);
  }

  /** Appends `const name = value;`, fitted to one line. */
  define(name: string, value: JsExpression): void {
    const prefix = this.indent.length + 'const '.length + textWidth(name) + ' = '.length;
    this.statements.push(constStatement(name, this.fit(value, prefix, 1)));
  }

  /** Appends `target = value;`, fitted to one line; `pinned` when the target is scratch. */
  assign(target: string, value: JsExpression, pinned = false): void {
    const prefix = this.indent.length + textWidth(target) + ' = '.length;
    this.statements.push(assignStatement(target, this.fit(value, prefix, 1), pinned));
  }

  /** `node` with its widest (or deepest) non-trivial operand named; `node` if there is none. */
  #nameOneOperand(node: JsExpression, byDepth: boolean): JsExpression {
    const operands = [...operandsOf(node)];
    let chosen = -1;
    for (let index = 0; index < operands.length; index++) {
      const operand = operands[index]!;
      if (isTrivial(operand)) continue;
      const best = operands[chosen];
      const measure = (e: JsExpression): number => (byDepth ? e.depth : e.width);
      if (best === undefined || measure(operand) > measure(best)) chosen = index;
    }
    if (chosen === -1) return node;
    operands[chosen] = this.name(operands[chosen]!);
    return withOperands(node, operands);
  }
}
