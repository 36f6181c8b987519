/**
 * A function flattened onto a tape: one slot per parameter, input, constant, binding and inner
 * operation, in evaluation order. The hand-written graph reference and the TensorFlow.js peer
 * both run from it (walking the AST with an explicit stack: a result can be a sum of thousands of
 * sinks). Structurally repeated subtrees are not merged: this is the program as written.
 */
import type { Expression, FunctionDef } from '@ddx/ast';

export interface TapeNode {
  readonly slot: number;
  /** A binary operator (`+ - * / ^`), `neg`, or a builtin's name (`tanh`, `relu`, ...). */
  readonly op: string;
  readonly args: readonly number[];
}

export interface Tape {
  /** Slots 0 .. P−1 are the `wrt` parameters, then the inputs, then the constants. */
  readonly params: number;
  readonly inputs: number;
  readonly constants: readonly number[];
  readonly nodes: readonly TapeNode[];
  readonly result: number;
  readonly slots: number;
}

const operandsOf = (node: Expression): readonly Expression[] =>
  node.kind === 'Binary'
    ? [node.left, node.right]
    : node.kind === 'Unary'
      ? [node.operand]
      : node.kind === 'Call'
        ? node.args
        : [];

export function tapeOf(fn: FunctionDef, wrt: readonly string[], inputs: readonly string[]): Tape {
  const slotOf = new Map<string, number>();
  [...wrt, ...inputs].forEach((name, i) => slotOf.set(name, i));
  const constants: number[] = [];
  const constantSlots = new Map<number, number>();
  const nodes: TapeNode[] = [];
  const pendingNodes: { op: string; args: number[] }[] = [];
  let next = wrt.length + inputs.length;
  const slotOfConstant = (value: number): number => {
    let slot = constantSlots.get(value);
    if (slot === undefined) {
      slot = constants.length;
      constants.push(value);
      constantSlots.set(value, slot);
    }
    return -1 - slot; // renumbered once every constant is known
  };
  const flatten = (root: Expression): number => {
    const done = new Map<Expression, number>();
    const stack: Expression[] = [root];
    while (stack.length > 0) {
      const node = stack[stack.length - 1]!;
      const pending = operandsOf(node).filter((operand) => !done.has(operand));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      if (done.has(node)) continue;
      let slot: number;
      if (node.kind === 'Identifier') {
        const found = slotOf.get(node.name);
        if (found === undefined) throw new Error(`tape: unbound name ${node.name}`);
        slot = found;
      } else if (node.kind === 'Number') {
        slot = slotOfConstant(node.value);
      } else if (node.kind === 'Constant') {
        slot = slotOfConstant(node.name === 'pi' ? Math.PI : Math.E);
      } else if (node.kind === 'Conditional') {
        throw new Error('tape: conditionals are not supported');
      } else {
        const op =
          node.kind === 'Binary' ? node.operator : node.kind === 'Unary' ? 'neg' : node.callee;
        if (node.kind === 'Unary' && node.operator === '+') {
          slot = done.get(node.operand)!;
        } else {
          slot = next++;
          pendingNodes.push({ op, args: operandsOf(node).map((operand) => done.get(operand)!) });
        }
      }
      done.set(node, slot);
    }
    return done.get(root)!;
  };
  for (const { name, value } of fn.body) slotOf.set(name, flatten(value));
  const rawResult = flatten(fn.results[0]!);
  // Constants go after the inputs; every operation moves up by their number.
  const base = wrt.length + inputs.length;
  const renumber = (slot: number): number =>
    slot < 0 ? base + (-1 - slot) : slot >= base ? slot + constants.length : slot;
  let slot = base + constants.length;
  for (const { op, args } of pendingNodes)
    nodes.push({ slot: slot++, op, args: args.map(renumber) });
  return {
    params: wrt.length,
    inputs: inputs.length,
    constants,
    nodes,
    result: renumber(rawResult),
    slots: slot,
  };
}
