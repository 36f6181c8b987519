/**
 * The fast-check generators of ddx programs, points and source text that every package's property
 * tests and `npm run fuzz` share. One generator, configured per use:
 *
 * - `anyProgram` (`operations: 'all'`): every node kind, every builtin at every arity, calls of
 *   earlier functions, several functions and results, edge-case literals: what the parser, the
 *   printer and the code generator must handle whatever it means numerically.
 * - `smoothFunction()`: one function built from forms that are smooth (infinitely
 *   differentiable) everywhere on the reals, every binding used, so central differences and dual
 *   numbers are valid oracles at any point. `anyFunction()` also uses kinks, jumps, conditionals
 *   and comparisons, where derivatives exist almost everywhere.
 * - `sourceFor`, `mutatedSource`, `tokenSoup`, `anySource`: text, from programs printed with
 *   comments and odd spacing to broken programs and random strings.
 *
 * Names are `indexed` (`p0`, `v0`, `f`: tests can name a parameter), `varied` (Unicode letters,
 * near-keywords) or `javascript` (names that collide with JavaScript: `__proto__`, `this`, ...).
 */
import fc from 'fast-check';
import {
  add,
  binary,
  binaryOperators,
  binding,
  call,
  catalogue,
  conditional,
  constant,
  div,
  functionDef,
  ident,
  mul,
  neg,
  num,
  pow,
  print,
  program,
  sub,
  unary,
  type BinaryOperator,
  type Binding,
  type Expression,
  type FunctionDef,
  type Program,
} from '@ddx/ast';
import { seededRandom } from './random.js';

// ---------------------------------------------------------------------------------------------
// Vocabularies: the operations an expression is built from, grouped by arity.

/** Builds one node from its operands. */
type Form = (operands: readonly Expression[]) => Expression;

interface Vocabulary {
  /** Forms taking 1, 2 and 3 operands. */
  readonly forms: readonly (readonly Form[])[];
  /** Whether builtins and earlier user functions are called as such (`all` only). */
  readonly calls: boolean;
  /** Whether `pi` and `e` appear as leaves. */
  readonly constants: boolean;
}

/** Every binary operator of the language: arithmetic, `^` and the comparisons. */
const operators = Object.keys(binaryOperators) as BinaryOperator[];

const everything: Vocabulary = {
  forms: [
    [([a]) => unary('-', a!), ([a]) => unary('+', a!)],
    operators.map(
      (operator): Form =>
        ([a, b]) =>
          binary(operator, a!, b!),
    ),
    [([test, consequent, alternate]) => conditional(test!, consequent!, alternate!)],
  ],
  calls: true,
  constants: true,
};

const one = num(1);
/** Smooth, defined on all reals, and with bounded growth where it matters. */
const smoothUnary: Form[] = [
  ([a]) => call('sin', [a!]),
  ([a]) => call('cos', [a!]),
  ([a]) => call('tanh', [a!]),
  ([a]) => call('sigmoid', [a!]),
  ([a]) => call('softplus', [a!]),
  ([a]) => call('atan', [a!]),
  ([a]) => call('exp', [call('tanh', [a!])]),
  ([a]) => call('sqrt', [add(one, mul(a!, a!))]),
  ([a]) => call('log', [add(one, pow(a!, num(2)))]),
  ([a]) => neg(a!),
  ([a]) => pow(a!, num(3)),
  ([a]) => call('asinh', [a!]),
  ([a]) => call('cosh', [call('tanh', [a!])]),
];
const smoothBinary: Form[] = [
  ([a, b]) => add(a!, b!),
  ([a, b]) => sub(a!, b!),
  ([a, b]) => mul(a!, b!),
  ([a, b]) => div(a!, add(num(2), call('sin', [b!]))),
  ([a, b]) => call('hypot', [add(one, mul(a!, a!)), b!]),
  ([a, b]) => pow(add(num(2), call('tanh', [a!])), call('sin', [b!])),
  ([a, b]) => call('atan2', [a!, add(num(2), mul(b!, b!))]),
  ([a, b]) => call('log', [add(num(2), mul(a!, a!)), add(num(2), call('sigmoid', [b!]))]),
];
/** Non-smooth or piecewise forms: derivatives exist almost everywhere. */
const kinkyUnary: Form[] = [
  ([a]) => call('abs', [a!]),
  ([a]) => call('relu', [a!]),
  ([a]) => call('sign', [a!]),
];
const kinkyBinary: Form[] = [
  ([a, b]) => call('max', [a!, b!]),
  ([a, b]) => call('min', [a!, b!]),
  ([a, b]) => conditional(binary('<', a!, b!), a!, mul(a!, b!)),
  ([a, b]) => add(a!, binary('>=', a!, b!)),
];

