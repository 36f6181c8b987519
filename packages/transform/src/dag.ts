/**
 * Walks over interned DAGs by node id. Interning gives every node an id, with operands before
 * users, so ascending ids are a topological order and flat typed arrays replace sets and maps:
 * at 10^5–10^6 nodes this is several times faster than object-keyed walks.
 */
import type { Interner } from '@ddx/ast';

/** The ids of every node reachable from `roots`, ascending (operands before users). */
export function reachableIds(interner: Interner, roots: readonly number[]): Int32Array {
  const size = interner.size;
  const marked = new Uint8Array(size);
  let highest = -1;
  for (const id of roots) {
    marked[id] = 1;
    if (id > highest) highest = id;
  }
  let count = 0;
  for (let id = highest; id >= 0; id--) {
    if (marked[id] === 0) continue;
    count++;
    for (let position = interner.arityOf(id) - 1; position >= 0; position--) {
      marked[interner.operandIdAt(id, position)] = 1;
    }
  }
  const order = new Int32Array(count);
  let next = 0;
  for (let id = 0; id <= highest; id++) if (marked[id] === 1) order[next++] = id;
  return order;
}

/**
 * How many times each node is used below `roots` (a root counts once), indexed by id. `order` is
 * `reachableIds(interner, roots)`, when the caller has it already.
 */
export function useCountsById(
  interner: Interner,
  roots: readonly number[],
  order: Int32Array = reachableIds(interner, roots),
): Int32Array {
  const counts = new Int32Array(interner.size);
  for (const id of roots) counts[id]!++;
  for (const id of order) {
    for (let position = interner.arityOf(id) - 1; position >= 0; position--) {
      counts[interner.operandIdAt(id, position)]!++;
    }
  }
  return counts;
}
