/**
 * Loop rerolling. A large function written out in scalars (an MLP: `h1_0 = tanh(b1_0 + w1_0_0 *
 * x0 + ...)`, `h1_1 = ...`; its gradient: `dJ_dw2_15_13 = dJ_db2_13 * h1_15`, ...) repeats one
 * binding shape many times with parameter indices and binding positions in arithmetic progression.
 * As straight-line code that is megabytes of machine code, which no longer fits the CPU's caches;
 * as a loop it is a few lines. This pass finds such runs of consecutive bindings; the lowering
 * emits each as a `for` loop whose values live in the scratch buffer at their binding's position.
 *
 * Only the arrays calling convention rerolls (parameters are array elements there), and only
 * large bodies (`rerollThreshold`): smaller functions stay straight-line, one `const` per binding.
 */
import type { Expression, FunctionDef } from '@ddx/ast';

/** Where a parameter lives: `params[i]` or `inputs[i]`. */
export interface ParamPlace {
  readonly array: string;
  readonly index: number;
}

/** A leaf of a rerolled binding, in walk order: what it reads (or, for a store, writes). */
export type LeafPattern =
  /** A parameter; `stride` 0 reads the same one in every iteration. */
  | {
      readonly kind: 'param';
      readonly name: string;
      readonly array: string;
      readonly base: number;
      readonly stride: number;
    }
  /** The binding at position `base + stride * i` (stride 0: a fixed one). */
  | {
      readonly kind: 'binding';
      readonly name: string;
      readonly base: number;
      readonly stride: number;
    };

export interface Run {
  /** Position of the first binding. */
  readonly start: number;
  readonly count: number;
  /** The leaves of the representative (first) binding, in walk order. */
  readonly leaves: readonly LeafPattern[];
  /** The `out` indices the run's bindings are stored to: `base + stride * i`, one per store. */
  readonly stores: readonly { readonly base: number; readonly stride: number }[];
}

/** The position of the binding named `name`, undefined if no binding has that name. */
export type PositionOf = (name: string) => number | undefined;

/** Runs shorter than this stay straight-line. */
export const minimumRun = 8;

/**
 * Functions with no more operations than this stay straight-line: up to tens of thousands of
 * operations, straight-line code is faster than loops and reads better (README, "Speed": the
 * 4,801-parameter MLP's gradient, ~14,000 operations, runs at 0.9× hand-written loops straight
 * and 1.3× rerolled).
 */
export const rerollThreshold = 30_000;

export interface Shape {
  /** The binding's structure with its leaves left out; equal keys, equal structure. */
  readonly key: string;
  /** Leaf values: a parameter index or a binding position, in walk order. */
  readonly values: readonly number[];
  readonly leaves: readonly { kind: 'param' | 'binding'; name: string; array?: string }[];
  readonly stores: readonly number[];
}

/**
 * The runs of `fn`'s bindings. `params` places each parameter; `stores` gives, per binding name,
 * the `out` indices a result stores it to; `shared` holds the operation nodes reached twice
 * (a binding that contains one is never rerolled: the walk would visit it once, not twice).
 */
