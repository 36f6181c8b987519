// @ts-check
/**
 * The ohm half of the parser: match one statement against `ddx.ohm` and write its concrete
 * syntax tree into a flat buffer. Nothing ohm-shaped leaves this module.
 *
 * This file is plain JavaScript (type-checked through JSDoc) because it also runs inside a
 * worker thread (worker.js), and a Node 20 worker cannot load TypeScript: from source (tests)
 * and from dist alike, the worker imports exactly this file.
 *
 * The flat tree lists the nodes in postorder, four integers per node:
 *   kind  - a rule id (an index into `ruleNames`), ITERATION or TERMINAL;
 *   start - UTF-16 offset into the whole source;
 *   end   - exclusive end offset;
 *   count - the number of children, which immediately precede the node.
 * Lexical rules (`name`, `number`, operators) and terminals are leaves: only their text matters.
 * Walking postorder with a value stack rebuilds any tree without recursion (see build.ts), and
 * the buffer crosses a thread boundary as one transferable Int32Array.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const ITERATION = -1;
export const TERMINAL = -2;
export const FIELDS = 4;

// ohm's CommonJS build loads about three times faster than its ESM entry, and a grammar
// rebuilt from the recipe that `npm run build` writes beside dist/ takes ~1 ms instead of
// ~100 ms of grammar compilation: together they keep `ddx eval` start-up short. From source
// (tests), the grammar is compiled from ddx.ohm as before.
/** @type {typeof import('ohm-js')} */
const ohm = createRequire(import.meta.url)('ohm-js');
const recipeUrl = new URL('./ddx.recipe.json', import.meta.url);
const grammar = existsSync(recipeUrl)
  ? /** @type {{ makeRecipe(recipe: unknown): import('ohm-js').Grammar }} */ (
      /** @type {unknown} */ (ohm)
    ).makeRecipe(JSON.parse(readFileSync(recipeUrl, 'utf8')))
  : ohm.grammar(readFileSync(new URL('./ddx.ohm', import.meta.url), 'utf8'));

/** Every rule of the grammar, inherited ones included (ListOf...), in a stable order. */
export const ruleNames = collectRuleNames();
const ruleIds = new Map(ruleNames.map((name, id) => [name, id]));
/** ohm's convention: a rule whose name starts in lower case is lexical. */
const lexical = ruleNames.map((name) => name[0] === name[0]?.toLowerCase());

function collectRuleNames() {
  /** @type {string[]} */
  const names = [];
  for (const name in grammar.rules) names.push(name);
  return names.sort();
}

/** A growable buffer of flat syntax-tree entries. */
export class CstWriter {
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity * FIELDS);
    /** The number of integers written (a multiple of FIELDS). */
    this.length = 0;
  }

  /**
   * @param {number} kind
   * @param {number} start
   * @param {number} end
   * @param {number} count
   */
  push(kind, start, end, count) {
    if (this.length + FIELDS > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const data = this.data;
    const at = this.length;
    data[at] = kind;
    data[at + 1] = start;
    data[at + 2] = end;
    data[at + 3] = count;
    this.length = at + FIELDS;
  }

  /**
   * The written entries, trimmed (a copy).
   * @returns {Int32Array<ArrayBuffer>}
   */
  toArray() {
    return this.data.slice(0, this.length);
  }
}

/**
 * @typedef {{ text: string, type: string }} Expectation
 * @typedef {{ ok: true, from: number, to: number }} Matched
 *   `from`/`to`: integer offsets of the statement's entries in the writer.
 * @typedef {{ ok: false, position: number, expected: Expectation[] }} Mismatched
 * @typedef {{ ok: false, overflow: true }} Overflowed
 *   The JavaScript stack ran out (deep nesting): match again with a larger stack.
 * @typedef {Matched | Mismatched | Overflowed} Outcome
 */

/**
 * Matches `source.slice(start, end)` as `rule` ('Statement' or 'Expr') and appends its tree to
 * `writer`. Offsets in the tree and in failures are offsets into `source`.
 * @param {string} source
 * @param {number} start
 * @param {number} end
 * @param {string} rule
 * @param {CstWriter} writer
 * @returns {Outcome}
 */
