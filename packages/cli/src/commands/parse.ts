/** `ddx parse`: the program printed back in the house style (a formatter), or its AST as JSON. */
import { print, program as programNode, stripSpans } from '@ddx/ast';
import type { Context } from '../context.js';
import { pickFunction } from '../input.js';
import { toJson } from '../io.js';

export interface ParseOptions {
  readonly spans?: boolean;
  readonly output?: string;
}

export async function parseCommand(
  argument: string,
  options: ParseOptions,
  context: Context,
): Promise<number> {
  const input = await context.load(argument);
  const fnName = context.options.fn;
  const program =
    fnName === undefined ? input.program : programNode([pickFunction(input.program, fnName)]);
  const printed = print(program);
  if (context.json) {
    const ast = options.spans ? program : stripSpans(program);
    context.print(toJson({ file: input.file, program: ast }));
    if (options.output !== undefined) context.emit(printed, options.output);
  } else {
    context.emit(printed, options.output);
  }
  return 0;
}
