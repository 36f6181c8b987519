/**
 * The statement scanner: the layout half of the grammar. A newline ends a statement and `#`
 * starts a comment that runs to the end of its line, so a statement is the text of one line
 * before its comment, without surrounding whitespace. Blank and comment-only lines produce no
 * statement. One pass over the character codes; it also measures each statement's nesting of
 * parentheses, which decides where the statement is matched (see offload.ts).
 */

/** Whitespace as ohm's built-in `space` rule has it: every code unit up to ' '. */
const lastSpace = 0x20;
const newline = 0x0a;
const hash = 0x23;
const open = 0x28;
const close = 0x29;
const byteOrderMark = 0xfeff;

export interface StatementRange {
  /** Offset of the statement's first non-space character. */
  readonly start: number;
  /** Offset just past its last non-space character before any comment. */
  readonly end: number;
  /** The deepest nesting of parentheses in the statement. */
  readonly depth: number;
  /** Parentheses left open at the end of the statement (for a hint in error messages). */
  readonly unclosed: number;
}

export interface Layout {
  readonly statements: readonly StatementRange[];
  /** Offsets where lines start, for line numbers in messages. */
  readonly lineStarts: readonly number[];
}

export function scan(source: string): Layout {
  const statements: StatementRange[] = [];
  const lineStarts: number[] = [0];
  let start = -1;
  let end = -1;
  let depth = 0;
  let deepest = 0;
  let inComment = false;
  const finishLine = (): void => {
    if (start !== -1) statements.push({ start, end, depth: deepest, unclosed: depth });
    start = end = -1;
    depth = deepest = 0;
    inComment = false;
  };
  const first = source.charCodeAt(0) === byteOrderMark ? 1 : 0;
  for (let index = first; index < source.length; index++) {
    const code = source.charCodeAt(index);
    if (code === newline) {
      finishLine();
      lineStarts.push(index + 1);
    } else if (inComment || code <= lastSpace) {
      continue;
    } else if (code === hash) {
      inComment = true;
    } else {
      if (start === -1) start = index;
      end = index + 1;
      if (code === open) deepest = Math.max(deepest, ++depth);
      else if (code === close && depth > 0) depth--;
    }
  }
  finishLine();
  return { statements, lineStarts };
}

/** The 1-based line of `offset` (binary search over the line starts). */
export function lineOf(layout: Layout, offset: number): number {
  const starts = layout.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