export function findRuns(
  fn: FunctionDef,
  params: ReadonlyMap<string, ParamPlace>,
  positionOf: PositionOf,
  stores: ReadonlyMap<string, readonly number[]>,
  shared: ReadonlySet<Expression>,
): Run[] {
  if (fn.body.length < minimumRun) return [];
  // Cheap looks first: only stretches of `minimumRun` bindings with the same root operation, then
  // with the same structure, can hold a run, and only those get a full shape (a random graph and
  // its gradient have almost none).
  const length = fn.body.length;
  const keys = new Int32Array(length);
  for (let index = 0; index < length; index++) keys[index] = rootCode(fn.body[index]!.value);
  const candidate = stretches(keys, new Uint8Array(length).fill(1));
  for (let index = 0; index < length; index++) {
    if (!candidate[index]) continue;
    const binding = fn.body[index]!;
    const storeCount = stores.size > 0 ? (stores.get(binding.name)?.length ?? 0) : 0;
    keys[index] = structureHash(binding.value, storeCount);
  }
  if (stretches(keys, candidate).indexOf(1) === -1) return [];
  const shapes = fn.body.map((binding, index) =>
    candidate[index]
      ? shapeOf(binding.value, params, positionOf, stores.get(binding.name) ?? [], shared)
      : undefined,
  );
  const runs: Run[] = [];
  for (let start = 0; start < shapes.length - 1; start++) {
    const first = shapes[start];
    const second = shapes[start + 1];
    if (!first || !second || first.key !== second.key) continue;
    const strides = first.values.map((value, index) => second.values[index]! - value);
    const storeStrides = first.stores.map((value, index) => second.stores[index]! - value);
    let count = 2;
    while (
      start + count < shapes.length &&
      continues(shapes[start + count], first, strides, storeStrides, count)
    ) {
      count++;
    }
    if (count < minimumRun) continue;
    runs.push({
      start,
      count,
      leaves: first.leaves.map((leaf, index) =>
        leaf.kind === 'param'
          ? {
              kind: 'param',
              name: leaf.name,
              array: leaf.array!,
              base: first.values[index]!,
              stride: strides[index]!,
            }
          : {
              kind: 'binding',
              name: leaf.name,
              base: first.values[index]!,
              stride: strides[index]!,
            },
      ),
      stores: first.stores.map((base, index) => ({ base, stride: storeStrides[index]! })),
    });
    start += count - 1;
  }
  return runs;
}

/**
 * Narrows `candidate` (in place) to the stretches of at least `minimumRun` candidates with equal
 * keys; returns it.
 */
function stretches(keys: Int32Array, candidate: Uint8Array): Uint8Array {
  for (let start = 0, end = 1; start < keys.length; start = end, end = start + 1) {
    if (!candidate[start]) continue;
    while (end < keys.length && candidate[end] && keys[end] === keys[start]) end++;
    if (end - start < minimumRun) candidate.fill(0, start, end);
  }
  return candidate;
}

/** A callee's or a constant's name as a number (FNV-1a; a collision only lets more through). */
function codeOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash & 0xffff;
}

/** An operator (one or two characters) as a small number, without a lookup. */
function operatorCode(operator: string): number {
  return operator.charCodeAt(0) * 4 + operator.length;
}

/** The operation at the root of a value, as a number: equal shapes have equal root codes. */
function rootCode(node: Expression): number {
  switch (node.kind) {
    case 'Binary':
      return operatorCode(node.operator);
    case 'Unary':
      return -operatorCode(node.operator);
    case 'Call':
      return 0x10000 + codeOf(node.callee);
    default:
      return node.kind.length;
  }
}

const hashStack: Expression[] = [];

/**
 * A hash of what `shapeOf`'s key spells (operators, callees, literals, where the leaves are, the
 * number of stores), without telling leaves apart: equal keys give equal hashes. Integer
 * arithmetic over one walk, no strings, no lookups of names.
 */
function structureHash(root: Expression, storeCount: number): number {
  let hash = storeCount;
  const stack = hashStack;
  stack.push(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    let code: number;
    switch (node.kind) {
      case 'Identifier':
        code = 1;
        break;
      case 'Number':
        code = 2 + ((node.value * 4096) | 0);
        break;
      case 'Constant':
        code = 3 + codeOf(node.name);
        break;
      case 'Unary':
        code = 4 + operatorCode(node.operator);
        stack.push(node.operand);
        break;
      case 'Binary':
        code = 5 + operatorCode(node.operator);
        stack.push(node.right, node.left);
        break;
      case 'Conditional':
        code = 6;
        stack.push(node.alternate, node.consequent, node.test);
        break;
      case 'Call':
        code = 7 + codeOf(node.callee) + 1024 * node.args.length;
        for (let index = node.args.length - 1; index >= 0; index--) stack.push(node.args[index]!);
        break;
    }
    hash = (Math.imul(hash, 31) + code) | 0;
  }
  return hash;
}

