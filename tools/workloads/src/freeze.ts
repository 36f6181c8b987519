/**
 * For the tests that no API modifies its inputs: a write to a frozen object throws (ES modules
 * are strict), so an API that sets, adds or deletes a property of its input fails loudly.
 */

/** Freezes `value` and everything reachable from it, without recursion (ASTs can be deep). */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item !== null && typeof item === 'object' && !Object.isFrozen(item)) {
      Object.freeze(item);
      for (const child of Object.values(item)) stack.push(child);
    }
  }
  return value;
}

/**
 * A structural copy of `value` as text, to compare before and after: own enumerable keys in
 * order (`__proto__` and `constructor` included), -0, NaN and the infinities, Map entries.
 * (vitest's toStrictEqual compares `a.constructor === b.constructor`, which an own key
 * `constructor: NaN` breaks.)
 */
export function snapshot(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && (!Number.isFinite(item) || Object.is(item, -0))) {
      return { number: Object.is(item, -0) ? '-0' : String(item) };
    }
    if (item instanceof Map) return { Map: [...item] };
    if (item === undefined) return { undefined: true };
    return item;
  });
}
