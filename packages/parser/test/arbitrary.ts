// fast-check generators of valid ddx programs as ASTs: every call has a right arity, every
// name is a parameter or bound earlier, user functions call only earlier single-result ones.
import fc from 'fast-check';
import {
  binary,
  binding,
  call,
  catalogue,
  conditional,
  constant,
  functionDef,
  ident,
  num,
  program,
  unary,
  type BinaryOperator,
  type Binding,
  type Expression,
  type FunctionDef,
  type Program,
} from '@ddx/ast';

const binaryOperators: BinaryOperator[] = [
  '+',
  '-',
  '*',
  '/',
  '^',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
];
export const variableNames = ['x', 'y', 'w', 'b1', '_t', 'θ', 'ε', 'α_2', 'Δx', 'returned', 'exp2'];
const bindingNames = ['a', 'c', 'h1', 'λ', 'd_0', 'pi2', 'e_', 'sum'];
const functionNames = ['f', 'g2', 'loss', 'φ', 'Net'];

/** Non-negative finite doubles: the edges, round numbers and anything else. */
export const numbers = fc.oneof(
  fc.constantFrom(0, 1, 2, 0.5, 0.1, 5e-324, 1e300, 1e21, 1.7976931348623157e308, 123456789.125),
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
);

interface Callable {
  readonly name: string;
  readonly minArity: number;
  readonly maxArity: number;
}

const builtins: Callable[] = [...catalogue.values()];

/** Expressions over `names` (variables in scope) and `callables` (functions in reach). */
export function expressionArbitrary(
  names: readonly string[],
  callables: readonly Callable[] = builtins,
  maxDepth = 5,
): fc.Arbitrary<Expression> {
  const leaves: fc.Arbitrary<Expression>[] = [
    numbers.map((value) => num(value)),
    fc.constantFrom('pi' as const, 'e' as const).map((name) => constant(name)),
  ];
  if (names.length > 0) leaves.push(fc.constantFrom(...names).map((name) => ident(name)));
  const { expression } = fc.letrec<{ expression: Expression }>((tie) => ({
    expression: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      ...leaves,
      fc
        .tuple(fc.constantFrom('-' as const, '+' as const), tie('expression'))
        .map(([operator, operand]) => unary(operator, operand)),
      fc
        .tuple(fc.constantFrom(...binaryOperators), tie('expression'), tie('expression'))
        .map(([operator, left, right]) => binary(operator, left, right)),
      fc
        .tuple(tie('expression'), tie('expression'), tie('expression'))
        .map(([test, consequent, alternate]) => conditional(test, consequent, alternate)),
      fc
        .constantFrom(...callables)
        .chain((callee) =>
          fc
            .array(tie('expression'), { minLength: callee.minArity, maxLength: callee.maxArity })
            .map((args) => call(callee.name, args)),
        ),
    ),
  }));
  return expression;
}

/** Whole programs: 1-3 functions, each with parameters, bindings and results. */
export const programArbitrary: fc.Arbitrary<Program> = fc.gen().map((draw) => {
  const functions: FunctionDef[] = [];
  const callables: Callable[] = [...builtins];
  const count = draw(fc.integer, { min: 1, max: 3 });
  for (let index = 0; index < count; index++) {
    const name = functionNames[index]!;
    const params = draw(() => fc.uniqueArray(fc.constantFrom(...variableNames), { maxLength: 4 }));
    const inScope = [...params];
    const body: Binding[] = [];
    const bound = draw(() => fc.uniqueArray(fc.constantFrom(...bindingNames), { maxLength: 3 }));
    for (const bindingName of bound) {
      body.push(
        binding(
          bindingName,
          draw(() => expressionArbitrary(inScope, callables, 4)),
        ),
      );
      inScope.push(bindingName);
    }
    const results = draw(() =>
      fc.array(expressionArbitrary(inScope, callables, 4), { minLength: 1, maxLength: 2 }),
    );
    functions.push(functionDef(name, params, body, results));
    if (results.length === 1) {
      callables.push({ name, minArity: params.length, maxArity: params.length });
    }
  }
  return program(functions);
});