function continues(
  shape: Shape | undefined,
  first: Shape,
  strides: readonly number[],
  storeStrides: readonly number[],
  iteration: number,
): boolean {
  if (!shape || shape.key !== first.key) return false;
  for (let index = 0; index < strides.length; index++) {
    if (shape.values[index] !== first.values[index]! + strides[index]! * iteration) return false;
  }
  for (let index = 0; index < storeStrides.length; index++) {
    if (shape.stores[index] !== first.stores[index]! + storeStrides[index]! * iteration)
      return false;
  }
  return true;
}

/**
 * The shape of a binding's value: a key that spells its structure (operators, callees, literals,
 * and for each leaf its kind and array), and the leaf values. Undefined when the value cannot be
 * rerolled (it shares a node, or reads a name that is neither a parameter nor a binding).
 */
function shapeOf(
  root: Expression,
  params: ReadonlyMap<string, ParamPlace>,
  positionOf: PositionOf,
  stores: readonly number[],
  shared: ReadonlySet<Expression>,
): Shape | undefined {
  let key = `${stores.length}:`;
  const values: number[] = [];
  const leaves: { kind: 'param' | 'binding'; name: string; array?: string }[] = [];
  // Preorder, left to right: the order the lowering visits leaves in.
  const stack: Expression[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && shared.has(node)) return undefined;
    switch (node.kind) {
      case 'Identifier': {
        const param = params.get(node.name);
        const position = positionOf(node.name);
        if (param) {
          key += `P${param.array};`;
          values.push(param.index);
          leaves.push({ kind: 'param', name: node.name, array: param.array });
        } else if (position !== undefined) {
          key += 'B;';
          values.push(position);
          leaves.push({ kind: 'binding', name: node.name });
        } else return undefined;
        break;
      }
      case 'Number':
        key += `N${node.value};`;
        break;
      case 'Constant':
        key += `K${node.name};`;
        break;
      case 'Unary':
        key += `U${node.operator}(`;
        stack.push(node.operand);
        break;
      case 'Binary':
        key += `B${node.operator}(`;
        stack.push(node.right, node.left);
        break;
      case 'Conditional':
        key += '?(';
        stack.push(node.alternate, node.consequent, node.test);
        break;
      case 'Call':
        key += `C${node.callee}/${node.args.length}(`;
        for (let index = node.args.length - 1; index >= 0; index--) stack.push(node.args[index]!);
        break;
    }
  }
  return { key, values, leaves, stores };
}

/**
 * A long left-leaning sum whose last `count` terms share one shape with leaves in arithmetic
 * progression (a dot product, an adjoint summed over a layer): the lowering writes it as
 * `let s = <the terms before>; for (...) s = s + <term k>;` — the same additions in the same
 * order, so the same bits.
 */
export interface Reduction {
  /** The sum of the terms before the repeated ones; undefined when all terms repeat. */
  readonly prefix: Expression | undefined;
  /** The first repeated term. */
  readonly term: Expression;
  readonly count: number;
  readonly leaves: readonly LeafPattern[];
  /** The terms' shape, and the prefix's: equal shapes can be summed side by side (below). */
  readonly termShape: Shape;
  readonly prefixShape: Shape | undefined;
}

/** The reductions among `fn`'s binding values, by binding position. */
export function findReductions(
  fn: FunctionDef,
  params: ReadonlyMap<string, ParamPlace>,
  positionOf: PositionOf,
  shared: ReadonlySet<Expression>,
): Map<number, Reduction> {
  const reductions = new Map<number, Reduction>();
  fn.body.forEach((binding, index) => {
    const reduction = reductionOf(binding.value, params, positionOf, shared);
    if (reduction) reductions.set(index, reduction);
  });
  return reductions;
}

