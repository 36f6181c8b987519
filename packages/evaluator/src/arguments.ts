/**
 * Arguments as callers like to give them — `{ w: 3 }`, a Map, or an array in parameter order —
 * turned into one array in parameter order. Names are ddx names, not JavaScript keys: an object
 * is read through its own keys only, so `__proto__` or `constructor` are parameters like any other.
 */
import { DdxError, type FunctionDef } from '@ddx/ast';

/** A value for every parameter: by name (object or Map) or by position (array). */
export type Arguments =
  readonly number[] | ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/** `J(w, b)`, or `the expression` for the anonymous function of a bare expression. */
export function describeFunction(fn: FunctionDef): string {
  const name = fn.name === '' ? 'the expression' : `'${fn.name}'`;
  return `${name} (parameters: ${fn.params.length === 0 ? 'none' : fn.params.join(', ')})`;
}

/** The arguments of `fn` in parameter order. `what` names them in messages (`args`, `at`). */
export function argumentList(fn: FunctionDef, args: Arguments, what = 'args'): number[] {
  if (Array.isArray(args)) return positional(fn, args as readonly unknown[], what);
  if (args instanceof Map) return named(fn, [...(args as Map<unknown, unknown>)], what);
  if (typeof args === 'object' && args !== null) {
    const record = args as Record<string, unknown>;
    return named(
      fn,
      Object.keys(record).map((key) => [key, record[key]]),
      what,
    );
  }
  throw new DdxError('arguments', `${what}: expected an object, a Map or an array of numbers`);
}

function positional(fn: FunctionDef, values: readonly unknown[], what: string): number[] {
  if (values.length !== fn.params.length) {
    throw new DdxError(
      'arguments',
      `${what}: ${describeFunction(fn)} takes ${fn.params.length} argument${fn.params.length === 1 ? '' : 's'}, got ${values.length}`,
    );
  }
  return values.map((value, index) => checkNumber(value, fn.params[index]!, what));
}

function named(fn: FunctionDef, entries: readonly [unknown, unknown][], what: string): number[] {
  const given = new Map<string, number>();
  const params = new Set(fn.params);
  for (const [name, value] of entries) {
    if (typeof name !== 'string' || !params.has(name)) {
      throw new DdxError(
        'unknown-parameter',
        `${what}: '${String(name)}' is not a parameter of ${describeFunction(fn)}`,
      );
    }
    given.set(name, checkNumber(value, name, what));
  }
  const missing = fn.params.filter((name) => !given.has(name));
  if (missing.length > 0) {
    const list = missing.map((name) => `'${name}'`).join(', ');
    throw new DdxError('arguments', `${what}: no value for ${list} of ${describeFunction(fn)}`);
  }
  return fn.params.map((name) => given.get(name)!);
}

function checkNumber(value: unknown, name: string, what: string): number {
  if (typeof value !== 'number') {
    throw new DdxError('arguments', `${what}: the value of '${name}' is not a number`);
  }
  return value;
}
