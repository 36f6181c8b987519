/**
 * A function body under construction: a list of one-line statements. It keeps every line within
 * prettier's print width and every expression shallow by naming subexpressions (`const t1 = ...`),
 * so the output needs no formatting pass and V8 parses any input without deep recursion.
 */
import { isTrivial, operandsOf, textWidth, withOperands, type JsExpression } from './js-tree.js';
import type { Locals } from './locals.js';
import { Statements } from './statements.js';

/** prettier's printWidth in this repository (.prettierrc.json). */
export const printWidth = 100;
/** Statements stand at one level of indentation. */
export const indent = '  ';
/** The widest expression built before a part of it is named. */
export const maxExpressionWidth = 80;
/** The deepest expression built before a part of it is named. */
export const maxDepth = 32;

/** A parameter read from its array (`const w1 = params[0];`), which any chunk may repeat. */
export interface ElementRead {
  readonly local: number;
  /** The indented line. */
  readonly line: string;
}

/**
 * A statement `const name = test ? value : 0;` of a body, by its index among the statements: a
 * candidate for a group on one test (`selectionGroups`).
 */
export interface Selection {
  readonly statement: number;
  readonly name: string;
  readonly test: string;
  readonly value: string;
}

export class Body {
  readonly statements = new Statements();
  /** The body's selections with a zero alternate, in statement order (top level only). */
  readonly selections: Selection[] = [];
  readonly locals: Locals;
  /** The indentation of this body's statements. */
  readonly indent: string;

  constructor(locals: Locals, bodyIndent = indent) {
    this.locals = locals;
    this.indent = bodyIndent;
  }

  /** A body one level deeper (a loop's), naming from the same locals. */
  nested(): Body {
    return new Body(this.locals, this.indent + indent);
  }

  /** Appends a loop `header { ...nested }`. */
  loop(header: string, nested: Body): void {
    this.#loop(header, nested);
  }

