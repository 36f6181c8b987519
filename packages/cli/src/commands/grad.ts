/**
 * `ddx grad`: the gradient program (reverse mode); with `--at`, a table of the value and every
 * partial, as the lecture writes them (`dJ/dw = -4`).
 */
import { print, program as programNode } from '@ddx/ast';
import { evaluate } from '@ddx/evaluator';
import { grad } from '@ddx/transform';
import {
  argumentsFor,
  checkParameters,
  parseAssignments,
  parseNameList,
  pointObject,
} from '../assignments.js';
import type { Context } from '../context.js';
import { fnOption, pickFunction, valueName } from '../input.js';
import { formatValue, toJson } from '../io.js';
import { alignedRows } from '../table.js';

export interface GradOptions {
  readonly wrt?: readonly string[];
  readonly at?: readonly string[];
  readonly output?: string;
}

export async function gradCommand(
  argument: string,
  options: GradOptions,
  context: Context,
): Promise<number> {
  const listed = parseNameList(options.wrt ?? [], '--wrt');
  const { program } = await context.load(argument);
  const fn = pickFunction(program, context.options.fn);
  checkParameters(fn, listed, '--wrt');
  const wrt = listed.length === 0 ? fn.params : listed;
  const at = options.at === undefined ? undefined : parseAssignments(options.at, '--at');
  const args = at === undefined ? undefined : argumentsFor(fn, at);
  const gradient = grad(program, { ...fnOption(fn), wrt });
  const text = print(gradient);
  if (options.output !== undefined) context.emit(text, options.output);
  const values = args === undefined ? undefined : evaluate(programNode([gradient]), { args });
  const name = valueName(fn);
  if (context.json) {
    context.print(
      toJson({
        function: gradient.name,
        wrt,
        program: text,
        ...(args === undefined || values === undefined
          ? {}
          : {
              at: pointObject(fn, args),
              value: values[0],
              gradient: Object.fromEntries(wrt.map((param, index) => [param, values[index + 1]!])),
            }),
      }),
    );
  } else if (values !== undefined) {
    const rows: [string, string][] = [[name, formatValue(values[0]!)]];
    wrt.forEach((param, index) =>
      rows.push([`d${name}/d${param}`, formatValue(values[index + 1]!)]),
    );
    context.print(alignedRows(rows));
  } else if (options.output === undefined) {
    context.print(text);
  }
  return 0;
}
