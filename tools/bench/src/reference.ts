/**
 * Hand-written reverse-mode gradients and value functions in plain JavaScript: the practical
 * limit a generated gradient is measured against. Nothing here comes from @ddx/codegen or
 * @ddx/transform; all take the arrays calling convention `(params, inputs[, out])`, so every
 * tool does the same work per call.
 *
 * - lecture network: written out by hand, straight-line;
 * - MLPs: loops over Float64Arrays (what a careful person writes);
 * - random graphs: straight-line tape-style code from a small reference generator (below),
 *   micrograd-style: forward in order, then adjoints accumulated in reverse with `+=`.
 */
import type { FunctionDef } from '@ddx/ast';
import { tapeOf } from './tape.js';

export interface Reference {
  value(params: Float64Array, inputs: Float64Array): number;
  gradient(params: Float64Array, inputs: Float64Array, out: Float64Array): number;
}

/** The lecture's two-layer ReLU network, J(w1, b1, w2, b2; x, y). */
export function lectureReference(): Reference {
  const relu = (z: number): number => (z <= 0 ? 0 : z);
  const value = (params: Float64Array, inputs: Float64Array): number => {
    const a1 = relu(params[0]! * inputs[0]! + params[1]!);
    const a2 = relu(params[2]! * a1 + params[3]!);
    return (1 / 2) * (a2 - inputs[1]!) ** 2;
  };
  const gradient = (params: Float64Array, inputs: Float64Array, out: Float64Array): number => {
    const w1 = params[0]!;
    const w2 = params[2]!;
    const x = inputs[0]!;
    const z1 = w1 * x + params[1]!;
    const a1 = relu(z1);
    const z2 = w2 * a1 + params[3]!;
    const d = relu(z2) - inputs[1]!;
    const dz2 = z2 > 0 ? d : 0;
    const dz1 = z1 > 0 ? dz2 * w2 : 0;
    out[0] = dz1 * x;
    out[1] = dz1;
    out[2] = dz2 * a1;
    out[3] = dz2;
    return (1 / 2) * d ** 2;
  };
  return { value, gradient };
}

/**
 * A tanh MLP with a linear output and squared loss, parameters laid out as @ddx/workloads lays
 * them out (per layer, per unit: its weights, then its bias). Buffers are allocated once.
 */
export function mlpReference(sizes: readonly number[]): Reference {
  const layers = sizes.length;
  const activations = sizes.map((size) => new Float64Array(size));
  const adjoints = sizes.map((size) => new Float64Array(size));
  const offsets = [0];
  for (let l = 1; l < layers; l++) offsets.push(offsets[l - 1]! + sizes[l]! * (sizes[l - 1]! + 1));
  const inputsCount = sizes[0]!;

  const value = (params: Float64Array, inputs: Float64Array): number => {
    const first = activations[0]!;
    for (let i = 0; i < inputsCount; i++) first[i] = inputs[i]!;
    for (let l = 1; l < layers; l++) {
      const previous = activations[l - 1]!;
      const current = activations[l]!;
      const fanIn = sizes[l - 1]!;
      const hidden = l < layers - 1;
      let offset = offsets[l - 1]!;
      for (let j = 0; j < sizes[l]!; j++) {
        let sum = params[offset + fanIn]!;
        for (let i = 0; i < fanIn; i++) sum = sum + params[offset + i]! * previous[i]!;
        current[j] = hidden ? Math.tanh(sum) : sum;
        offset += fanIn + 1;
      }
    }
    const output = activations[layers - 1]!;
    let loss = (output[0]! - inputs[inputsCount]!) ** 2;
    for (let k = 1; k < output.length; k++) {
      loss = loss + (output[k]! - inputs[inputsCount + k]!) ** 2;
    }
    return loss;
  };

  const gradient = (params: Float64Array, inputs: Float64Array, out: Float64Array): number => {
    const loss = value(params, inputs);
    const output = activations[layers - 1]!;
    const last = adjoints[layers - 1]!;
    for (let k = 0; k < output.length; k++) last[k] = 2 * (output[k]! - inputs[inputsCount + k]!);
    for (let l = layers - 1; l >= 1; l--) {
      const previous = activations[l - 1]!;
      const current = activations[l]!;
      const adjoint = adjoints[l]!;
      const previousAdjoint = adjoints[l - 1]!;
      const fanIn = sizes[l - 1]!;
      const hidden = l < layers - 1;
      if (l > 1) previousAdjoint.fill(0);
      let offset = offsets[l - 1]!;
      for (let j = 0; j < sizes[l]!; j++) {
        const dz = hidden ? adjoint[j]! * (1 - current[j]! * current[j]!) : adjoint[j]!;
        for (let i = 0; i < fanIn; i++) out[offset + i] = dz * previous[i]!;
        if (l > 1) for (let i = 0; i < fanIn; i++) previousAdjoint[i]! += dz * params[offset + i]!;
        out[offset + fanIn] = dz;
        offset += fanIn + 1;
      }
    }
    return loss;
  };
  return { value, gradient };
}

