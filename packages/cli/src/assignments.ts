/**
 * The option values that name parameters: `--at w=3,b=-1` (repeatable), `--claim w2=6`,
 * `--wrt w1,b1`. Names are kept in Maps, never as object keys, so `__proto__` or `constructor`
 * are parameters like any other.
 */
import { DdxError, type FunctionDef } from '@ddx/ast';

const identifier = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const named: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
  ['inf', Infinity],
  ['infinity', Infinity],
  ['nan', NaN],
]);

export function usage(message: string): DdxError {
  return new DdxError('usage', message);
}

/**
 * A number as a user types it: `3`, `-2`, `1e-3`, `.5`, and the names `pi`, `e`, `inf`, `nan`
 * (signed where that means something: `-pi`, `-inf`).
 */
export function parseNumber(text: string, what: string): number {
  const trimmed = text.trim();
  if (decimal.test(trimmed)) return Number(trimmed);
  const sign = trimmed.startsWith('-') ? -1 : 1;
  const word = trimmed.replace(/^[+-]/, '').toLowerCase();
  const value = named.get(word);
  if (value !== undefined) return sign * value;
  throw usage(`${what}: '${text}' is not a number (write 3, -2, 1e-3, .5, pi, e, inf or nan)`);
}

function checkName(name: string, what: string): string {
  if (!identifier.test(name)) {
    throw usage(`${what}: '${name}' is not a parameter name`);
  }
  return name;
}

/** `['w=3,b=1', 'x=-2']` → Map { w → 3, b → 1, x → -2 }. A name given twice is an error. */
export function parseAssignments(values: readonly string[], option: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const value of values) {
    for (const item of value.split(',')) {
      if (item.trim() === '') continue;
      const equals = item.indexOf('=');
      if (equals === -1) {
        throw usage(
          `${option}: expected name=value, got '${item.trim()}' (e.g. ${option} w=3,b=1)`,
        );
      }
      const name = checkName(item.slice(0, equals).trim(), option);
      if (result.has(name)) throw usage(`${option}: '${name}' is given twice`);
      result.set(name, parseNumber(item.slice(equals + 1), `${option} ${name}`));
    }
  }
  return result;
}

/**
 * `['w1,b1', 'w2']` → ['w1', 'b1', 'w2']. A name given twice is an error, unless `repeats` (the
 * parameters of a higher derivative: `--wrt x,x`).
 */
export function parseNameList(
  values: readonly string[],
  option: string,
  { repeats = false }: { repeats?: boolean } = {},
): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const item of value.split(',')) {
      const name = item.trim();
      if (name === '') continue;
      checkName(name, option);
      if (seen.has(name) && !repeats) throw usage(`${option}: '${name}' is given twice`);
      seen.add(name);
      names.push(name);
    }
  }
  return names;
}

export function displayName(fn: FunctionDef): string {
  return fn.name === '' ? 'the expression' : `'${fn.name}'`;
}

/** A list of names for a message: the first ten, and how many more (10^6 would be megabytes). */
function shortList(names: readonly string[], format = (name: string) => name): string {
  const shown = names.slice(0, 10).map(format).join(', ');
  return names.length > 10 ? `${shown}, … (${names.length - 10} more)` : shown;
}

function signature(fn: FunctionDef): string {
  return fn.params.length === 0 ? 'no parameters' : shortList(fn.params);
}

/** Names that are not parameters of `fn` are an error: a typo should not pass silently. */
export function checkParameters(fn: FunctionDef, names: Iterable<string>, option: string): void {
  const params = new Set(fn.params);
  const unknown = [...names].filter((name) => !params.has(name));
  if (unknown.length > 0) {
    const list = shortList(unknown, (name) => `'${name}'`);
    throw usage(
      `${option}: ${list} ${unknown.length === 1 ? 'is not a parameter' : 'are not parameters'} of ${displayName(fn)} (parameters: ${signature(fn)})`,
    );
  }
}

/** The arguments of `fn` in parameter order, from `--at`; every parameter needs a value. */
export function argumentsFor(fn: FunctionDef, at: ReadonlyMap<string, number>): number[] {
  checkParameters(fn, at.keys(), '--at');
  const missing = fn.params.filter((name) => !at.has(name));
  if (missing.length > 0) {
    const example = missing
      .slice(0, 10)
      .map((name) => `${name}=…`)
      .join(',');
    throw usage(
      `--at: no value for ${shortList(missing, (name) => `'${name}'`)} (${displayName(fn)} takes ${signature(fn)}; add --at ${example})`,
    );
  }
  return fn.params.map((name) => at.get(name)!);
}

/** `w = 3, b = 1` for the human-readable headings. */
export function describePoint(fn: FunctionDef, args: readonly number[]): string {
  return fn.params.map((name, index) => `${name} = ${String(args[index])}`).join(', ');
}

/** `{ "w": 3, "b": 1 }` for JSON output (parameter names cannot look like array indices). */
export function pointObject(fn: FunctionDef, args: readonly number[]): Record<string, number> {
  return Object.fromEntries(fn.params.map((name, index) => [name, args[index]!]));
}