const vocabularies = {
  all: everything,
  smooth: { forms: [smoothUnary, smoothBinary], calls: false, constants: false },
  piecewise: {
    forms: [
      [...smoothUnary, ...kinkyUnary],
      [...smoothBinary, ...kinkyBinary],
    ],
    calls: false,
    constants: false,
  },
} satisfies Record<string, Vocabulary>;

/** Every builtin at every arity it takes: `log(x)` and `log(x, b)` both. */
const builtinCalls = [...catalogue.values()].flatMap(({ name, minArity, maxArity }) =>
  Array.from({ length: maxArity - minArity + 1 }, (_, i) => ({ name, arity: minArity + i })),
);

// ---------------------------------------------------------------------------------------------
// Literals and names.

const edgeLiterals = [
  0,
  1,
  2,
  3,
  10,
  0.5,
  0.1,
  1 / 3,
  1e-7,
  5e-324,
  1e300,
  1e21,
  1.7976931348623157e308,
  123456789.125,
];

/** Literal values: non-negative (a sign is an operator), finite, never -0. */
export const literals = {
  /** The edges (5e-324, the largest double, 1e21), round numbers and any other double. */
  any: fc.oneof(
    fc.constantFrom(...edgeLiterals),
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
  ),
  /** [0.1, 3]: coefficients that keep smooth functions well conditioned. */
  moderate: fc.double({ min: 0.1, max: 3, noNaN: true }),
} as const;

/** Pools to draw a function's names from. */
interface NamePools {
  readonly params: readonly string[];
  /** Binding names; absent: drawn from `params` too, distinct from the parameters. */
  readonly bindings?: readonly string[];
  readonly functions: readonly string[];
  /** Indexed names keep their order, so parameter i is always `p<i>`. */
  readonly shuffle: boolean;
}