const calls: Record<string, (x: string) => string> = {
  sin: (x) => `Math.sin(${x})`,
  cos: (x) => `Math.cos(${x})`,
  tanh: (x) => `Math.tanh(${x})`,
  sigmoid: (x) => `1 / (1 + Math.exp(-${x}))`,
};
/** d op(x) / dx, from the argument `x` and the result `y`. */
const partials: Record<string, (x: string, y: string) => string> = {
  sin: (x) => `Math.cos(${x})`,
  cos: (x) => `-Math.sin(${x})`,
  tanh: (_x, y) => `(1 - ${y} * ${y})`,
  sigmoid: (_x, y) => `${y} * (1 - ${y})`,
};

/** Statements per function: V8 does not optimise one function of 10^4 statements at all. */
const referenceChunk = 500;

/**
 * The reference generator for random graphs (identifiers, `+ - *` and the unary builtins above,
 * nested to any depth): tape-style straight-line code, every value in
 * `v[k]` and every adjoint in `g[k]` (Float64Arrays allocated once), a forward sweep in order,
 * then adjoints accumulated in reverse with `+=`, micrograd-style. All state lives in the arrays,
 * so the code splits into functions of `referenceChunk` statements without any analysis.
 */
export function graphReferenceSource(fn: FunctionDef, wrt: readonly string[]): string {
  const { nodes, result, slots, constants } = tapeOf(fn, wrt, []);
  const forward = wrt.map((_, i) => `v[${i}] = params[${i}];`);
  constants.forEach((value, i) => forward.push(`v[${wrt.length + i}] = ${value};`));
  for (const { slot, op, args } of nodes) {
    if (!(op in calls) && !['+', '-', '*'].includes(op)) {
      throw new Error(`reference: unexpected operation ${op}`);
    }
    const [a, b] = args.map((i) => `v[${i}]`);
    forward.push(`v[${slot}] = ${op in calls ? calls[op]!(a!) : `${a} ${op} ${b}`};`);
  }
  const backward = [`g[${result}] = 1;`];
  for (let n = nodes.length - 1; n >= 0; n--) {
    const { slot, op, args } = nodes[n]!;
    const [a, b] = args;
    const g = `g[${slot}]`;
    if (op in partials)
      backward.push(`g[${a}] += ${g} * ${partials[op]!(`v[${a}]`, `v[${slot}]`)};`);
    else if (op === '+') backward.push(`g[${a}] += ${g};`, `g[${b}] += ${g};`);
    else if (op === '-') backward.push(`g[${a}] += ${g};`, `g[${b}] -= ${g};`);
    else backward.push(`g[${a}] += ${g} * v[${b}];`, `g[${b}] += ${g} * v[${a}];`);
  }
  backward.push(...wrt.map((_, i) => `out[${i}] = g[${i}];`));

  const parts: string[] = [];
  const split = (statements: string[], prefix: string, params: string): string[] => {
    const names: string[] = [];
    for (let i = 0; i < statements.length; i += referenceChunk) {
      const name = `${prefix}${names.length}`;
      names.push(name);
      const body = statements.slice(i, i + referenceChunk).map((line) => `  ${line}`);
      parts.push(`function ${name}(${params}) {`, ...body, '}', '');
    }
    return names.map((name) => `  ${name}(${params});`);
  };
  const forwardCalls = split(forward, 'forward', 'v, params');
  const backwardCalls = split(backward, 'backward', 'v, g, out');
  return [
    `const v = new Float64Array(${slots});`,
    `const g = new Float64Array(${slots});`,
    '',
    ...parts,
    'export function value(params, inputs) {',
    ...forwardCalls,
    `  return v[${result}];`,
    '}',
    '',
    'export function gradient(params, inputs, out) {',
    '  g.fill(0);',
    ...forwardCalls,
    ...backwardCalls,
    `  return v[${result}];`,
    '}',
    '',
  ].join('\n');
}
