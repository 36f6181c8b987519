/**
 * One `.ddx` source to the ES module the bundler sees, and its declarations: the same
 * parse-and-generate that `ddx gen` does.
 */
import { DdxError, program as programNode, type Program } from '@ddx/ast';
import { generate, type GeneratedCode } from '@ddx/codegen';
import { parse } from '@ddx/parser';
import type { GenerationOptions } from './options.js';

/**
 * `file` names the source in error locations, `sourceName` in the module's header comment
 * (default `file`). Throws a `DdxError` (with every problem found in `errors`) when the source is
 * not a valid program.
 */
export function generateFromSource(
  source: string,
  file: string,
  options: GenerationOptions,
  sourceName = file,
): GeneratedCode {
  const parsed = parse(source, { file });
  try {
    return generate(keepUpTo(parsed, options.fn), {
      abi: options.abi,
      grad: options.grad,
      hessian: options.hessian,
      gradient: options.gradient,
      sourceName,
      ...(options.wrt === undefined ? {} : { wrt: options.wrt }),
    });
  } catch (error) {
    // The transform and the generator do not know the file; their spans point into `source`.
    throw error instanceof DdxError && error.file === undefined ? error.withFile(file) : error;
  }
}

/** `fn` and the functions before it (which it may call), like `ddx gen --fn`. */
function keepUpTo(program: Program, fn: string | undefined): Program {
  if (fn === undefined) return program;
  const index = program.functions.findIndex((candidate) => candidate.name === fn);
  if (index === -1) {
    const defined = program.functions.map((candidate) => candidate.name || '(anonymous)');
    throw new DdxError(
      'usage',
      `fn: there is no function '${fn}' (defined: ${defined.join(', ')})`,
    );
  }
  return programNode(program.functions.slice(0, index + 1));
}
