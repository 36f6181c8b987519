/**
 * Lines and code-point columns of a source, found in logarithmic time. A parse of a 10 MB
 * program on one line may report a thousand errors; counting code points from the start of
 * the line for each of them (`[...line].length`) took over a minute. The index of the last
 * source used is kept, so every error of one parse shares it, and errors on one line share one
 * copy of its text.
 */

/** A high surrogate followed by a low one: one code point in two UTF-16 code units. */
const surrogatePair = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** The offsets where a surrogate pair starts in `text`, ascending. */
function pairsOf(text: string): number[] {
  const pairs: number[] = [];
  surrogatePair.lastIndex = 0;
  for (let match = surrogatePair.exec(text); match; match = surrogatePair.exec(text)) {
    pairs.push(match.index);
  }
  return pairs;
}

/** How many of the ascending `values` are less than `limit`. */
function countBelow(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle]! < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * How many code points `text.slice(start, end)` has, as `[...slice].length` counts them: a
 * pair cut by either end counts as one (lone) surrogate.
 */
function codePointsIn(pairs: readonly number[], start: number, end: number): number {
  if (end <= start) return 0;
  const whole = countBelow(pairs, end - 1) - countBelow(pairs, start);
  return end - start - whole;
}

export class SourceIndex {
  private lineStarts: number[] | undefined;
  private pairs: number[] | undefined;
  private lastLine = -1;
  private lastText = '';

  constructor(readonly source: string) {}

  /** The 1-based line of `offset` and the offset where that line starts. */
  lineOf(offset: number): { line: number; start: number } {
    const starts = (this.lineStarts ??= this.findLineStarts());
    // Line n starts after the (n-1)th newline below `offset`.
    const line = countBelow(starts, Math.min(offset, this.source.length) + 1);
    return { line, start: starts[line - 1]! };
  }

  /** Code points in `source.slice(start, end)`. */
  codePoints(start: number, end: number): number {
    this.pairs ??= pairsOf(this.source);
    return codePointsIn(this.pairs, start, end);
  }

  /** The text of the line that starts at `start`, without its line end (shared per line). */
  lineText(start: number): string {
    if (start !== this.lastLine) {
      let end = this.source.indexOf('\n', start);
      if (end === -1) end = this.source.length;
      if (end > start && this.source.charCodeAt(end - 1) === 0x0d) end--;
      this.lastLine = start;
      this.lastText = this.source.slice(start, end);
    }
    return this.lastText;
  }

  /** Offsets where lines start: 0, then just past every newline. */
  private findLineStarts(): number[] {
    const starts = [0];
    for (let at = this.source.indexOf('\n'); at !== -1; at = this.source.indexOf('\n', at + 1)) {
      starts.push(at + 1);
    }
    return starts;
  }
}

let last: SourceIndex | undefined;

/** The index of `source`, reused while the same source is asked about. */
export function indexOf(source: string): SourceIndex {
  if (last === undefined || last.source !== source) last = new SourceIndex(source);
  return last;
}

/** The surrogate pairs of the last long line rendered (errors on one line share its text). */
let lastLine: { text: string; pairs: number[] } | undefined;

function pairsOfLine(line: string): number[] {
  if (lastLine === undefined || lastLine.text !== line)
    lastLine = { text: line, pairs: pairsOf(line) };
  return lastLine.pairs;
}

/** How many code points `line` has. */
export function codePointLength(line: string): number {
  return line.length - pairsOfLine(line).length;
}

/** The UTF-16 index in `line` of its `column`th code point (1-based). */
export function unitIndexOfColumn(line: string, column: number): number {
  const pairs = pairsOfLine(line);
  // The code point index of pair i is pairs[i] - i; every pair before the column adds a unit.
  const target = column - 1;
  let low = 0;
  let high = pairs.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (pairs[middle]! - middle < target) low = middle + 1;
    else high = middle;
  }
  return target + low;
}
