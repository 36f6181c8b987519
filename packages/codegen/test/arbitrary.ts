// fast-check generators: random ddx programs that use every node kind and every builtin, and
// inputs that include NaN, the infinities and -0.
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

/** An expression with holes: leaves pick a name by index when the shape is filled in. */
type Shape =
  | { kind: 'name'; pick: number }
  | { kind: 'number'; value: number }
  | { kind: 'constant'; name: 'pi' | 'e' }
  | { kind: 'unary'; operator: '-' | '+'; operand: Shape }
  | { kind: 'binary'; operator: BinaryOperator; left: Shape; right: Shape }
  | { kind: 'conditional'; test: Shape; consequent: Shape; alternate: Shape }
  | { kind: 'call'; callee: string; args: Shape[] };

const operators: BinaryOperator[] = ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!='];
const builtins = [...catalogue.values()];
const literals = [
  0,
  1,
  2,
  3,
  0.5,
  0.1,
  1 / 3,
  10,
  1e-7,
  5e-324,
  1e300,
  1e21,
  1.7976931348623157e308,
];

const shape: fc.Arbitrary<Shape> = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('name' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('number' as const), value: fc.constantFrom(...literals) }),
    fc.record({
      kind: fc.constant('constant' as const),
      name: fc.constantFrom('pi' as const, 'e' as const),
    }),
    fc.record({
      kind: fc.constant('unary' as const),
      operator: fc.constantFrom('-' as const, '+' as const),
      operand: tie('shape'),
    }),
    fc.record({
      kind: fc.constant('binary' as const),
      operator: fc.constantFrom(...operators),
      left: tie('shape'),
      right: tie('shape'),
    }),
    fc.record({
      kind: fc.constant('conditional' as const),
      test: tie('shape'),
      consequent: tie('shape'),
      alternate: tie('shape'),
    }),
    fc
      .record({
        index: fc.nat({ max: builtins.length - 1 }),
        args: fc.array(tie('shape'), { minLength: 2, maxLength: 2 }),
      })
      .map(({ index, args }) => {
        const builtin = builtins[index]!;
        const arity =
          builtin.name === 'log' ? 1 + (args[0]!.kind === 'name' ? 1 : 0) : builtin.maxArity;
        return { kind: 'call' as const, callee: builtin.name, args: args.slice(0, arity) };
      }),
  ),
})).shape;

function fill(s: Shape, names: readonly string[], callees: readonly FunctionDef[]): Expression {
  switch (s.kind) {
    case 'name':
      return ident(names[s.pick % names.length]!);
    case 'number':
      return num(s.value);
    case 'constant':
      return constant(s.name);
    case 'unary':
      return unary(s.operator, fill(s.operand, names, callees));
    case 'binary':
      return binary(s.operator, fill(s.left, names, callees), fill(s.right, names, callees));
    case 'conditional':
      return conditional(
        fill(s.test, names, callees),
        fill(s.consequent, names, callees),
        fill(s.alternate, names, callees),
      );
    case 'call': {
      const args = s.args.map((a) => fill(a, names, callees));
      // Sometimes call an earlier user function instead (with as many arguments as it takes).
      const callee = callees.find((fn) => fn.params.length === args.length && args.length > 0);
      if (callee && s.callee.length % 3 === 0) return call(callee.name, args);
      return call(s.callee, args);
    }
  }
}

function functionFrom(
  name: string,
  paramCount: number,
  bindings: Shape[],
  results: Shape[],
  callees: readonly FunctionDef[],
): FunctionDef {
  const params = Array.from({ length: paramCount }, (_, i) => `p${i}`);
  const names = [...params];
  const body: Binding[] = bindings.map((b, index) => {
    const made = binding(`v${index}`, fill(b, names, callees));
    names.push(made.name);
    return made;
  });
  return functionDef(
    name,
    params,
    body,
    results.map((r) => fill(r, names, callees)),
  );
}

const functionShape = fc.record({
  params: fc.integer({ min: 1, max: 4 }),
  bindings: fc.array(shape, { maxLength: 5 }),
  results: fc.array(shape, { minLength: 1, maxLength: 3 }),
});

/** One or two functions; the second may call the first when it returns one value. */
export const anyProgram: fc.Arbitrary<Program> = fc
  .tuple(functionShape, fc.option(functionShape))
  .map(([first, second]) => {
    const f = functionFrom('f', first.params, first.bindings, first.results, []);
    if (second === null) return program([f]);
    const callees = f.results.length === 1 ? [f] : [];
    return program([f, functionFrom('g', second.params, second.bindings, second.results, callees)]);
  });

/** Numbers anywhere on the line, with the special values weighted up. */
export const anyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 2, 5e-324),
  fc.double({ min: -3, max: 3 }),
);

export function argumentsFor(program: Program): fc.Arbitrary<number[]> {
  const n = program.functions.at(-1)!.params.length;
  return fc.array(anyNumber, { minLength: n, maxLength: n });
}
