/**
 * The parser's documented limits (README, "Limits"). Each is far beyond any program a person
 * writes; past one, the parse ends in a `DdxError` with code `limit` whose message names it.
 * Every package downstream (evaluator, transform, codegen, CLI) is tested at these sizes.
 */

/**
 * The longest source, in characters (UTF-16 code units): 16 MiB. Longer text is a `limit`
 * error before any work, pointing at the first character past the limit.
 */
export const maxSourceLength = 16 * 1024 * 1024;

/**
 * The most expression nodes a program may have: every name, number, operator, sign, call and
 * conditional counts once (a sum of 10^6 terms `x*k` has 3·10^6). It bounds the memory of
 * every later stage; the parse stops at the statement that crosses it.
 */
export const maxNodes = 4_000_000;

/**
 * The deepest nesting a statement may have: parentheses, calls, signs (`- - x`), powers
 * (`x^x^x`) and conditionals (`a ? b : c ? …`) inside one another each count a level. Long
 * sums and products are lists, not nesting. Deeper input is a `limit` error.
 */
export const maxNesting = 50_000;

/** The most errors a parse reports; one more `limit` error counts the rest. */
export const maxErrors = 1000;

/** The longest name (of a parameter, binding, function or variable), in characters. */
export const maxIdentifierLength = 10_000;

/**
 * Statements at least this long, or nested deeper than `inThreadNesting`, are parsed by the
 * direct parser (direct.ts) rather than ohm.
 */
export const directLength = 4096;

/**
 * A statement that the direct parser rejects is matched by ohm for its error message only up
 * to this length: ohm needs about 2 KB of heap per character. Longer ones are described from
 * the direct parser's own expectations.
 */
export const maxOhmLength = 128 * 1024;

/**
 * Statements nested deeper than this are matched in a worker thread with a large stack; ohm
 * needs about 4 KB of stack per level and the default stack overflows near 250 levels.
 * Shallower statements are matched in the calling thread (a stack overflow there, from an
 * unparenthesised chain like `- - - ... x`, also moves the statement to the worker).
 */
export const inThreadNesting = 64;

/** Stack per source character reserved for a worker (a generous bound of ohm's use per level). */
export const workerStackBytesPerChar = 8 * 1024;
export const minWorkerStackMb = 16;
export const maxWorkerStackMb = 1024;

/** How long the parser waits for a worker before giving up with a `limit` error. */
export const workerTimeoutMs = 120_000;

/** `1234567` as `1,234,567`. */
const count = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The message of a name longer than `maxIdentifierLength`. */
export function identifierTooLong(name: string): string {
  const shown = `${name.slice(0, 16)}…`;
  return `the name '${shown}' is ${count(name.length)} characters long: the limit is ${count(maxIdentifierLength)} (maxIdentifierLength)`;
}

export function sourceTooLong(length: number, limit = maxSourceLength): string {
  return `the source is ${count(length)} characters long: the limit is ${count(limit)} (maxSourceLength)`;
}

export function nestedTooDeeply(depth?: number): string {
  const how = depth === undefined ? `more than ${count(maxNesting)}` : count(depth);
  return `nested ${how} deep (parentheses, calls, signs, powers and conditionals count): the limit is ${count(maxNesting)} (maxNesting)`;
}

export function tooManyNodes(): string {
  return `the program has more than ${count(maxNodes)} expression nodes (names, numbers, operators and calls): the limit is ${count(maxNodes)} (maxNodes)`;
}

export function expandedTooLarge(name: string, size: number, limit = maxNodes): string {
  const shown = size < 1e15 ? count(size) : size.toExponential(2);
  return `'${name}' has ${shown} expression nodes with the functions it calls expanded in place: the limit is ${count(limit)} (maxNodes)`;
}

export function tooManyErrors(found: number): string {
  return `too many errors: ${count(found)} found, the first ${count(maxErrors)} are shown (maxErrors)`;
}
