/**
 * Statement ranges to `Statement`s. Each statement is parsed on its own:
 * - an ordinary statement is matched by ohm in this thread, or its tree is copied from an
 *   earlier statement of the same shape (shapes.ts);
 * - a long or deeply nested one (or one that overflowed the stack here) is parsed by the
 *   direct parser (direct.ts), which needs neither ohm's memo table nor a deep stack. Should it
 *   not parse, ohm matches it again for the error message: in this thread, or, when it is
 *   deeply nested, in a worker with a large stack (offload.ts), all of those in one batch at
 *   the end. Past `maxOhmLength` the direct parser's own diagnosis is used.
 * A statement that does not parse becomes a syntax error and a guess at what it meant.
 * The program's expression nodes are counted as statements are parsed; past `maxNodes` the
 * parse stops with one `limit` error.
 */
import { operandsOf, type Expression, type Span } from '@ddx/ast';
import { ddxActions, type Statement } from './actions.js';
import { guess, type Parsed } from './assemble.js';
import type { Diagnostics } from './diagnostics.js';
import { parseDirect, type NodeBudget } from './direct.js';
import {
  directLength,
  inThreadNesting,
  maxNesting,
  maxNodes,
  maxOhmLength,
  nestedTooDeeply,
  tooManyNodes,
} from './limits.js';
import { CstWriter, matchStatement, type Matched, type Mismatched, type Outcome } from './match.js';
import { describeMismatch } from './messages.js';
import { matchInWorker } from './offload.js';
import type { StatementRange } from './scan.js';
import { ShapeCache, shapeOf } from './shapes.js';
import { evaluate, type Actions } from './tree.js';

/** `Statement` for a program's lines, `Expr` for a bare expression. */
export type StartRule = 'Statement' | 'Expr';

export interface StatementOptions {
  /** Reuse the tree of an earlier statement of the same shape. */
  readonly reuseShapes: boolean;
  /** Parse long and deep statements with the direct parser (else ohm matches everything). */
  readonly direct: boolean;
  /** The node limit (tests lower it). */
  readonly maxNodes?: number;
  /** Statements at least this long are parsed directly (tests lower it to 0). */
  readonly directLength?: number;
  /** The longest statement ohm matches again for an error message (tests lower it). */
  readonly maxOhmLength?: number;
}

export class StatementParser {
  private readonly actions: Actions;
  private readonly writer = new CstWriter();
  private readonly shapes: ShapeCache | undefined;
  private readonly direct: boolean;
  private readonly budget: NodeBudget;
  private readonly directLength: number;
  private readonly maxOhmLength: number;
  /** Set when the program crossed `maxNodes`: the parse ends there. */
  stopped = false;

  constructor(
    private readonly source: string,
    private readonly rule: StartRule,
    private readonly diagnostics: Diagnostics,
    options: StatementOptions,
  ) {
    this.actions = ddxActions((code, message, span) => diagnostics.report(code, message, span));
    this.shapes = options.reuseShapes ? new ShapeCache() : undefined;
    this.direct = options.direct;
    this.budget = { remaining: options.maxNodes ?? maxNodes };
    this.directLength = options.directLength ?? directLength;
    this.maxOhmLength = options.maxOhmLength ?? maxOhmLength;
  }

  /** One `Parsed` per statement, in order (unless the parse stopped at the node limit). */
  parseAll(statements: readonly StatementRange[]): Parsed[] {
    const parsed: Parsed[] = new Array(statements.length);
    const deep: number[] = [];
    for (let index = 0; index < statements.length && !this.stopped; index++) {
      const statement = statements[index]!;
      const long = statement.end - statement.start >= this.directLength;
      let result: Parsed | undefined;
      if (statement.depth > maxNesting) {
        const at = this.crossing(statement);
        result = this.giveUp(statement, nestedTooDeeply(statement.depth), at);
      } else if (this.direct && (long || statement.depth > inThreadNesting)) {
        result = this.parseDirectly(statement, index, deep);
      } else if (statement.depth > inThreadNesting) {
        deep.push(index);
      } else {
        this.writer.length = 0;
        const outcome = this.matchHere(statement);
        if (!('overflow' in outcome)) result = this.interpret(outcome, this.writer.data, statement);
        else if (this.direct) result = this.parseDirectly(statement, index, deep);
        else deep.push(index);
      }
      if (result !== undefined) parsed[index] = result;
    }
    if (deep.length > 0 && !this.stopped) this.parseInWorker(statements, deep, parsed);
    return parsed;
  }

  /** Matches in this thread, reusing the tree of an earlier statement of the same shape. */
  private matchHere(range: StatementRange): Outcome {
    const { source, writer, shapes, rule } = this;
    const shape = shapes && shapeOf(source, range.start, range.end);
    if (shape && shapes!.instantiate(rule, shape, writer)) {
      return { ok: true, from: 0, to: writer.length };
    }
    const outcome = matchStatement(source, range.start, range.end, rule, writer);
    if (shape && outcome.ok) shapes!.remember(rule, shape, writer, outcome.from, outcome.to);
    return outcome;
  }

