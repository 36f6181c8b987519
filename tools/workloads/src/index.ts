/**
 * Seeded workloads: ddx programs (as ASTs; print them for source) with the point to evaluate them
 * at. Shared by the benchmarks, the codegen and transform tests, so every figure in the README is
 * measured on the same programs. The property tests' generators are in arbitrary.ts, their
 * budgets in budget.ts (`@ddx/workloads/budget`).
 */
import {
  add,
  binding,
  call,
  div,
  functionDef,
  ident,
  mul,
  num,
  pow,
  program,
  sub,
  type Binding,
  type Expression,
  type Program,
} from '@ddx/ast';
import { seededRandom } from './random.js';

export { seededRandom };

export interface Workload {
  readonly name: string;
  readonly program: Program;
  /** Parameters to differentiate with respect to, in declaration order. */
  readonly wrt: readonly string[];
  /** The other parameters (data), in declaration order. */
  readonly inputs: readonly string[];
  /** A point: a value for every parameter of the function, keyed by name. */
  readonly at: ReadonlyMap<string, number>;
  /** Computation nodes (bindings and the result) and parameters, as the lecture counts them. */
  readonly nodes: number;
}

/** The lecture's two-layer ReLU network with its worked point. */
export function lectureNetwork(): Workload {
  const x = ident('x');
  const body: Binding[] = [
    binding('a1', call('relu', [add(mul(ident('w1'), x), ident('b1'))])),
    binding('a2', call('relu', [add(mul(ident('w2'), ident('a1')), ident('b2'))])),
  ];
  const loss = mul(div(num(1), num(2)), pow(sub(ident('a2'), ident('y')), num(2)));
  const params = ['w1', 'b1', 'w2', 'b2', 'x', 'y'];
  return {
    name: 'lecture network',
    program: program([functionDef('J', params, body, [loss])]),
    wrt: ['w1', 'b1', 'w2', 'b2'],
    inputs: ['x', 'y'],
    at: new Map([
      ['w1', 2],
      ['b1', 0],
      ['w2', 3],
      ['b2', 1],
      ['x', 1],
      ['y', 5],
    ]),
    nodes: 4 + 2,
  };
}

/**
 * A multilayer perceptron written out in scalars: tanh hidden layers, a linear output and the
 * squared loss `(out - y)^2`. `sizes` is [inputs, hidden..., outputs]; 8-16-16-1 has 433 parameters.
 */
export function mlp(sizes: readonly number[], seed = 1): Workload {
  const random = seededRandom(seed);
  const weights: string[] = [];
  const inputs = Array.from({ length: sizes[0]! }, (_, i) => `x${i}`);
  const body: Binding[] = [];
  let layer = inputs;
  for (let l = 1; l < sizes.length; l++) {
    const next: string[] = [];
    for (let j = 0; j < sizes[l]!; j++) {
      let sum: Expression = ident(`b${l}_${j}`);
      for (let i = 0; i < layer.length; i++) {
        const w = `w${l}_${i}_${j}`;
        weights.push(w);
        sum = add(sum, mul(ident(w), ident(layer[i]!)));
      }
      weights.push(`b${l}_${j}`);
      const name = `h${l}_${j}`;
      const hidden = l < sizes.length - 1;
      body.push(binding(name, hidden ? call('tanh', [sum]) : sum));
      next.push(name);
    }
    layer = next;
  }
  const targets = layer.map((_, k) => `y${k}`);
  let loss: Expression | undefined;
  layer.forEach((out, k) => {
    const term = pow(sub(ident(out), ident(targets[k]!)), num(2));
    loss = loss ? add(loss, term) : term;
  });
  const data = [...inputs, ...targets];
  const at = new Map<string, number>();
  const scale = (fanIn: number) => 1 / Math.sqrt(fanIn);
  for (const w of weights) at.set(w, (random() * 2 - 1) * scale(sizes[0]!));
  for (const d of data) at.set(d, random() * 2 - 1);
  return {
    name: `mlp ${sizes.join('-')}`,
    program: program([functionDef('J', [...weights, ...data], body, [loss!])]),
    wrt: weights,
    inputs: data,
    at,
    nodes: body.length + 1,
  };
}

const unaryOps = ['sin', 'tanh', 'sigmoid', 'cos'] as const;

/**
 * A random computation graph of `n` bindings over `p` parameters, with shared subexpressions:
 * each node combines one or two earlier nodes (often recent, sometimes far back) and, to spread
 * `p` parameters over `n` nodes, a weighted sum of ⌈p/n⌉ parameters when p > n. Values stay
 * bounded (tanh, sin, sigmoid), so the gradient is finite everywhere.
 */
export function randomGraph(n: number, options: { params?: number; seed?: number } = {}): Workload {
  const p = options.params ?? Math.max(2, Math.round(Math.sqrt(n)));
  const random = seededRandom(options.seed ?? 7);
  const pick = (limit: number): number =>
    random() < 0.7
      ? Math.max(0, limit - 1 - Math.floor(random() * 4))
      : Math.floor(random() * limit);
  const params = Array.from({ length: p }, (_, i) => `p${i}`);
  const body: Binding[] = [];
  const used = new Set<number>();
  const perNode = Math.ceil(p / n);
  let nextParam = 0;
  const operand = (k: number): Expression => {
    if (k === 0 || random() < 0.15) return ident(params[Math.floor(random() * p)]!);
    const index = pick(k);
    used.add(index);
    return ident(`n${index}`);
  };
  for (let k = 0; k < n; k++) {
    let value: Expression;
    const choice = random();
    if (choice < 0.3) value = call(unaryOps[Math.floor(random() * unaryOps.length)]!, [operand(k)]);
    else if (choice < 0.6) value = mul(operand(k), operand(k));
    else if (choice < 0.85) value = add(operand(k), operand(k));
    else value = sub(operand(k), operand(k));
    if (perNode > 1) {
      for (let j = 0; j < perNode && nextParam < p; j++) {
        value = add(value, mul(ident(params[nextParam++]!), operand(k)));
      }
      value = call('tanh', [value]);
    }
    body.push(binding(`n${k}`, value));
  }
  // Every sink contributes to the result, so no node is dead.
  let result: Expression | undefined;
  for (let k = 0; k < n; k++) {
    if (used.has(k)) continue;
    result = result ? add(result, ident(`n${k}`)) : ident(`n${k}`);
  }
  const at = new Map(params.map((name) => [name, random() * 2 - 1] as const));
  return {
    name: `random graph N=${n} P=${p}`,
    program: program([functionDef('J', params, body, [result!])]),
    wrt: params,
    inputs: [],
    at,
    nodes: n + 1,
  };
}
export {
  anyFunction,
  anyNumber,
  anyProgram,
  anySource,
  argumentsFor,
  ddxTokens,
  decorate,
  expressionArbitrary,
  javascriptNames,
  literals,
  mutate,
  mutatedSource,
  pointFor,
  programArbitrary,
  smoothFunction,
  sourceFor,
  tokenSoup,
  variedNames,
  type Count,
  type FunctionShape,
  type NameStyle,
  type Operations,
  type ProgramOptions,
  type SourceOptions,
} from './arbitrary.js';
export { deepFreeze, snapshot } from './freeze.js';
export { trapGlobals, type GlobalTraps } from './globals.js';
