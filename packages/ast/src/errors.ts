/**
 * Errors are values: a stable `code`, a message a person can act on, and a source location.
 * Every package throws `DdxError`; a parse with several problems throws the first with all of
 * them in `errors`.
 */
import type { Span } from './nodes.js';
import { codePointLength, indexOf, unitIndexOfColumn } from './source-index.js';

/** The stable error codes. Tools may switch on these; they never change meaning. */
export type ErrorCode =
  | 'syntax'
  | 'unknown-function'
  | 'arity'
  | 'unbound-name'
  | 'rebinding'
  | 'reserved-name'
  | 'duplicate-parameter'
  | 'duplicate-function'
  | 'multiple-results'
  | 'unknown-parameter'
  | 'arguments'
  | 'limit'
  | 'not-differentiable'
  | 'io'
  | 'usage'
  /** A bug in ddx itself, reported as a value rather than a stray exception. */
  | 'internal';

export interface SourceLocation {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in Unicode code points. */
  readonly column: number;
  /** UTF-16 offset of the start. */
  readonly offset: number;
  /** Length of the offending text on its line, in code points (at least 1, for the caret). */
  readonly length: number;
}

export interface DdxErrorOptions {
  /** The source text the span points into; needed to compute line and column. */
  readonly source?: string;
  readonly span?: Span;
  /** A file name for rendering (`model.ddx:3:7: ...`). */
  readonly file?: string;
  /** Every problem found, when there were several (this error first). */
  readonly errors?: readonly DdxError[];
  readonly cause?: unknown;
}

/** Line and column of a UTF-16 offset in `source`. */
export function locate(source: string, offset: number): { line: number; column: number } {
  const index = indexOf(source);
  const end = Math.min(offset, source.length);
  const { line, start } = index.lineOf(end);
  return { line, column: index.codePoints(start, end) + 1 };
}

export class DdxError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly span: Span | undefined;
  /** The source line the error points at (without its newline). */
  readonly sourceLine: string | undefined;
  readonly errors: readonly DdxError[];

  constructor(code: ErrorCode, message: string, options: DdxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DdxError';
    this.code = code;
    this.file = options.file;
    this.span = options.span;
    const { source, span } = options;
    if (source !== undefined && span !== undefined) {
      // An index of the source's lines: a thousand errors on one long line stay cheap.
      const index = indexOf(source);
      const start = Math.min(span.start, source.length);
      const { line, start: lineStart } = index.lineOf(start);
      let lineEnd = source.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = source.length;
      this.sourceLine = index.lineText(lineStart);
      this.location = {
        line,
        column: index.codePoints(lineStart, start) + 1,
        offset: span.start,
        length: Math.max(1, index.codePoints(span.start, Math.min(span.end, lineEnd))),
      };
    } else {
      this.location = undefined;
      this.sourceLine = undefined;
    }
    this.errors = options.errors ?? [this];
  }

  get line(): number | undefined {
    return this.location?.line;
  }

  get column(): number | undefined {
    return this.location?.column;
  }

  /** A copy of this error, and of every error in its report, that names `file` (for rendering). */
  withFile(file: string): DdxError {
    const copies = new Map<DdxError, DdxError>([[this, copyWithFile(this, file)]]);
    for (const error of this.errors) {
      if (!copies.has(error)) copies.set(error, copyWithFile(error, file));
    }
    for (const [original, copy] of copies) {
      Object.assign(copy, { errors: original.errors.map((error) => copies.get(error) ?? error) });
    }
    return copies.get(this)!;
  }

  /**
   * `file:line:column: code: message`, then the source line and a caret under the problem:
   *
   *     model.ddx:2:9: unknown-function: unknown function 'sinn'
   *       a = sinn(x)
   *           ^^^^^^^
   */
  render(options: { color?: boolean } = {}): string {
    const paint = (code: number, text: string): string =>
      options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
    const where = [this.file ?? '<input>'];
    if (this.location) where.push(String(this.location.line), String(this.location.column));
    const head = `${where.join(':')}: ${paint(31, this.code)}: ${this.message}`;
    if (this.location === undefined || this.sourceLine === undefined) return head;
    let chars: string[];
    let column = this.location.column;
    if (this.sourceLine.length <= 160 || codePointLength(this.sourceLine) <= 160) {
      chars = [...this.sourceLine];
    } else {
      // Long lines (generated programs) are shown as a window of 120 code points around the
      // column, cut from the line by code units so that a 10 MB line costs no more than a short
      // one. A window starts 60 code points before the column (at most 120 code units).
      const line = this.sourceLine;
      const at = unitIndexOfColumn(line, column);
      const before = [...line.slice(Math.max(0, at - 120), at)];
      const from = Math.max(0, before.length - 60);
      const after = [...line.slice(at, at + 240)];
      const shown = [...before.slice(from), ...after].slice(0, 120);
      const cutBefore = at - 120 > 0 || from > 0;
      const cutAfter = at + 240 < line.length || before.length - from + after.length > 120;
      chars = [...(cutBefore ? ['…'] : []), ...shown, ...(cutAfter ? ['…'] : [])];
      column = before.length - from + 1 + (cutBefore ? 1 : 0);
    }
    const pad = chars
      .slice(0, column - 1)
      .map((ch) => (ch === '\t' ? '\t' : ' '))
      .join('');
    const caret = '^'.repeat(
      Math.min(this.location.length, Math.max(1, chars.length - column + 1)),
    );
    return `${head}\n  ${chars.join('')}\n  ${pad}${paint(32, caret)}`;
  }

  /** All errors rendered one after another. */
  renderAll(options: { color?: boolean } = {}): string {
    return this.errors.map((error) => error.render(options)).join('\n');
  }

  toJSON(): object {
    return {
      code: this.code,
      message: this.message,
      ...(this.file === undefined ? {} : { file: this.file }),
      ...(this.location === undefined
        ? {}
        : { line: this.location.line, column: this.location.column }),
    };
  }
}

/** `error` with another file name; its `errors` still list the originals. */
function copyWithFile(error: DdxError, file: string): DdxError {
  const copy = Object.create(DdxError.prototype) as DdxError;
  Object.assign(copy, error, { file });
  // Error's own properties are not enumerable, so Object.assign skips them.
  for (const key of ['message', 'stack', 'cause'] as const) {
    if (Object.prototype.hasOwnProperty.call(error, key)) {
      Object.defineProperty(copy, key, { value: error[key], writable: true, configurable: true });
    }
  }
  return copy;
}

export function isDdxError(value: unknown): value is DdxError {
  return value instanceof DdxError;
}