  /**
   * The direct parser's statement; when it does not parse, ohm's error message (undefined
   * when that is left to the worker: `index` joins `deep`), or past `maxOhmLength` its own.
   */
  private parseDirectly(statement: StatementRange, index: number, deep: number[]) {
    const outcome = parseDirect(this.source, statement, this.rule, this.actions, this.budget);
    if (outcome.ok) return { statement: outcome.statement };
    if ('limit' in outcome) {
      if (outcome.limit === 'nesting')
        return this.giveUp(statement, nestedTooDeeply(), outcome.span);
      return this.stop(outcome.span);
    }
    if (statement.end - statement.start > this.maxOhmLength) {
      return this.mismatch({ ...outcome, expected: [...outcome.expected] }, statement);
    }
    if (statement.depth > inThreadNesting) {
      deep.push(index);
      return undefined;
    }
    this.writer.length = 0;
    const matched = matchStatement(
      this.source,
      statement.start,
      statement.end,
      this.rule,
      this.writer,
    );
    if (!('overflow' in matched)) return this.interpret(matched, this.writer.data, statement);
    deep.push(index);
    return undefined;
  }

  private parseInWorker(
    statements: readonly StatementRange[],
    deep: readonly number[],
    parsed: Parsed[],
  ): void {
    const ranges = new Int32Array(2 * deep.length);
    deep.forEach((index, position) => {
      ranges[2 * position] = statements[index]!.start;
      ranges[2 * position + 1] = statements[index]!.end;
    });
    const batch = matchInWorker(this.source, ranges, this.rule);
    deep.forEach((index, position) => {
      const statement = statements[index]!;
      const outcome = batch.outcomes[position]!;
      parsed[index] =
        'overflow' in outcome
          ? this.giveUp(statement, nestedTooDeeply(), spanOf(statement))
          : this.interpret(outcome, batch.entries, statement);
    });
  }

  /** A matched statement as a `Statement`; a mismatch as an error and a guess. */
  private interpret(
    outcome: Matched | Mismatched,
    entries: Int32Array,
    statement: StatementRange,
  ): Parsed {
    if (!outcome.ok) return this.mismatch(outcome, statement);
    const span = spanOf(statement);
    const root = evaluate(entries, outcome.from, outcome.to, this.source, this.actions).value;
    const parsed: Statement =
      this.rule === 'Statement'
        ? (root as Statement)
        : { kind: 'expression', value: root as Expression, span };
    this.budget.remaining -= nodeCount(parsed);
    if (this.budget.remaining < 0) return this.stop(span);
    return { statement: parsed };
  }

  private mismatch(outcome: Mismatched, statement: StatementRange): Parsed {
    const problem = describeMismatch(this.source, statement, outcome.position, outcome.expected);
    this.diagnostics.report('syntax', problem.message, problem.span);
    const text = this.source.slice(statement.start, statement.end);
    return { broken: guess(text, statement.start), span: spanOf(statement) };
  }

  /** The '(' at which the statement's parentheses nest deeper than `maxNesting`. */
  private crossing(statement: StatementRange): Span {
    let depth = 0;
    for (let at = statement.start; at < statement.end; at++) {
      const code = this.source.charCodeAt(at);
      if (code === 0x28 && ++depth > maxNesting) return { start: at, end: at + 1 };
      if (code === 0x29 && depth > 0) depth--;
      if (code === 0x23) break; // a comment: scan.ts ends the statement before it
    }
    return spanOf(statement);
  }

  private giveUp(statement: StatementRange, message: string, at: Span): Parsed {
    this.diagnostics.report('limit', message, at);
    return { broken: { kind: 'unknown' }, span: spanOf(statement) };
  }

  /** The program crossed the node limit at `at`: report it and parse no further. */
  private stop(at: Span): Parsed {
    this.stopped = true;
    return this.giveUp({ ...at, depth: 0, unclosed: 0 }, tooManyNodes(), at);
  }
}

/** How many expression nodes a statement (a tree: the parser shares no nodes) has. */
function nodeCount(statement: Statement): number {
  const stack: Expression[] = [];
  switch (statement.kind) {
    case 'bind':
    case 'expression':
      stack.push(statement.value);
      break;
    case 'define':
    case 'return':
      for (const result of statement.results) stack.push(result);
      break;
    default:
      return 0;
  }
  let count = 0;
  while (stack.length > 0) {
    count++;
    for (const operand of operandsOf(stack.pop()!)) stack.push(operand);
  }
  return count;
}

function spanOf(statement: StatementRange): Span {
  return { start: statement.start, end: statement.end };
}
