/**
 * Which functions a module holds: every function of the program, and for each the derivatives
 * asked for. Derivatives come from @ddx/transform through the `Derivatives` seam, so tests can
 * hand in their own.
 */
import { DdxError, type FunctionDef, type Program } from '@ddx/ast';
import { grad, hessian } from '@ddx/transform';
import type { Role } from './abi.js';

/** Which function of `source` to differentiate (a function of it, which may call earlier ones). */
export interface DerivativeOptions {
  readonly wrt: readonly string[];
  readonly fn: FunctionDef;
}

export interface Derivatives {
  /** `J_grad`: the value, then ∂J/∂wrt_i for each wrt, of `options.fn`. */
  readonly grad: (source: Program, options: DerivativeOptions) => FunctionDef;
  /** `J_hessian`: the n × n second derivatives, row-major. */
  readonly hessian: (source: Program, options: DerivativeOptions) => FunctionDef;
}

export const transformDerivatives: Derivatives = { grad, hessian };

export interface PlannedFunction {
  /** The function to emit. */
  readonly def: FunctionDef;
  /** The user's function it comes from (itself for a value function). */
  readonly source: FunctionDef;
  readonly role: Role;
  /** Parameters the derivatives are taken with respect to, in declaration order. */
  readonly wrt: readonly string[];
}

export interface PlanOptions {
  readonly grad?: boolean;
  readonly hessian?: boolean;
  /** Default: every parameter of each function. */
  readonly wrt?: readonly string[];
}

export function planFunctions(
  source: Program,
  options: PlanOptions,
  derivatives: Derivatives,
  /** When given, derivatives of this function only. */
  only?: FunctionDef,
): PlannedFunction[] {
  checkWrt(source, options.wrt);
  const planned: PlannedFunction[] = [];
  source.functions.forEach((fn) => {
    const wrt = wrtOf(fn, options.wrt);
    planned.push({ def: fn, source: fn, role: 'value', wrt });
    // grad and hessian are defined for one result; a function with several gets neither.
    if (fn.results.length !== 1 || (only !== undefined && fn !== only)) return;
    if (!options.grad && !options.hessian) return;
    // The whole program and the function (not a prefix program per function: that is quadratic).
    if (options.grad) {
      const def = derivatives.grad(source, { wrt, fn });
      planned.push({ def, source: fn, role: 'gradient', wrt });
    }
    if (options.hessian) {
      const def = derivatives.hessian(source, { wrt, fn });
      planned.push({ def, source: fn, role: 'hessian', wrt });
    }
  });
  return planned;
}

/** The `wrt` parameters of `fn`, in declaration order (a `wrt` list applies where it matches). */
function wrtOf(fn: FunctionDef, wrt: readonly string[] | undefined): string[] {
  if (wrt === undefined) return [...fn.params];
  const wanted = new Set(wrt);
  return fn.params.filter((param) => wanted.has(param));
}

function checkWrt(source: Program, wrt: readonly string[] | undefined): void {
  if (wrt === undefined) return;
  const known = new Set(source.functions.flatMap((fn) => fn.params));
  const unknown = wrt.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new DdxError(
      'unknown-parameter',
      `no function has a parameter named ${unknown.map((n) => `'${n}'`).join(', ')}`,
    );
  }
}