export function matchStatement(source, start, end, rule, writer) {
  const from = writer.length;
  try {
    const result = grammar.match(source.slice(start, end), rule);
    if (result.failed()) return mismatch(result, start);
    // ohm 17 has no public walk over its tree; these two fields are what its own
    // `ohm-js/v18` adapter (getCstRoot) reads, and the parser tests pin the shape.
    const internal = /** @type {{ _cst: OhmNode, _cstOffset: number }} */ (
      /** @type {unknown} */ (result)
    );
    flatten(internal._cst, start + internal._cstOffset, writer);
    return { ok: true, from, to: writer.length };
  } catch (error) {
    writer.length = from;
    if (error instanceof RangeError) return { ok: false, overflow: true };
    throw error;
  }
}

/**
 * @param {import('ohm-js').MatchResult} result
 * @param {number} start
 * @returns {Mismatched}
 */
function mismatch(result, start) {
  const failed = /** @type {import('ohm-js').FailedMatchResult & {
    getRightmostFailures(): { getText(): string, getType(): string }[] }} */ (result);
  // Fluffy failures (an optional operator that did not follow) are kept: "expected an
  // operator or ')'" tells more than "expected ')'".
  const expected = failed
    .getRightmostFailures()
    .map((failure) => ({ text: failure.getText(), type: failure.getType() }));
  return { ok: false, position: start + failed.getRightmostFailurePosition(), expected };
}

/**
 * @typedef {{
 *   ctorName: string, matchLength: number, children: OhmNode[], childOffsets: number[],
 *   isTerminal(): boolean, isNonterminal(): boolean, isIteration(): boolean
 * }} OhmNode
 */

/**
 * Writes the tree below `root` in postorder, without recursion. ohm stores child offsets
 * relative to the nearest enclosing nonterminal (an iteration node shares its parent's base).
 * @param {OhmNode} root
 * @param {number} rootStart
 * @param {CstWriter} writer
 */
function flatten(root, rootStart, writer) {
  /** @type {OhmNode[]} */
  const nodes = [root];
  const starts = [rootStart];
  const bases = [rootStart];
  const next = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = /** @type {OhmNode} */ (nodes[top]);
    const start = /** @type {number} */ (starts[top]);
    const index = /** @type {number} */ (next[top]);
    const leaf = leafKind(node);
    if (leaf !== undefined || index === node.children.length) {
      const kind = leaf ?? (node.isIteration() ? ITERATION : ruleId(node.ctorName));
      writer.push(kind, start, start + node.matchLength, leaf === undefined ? index : 0);
      nodes.pop();
      starts.pop();
      bases.pop();
      next.pop();
      continue;
    }
    next[top] = index + 1;
    const base = node.isNonterminal() ? start : /** @type {number} */ (bases[top]);
    const child = /** @type {OhmNode} */ (node.children[index]);
    const childStart = base + /** @type {number} */ (node.childOffsets[index]);
    nodes.push(child);
    starts.push(childStart);
    bases.push(child.isNonterminal() ? childStart : base);
    next.push(0);
  }
}

/**
 * The kind of a leaf entry, or undefined when the node's children are written too.
 * @param {OhmNode} node
 */
function leafKind(node) {
  if (node.isTerminal()) return TERMINAL;
  if (!node.isNonterminal()) return undefined;
  const id = ruleId(node.ctorName);
  return lexical[id] ? id : undefined;
}

/** @param {string} name */
function ruleId(name) {
  const id = ruleIds.get(name);
  if (id === undefined) throw new Error(`ddx.ohm has no rule ${name}`);
  return id;
}

/**
 * Matches many statements of one source; the worker's entry point, also used in-thread.
 * `ranges` holds [start, end) pairs.
 * @param {string} source
 * @param {Int32Array} ranges
 * @param {string} rule
 * @returns {{ entries: Int32Array<ArrayBuffer>, outcomes: Outcome[] }}
 */
export function matchStatements(source, ranges, rule) {
  const writer = new CstWriter();
  /** @type {Outcome[]} */
  const outcomes = [];
  for (let index = 0; index < ranges.length; index += 2) {
    const start = /** @type {number} */ (ranges[index]);
    const end = /** @type {number} */ (ranges[index + 1]);
    outcomes.push(matchStatement(source, start, end, rule, writer));
  }
  return { entries: writer.toArray(), outcomes };
}
