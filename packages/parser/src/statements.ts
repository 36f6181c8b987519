/**
 * Statement ranges to `Statement`s. Each statement is matched on its own, so ohm's memo table
 * never holds more than one line:
 * - a shallow statement is matched in this thread, or its tree is copied from an earlier
 *   statement of the same shape (shapes.ts);
 * - a deeply nested one (or one that overflowed the stack here) is matched in a worker with a
 *   large stack (offload.ts), all of them in one batch at the end.
 * A statement that does not match becomes a syntax error and a guess at what it meant.
 */
import { binary, type Expression, type Span } from '@ddx/ast';
import { ddxActions, type Statement } from './actions.js';
import { guess, type Parsed } from './assemble.js';
import type { Diagnostics } from './diagnostics.js';
import { inThreadNesting, maxNesting } from './limits.js';
import { CstWriter, matchStatement, type Matched, type Mismatched, type Outcome } from './match.js';
import { describeMismatch } from './messages.js';
import { matchInWorker } from './offload.js';
import type { StatementRange } from './scan.js';
import { ShapeCache, shapeOf } from './shapes.js';
import { splitSum, type Range } from './sums.js';
import { evaluate, type Actions } from './tree.js';

/** `Statement` for a program's lines, `Expr` for a bare expression. */
export type StartRule = 'Statement' | 'Expr';
/** Start rules of pieces: the terms of a long sum are matched as `Mul`. */
type MatchRule = StartRule | 'Mul';

export class StatementParser {
  private readonly actions: Actions;
  private readonly writer = new CstWriter();
  private readonly shapes: ShapeCache | undefined;
  private readonly splitSums: boolean;

  constructor(
    private readonly source: string,
    private readonly rule: StartRule,
    private readonly diagnostics: Diagnostics,
    options: { reuseShapes: boolean; splitSums: boolean },
  ) {
    this.actions = ddxActions((message, span) => diagnostics.report('syntax', message, span));
    this.shapes = options.reuseShapes ? new ShapeCache() : undefined;
    this.splitSums = options.splitSums;
  }

  /** One `Parsed` per statement, in order. */
  parseAll(statements: readonly StatementRange[]): Parsed[] {
    const parsed: Parsed[] = new Array(statements.length);
    const deep: number[] = [];
    statements.forEach((statement, index) => {
      if (statement.depth > maxNesting) {
        const message = `parentheses nested ${statement.depth} deep: the limit is ${maxNesting}`;
        parsed[index] = this.giveUp(statement, message);
      } else if (statement.depth > inThreadNesting) {
        deep.push(index);
      } else {
        const sum = this.parseSum(statement);
        if (sum) {
          parsed[index] = sum;
          return;
        }
        this.writer.length = 0;
        const outcome = this.matchHere(statement);
        if ('overflow' in outcome) deep.push(index);
        else parsed[index] = this.interpret(outcome, this.writer.data, statement);
      }
    });
    if (deep.length > 0) this.parseInWorker(statements, deep, parsed);
    return parsed;
  }

  /** Matches in this thread, reusing the tree of an earlier statement of the same shape. */
  private matchHere(range: Range, rule: MatchRule = this.rule): Outcome {
    const { source, writer, shapes } = this;
    const shape = shapes && shapeOf(source, range.start, range.end);
    if (shape && shapes!.instantiate(rule, shape, writer)) {
      return { ok: true, from: 0, to: writer.length };
    }
    const outcome = matchStatement(source, range.start, range.end, rule, writer);
    if (shape && outcome.ok) shapes!.remember(rule, shape, writer, outcome.from, outcome.to);
    return outcome;
  }

  /** Matches and evaluates one piece; undefined when it does not match. */
  private evaluatePiece(range: Range, rule: MatchRule): unknown {
    this.writer.length = 0;
    const outcome = this.matchHere(range, rule);
    if (!outcome.ok) return undefined;
    return evaluate(this.writer.data, outcome.from, outcome.to, this.source, this.actions).value;
  }

  /** A long sum matched term by term (sums.ts), or undefined to match it whole. */
  private parseSum(statement: StatementRange): Parsed | undefined {
    const split = this.splitSums ? splitSum(this.source, statement, this.rule) : undefined;
    if (split === undefined) return undefined;
    const head = this.evaluatePiece(split.head, this.rule);
    if (head === undefined) return undefined;
    let sum = this.rule === 'Expr' ? (head as Expression) : lastExpression(head as Statement);
    for (const term of split.terms) {
      const value = this.evaluatePiece(term, 'Mul') as Expression | undefined;
      if (value === undefined) return undefined;
      sum = binary(term.operator, sum, value, { start: split.sumStart, end: term.end });
    }
    return { statement: this.withExpression(head, sum, spanOf(statement)) };
  }

  /** The head statement with its (only) expression replaced by the whole sum. */
  private withExpression(head: unknown, sum: Expression, span: Span): Statement {
    if (this.rule === 'Expr') return { kind: 'expression', value: sum, span };
    const statement = head as Statement;
    switch (statement.kind) {
      case 'bind':
      case 'expression':
        return { ...statement, value: sum, span };
      case 'return':
      case 'define':
        return { ...statement, results: [sum], span };
      default:
        throw new Error(`a sum cannot complete a '${statement.kind}' statement`);
    }
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
          ? this.giveUp(statement, `nested too deeply to parse (the limit is ${maxNesting})`)
          : this.interpret(outcome, batch.entries, statement);
    });
  }

  /** A matched statement as a `Statement`; a mismatch as an error and a guess. */
  private interpret(
    outcome: Matched | Mismatched,
    entries: Int32Array,
    statement: StatementRange,
  ): Parsed {
    const span = spanOf(statement);
    if (outcome.ok) {
      const root = evaluate(entries, outcome.from, outcome.to, this.source, this.actions).value;
      if (this.rule === 'Statement') return { statement: root as Statement };
      return { statement: { kind: 'expression', value: root as Expression, span } };
    }
    const problem = describeMismatch(this.source, statement, outcome.position, outcome.expected);
    this.diagnostics.report('syntax', problem.message, problem.span);
    const text = this.source.slice(statement.start, statement.end);
    return { broken: guess(text, statement.start), span };
  }

  private giveUp(statement: StatementRange, message: string): Parsed {
    const span = spanOf(statement);
    this.diagnostics.report('limit', message, span);
    return { broken: { kind: 'unknown' }, span };
  }
}

/** The last expression of a statement that ends in one (a sum's head). */
function lastExpression(statement: Statement): Expression {
  switch (statement.kind) {
    case 'bind':
    case 'expression':
      return statement.value;
    case 'return':
    case 'define':
      return statement.results.at(-1)!;
    default:
      throw new Error(`a '${statement.kind}' statement has no expression`);
  }
}

function spanOf(statement: StatementRange): Span {
  return { start: statement.start, end: statement.end };
}
