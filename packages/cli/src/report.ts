/**
 * Turning failures into what a person reads on stderr and into exit statuses.
 *
 * - A DdxError (bad input, bad usage, unreadable file): `file:line:column: code: message`, the
 *   source line and a caret, for each problem; exit 2.
 * - Anything else is a bug in ddx: one line, `ddx: internal error: …`, exit 70 (EX_SOFTWARE
 *   from sysexits.h, so scripts can tell "my input is wrong" from "ddx is wrong"). `--debug`
 *   prints the stack.
 */
import { DdxError, isDdxError } from '@ddx/ast';

export const ExitStatus = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  internal: 70,
} as const;

/** Where the error points: the input's file name and source, when the error came from it. */
export interface ErrorContext {
  readonly file?: string;
  readonly source?: string;
}

/**
 * Gives an error its file name and, when it carries a span into `source` but no line and column
 * (the transform and the evaluator know spans, not sources), its location.
 */
export function locateError(error: DdxError, context: ErrorContext): DdxError {
  // A usage error is about the command line, not the source: it names no file.
  if (error.code === 'usage' && error.span === undefined) return error;
  const needsLocation =
    error.location === undefined && error.span !== undefined && context.source !== undefined;
  if (!needsLocation && (error.file !== undefined || context.file === undefined)) return error;
  const file = error.file ?? context.file;
  if (needsLocation) {
    const others = error.errors.filter((other) => other !== error);
    const located = new DdxError(error.code, error.message, {
      source: context.source,
      span: error.span,
      ...(file === undefined ? {} : { file }),
      cause: error.cause,
    });
    const relocated = others.map((other) => locateError(other, context));
    Object.assign(located, { errors: [located, ...relocated] });
    return located;
  }
  return file === undefined ? error : error.withFile(file);
}

/** Usage errors that are not about the source have no file: `ddx: usage: …`. */
export function renderError(error: DdxError, color: boolean): string {
  if (error.code === 'usage' && error.location === undefined && error.file === undefined) {
    return `ddx: ${color ? `\u001b[31musage\u001b[0m` : 'usage'}: ${error.message}`;
  }
  return error.renderAll({ color });
}

export function errorJson(error: DdxError): object {
  return { error: error.toJSON(), errors: error.errors.map((each) => each.toJSON()) };
}

export function describeInternal(error: unknown, debug: boolean): string {
  if (debug) {
    const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    return `ddx: internal error: ${stack}`;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const firstLine = message.split('\n')[0];
  return `ddx: internal error: ${firstLine} (run with --debug for the stack)`;
}

export { isDdxError };
