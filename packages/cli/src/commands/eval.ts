/** `ddx eval`: the value of each result at a point, one per line. */
import { evaluate } from '@ddx/evaluator';
import { argumentsFor, parseAssignments, pointObject } from '../assignments.js';
import type { Context } from '../context.js';
import { fnOption, pickFunction } from '../input.js';
import { formatValue, toJson } from '../io.js';

export interface EvalOptions {
  readonly at?: readonly string[];
}

export async function evalCommand(
  argument: string,
  options: EvalOptions,
  context: Context,
): Promise<number> {
  const { program } = await context.load(argument);
  const fn = pickFunction(program, context.options.fn);
  const args = argumentsFor(fn, parseAssignments(options.at ?? [], '--at'));
  const values = evaluate(program, { ...fnOption(fn), args });
  if (context.json) {
    context.print(toJson({ function: fn.name, at: pointObject(fn, args), values }));
  } else {
    context.print(values.map(formatValue).join('\n'));
  }
  return 0;
}
