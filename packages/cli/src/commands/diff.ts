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
  const wrtNames = parseNameList(options.wrt ?? [], '--wrt');
  if (wrtNames.length !== 1) {
    throw usage(
      wrtNames.length === 0
        ? 'diff needs --wrt NAME: the parameter to differentiate with respect to'
        : `diff takes one --wrt parameter, got ${wrtNames.join(', ')} (use ddx grad for several)`,
    );
  }
  const wrt = wrtNames[0]!;
  const { program } = await context.load(argument);
  const fn = pickFunction(program, context.options.fn);
  checkParameters(fn, [wrt], '--wrt');
  const at = options.at === undefined ? undefined : parseAssignments(options.at, '--at');
  const args = at === undefined ? undefined : argumentsFor(fn, at);
  const derivative = diff(program, wrt, fnOption(fn));
  const text = print(derivative);
  const values = args === undefined ? undefined : evaluate(programNode([derivative]), { args });
  if (context.json) {
    context.print(
      toJson({
        function: derivative.name,
        wrt,
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