const indexed = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`);

/**
 * Names JavaScript gives a meaning to: Object.prototype's members, reserved and strict-mode
 * words, globals, and what generated code itself uses (`Math`, `ddx_sigmoid`). `return` is not
 * among them: it is a ddx keyword (the grammar keeps it out of names). Nor is `then`: a module
 * exporting a function `then` is a thenable, and `await import()` of it never settles (a known
 * codegen bug, tested on its own in packages/codegen/test/safety.test.ts).
 */
export const javascriptNames: readonly string[] = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
  'prototype',
  'this',
  'eval',
  'Function',
  'arguments',
  'let',
  'await',
  'yield',
  'new',
  'delete',
  'typeof',
  'class',
  'super',
  'import',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'globalThis',
  'Object',
  'Math',
  'ddx_sigmoid',
  'length',
  'name',
  'caller',
  'callee',
];

/** Names a person might write: Unicode letters, digits and `_`, near-keywords, a builtin's name. */
export const variedNames: readonly string[] = [
  'x',
  'y',
  'w',
  'b1',
  '_t',
  'θ',
  'ε',
  'α_2',
  'Δx',
  'returned',
  'exp2',
  'sin',
];

const namePools = {
  indexed: {
    params: indexed('p', 16),
    bindings: indexed('v', 16),
    functions: ['f', 'g', 'h', 'k', 'm'],
    shuffle: false,
  },
  varied: {
    params: variedNames,
    bindings: ['a', 'c', 'h1', 'λ', 'd_0', 'pi2', 'e_', 'sum', 'Ω', 'ŷ'],
    functions: ['f', 'g2', 'loss', 'φ', 'Net'],
    shuffle: true,
  },
  javascript: { params: javascriptNames, functions: javascriptNames, shuffle: true },
} satisfies Record<string, NamePools>;

export type Operations = keyof typeof vocabularies;
export type NameStyle = keyof typeof namePools;

// ---------------------------------------------------------------------------------------------
// Shapes: expressions whose leaves name a variable by index, resolved once the names in scope
// are known. The arbitrary of shapes is built once and shared by every binding and result.

type Shape =
  | { readonly kind: 'name'; readonly pick: number }
  | { readonly kind: 'literal'; readonly value: number }
  | { readonly kind: 'constant'; readonly name: 'pi' | 'e' }
  | { readonly kind: 'form'; readonly form: Form; readonly operands: readonly Shape[] }
  | {
      readonly kind: 'call';
      readonly pick: number;
      readonly user: boolean;
      readonly operands: readonly Shape[];
    };

interface ShapeOptions {
  readonly vocabulary: Vocabulary;
  readonly literals: fc.Arbitrary<number>;
  readonly depth: number;
  /** How many operands a call draws (the most any callee takes); extra ones are dropped. */
  readonly callOperands: number;
}

function leafArbitrary(options: ShapeOptions): fc.Arbitrary<Shape> {
  const leaves: fc.WeightedArbitrary<Shape>[] = [
    // Mostly names: a form over literals alone is a constant, folded away by the transform.
    { arbitrary: fc.nat().map((pick) => ({ kind: 'name' as const, pick })), weight: 3 },
    {
      arbitrary: options.literals.map((value) => ({ kind: 'literal' as const, value })),
      weight: 1,
    },
  ];
  if (options.vocabulary.constants) {
    const constants = fc.constantFrom('pi' as const, 'e' as const);
    leaves.push({ arbitrary: constants.map((name) => ({ kind: 'constant', name })), weight: 1 });
  }
  return fc.oneof(...leaves);
}

/** Nodes whose operands come from `operand`: one alternative per arity, and calls. */
function nodeArbitraries(
  options: ShapeOptions,
  operand: () => fc.Arbitrary<Shape>,
): fc.Arbitrary<Shape>[] {
  const nodes = options.vocabulary.forms
    .map((forms, index) => ({ forms, arity: index + 1 }))
    .filter(({ forms }) => forms.length > 0)
    .map(({ forms, arity }) =>
      fc
        .tuple(
          fc.nat({ max: forms.length - 1 }),
          fc.array(operand(), { minLength: arity, maxLength: arity }),
        )
        .map(([pick, operands]): Shape => ({ kind: 'form', form: forms[pick]!, operands })),
    );
  if (options.vocabulary.calls) {
    const length = options.callOperands;
    nodes.push(
      fc
        .record({
          pick: fc.nat(),
          user: fc.boolean(),
          operands: fc.array(operand(), { minLength: length, maxLength: length }),
        })
        .map((fields): Shape => ({ kind: 'call', ...fields })),
    );
  }
  return nodes;
}

function shapeArbitrary(options: ShapeOptions): fc.Arbitrary<Shape> {
  const leaf = leafArbitrary(options);
  if (options.depth <= 0) return leaf;
  return fc.letrec<{ shape: Shape }>((tie) => ({
    // At the maximum depth fast-check takes the first alternative: a leaf.
    shape: fc.oneof(
      { depthSize: 'small', maxDepth: options.depth, withCrossShrink: true },
      { arbitrary: leaf, weight: options.vocabulary.constants ? 3 : 1 },
      ...nodeArbitraries(options, () => tie('shape')).map((arbitrary) => ({
        arbitrary,
        weight: 1,
      })),
    ),
  })).shape;
}

/** A shape whose root is an operation, never a bare leaf (a binding that computes something). */
function operationArbitrary(options: ShapeOptions): fc.Arbitrary<Shape> {
  const below = shapeArbitrary({ ...options, depth: options.depth - 1 });
  return fc.oneof(...nodeArbitraries(options, () => below));
}

/** What a shape's leaves and calls resolve against. */
interface Scope {
  readonly names: readonly string[];
  /** Earlier functions with one result: these can be called. */
  readonly callees: readonly FunctionDef[];
}

function fill(shape: Shape, scope: Scope): Expression {
  switch (shape.kind) {
    case 'name':
      // No names in scope (a function without parameters): a small integer instead.
      return scope.names.length === 0
        ? num(shape.pick % 10)
        : ident(scope.names[shape.pick % scope.names.length]!);
    case 'literal':
      return num(shape.value);
    case 'constant':
      return constant(shape.name);
    case 'form':
      return shape.form(shape.operands.map((operand) => fill(operand, scope)));
    case 'call': {
      const operands = (count: number) =>
        shape.operands.slice(0, count).map((operand) => fill(operand, scope));
      if (shape.user && scope.callees.length > 0) {
        const callee = scope.callees[shape.pick % scope.callees.length]!;
        return call(callee.name, operands(callee.params.length));
      }
      const builtin = builtinCalls[shape.pick % builtinCalls.length]!;
      return call(builtin.name, operands(builtin.arity));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Programs.

/** A count: exactly `n`, or anything from `min` to `max`. */
export type Count = number | { readonly min: number; readonly max: number };

const lowest = (count: Count) => (typeof count === 'number' ? count : count.min);
const highest = (count: Count) => (typeof count === 'number' ? count : count.max);
const countArbitrary = (count: Count) => fc.integer({ min: lowest(count), max: highest(count) });

export interface ProgramOptions {
  /** `all` (default), `smooth` or `piecewise`: see the top of this file. */
  readonly operations?: Operations;
  /** `indexed` (default), `varied` or `javascript`. */
  readonly names?: NameStyle;
  /** Functions in the program; a later one may call an earlier one with one result. */
  readonly functions?: Count;
  readonly params?: Count;
  readonly bindings?: Count;
  readonly results?: Count;
  /** How deep an expression nests (default 4 for `all`; 1 otherwise: one form per binding). */
  readonly depth?: number;
  /** Literal values (default `literals.any` for `all`, `literals.moderate` otherwise). */
  readonly literals?: fc.Arbitrary<number>;
  /**
   * Whether a parameter or binding may have the name of a function of the program (and hide it
   * from nothing: calls and variables are separate in ddx). Default off: a known codegen bug
   * (packages/codegen/test/safety.test.ts) fails on mangled names such as `eval(eval)`.
   */
  readonly shadowing?: boolean;
  /**
   * Every binding feeds the first result, which is the last binding plus half of each other
   * one, so no binding is dead (default: on except for `all`).
   */
  readonly useEveryBinding?: boolean;
}

const defaults = {
  all: { functions: { min: 1, max: 3 }, params: { min: 0, max: 4 }, bindings: { min: 0, max: 5 } },
  smooth: { functions: 1, params: 3, bindings: { min: 1, max: 6 } },
  piecewise: { functions: 1, params: 3, bindings: { min: 1, max: 6 } },
} as const;

interface FunctionDraw {
  readonly paramCount: number;
  readonly order: readonly number[];
  readonly bindingOrder: readonly number[];
  readonly bindings: readonly Shape[];
  readonly results: readonly Shape[];
}

/** Random ddx programs: valid (every name bound before use, every call of the right arity). */
export function programArbitrary(options: ProgramOptions = {}): fc.Arbitrary<Program> {
  const operations = options.operations ?? 'all';
  const pools: NamePools = namePools[options.names ?? 'indexed'];
  const counts = { ...defaults[operations], ...definedOnly(options) };
  const results = options.results ?? (operations === 'all' ? { min: 1, max: 3 } : 1);
  const depth = options.depth ?? (operations === 'all' ? 4 : 1);
  const useEveryBinding = options.useEveryBinding ?? operations !== 'all';
  const shapeOptions: ShapeOptions = {
    vocabulary: vocabularies[operations],
    literals: options.literals ?? (operations === 'all' ? literals.any : literals.moderate),
    depth,
    callOperands: Math.max(2, highest(counts.params)),
  };
  const expression = shapeArbitrary(shapeOptions);
  // A smooth or piecewise binding applies at least one form; `all` allows bare leaves too.
  const bound = operations === 'all' || depth <= 0 ? expression : operationArbitrary(shapeOptions);
  const paramPool = options.shadowing
    ? [...new Set([...pools.params, ...pools.functions])]
    : pools.params;
  const permutation = (pool: readonly string[]) =>
    pools.shuffle
      ? fc.shuffledSubarray(
          pool.map((_, i) => i),
          { minLength: pool.length, maxLength: pool.length },
        )
      : fc.constant(pool.map((_, i) => i));
  const functionDraw: fc.Arbitrary<FunctionDraw> = fc.record({
    paramCount: countArbitrary(counts.params),
    order: permutation(paramPool),
    bindingOrder: permutation(pools.bindings ?? []),
    bindings: fc.array(bound, {
      minLength: lowest(counts.bindings),
      maxLength: highest(counts.bindings),
    }),
    results: fc.array(expression, { minLength: lowest(results), maxLength: highest(results) }),
  });
  return fc
    .tuple(
      fc.array(functionDraw, {
        minLength: lowest(counts.functions),
        maxLength: highest(counts.functions),
      }),
      permutation(pools.functions),
    )
    .map(([draws, functionOrder]) => {
      const names = draws.map((_, index) => pools.functions[functionOrder[index]!]!);
      const avoid = new Set(options.shadowing ? [] : names);
      const functions: FunctionDef[] = [];
      draws.forEach((draw, index) => {
        const callees = functions.filter((fn) => fn.results.length === 1);
        const locals = {
          params: draw.order.map((i) => paramPool[i]!).filter((name) => !avoid.has(name)),
          bindings: pools.bindings?.map((_, i) => pools.bindings![draw.bindingOrder[i]!]!),
        };
        functions.push(buildFunction(names[index]!, draw, locals, callees, useEveryBinding));
      });
      return program(functions);
    });
}

function definedOnly(options: ProgramOptions) {
  const { functions, params, bindings } = options;
  return {
    ...(functions === undefined ? {} : { functions }),
    ...(params === undefined ? {} : { params }),
    ...(bindings === undefined ? {} : { bindings }),
  };
}

/** Local names in the order a function takes them; bindings' own, or the parameters' rest. */
interface Locals {
  readonly params: readonly string[];
  readonly bindings: readonly string[] | undefined;
}

function buildFunction(
  name: string,
  draw: FunctionDraw,
  locals: Locals,
  callees: readonly FunctionDef[],
  useEveryBinding: boolean,
): FunctionDef {
  const params = locals.params.slice(0, draw.paramCount);
  const bindingNames = locals.bindings ?? locals.params.slice(draw.paramCount);
  const names = [...params];
  const body: Binding[] = draw.bindings.map((shape, index) => {
    const made = binding(bindingNames[index]!, fill(shape, { names, callees }));
    names.push(made.name);
    return made;
  });
  const results = draw.results.map((shape) => fill(shape, { names, callees }));
  if (useEveryBinding && body.length > 0) {
    let first: Expression = ident(body.at(-1)!.name);
    for (const b of body.slice(0, -1)) first = add(first, mul(num(0.5), ident(b.name)));
    results[0] = first;
  }
  return functionDef(name, params, body, results);
}

/** Expressions over the given variable names (no user functions to call). */
export function expressionArbitrary(
  names: readonly string[],
  options: Pick<ProgramOptions, 'operations' | 'depth' | 'literals'> = {},
): fc.Arbitrary<Expression> {
  const operations = options.operations ?? 'all';
  const shapes = shapeArbitrary({
    vocabulary: vocabularies[operations],
    literals: options.literals ?? (operations === 'all' ? literals.any : literals.moderate),
    depth: options.depth ?? 5,
    callOperands: 2,
  });
  return shapes.map((shape) => fill(shape, { names, callees: [] }));
}

/** Any valid program: every node kind and builtin, up to three functions, varied names. */
export const anyProgram: fc.Arbitrary<Program> = programArbitrary({ names: 'varied' });

/** The number of parameters and the most bindings of a generated function. */
export interface FunctionShape {
  readonly params: number;
  readonly bindings: number;
}

const shapeCounts = (shape: FunctionShape) => ({
  params: shape.params,
  bindings: { min: 1, max: shape.bindings },
});

/** Functions `f(p0, ..., p<n-1>)` smooth on all of ℝⁿ. */
export function smoothFunction(
  shape: FunctionShape = { params: 3, bindings: 6 },
  options: ProgramOptions = {},
): fc.Arbitrary<Program> {
  return programArbitrary({ operations: 'smooth', ...shapeCounts(shape), ...options });
}

/** Functions that may have kinks, jumps, conditionals and comparisons. */
export function anyFunction(
  shape: FunctionShape = { params: 3, bindings: 6 },
  options: ProgramOptions = {},
): fc.Arbitrary<Program> {
  return programArbitrary({ operations: 'piecewise', ...shapeCounts(shape), ...options });
}

// ---------------------------------------------------------------------------------------------
// Points.

/** A point in [-r, r]ⁿ (default r = 2) for a function's parameters. */
export function pointFor(params: number, radius = 2): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: -radius, max: radius, noNaN: true }), {
    minLength: params,
    maxLength: params,
  });
}

/** Numbers anywhere on the line, with NaN, the infinities, -0 and the subnormals weighted up. */
export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 2, 5e-324, -5e-324),
  fc.double({ min: -3, max: 3 }),
);

/** Arguments for the last function of `program` (or `fn`), from `anyNumber`. */
export function argumentsFor(program: Program, fn?: string): fc.Arbitrary<number[]> {
  const target =
    fn === undefined ? program.functions.at(-1)! : program.functions.find((f) => f.name === fn)!;
  const n = target.params.length;
  return fc.array(anyNumber, { minLength: n, maxLength: n });
}

// ---------------------------------------------------------------------------------------------
// Source text.

export interface SourceOptions {
  /** `# ...` after statements and on lines of their own, and blank lines. */
  readonly comments?: boolean;
  /** Extra spaces and tabs where the printer puts one, CRLF line ends. */
  readonly spacing?: boolean;
  /** Sometimes a byte-order mark at the start. */
  readonly byteOrderMark?: boolean;
  /** `**` for some `^`. */
  readonly powerOperator?: boolean;
}

