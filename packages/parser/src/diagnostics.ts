/**
 * Collects every problem a parse finds, then turns them into `DdxError`s in source order.
 * Problems are cheap records until the end, because a DdxError locates its line by scanning
 * the source; past `maxErrors` the rest are summarised in one `limit` error.
 */
import { DdxError, type ErrorCode, type Span } from '@ddx/ast';
import { maxErrors, tooManyErrors } from './limits.js';

interface Problem {
  readonly code: ErrorCode;
  readonly message: string;
  readonly span: Span;
}

export class Diagnostics {
  private readonly problems: Problem[] = [];

  report(code: ErrorCode, message: string, span: Span): void {
    this.problems.push({ code, message, span });
  }

  get count(): number {
    return this.problems.length;
  }

  /** The errors in source order (stable for equal offsets); the first lists them all. */
  toErrors(source: string, file: string | undefined): DdxError[] {
    const sorted = this.problems
      .map((problem, order) => ({ problem, order }))
      .sort((a, b) => a.problem.span.start - b.problem.span.start || a.order - b.order)
      .map(({ problem }) => problem);
    const shown = sorted.slice(0, maxErrors);
    const errors: DdxError[] = [];
    shown.forEach((problem, index) => {
      const options = { source, span: problem.span, file, ...(index === 0 ? { errors } : {}) };
      errors.push(new DdxError(problem.code, problem.message, options));
    });
    if (sorted.length > shown.length) {
      const last = shown.at(-1)!.span;
      errors.push(
        new DdxError('limit', tooManyErrors(sorted.length), { source, span: last, file }),
      );
    }
    return errors;
  }
}
