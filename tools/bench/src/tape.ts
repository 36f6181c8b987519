/**
 * A function flattened onto a tape: one slot per parameter, input, constant, binding and inner
 * operation, in evaluation order. The hand-written graph reference and the TensorFlow.js peer
 * both run from it (built with `fold`, which never recurses: a result can be a sum of thousands
 * of sinks). Structurally repeated subtrees are not merged: this is the program as written.
 */
import { fold, type Expression, type FunctionDef } from '@ddx/ast';

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
  const flatten = (root: Expression): number =>
    fold<number>(root, (node, operandSlots) => {
      switch (node.kind) {
        case 'Identifier': {
          const found = slotOf.get(node.name);
          if (found === undefined) throw new Error(`tape: unbound name ${node.name}`);
          return found;
        }
        case 'Number':
          return slotOfConstant(node.value);
        case 'Constant':
          return slotOfConstant(node.name === 'pi' ? Math.PI : Math.E);
        case 'Conditional':
          throw new Error('tape: conditionals are not supported');
        case 'Unary':
          if (node.operator === '+') return operandSlots[0]!;
      }
      const op =
        node.kind === 'Binary' ? node.operator : node.kind === 'Unary' ? 'neg' : node.callee;
      pendingNodes.push({ op, args: [...operandSlots] });
      return next++;
    });
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
