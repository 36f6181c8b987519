/** `ddx diff`: d(result)/d(wrt) as a ddx program; with `--at`, its value(s). */
import { print, program as programNode } from '@ddx/ast';
import { evaluate } from '@ddx/evaluator';
import { diff } from '@ddx/transform';
import {
  argumentsFor,
  checkParameters,
  parseAssignments,
  parseNameList,
  pointObject,
  usage,
} from '../assignments.js';
import type { Context } from '../context.js';
import { fnOption, pickFunction } from '../input.js';
import { formatValue, toJson } from '../io.js';

export interface DiffOptions {
  readonly wrt?: readonly string[];
  readonly at?: readonly string[];
  readonly output?: string;
}

export async function diffCommand(
  argument: string,
  options: DiffOptions,
  context: Context,
): Promise<number> {
  const wrtNames = parseNameList(options.wrt ?? [], '--wrt', { repeats: true });
  if (wrtNames.length === 0) {
    throw usage('diff needs --wrt NAME: the parameter to differentiate with respect to');
  }
  const { program } = await context.load(argument);
  const fn = pickFunction(program, context.options.fn);
  checkParameters(fn, new Set(wrtNames), '--wrt');
  const at = options.at === undefined ? undefined : parseAssignments(options.at, '--at');
  const args = at === undefined ? undefined : argumentsFor(fn, at);
  const derivative = diff(program, wrtNames, fnOption(fn));
  const text = print(derivative);
  const values = args === undefined ? undefined : evaluate(programNode([derivative]), { args });
  if (context.json) {
    context.print(
      toJson({
        function: derivative.name,
        // One name for a first derivative; the list, in order, for a higher one.
        wrt: wrtNames.length === 1 ? wrtNames[0] : wrtNames,
        program: text,
        ...(args === undefined ? {} : { at: pointObject(fn, args), values }),
      }),
    );
    if (options.output !== undefined) context.emit(text, options.output);
    return 0;
  }
  if (options.output !== undefined) {
    context.emit(text, options.output);
    if (values !== undefined) context.print(values.map(formatValue).join('\n'));
  } else {
    context.print(values === undefined ? text : `${text}\n${values.map(formatValue).join('\n')}`);
  }
  return 0;
}
