/**
 * The parser's pipeline: scan the layout, parse each statement, assemble functions, check
 * them. Every stage reports into one `Diagnostics` and carries on, so a parse reports all its
 * problems at once; the program is returned only when there are none.
 */
import {
  DdxError,
  functionDef,
  markTreeShaped,
  postorder,
  program,
  type FunctionDef,
  type Program,
  type Span,
} from '@ddx/ast';
import type { Token } from './actions.js';
import { assemble, type Draft, type Parsed } from './assemble.js';
import { checkFunctions } from './check.js';
import { Diagnostics } from './diagnostics.js';
import { maxSourceLength, sourceTooLong } from './limits.js';
import { lineOf, scan, type Layout, type StatementRange } from './scan.js';
import { StatementParser } from './statements.js';

export interface ParseOptions {
  /** A file name for error locations (`model.ddx:3:7`). */
  readonly file?: string;
}

/** Switches for the parser's own tests; not part of the public API. */
export interface InternalOptions extends ParseOptions {
  /** Reuse the tree of an earlier statement of the same shape (default true; see shapes.ts). */
  readonly reuseShapes?: boolean;
  /** Parse long and deep statements with the direct parser (default true; see direct.ts). */
  readonly direct?: boolean;
  /** The node limit (default `maxNodes`): tests lower it. */
  readonly maxNodes?: number;
  /** The source length limit (default `maxSourceLength`): tests lower it. */
  readonly maxSourceLength?: number;
  /** Statements at least this long are parsed directly (default `directLength`). */
  readonly directLength?: number;
  /** The longest statement ohm matches again for its error message (default `maxOhmLength`). */
  readonly maxOhmLength?: number;
  /** Run the semantic checks (default true); without them only the syntax is checked. */
  readonly check?: boolean;
}

export interface ParseResult {
  /** The program, when there were no errors. */
  readonly program?: Program;
  /** Every problem found, in source order; empty when the parse succeeded. */
  readonly errors: readonly DdxError[];
}

/** What the source is: a program, or a bare expression (see `parseExpression`). */
export type Mode = 'program' | 'expression';

/** Parses a program; never throws. */
export function parseWithDiagnostics(source: string, options: ParseOptions = {}): ParseResult {
  return runParser(source, 'program', options);
}

/** Parses a bare expression (see `parseExpression`); never throws. */
export function parseExpressionWithDiagnostics(
  source: string,
  options: ParseOptions = {},
): ParseResult {
  return runParser(source, 'expression', options);
}

/** Parses a program, throwing the first problem (with all of them in `.errors`). */
export function parse(source: string, options: ParseOptions = {}): Program {
  return orThrow(parseWithDiagnostics(source, options));
}

/**
 * Parses a bare expression: a program with one function named `''` whose parameters are the
 * expression's free variables in order of first appearance (`pi` and `e` are constants).
 */
export function parseExpression(source: string, options: ParseOptions = {}): Program {
  return orThrow(parseExpressionWithDiagnostics(source, options));
}

function orThrow(result: ParseResult): Program {
  if (result.program) return result.program;
  throw result.errors[0];
}

/** The parser with all its switches (the parser's tests use them); never throws. */
export function runParser(source: string, mode: Mode, options: InternalOptions = {}): ParseResult {
  try {
    return parseSource(String(source), options, mode);
  } catch (error) {
    if (error instanceof DdxError) return { errors: [error] };
    // A bug, not a property of the input; callers still get a DdxError, never a TypeError.
    const detail = error instanceof Error ? error.message : String(error);
    const message = `internal parser error: ${detail}`;
    return { errors: [new DdxError('internal', message, { file: options.file, cause: error })] };
  }
}

function parseSource(source: string, options: InternalOptions, mode: Mode): ParseResult {
  const diagnostics = new Diagnostics();
  const longest = options.maxSourceLength ?? maxSourceLength;
  if (source.length > longest) {
    // Before any work: the caret points at the first character past the limit.
    const span = { start: longest, end: longest + 1 };
    diagnostics.report('limit', sourceTooLong(source.length, longest), span);
    return { errors: diagnostics.toErrors(source, options.file) };
  }
  const layout = scan(source);
  const rule = mode === 'expression' ? 'Expr' : 'Statement';
  const statements =
    mode === 'expression' ? singleStatement(layout, source, diagnostics) : layout.statements;
  const parser = new StatementParser(source, rule, diagnostics, {
    reuseShapes: options.reuseShapes ?? true,
    direct: options.direct ?? true,
    maxNodes: options.maxNodes,
    directLength: options.directLength,
    maxOhmLength: options.maxOhmLength,
  });
  const parsed = parser.parseAll(statements);
  if (parser.stopped) return { errors: diagnostics.toErrors(source, options.file) };
  const drafts =
    mode === 'expression'
      ? expressionDrafts(parsed, source)
      : assemble(parsed, (message, span) => diagnostics.report('syntax', message, span));
  if (options.check ?? true) {
    checkFunctions(drafts, {
      maxNodes: options.maxNodes,
      report: (code, message, span) => diagnostics.report(code, message, span),
      lineOf: (offset) => lineOf(layout, offset),
    });
  }
  if (diagnostics.count > 0) return { errors: diagnostics.toErrors(source, options.file) };
  return { program: program(drafts.map(toFunction), { start: 0, end: source.length }), errors: [] };
}

/** A bare expression is one statement: more is an error, none is "expected an expression". */
function singleStatement(
  layout: Layout,
  source: string,
  diagnostics: Diagnostics,
): readonly StatementRange[] {
  const [first, second] = layout.statements;
  if (first === undefined) {
    const end = { start: source.length, end: source.length };
    diagnostics.report('syntax', 'expected an expression, found the end of the input', end);
    return [];
  }
  if (second !== undefined) {
    const message = 'a bare expression is a single line: unexpected second line';
    diagnostics.report('syntax', message, { start: second.start, end: second.end });
  }
  return [first];
}

/** The anonymous function of a bare expression: its free variables are its parameters. */
function expressionDrafts(parsed: readonly Parsed[], source: string): Draft[] {
  const line = parsed[0];
  if (line === undefined || !('statement' in line) || line.statement.kind !== 'expression') {
    return [];
  }
  const value = line.statement.value;
  const params: Token[] = [];
  const seen = new Set<string>();
  // postorder lists a tree's leaves left to right: first appearance is source order.
  for (const node of postorder([value])) {
    if (node.kind === 'Identifier' && !seen.has(node.name)) {
      seen.add(node.name);
      params.push({ text: node.name, span: node.span! });
    }
  }
  const whole: Span = { start: 0, end: source.length };
  const name = { text: '', span: { start: 0, end: 0 } };
  return [{ name, params, body: [], results: [value], unsure: undefined, span: whole }];
}

/** A checked draft as an AST function (only called when there were no errors). */
function toFunction(draft: Draft): FunctionDef {
  const params = draft.params!;
  const names = params.map((param) => param.text);
  // functionDef checks its invariants; the node is then written as one literal with the spans
  // of its name and parameters (a copy made by spreading takes three times the memory).
  const { kind, name, body, results, span } = functionDef(
    draft.name.text,
    names,
    draft.body,
    draft.results!,
    draft.span,
  );
  const paramSpans = params.map((param) => param.span);
  // Every node comes from its own stretch of text: none is reached twice (code generation then
  // skips its sharing analysis).
  return markTreeShaped({
    kind,
    name,
    params: names,
    body,
    results,
    span,
    nameSpan: draft.name.span,
    paramSpans,
  });
}
