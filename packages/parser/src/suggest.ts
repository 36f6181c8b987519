/**
 * "did you mean 'sin'?": the candidate nearest to a misspelt name, by optimal-string-alignment
 * distance (an edit is an insertion, deletion, substitution or swap of neighbours) over code
 * points. A suggestion is only made when it is close: at most one edit per three characters.
 */

export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const target = [...name];
  // One- and two-letter names are all alike; only a case slip is worth a suggestion there.
  const budget = target.length < 3 ? 0.5 : Math.max(1, Math.floor(target.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name || candidate === '') continue;
    // A case slip (`Sin`) is the likeliest mistake of all.
    const distance =
      candidate.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(target, [...candidate]);
    if (distance <= budget && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance, two rows of the dynamic programme at a time. */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
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
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const nearest = nearestName(name, candidates);
  return nearest === undefined ? '' : `; did you mean '${nearest}'?`;
}