function reductionOf(
  root: Expression,
  params: ReadonlyMap<string, ParamPlace>,
  positionOf: PositionOf,
  shared: ReadonlySet<Expression>,
): Reduction | undefined {
  // The left spine: spine[k] is the sum of the terms up to and including terms[k + 1].
  const spine: Expression[] = [];
  const terms: Expression[] = [];
  let node = root;
  while (node.kind === 'Binary' && node.operator === '+' && (node === root || !shared.has(node))) {
    spine.push(node);
    terms.push(node.right);
    node = node.left;
  }
  if (terms.length < minimumRun) return undefined;
  terms.push(node);
  terms.reverse();
  spine.reverse();
  const last = terms.length - 1;
  const shapes: (Shape | undefined)[] = [];
  shapes[last] = shapeOf(terms[last]!, params, positionOf, [], shared);
  shapes[last - 1] = shapeOf(terms[last - 1]!, params, positionOf, [], shared);
  const end = shapes[last];
  const before = shapes[last - 1];
  if (!end || !before || end.key !== before.key) return undefined;
  const strides = end.values.map((value, index) => value - before.values[index]!);
  let first = last - 1;
  while (first > 0) {
    const shape = shapeOf(terms[first - 1]!, params, positionOf, [], shared);
    const steps = last - (first - 1);
    if (!shape || shape.key !== end.key) break;
    if (shape.values.some((value, index) => value !== end.values[index]! - strides[index]! * steps))
      break;
    first--;
  }
  const count = last - first + 1;
  if (count < minimumRun) return undefined;
  const base = shapes[first] ?? shapeOf(terms[first]!, params, positionOf, [], shared)!;
  const prefix = first === 0 ? undefined : first === 1 ? terms[0] : spine[first - 2];
  return {
    prefix,
    term: terms[first]!,
    count,
    termShape: base,
    prefixShape: prefix && shapeOf(prefix, params, positionOf, [], shared),
    leaves: base.leaves.map((leaf, index) =>
      leaf.kind === 'param'
        ? {
            kind: 'param',
            name: leaf.name,
            array: leaf.array!,
            base: base.values[index]!,
            stride: strides[index]!,
          }
        : { kind: 'binding', name: leaf.name, base: base.values[index]!, stride: strides[index]! },
    ),
  };
}

/**
 * A leaf of a reduction group's term: it moves by `stride` from term to term and by
 * `memberStride` from member to member.
 */
export type GroupLeaf = LeafPattern & { readonly memberStride: number };

/**
 * Reductions of one shape, one per unit of a layer (`dJ_dh1_k = Σ_j dJ_db2_j · w2_k_j` for every
 * k), that read nothing bound after the first of them. Summed one after the other, each is a
 * chain of dependent additions that waits on the latency of the one before; summed side by side
 * (for each term, add it to every member's running sum), the additions of different members are
 * independent, and the weights are read row by row. Each member still adds the same terms in the
 * same order, so the bits are the same.
 */
export interface ReductionGroup {
  /** The members' binding positions, ascending; member m is the m-th. */
  readonly positions: readonly number[];
  /** The first member: its expressions are the ones written, with the leaves below. */
  readonly first: Reduction;
  readonly leaves: readonly GroupLeaf[];
  /** The prefix's leaves (fixed from term to term), when the members have a prefix. */
  readonly prefixLeaves: readonly GroupLeaf[] | undefined;
}

/**
 * The groups among `reductions` (by binding position): maximal sequences of at least
 * `minimumRun` reductions, consecutive among the reductions, with equal shapes, parameters that
 * move from member to member in arithmetic progression, the same bindings in every member, and
 * every binding they read bound before the first member.
 */
