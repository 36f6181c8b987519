/**
 * Which bindings of a large function (arrays ABI) become loops, and where their values live:
 * the runs, reductions and reduction groups of reroll.ts, and the bindings that must be in the
 * scratch buffer because a loop reads them at a varying position, or they are made in one.
 */
import type { Expression, FunctionDef } from '@ddx/ast';
import { forEachName } from './dag.js';
import {
  findReductionGroups,
  findReductions,
  findRuns,
  type ParamPlace,
  type PositionOf,
  type Reduction,
  type ReductionGroup,
  type Run,
} from './reroll.js';

/** Rerolling, for the arrays ABI (reroll.ts): where parameters live and what results store. */
export interface RerollRequest {
  readonly params: ReadonlyMap<string, ParamPlace>;
  /** For each binding name, the `out` indices a result stores it to. */
  readonly stores: ReadonlyMap<string, readonly number[]>;
  /** The indices of the results that are such stores (they read nothing from the scratch). */
  readonly storeResults: ReadonlySet<number>;
  /** Functions with no more operations than this are not rerolled (they stay readable). */
  readonly minimumOperations: number;
}

export interface LoopPlan {
  readonly runAt: ReadonlyMap<number, Run>;
  /** Reductions of straight-line bindings, by position (group members excepted). */
  readonly reductions: ReadonlyMap<number, Reduction>;
  /**
   * The members of reduction groups, by position: the group, the member's index in it, and the
   * first of the group's scratch slots (after the binding positions).
   */
  readonly members: ReadonlyMap<number, GroupMember>;
  /** Scratch slots the groups use after the binding positions. */
  readonly groupSlots: number;
  /** Binding positions whose value must be in the scratch buffer (at its position). */
  readonly stored: ReadonlySet<number>;
}

/**
 * The runs, and which bindings go to the scratch buffer: every binding made in a loop that
 * anything reads (outside the loop it is not a local), and every straight-line binding that a
 * loop reads at a varying position.
 */
export function planLoops(
  fn: FunctionDef,
  reroll: RerollRequest,
  positionOf: PositionOf,
  shared: ReadonlySet<Expression>,
  /** The function's operations: a small function is not rerolled. */
  operations: number,
): LoopPlan {
  const { params, stores, minimumOperations } = reroll;
  const runs =
    operations > minimumOperations ? findRuns(fn, params, positionOf, stores, shared) : [];
  const runAt = new Map(runs.map((run) => [run.start, run]));
  const inLoop = new Uint8Array(fn.body.length);
  for (const run of runs) inLoop.fill(1, run.start, run.start + run.count);
  const reductions =
    runs.length > 0 ? findReductions(fn, params, positionOf, shared) : new Map<number, Reduction>();
  for (const position of reductions.keys()) if (inLoop[position]) reductions.delete(position);
  const stored = new Set<number>();
  const varying = [
    ...runs.map((run) => ({ leaves: run.leaves, from: 0, count: run.count })),
    ...[...reductions.values()].map((r) => ({
      leaves: r.leaves,
      from: r.prefix ? 0 : 1,
      count: r.count,
    })),
  ];
  for (const { leaves, from, count } of varying) {
    for (const leaf of leaves) {
      if (leaf.kind !== 'binding' || leaf.stride === 0) continue;
      for (let i = from; i < count; i++) stored.add(leaf.base + leaf.stride * i);
    }
  }
  if (runs.length > 0) {
    const readers = [
      ...fn.body.map((b) => b.value),
      ...fn.results.filter((_, index) => !reroll.storeResults.has(index)),
    ];
    forEachName(readers, shared, (name) => {
      const at = positionOf(name);
      if (at !== undefined && inLoop[at]) stored.add(at);
    });
  }
  const { members, groupSlots } = groupReductions(reductions, stored, fn.body.length);
  // A loop stores all of its values or none (its scratch write is one statement).
  for (const run of runs) {
    let any = false;
    for (let i = 0; i < run.count; i++) any ||= stored.has(run.start + i);
    for (let i = 0; i < run.count; i++) {
      if (any) stored.add(run.start + i);
      else stored.delete(run.start + i);
    }
  }
  return { runAt, reductions, stored, members, groupSlots };
}

export interface GroupMember {
  readonly group: ReductionGroup;
  readonly index: number;
  readonly slot: number;
}

/**
 * The reduction groups whose members nothing reads from the scratch at their binding position
 * (their sums live in slots of their own, from `firstSlot` on); their members leave `reductions`.
 */
function groupReductions(
  reductions: Map<number, Reduction>,
  stored: ReadonlySet<number>,
  firstSlot: number,
): { members: Map<number, GroupMember>; groupSlots: number } {
  const members = new Map<number, GroupMember>();
  let groupSlots = 0;
  for (const group of findReductionGroups(reductions)) {
    if (group.positions.some((position) => stored.has(position))) continue;
    const slot = firstSlot + groupSlots;
    group.positions.forEach((position, index) => {
      members.set(position, { group, index, slot });
      reductions.delete(position);
    });
    groupSlots += group.positions.length;
  }
  return { members, groupSlots };
}