  /** Appends `let name = init;` and the loop `header { ...nested }` that sums into it. */
  reduction(local: number, init: JsExpression, header: string, nested: Body): void {
    const name = this.locals.names[local]!;
    const prefix = this.indent.length + 'let '.length + textWidth(name) + ' = '.length;
    this.#loop(header, nested, { name, local, init: this.fit(init, prefix, 1) });
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

  /** Names `value` as a fresh temporary and returns the temporary. */
  name(value: JsExpression): JsExpression {
    const local = this.locals.temporary();
    this.define(local, value);
    return this.locals.read(local);
  }

  /** Appends `const name = value;`, fitted to one line. */
  define(local: number, value: JsExpression): void {
    const name = this.locals.names[local]!;
    const prefix = this.indent.length + 'const '.length + textWidth(name) + ' = '.length;
    const fitted = this.fit(value, prefix, 1);
    const reads = this.locals.readsOf(fitted);
    const line = `${this.indent}const ${name} = ${fitted.text};`;
    const { operations, memory } = fitted;
    if (
      fitted.kind === 'conditional' &&
      fitted.third!.text === '0' &&
      this.indent === indent &&
      textWidth(line) <= printWidth
    ) {
      const { count } = this.statements;
      this.selections.push({
        statement: count,
        name,
        test: fitted.first!.text,
        value: fitted.second!.text,
      });
    }
    this.statements.add(line, local, operations + 1, memory, false, this.locals.readBuffer, reads);
  }

  /**
   * Appends `const name = text;` for a value already printed: one that no naming could shorten,
   * of `operations` operations, reading `reads[0, readCount)` (no scratch).
   */
  defineText(
    local: number,
    text: string,
    operations: number,
    reads: ArrayLike<number>,
    readCount: number,
  ): void {
    const line = `${this.indent}const ${this.locals.names[local]} = ${text};`;
    this.statements.add(line, local, operations + 1, false, false, reads, readCount);
  }

  /** Appends `target = value;`, fitted to one line; `pinned` when the target is scratch. */
  assign(target: string, value: JsExpression, pinned = false): void {
    const prefix = this.indent.length + textWidth(target) + ' = '.length;
    const fitted = this.fit(value, prefix, 1);
    const reads = this.locals.readsOf(fitted);
    const line = `${this.indent}${target} = ${fitted.text};`;
    const { operations, memory } = fitted;
    const buffer = this.locals.readBuffer;
    this.statements.add(line, -1, operations + 1, memory || pinned, true, buffer, reads);
  }

  /**
   * Appends a loop over `nested` (its own definitions are not reads from outside), with the
   * running sum of a reduction declared before it.
   */
  #loop(
    header: string,
    nested: Body,
    accumulator?: { name: string; local: number; init: JsExpression },
  ): void {
    const inner = nested.statements;
    const defined = new Set<number>(accumulator ? [accumulator.local] : []);
    const reads = new Set<number>();
    const lines: string[] = [];
    let cost = 1;
    let pinned = false;
    if (accumulator) {
      for (const local of this.locals.readsList(accumulator.init)) reads.add(local);
      cost += accumulator.init.operations + 1;
      pinned = accumulator.init.memory;
      lines.push(`${this.indent}let ${accumulator.name} = ${accumulator.init.text};`);
    }
    lines.push(`${this.indent}${header} {`);
    if (inner.count > 0) lines.push(inner.text(0, inner.count));
    lines.push(`${this.indent}}`);
    const pool = inner.readPool;
    for (let s = 0; s < inner.count; s++) {
      for (let r = inner.readsStart(s); r < inner.readsEnd(s); r++) {
        if (!defined.has(pool[r]!)) reads.add(pool[r]!);
      }
      if (inner.local(s) >= 0) defined.add(inner.local(s));
      cost += inner.cost(s);
      pinned ||= inner.pinned(s);
    }
    const local = accumulator?.local ?? -1;
    this.statements.add(lines.join('\n'), local, cost, pinned, false, [...reads]);
  }

  /** `node` with its widest (or deepest) non-trivial operand named; `node` if there is none. */
  #nameOneOperand(node: JsExpression, byDepth: boolean): JsExpression {
    const operands = operandsOf(node);
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

/**
 * The lines of a body written as one function, where each run of two or more consecutive
 * selections on the same test (`const a = c ? x : 0; const b = c ? x * y : 0;`, as the gradient
 * of a relu gives) becomes one `if` block: `let a = 0; let b = 0; if (c) { a = x; b = x * y; }`.
 * The same values and the same bits (each value is computed only when the test holds, as in the
 * selection; a later one may read an earlier one, which the block has assigned by then), one
 * branch instead of one per selection: the lecture network's gradient took 4.48 ns instead of
 * 6.23 (`npm run compare -w @ddx/bench`). The chunked layout keeps one definition per statement.
 */
export function selectionGroups(body: Body): string[] {
  const { statements, selections } = body;
  const lines: string[] = [];
  let from = 0;
  for (let i = 0; i < selections.length;) {
    const first = selections[i]!;
    let end = i + 1;
    while (
      end < selections.length &&
      selections[end]!.statement === first.statement + (end - i) &&
      selections[end]!.test === first.test
    ) {
      end++;
    }
    if (end - i >= 2) {
      if (first.statement > from) lines.push(statements.text(from, first.statement));
      const group = selections.slice(i, end);
      for (const selection of group) lines.push(`${indent}let ${selection.name} = 0;`);
      lines.push(`${indent}if (${first.test}) {`);
      for (const selection of group) {
        lines.push(`${indent}${indent}${selection.name} = ${selection.value};`);
      }
      lines.push(`${indent}}`);
      from = first.statement + group.length;
    }
    i = end;
  }
  if (from < statements.count) lines.push(statements.text(from, statements.count));
  return lines;
}