export function findReductionGroups(reductions: ReadonlyMap<number, Reduction>): ReductionGroup[] {
  const positions = [...reductions.keys()].sort((a, b) => a - b);
  const groups: ReductionGroup[] = [];
  for (let start = 0; start < positions.length;) {
    const members = [positions[start]!];
    const first = reductions.get(members[0]!)!;
    let strides: MemberStrides | undefined;
    for (let next = start + 1; next < positions.length; next++) {
      const candidate = reductions.get(positions[next]!)!;
      const found = memberStrides(first, candidate, members.length, strides);
      if (!found) break;
      strides = found;
      members.push(positions[next]!);
    }
    if (members.length >= minimumRun && strides && readsBefore(first, members[0]!)) {
      groups.push({
        positions: members,
        first,
        leaves: first.leaves.map((leaf, index) => ({
          ...leaf,
          memberStride: strides!.term[index]!,
        })),
        prefixLeaves: first.prefixShape && groupLeaves(first.prefixShape, strides.prefix!),
      });
    }
    start += members.length;
  }
  return groups;
}

interface MemberStrides {
  /** For each leaf of the term, how far it moves from member to member. */
  readonly term: readonly number[];
  readonly prefix: readonly number[] | undefined;
}

/**
 * How `candidate`, as member number `index` of the group that `first` starts, moves from member
 * to member (`known`: as measured on member 1); undefined when it cannot join.
 */
function memberStrides(
  first: Reduction,
  candidate: Reduction,
  index: number,
  known: MemberStrides | undefined,
): MemberStrides | undefined {
  if (candidate.count !== first.count || !candidate.prefix !== !first.prefix) return undefined;
  const term = progression(first.termShape, candidate.termShape, index, known?.term);
  if (!term || candidate.leaves.some((leaf, i) => leaf.stride !== first.leaves[i]!.stride)) {
    return undefined;
  }
  if (!first.prefixShape) return { term, prefix: undefined };
  if (!candidate.prefixShape) return undefined;
  const prefix = progression(first.prefixShape, candidate.prefixShape, index, known?.prefix);
  return prefix && { term, prefix };
}

/**
 * The per-member strides that take `first`'s leaf values to `other`'s, `index` members later
 * (checked against `known`); bindings must be the same in every member. Undefined if none.
 */
function progression(
  first: Shape,
  other: Shape,
  index: number,
  known: readonly number[] | undefined,
): number[] | undefined {
  if (other.key !== first.key) return undefined;
  const strides: number[] = [];
  for (let leaf = 0; leaf < first.values.length; leaf++) {
    const difference = other.values[leaf]! - first.values[leaf]!;
    const stride = known ? known[leaf]! : difference / index;
    if (difference !== stride * index || !Number.isInteger(stride)) return undefined;
    if (stride !== 0 && first.leaves[leaf]!.kind !== 'param') return undefined;
    strides.push(stride);
  }
  return strides;
}

/** Whether every binding the reduction reads (in any term) is bound before `position`. */
function readsBefore(reduction: Reduction, position: number): boolean {
  const last = reduction.count - 1;
  const termBindings = reduction.leaves.every(
    (leaf) =>
      leaf.kind !== 'binding' || Math.max(leaf.base, leaf.base + leaf.stride * last) < position,
  );
  const prefix = reduction.prefixShape;
  return (
    termBindings &&
    (!prefix ||
      prefix.leaves.every((leaf, i) => leaf.kind !== 'binding' || prefix.values[i]! < position))
  );
}

function groupLeaves(shape: Shape, strides: readonly number[]): GroupLeaf[] {
  return shape.leaves.map((leaf, index) =>
    leaf.kind === 'param'
      ? {
          kind: 'param',
          name: leaf.name,
          array: leaf.array!,
          base: shape.values[index]!,
          stride: 0,
          memberStride: strides[index]!,
        }
      : {
          kind: 'binding',
          name: leaf.name,
          base: shape.values[index]!,
          stride: 0,
          memberStride: 0,
        },
  );
}
