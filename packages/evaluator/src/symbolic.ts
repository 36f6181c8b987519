/**
 * The derivative being checked, as a ddx function or as compiled JavaScript: its values at the
 * point, with rounding bounds (tracked for ddx, assumed one rounding for JavaScript).
 */
import { DdxError, type FunctionDef } from '@ddx/ast';
import { execute } from './machine.js';
import type { Environment } from './program.js';
import { finiteBound } from './experiment.js';
import { seed, trackedDomain } from './tracked.js';

/** A compiled derivative: arguments in the parameter order of the function checked. */
export type SymbolicFunction = (args: readonly number[]) => readonly number[];

export interface SymbolicValues {
  readonly values: readonly number[];
  /** Rounding bounds, in units of u. */
  readonly bounds: readonly number[];
}

/**
 * `symbolic` at `point`. A ddx function may call the functions of the checked program; it must
 * take the same parameters and return `expected` values (`layout` describes them in errors).
 */
export function symbolicValues(
  symbolic: FunctionDef | SymbolicFunction,
  environment: Environment,
  fn: FunctionDef,
  point: readonly number[],
  expected: number,
  layout: string,
): SymbolicValues {
  const what = typeof symbolic === 'function' ? 'the compiled derivative' : nameOf(symbolic);
  if (typeof symbolic !== 'function' && symbolic.params.length !== fn.params.length) {
    throw new DdxError(
      'arguments',
      `${what} takes ${symbolic.params.length} parameters; it must take those of '${fn.name || 'f'}' (${fn.params.join(', ')})`,
    );
  }
  const { values, bounds } =
    typeof symbolic === 'function'
      ? fromJavaScript(symbolic, point)
      : fromDdx(symbolic, environment, point);
  if (values.length !== expected) {
    throw new DdxError(
      'arguments',
      `${what} returns ${values.length} value${values.length === 1 ? '' : 's'}; expected ${expected}: ${layout}`,
    );
  }
  return { values, bounds };
}

function nameOf(fn: FunctionDef): string {
  return fn.name === '' ? 'the derivative' : `'${fn.name}'`;
}

function fromDdx(fn: FunctionDef, environment: Environment, point: readonly number[]) {
  const results = execute(
    environment,
    trackedDomain,
    fn,
    point.map((value) => seed(value, 0)),
  ).results;
  return {
    values: results.map((result) => result.value),
    bounds: results.map((result) => finiteBound(result.valueBound, result.value)),
  };
}

function fromJavaScript(fn: SymbolicFunction, point: readonly number[]) {
  const values = fn(point.slice());
  if (!Array.isArray(values) || !values.every((value) => typeof value === 'number')) {
    throw new DdxError('arguments', 'the compiled derivative must return an array of numbers');
  }
  // Compiled code computes what the ddx program computes; its rounding is not tracked, so
  // allow it the value's own size times a handful of operations.
  return { values: values.slice(), bounds: values.map((value) => 16 * Math.abs(value)) };
}
