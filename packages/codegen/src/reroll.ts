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

/** Runs shorter than this stay straight-line. */
export const minimumRun = 8;

/**
 * Functions with no more operations than this stay straight-line: up to tens of thousands of
 * operations, straight-line code is faster than loops and reads better (README, "Speed": the
 * 4,801-parameter MLP's gradient, ~14,000 operations, runs at 0.9× hand-written loops straight
 * and 1.3× rerolled).
 */
export const rerollThreshold = 30_000;

interface Shape {
  /** The binding's structure with its leaves left out; equal keys, equal structure. */
  readonly key: string;
  /** Leaf values: a parameter index or a binding position, in walk order. */
  readonly values: readonly number[];
  readonly leaves: readonly { kind: 'param' | 'binding'; name: string; array?: string }[];
  readonly stores: readonly number[];
  /** Operation nodes (not leaves) in the value. */
  readonly operations: number;
}

/**
 * The runs of `fn`'s bindings. `params` places each parameter; `stores` gives, per binding name,
 * the `out` indices a result stores it to; `shared` holds the operation nodes reached twice
 * (a binding that contains one is never rerolled: the walk would visit it once, not twice).
 */
export function findRuns(
  fn: FunctionDef,
  params: ReadonlyMap<string, ParamPlace>,
  stores: ReadonlyMap<string, readonly number[]>,
  shared: ReadonlySet<Expression>,
  /** Nothing is rerolled in a function with no more operations than this. */
  minimumOperations = 0,
): Run[] {
  if (fn.body.length < minimumRun) return [];
  const positions = new Map(fn.body.map((binding, index) => [binding.name, index]));
  // A cheap first look: only stretches of `minimumRun` bindings with the same root operation can
  // hold a run, and only those get a full shape (a random graph has almost none).
  const roots = fn.body.map((binding) => rootKey(binding.value));
  const candidate = new Uint8Array(fn.body.length);
  for (let start = 0, end = 1; start < roots.length; start = end, end = start + 1) {
    while (end < roots.length && roots[end] === roots[start]) end++;
    if (end - start >= minimumRun) candidate.fill(1, start, end);
  }
  let operations = 0;
  const shapes = fn.body.map((binding, index) => {
    if (!candidate[index]) {
      operations += 2; // an estimate: most bindings of a scheduled program are one or two operations
      return undefined;
    }
    const shape = shapeOf(binding.value, params, positions, stores.get(binding.name) ?? [], shared);
    operations += shape?.operations ?? 1;
    return shape;
  });
  if (operations <= minimumOperations) return [];
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

/** The operation at the root of a value: equal shapes have equal root keys. */
function rootKey(node: Expression): string {
  switch (node.kind) {
    case 'Binary':
    case 'Unary':
      return node.kind + node.operator;
    case 'Call':
      return node.callee;
    default:
      return node.kind;
  }
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
  positions: ReadonlyMap<string, number>,
  stores: readonly number[],
  shared: ReadonlySet<Expression>,
): Shape | undefined {
  let key = `${stores.length}:`;
  let operations = 0;
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
        const position = positions.get(node.name);
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
        operations++;
        key += `U${node.operator}(`;
        stack.push(node.operand);
        break;
      case 'Binary':
        operations++;
        key += `B${node.operator}(`;
        stack.push(node.right, node.left);
        break;
      case 'Conditional':
        operations++;
        key += '?(';
        stack.push(node.alternate, node.consequent, node.test);
        break;
      case 'Call':
        operations++;
        key += `C${node.callee}/${node.args.length}(`;
        for (let index = node.args.length - 1; index >= 0; index--) stack.push(node.args[index]!);
        break;
    }
  }
  return { key, values, leaves, stores, operations };
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
}

/** The reductions among `fn`'s binding values, by binding position. */
export function findReductions(
  fn: FunctionDef,
  params: ReadonlyMap<string, ParamPlace>,
  shared: ReadonlySet<Expression>,
): Map<number, Reduction> {
  const positions = new Map(fn.body.map((binding, index) => [binding.name, index]));
  const reductions = new Map<number, Reduction>();
  fn.body.forEach((binding, index) => {
    const reduction = reductionOf(binding.value, params, positions, shared);
    if (reduction) reductions.set(index, reduction);
  });
  return reductions;
}

function reductionOf(
  root: Expression,
  params: ReadonlyMap<string, ParamPlace>,
  positions: ReadonlyMap<string, number>,
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
  shapes[last] = shapeOf(terms[last]!, params, positions, [], shared);
  shapes[last - 1] = shapeOf(terms[last - 1]!, params, positions, [], shared);
  const end = shapes[last];
  const before = shapes[last - 1];
  if (!end || !before || end.key !== before.key) return undefined;
  const strides = end.values.map((value, index) => value - before.values[index]!);
  let first = last - 1;
  while (first > 0) {
    const shape = shapeOf(terms[first - 1]!, params, positions, [], shared);
    const steps = last - (first - 1);
    if (!shape || shape.key !== end.key) break;
    if (shape.values.some((value, index) => value !== end.values[index]! - strides[index]! * steps))
      break;
    first--;
  }
  const count = last - first + 1;
  if (count < minimumRun) return undefined;
  const base = shapes[first] ?? shapeOf(terms[first]!, params, positions, [], shared)!;
  return {
    prefix: first === 0 ? undefined : first === 1 ? terms[0] : spine[first - 2],
    term: terms[first]!,
    count,
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
