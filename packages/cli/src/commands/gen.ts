/**
 * `ddx gen`: an ES module (and its `.d.ts`) with the program's functions and the derivatives
 * asked for, by @ddx/codegen. Everything is generated before anything is written, and each file
 * is replaced atomically, so a failing run leaves existing files as they were.
 */
import { DdxError, program as programNode } from '@ddx/ast';
import { parseNameList } from '../assignments.js';
import type { Context } from '../context.js';
import { pickFunction } from '../input.js';
import { toJson } from '../io.js';
import { count, maxHessianEntries } from '../limits.js';

export interface GenOptions {
  readonly output?: string;
  readonly dts?: boolean;
  readonly abi?: 'scalars' | 'arrays';
  readonly grad?: boolean;
  readonly hessian?: boolean;
  readonly wrt?: readonly string[];
}

/** `model.js` → `model.d.ts`, `model.mjs` → `model.d.mts`, anything else gets `.d.ts` added. */
export function declarationsPath(output: string): string {
  if (/\.mjs$/i.test(output)) return output.replace(/\.mjs$/i, '.d.mts');
  if (/\.cjs$/i.test(output)) return output.replace(/\.cjs$/i, '.d.cts');
  if (/\.js$/i.test(output)) return output.replace(/\.js$/i, '.d.ts');
  return `${output}.d.ts`;
}

export async function genCommand(
  argument: string,
  options: GenOptions,
  context: Context,
): Promise<number> {
  const wrt = parseNameList(options.wrt ?? [], '--wrt');
  const input = await context.load(argument);
  const fn = pickFunction(input.program, context.options.fn);
  if ((options.grad || options.hessian) && fn.results.length !== 1) {
    throw new DdxError(
      'multiple-results',
      `--${options.grad ? 'grad' : 'hessian'} needs a function with one result; '${fn.name || 'f'}' returns ${fn.results.length}`,
    );
  }
  const size = wrt.length === 0 ? fn.params.length : wrt.length;
  if (options.hessian && size * size > maxHessianEntries) {
    throw new DdxError(
      'limit',
      `the Hessian of ${count(size)} parameters has ${count(size * size)} entries: the limit is ${count(maxHessianEntries)} (maxHessianEntries); choose fewer parameters with --wrt`,
    );
  }
  // --fn keeps the function and those before it (which it may call).
  const functions = input.program.functions;
  const program =
    context.options.fn === undefined
      ? input.program
      : programNode(functions.slice(0, functions.indexOf(fn) + 1));
  const { generate } = await import('@ddx/codegen');
  const generated = generate(program, {
    abi: options.abi ?? 'scalars',
    grad: options.grad === true,
    hessian: options.hessian === true,
    ...(wrt.length === 0 ? {} : { wrt }),
    ...(input.file.startsWith('<') ? {} : { sourceName: input.file }),
  });
  const files: string[] = [];
  if (options.output !== undefined) {
    const dtsPath = declarationsPath(options.output);
    if (options.dts) {
      context.emit(generated.declarations, dtsPath);
      files.push(dtsPath);
    }
    context.emit(generated.module, options.output);
    files.unshift(options.output);
  }
  if (context.json) {
    context.print(
      toJson({
        module: generated.module,
        ...(options.dts ? { declarations: generated.declarations } : {}),
        ...(files.length > 0 ? { files } : {}),
      }),
    );
  } else if (options.output === undefined) {
    context.print(
      options.dts
        ? `// ==> module.js <==\n${generated.module}\n// ==> module.d.ts <==\n${generated.declarations}`
        : generated.module,
    );
  }
  return 0;
}
