/**
 * math.js as people use it for derivatives: `derivative(expression, name)` once per parameter,
 * then `compile()` of each partial, and a gradient is P `evaluate` calls. math.js differentiates
 * one expression (no bindings), so each binding is substituted into its uses; the substituted
 * subtrees are shared objects in memory, but math.js walks them as a tree, so its cost grows with
 * the inlined tree, not with the graph.
 */
import { getHeapStatistics } from 'node:v8';
import { fold, type Expression, type FunctionDef } from '@ddx/ast';
import * as math from 'mathjs';
import { CapExceeded, count, seconds, type Deadline } from '../caps.js';

/** Larger inlined trees are not attempted: one partial alone would need gigabytes. */
export const maxInlinedNodes = 2_000_000;
/** Heap in use past which math.js stops (the process has about 4 GB). */
const maxHeapBytes = 2.5 * 2 ** 30;

export interface MathjsGradient {
  readonly setupMs: number;
  readonly gradient: (params: Float64Array, inputs: Float64Array, out: Float64Array) => number;
}

/** The size of each binding's tree once every binding it uses is substituted. */
export function inlinedSize(fn: FunctionDef): number {
  const sizeOf = new Map<string, number>();
  const size = (root: Expression): number => {
    let total = 0;
    const stack: Expression[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.kind === 'Identifier' && sizeOf.has(node.name)) {
        total += sizeOf.get(node.name)!;
        continue;
      }
      total += 1;
      if (node.kind === 'Binary') stack.push(node.left, node.right);
      else if (node.kind === 'Unary') stack.push(node.operand);
      else if (node.kind === 'Call') stack.push(...node.args);
      else if (node.kind === 'Conditional') stack.push(node.test, node.consequent, node.alternate);
    }
    return total;
  };
  for (const { name, value } of fn.body) sizeOf.set(name, size(value));
  return size(fn.results[0]!);
}

const operators: Record<string, string> = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'divide',
  '^': 'pow',
};

/** One ddx expression as a math.js node; `bound` holds the bindings built so far. */
function toMathNode(root: Expression, bound: ReadonlyMap<string, math.MathNode>): math.MathNode {
  return fold<math.MathNode>(root, (node, args) => build(node, [...args], bound));
}

function build(
  node: Expression,
  args: math.MathNode[],
  bound: ReadonlyMap<string, math.MathNode>,
): math.MathNode {
  const op = (symbol: string, fn: string, operands: math.MathNode[]): math.MathNode =>
    new math.OperatorNode(symbol as '+', fn as 'add', operands);
  const half = (x: math.MathNode): math.MathNode =>
    op('/', 'divide', [x, new math.ConstantNode(2)]);
  switch (node.kind) {
    case 'Number':
      return new math.ConstantNode(node.value);
    case 'Identifier':
      return bound.get(node.name) ?? new math.SymbolNode(node.name);
    case 'Unary':
      return node.operator === '-' ? op('-', 'unaryMinus', args) : args[0]!;
    case 'Binary': {
      const fn = operators[node.operator];
      if (!fn) throw new Error(`math.js peer: no operator ${node.operator}`);
      return op(node.operator, fn, args);
    }
    case 'Call': {
      const x = args[0]!;
      // math.js has no relu or sigmoid: relu(z) = (z + |z|) / 2, sigmoid(z) = 1 / (1 + e^-z).
      if (node.callee === 'relu') {
        return half(op('+', 'add', [x, new math.FunctionNode('abs', [x])]));
      }
      if (node.callee === 'sigmoid') {
        const exp = new math.FunctionNode('exp', [op('-', 'unaryMinus', [x])]);
        return op('/', 'divide', [
          new math.ConstantNode(1),
          op('+', 'add', [new math.ConstantNode(1), exp]),
        ]);
      }
      return new math.FunctionNode(node.callee, args);
    }
    default:
      throw new Error(`math.js peer: no ${node.kind}`);
  }
}

/**
 * Differentiates and compiles one partial per parameter within the deadline (checked between
 * partials), with `simplify: false`: with the default (`simplify: true`) the first six partials
 * of the 433-parameter MLP did not finish in five minutes, against ~9 ms each to differentiate
 * and ~300 ms each to compile without it (measured 2026-11-28 on the loaded 2-core machine).
 */
export function mathjsGradient(
  fn: FunctionDef,
  wrt: readonly string[],
  inputs: readonly string[],
  deadline: Deadline,
): MathjsGradient {
  const started = performance.now();
  const P = wrt.length;
  const size = inlinedSize(fn);
  if (size > maxInlinedNodes) {
    throw new CapExceeded(
      `0 of ${count(P)} partials: the expression has ` +
        `${Number.isFinite(size) ? size.toExponential(1) : 'over 1e+308'} nodes once ` +
        `bindings are substituted (limit ${maxInlinedNodes.toExponential(0)})`,
    );
  }
  const bound = new Map<string, math.MathNode>();
  for (const { name, value } of fn.body) bound.set(name, toMathNode(value, bound));
  const expression = toMathNode(fn.results[0]!, bound);
  const value = expression.compile();
  const partials: math.EvalFunction[] = [];
  for (const name of wrt) {
    const stop = (why: string): CapExceeded =>
      new CapExceeded(
        `${count(partials.length)} of ${count(P)} partials in ` +
          `${seconds(performance.now() - started)}${why}`,
      );
    if (deadline.passed()) throw stop('');
    if (getHeapStatistics().used_heap_size > maxHeapBytes) throw stop(' (heap over 2.5 GB)');
    try {
      partials.push(math.derivative(expression, name, { simplify: false }).compile());
    } catch (error) {
      if (error instanceof RangeError) throw stop(` (${error.message})`);
      throw error;
    }
  }
  const setupMs = performance.now() - started;
  const scope = new Map<string, number>();
  const gradient = (params: Float64Array, data: Float64Array, out: Float64Array): number => {
    for (let i = 0; i < P; i++) scope.set(wrt[i]!, params[i]!);
    for (let i = 0; i < inputs.length; i++) scope.set(inputs[i]!, data[i]!);
    for (let i = 0; i < P; i++) out[i] = partials[i]!.evaluate(scope) as number;
    return value.evaluate(scope) as number;
  };
  return { setupMs, gradient };
}