const commentTexts = [
  '',
  ' a note',
  '#',
  ' f(x) = 1',
  ' return x',
  ' (((',
  ' θ ≈ 2π',
  ' 1e999',
  '\t\u00a0tabs and nbsp',
  ' \0\x7f',
  ' \uD800 lone surrogate',
  ' 🙂',
  ' a # b # c',
  '\r',
];

/**
 * `text` (printed ddx) as a person might have typed it: the same program with comments, blank
 * lines, other spacing and `**`, as `options` allow, chosen by `seed`.
 */
export function decorate(text: string, seed: number, options: SourceOptions = {}): string {
  const random = seededRandom(seed);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const spaces = () => pick(['', '', ' ', '  ', '\t']);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: string[] = [];
  for (let line of lines) {
    if (options.powerOperator) line = line.replace(/\^/g, () => (chance(0.5) ? '**' : '^'));
    if (options.spacing) {
      line =
        spaces() + line.replace(/ /g, () => ` ${spaces()}`).replace(/([(,])/g, `$1${spaces()}`);
      line += spaces();
    }
    if (options.comments && chance(0.3))
      out.push(chance(0.5) ? '' : `${spaces()}#${pick(commentTexts)}`);
    if (options.comments && chance(0.3)) line += ` #${pick(commentTexts)}`;
    out.push(line);
  }
  if (options.comments && chance(0.3)) out.push(`#${pick(commentTexts)}`);
  const newline = () => (options.spacing && chance(0.3) ? '\r\n' : '\n');
  const bom = options.byteOrderMark && chance(0.2) ? '\uFEFF' : '';
  return bom + out.map((line) => line + newline()).join('');
}

/** A program and its text, printed and decorated as `options` allow (default: all of it). */
export function sourceFor(
  programs: fc.Arbitrary<Program>,
  options: SourceOptions = {
    comments: true,
    spacing: true,
    powerOperator: true,
    byteOrderMark: true,
  },
): fc.Arbitrary<{ program: Program; source: string }> {
  return fc
    .tuple(programs, fc.nat())
    .map(([program, seed]) => ({ program, source: decorate(print(program), seed, options) }));
}

/** ddx's own tokens (and a few strays): the text likeliest to reach deep code paths. */
export const ddxTokens: readonly string[] = [
  'x',
  'y',
  'θ',
  'sin',
  'log',
  'f',
  'g',
  'pi',
  'e',
  'return',
  '__proto__',
  '1',
  '2.5',
  '.5',
  '1e3',
  '1e999',
  '(',
  ')',
  ',',
  '=',
  '==',
  '<',
  '<=',
  '!=',
  '+',
  '-',
  '*',
  '**',
  '/',
  '^',
  '?',
  ':',
  '{',
  '}',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '#',
  '# note\n',
  'f(x) = ',
  'f(x) {\n',
  '}\n',
  '$',
  '\u00a0',
  '\uFEFF',
  '\0',
  '\uD800',
];

/** Up to `maxLength` of ddx's tokens, run together. */
export function tokenSoup(maxLength = 40, tokens: readonly string[] = ddxTokens) {
  return fc.array(fc.constantFrom(...tokens), { maxLength }).map((parts) => parts.join(''));
}

/**
 * `text` with 1-4 random edits: a piece deleted, repeated or moved, a token or a stray character
 * inserted, the end cut off. Valid programs edited this way are nearly valid: the errors they
 * give come from deep inside the parser.
 */
export function mutate(text: string, seed: number): string {
  const random = seededRandom(seed);
  const at = (length: number) => Math.floor(random() * (length + 1));
  let result = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let edit = 0; edit < edits; edit++) {
    const start = at(result.length);
    const end = Math.min(result.length, start + 1 + Math.floor(random() * 8));
    const piece = result.slice(start, end);
    const where = at(result.length);
    switch (Math.floor(random() * 5)) {
      case 0:
        result = result.slice(0, start) + result.slice(end);
        break;
      case 1:
        result = result.slice(0, where) + piece + result.slice(where);
        break;
      case 2:
        result =
          result.slice(0, where) +
          ddxTokens[Math.floor(random() * ddxTokens.length)]! +
          result.slice(where);
        break;
      case 3:
        result =
          result.slice(0, start) +
          String.fromCharCode(Math.floor(random() * 0x3000)) +
          result.slice(start + 1);
        break;
      default:
        result = result.slice(0, start);
    }
  }
  return result;
}

/** Valid programs' text, decorated, then broken by a few edits. */
export const mutatedSource: fc.Arbitrary<string> = fc
  .tuple(sourceFor(anyProgram), fc.nat())
  .map(([{ source }, seed]) => mutate(source, seed));

/** Any text at all: random strings, token soup, and valid programs with a few edits. */
export const anySource: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  tokenSoup(),
  mutatedSource,
);
