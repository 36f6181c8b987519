/**
 * `compile`: a live JavaScript function from the same text `generateModule` writes, for use
 * without a build step. The module's declarations run as the body of `new Function` (in strict
 * mode, as module code does), which returns the one function asked for.
 */
import type { FunctionDef, Program } from '@ddx/ast';
import { DdxError } from '@ddx/ast';
import { assemble, blocks, toProgram, type GenerateOptions } from './module.js';
import { joinBlocks } from './text.js';
import type { Role } from './abi.js';

// Taken once, when this module loads: later changes to the global cannot reach compile().
const FunctionConstructor = Function;

export interface CompileOptions extends GenerateOptions {
  /** The function to compile (default: the last one of the program). */
  readonly fn?: string;
}

// The shapes of compiled functions, by calling convention; see the README.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CompiledFunction = (...args: any[]) => any;

/**
 * The function `options.fn` (default: the last) — its gradient when `grad` is set, its Hessian
 * when `hessian` is set — under `options.abi`.
 */
export function compile(
  source: Program | FunctionDef,
  options: CompileOptions = {},
): CompiledFunction {
  const program = toProgram(source);
  const index =
    options.fn === undefined
      ? program.functions.length - 1
      : program.functions.findIndex((fn) => fn.name === options.fn);
  if (index < 0) {
    throw new DdxError('unknown-function', `there is no function '${options.fn}' to compile`);
  }
  const target = program.functions[index]!;
  const role: Role = options.hessian ? 'hessian' : options.grad ? 'gradient' : 'value';
  // Earlier functions are kept (the target may call them); derivatives only for the target.
  const prefix = { ...program, functions: program.functions.slice(0, index + 1) };
  const assembly = assemble(
    prefix,
    { ...options, grad: role === 'gradient', hessian: role === 'hessian' },
    target,
  );
  const unit = assembly.units.find(
    (u) => u.exported && u.planned.source === target && u.planned.role === role,
  );
  if (!unit) {
    throw new DdxError(
      'multiple-results',
      `'${target.name}' returns ${target.results.length} values; it has no ${role}`,
    );
  }
  const body = joinBlocks(
    ["'use strict';", ...blocks(assembly, false), `return ${unit.jsName};`],
    '\n',
  );
  return new FunctionConstructor(body)() as CompiledFunction;
}
