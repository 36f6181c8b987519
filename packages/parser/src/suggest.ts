/**
 * "did you mean 'sin'?": the candidate nearest to a misspelt name, by optimal-string-alignment
 * distance (an edit is an insertion, deletion, substitution or swap of neighbours) over code
 * points. A suggestion is only made when it is close: at most one edit per three characters.
 *
 * A function may have 10^6 names in scope, so the search is bounded: candidates whose length
 * alone rules them out cost one comparison, names longer than `longestSuggested` get no
 * suggestion, and all the searches of one parse share a budget of `Work`.
 */

/** Names longer than this are not typos worth a suggestion. */
export const longestSuggested = 64;

/**
 * What is left of one parse's budget for suggestions: a candidate looked at costs one, a
 * distance table its number of cells.
 */
export interface Work {
  cells: number;
}

/** Under a second of searching, however many names are in scope. */
export const suggestionCells = 10_000_000;

export function nearestName(
  name: string,
  candidates: Iterable<string>,
  work: Work = { cells: suggestionCells },
): string | undefined {
  if (name.length > longestSuggested) return undefined;
  const target = [...name];
  const lower = name.toLowerCase();
  // One- and two-letter names are all alike; only a case slip is worth a suggestion there.
  const budget = target.length < 3 ? 0.5 : Math.max(1, Math.floor(target.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (--work.cells < 0) break;
    if (candidate === name || candidate === '') continue;
    // A code point is one or two code units: lengths alone rule most candidates out.
    if (candidate.length < target.length - budget) continue;
    if (candidate.length > 2 * (target.length + budget)) continue;
    let distance: number;
    // A case slip (`Sin`) is the likeliest mistake of all.
    if (candidate.length === name.length && candidate.toLowerCase() === lower) distance = 0.5;
    else if (budget < 1) continue;
    else {
      const other = [...candidate];
      if (Math.abs(other.length - target.length) > budget) continue;
      work.cells -= target.length * other.length;
      if (work.cells < 0) break;
      distance = editDistance(target, other);
    }
    if (distance <= budget && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance, two rows of the dynamic programme at a time. */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2]! + 1);
      }
      current.push(value);
    }
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** `; did you mean 'x'?` or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>, work?: Work): string {
  const nearest = nearestName(name, candidates, work);
  return nearest === undefined ? '' : `; did you mean '${nearest}'?`;
}
