/** The parser's documented limits (README, "Limits"). */

/**
 * The deepest nesting of parentheses (grouping or call) a statement may have. Deeper input is a
 * `limit` error before any matching: it would need a stack of more than a gigabyte.
 */
export const maxNesting = 50_000;

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
