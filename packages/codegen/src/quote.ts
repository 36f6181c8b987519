/**
 * Bounded printing of ddx source for comments: the same text as @ddx/ast's `printExpression`
 * and `printFunction`, but each line stops growing once it is `limit` UTF-16 units long. A
 * shared DAG printed in full is exponential in its depth; a quoted line is cut at a hundred
 * columns anyway, so printing stops there (the text up to the cut is the same).
 */
import { anonymousName, writeExpression, type Expression, type FunctionDef } from '@ddx/ast';

/** One line of text that stops growing at `limit` UTF-16 units. */
export class BoundedLine {
  readonly #parts: string[] = [];
  #length = 0;
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get full(): boolean {
    return this.#length >= this.#limit;
  }

  push(text: string): this {
    if (!this.full) {
      this.#parts.push(text);
      this.#length += text.length;
    }
    return this;
  }

  /** `items` separated by `separator`, up to the limit. */
  join(items: readonly string[], separator: string): this {
    for (let index = 0; index < items.length && !this.full; index++) {
      if (index > 0) this.push(separator);
      this.push(items[index]!);
    }
    return this;
  }

  /** `printExpression(root)`, up to the limit. */
  expression(root: Expression): this {
    writeExpression(root, this);
    return this;
  }

  /** The results, `a, b`, up to the limit. */
  results(fn: FunctionDef): this {
    fn.results.forEach((result, index) => {
      if (index > 0) this.push(', ');
      this.expression(result);
    });
    return this;
  }

  text(): string {
    return this.#parts.join('');
  }
}

/**
 * The lines of `printFunction(fn)` (one-line form where it applies), each cut to `limit` units,
 * with at most `maxBindings` bindings shown (then a line counting the rest).
 */
export function quoteFunction(fn: FunctionDef, limit: number, maxBindings: number): string[] {
  const line = (): BoundedLine => new BoundedLine(limit);
  if (fn.body.length === 0 && fn.results.length === 1) {
    const whole = line();
    if (fn.name !== '') whole.push(fn.name).push('(').join(fn.params, ', ').push(') = ');
    return [whole.results(fn).text()];
  }
  const lines = [
    line()
      .push(fn.name || anonymousName)
      .push('(')
      .join(fn.params, ', ')
      .push(') {')
      .text(),
  ];
  const shown = fn.body.length <= maxBindings ? fn.body.length : maxBindings - 1;
  for (let index = 0; index < shown; index++) {
    const binding = fn.body[index]!;
    lines.push(line().push('  ').push(binding.name).push(' = ').expression(binding.value).text());
  }
  if (shown < fn.body.length) lines.push(`  ... ${fn.body.length - shown} more bindings`);
  lines.push(line().push('  return ').results(fn).text(), '}');
  return lines;
}
