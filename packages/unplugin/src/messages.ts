/**
 * A `DdxError` in the shape each bundler shows best. Rollup, Rolldown and Vite print an error's
 * `loc` (file, line, column) and its `frame` (the source line and a caret); esbuild prints a
 * message's `location` with its `lineText`; webpack keeps a loader's error as text. Locations in
 * those fields count columns from 0, as Rollup and esbuild do (and display them); text written
 * by ddx counts code points from 1, as `ddx gen` prints it. So the structured forms leave the place out of
 * their text, and only the text form (webpack) carries ddx's own `file:line:column`.
 */
import { DdxError } from '@ddx/ast';
import type { PartialMessage } from 'esbuild';

/** Rollup's error fields (`RollupError`), as far as Rollup, Rolldown and Vite read them. */
export interface RollupStyleError {
  readonly message: string;
  readonly id: string;
  readonly pluginCode: string;
  readonly loc?: { readonly file: string; readonly line: number; readonly column: number };
  readonly frame?: string;
  /** Empty: the stack would be the plugin's, while the mistake is in the user's file. */
  readonly stack: string;
}

/** `code: message`, the problem without its place. */
function headline(problem: DdxError): string {
  return `${problem.code}: ${problem.message}`;
}

/** The source line and a caret under the problem, as `DdxError.render` draws them. */
function frameOf(problem: DdxError): string | undefined {
  const [, ...frame] = problem.render().split('\n');
  return frame.length === 0 ? undefined : frame.join('\n');
}

/**
 * One error for Rollup, Rolldown and Vite, which stop at the first: the first problem in the
 * structured fields, every further one rendered in full below its headline.
 */
export function rollupError(error: DdxError, id: string): RollupStyleError {
  const [first = error, ...rest] = error.errors;
  const location = first.location;
  const frame = frameOf(first);
  return {
    message: [headline(first), ...rest.map((problem) => problem.render())].join('\n'),
    id,
    pluginCode: first.code,
    stack: '',
    ...(frame === undefined ? {} : { frame }),
    ...(location === undefined
      ? {}
      : { loc: { file: id, line: location.line, column: columnOffset(first) } }),
  };
}

/** One esbuild message per problem, each with its line of source. */
export function esbuildMessages(error: DdxError, file: string): PartialMessage[] {
  return error.errors.map((problem) => {
    const location = problem.location;
    return {
      text: headline(problem),
      location:
        location === undefined
          ? { file }
          : {
              file,
              line: location.line,
              column: utf8Length(problem.sourceLine?.slice(0, columnOffset(problem)) ?? ''),
              length: utf8Length(
                [...(problem.sourceLine ?? '')]
                  .slice(location.column - 1, location.column - 1 + location.length)
                  .join(''),
              ),
              lineText: problem.sourceLine ?? '',
            },
    };
  });
}

/** The text form: every problem as `ddx gen` prints it (`file:line:column: code: message`, line, caret). */
export function renderedText(error: DdxError): string {
  return error.renderAll();
}

/**
 * The problem's column as Rollup counts it: the UTF-16 index into its line. In `f(𝑥) = sinn(𝑥)`,
 * `sinn` is at ddx column 8 (code points from 1) and Rollup column 8 (UTF-16 units from 0: 𝑥 is
 * two); esbuild's column is 9 (UTF-8 bytes from 0: 𝑥 is four).
 */
function columnOffset(problem: DdxError): number {
  const codePoints = [...(problem.sourceLine ?? '')].slice(0, (problem.location?.column ?? 1) - 1);
  return codePoints.join('').length;
}

/** esbuild counts columns and lengths in bytes of UTF-8. */
function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
