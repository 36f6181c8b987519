// Shared by the ast tests: freezing inputs, big trees built with loops, and random expressions.
import fc from 'fast-check';
import {
  add,
  binary,
  call,
  conditional,
  constant,
  ident,
  neg,
  num,
  unary,
  type BinaryOperator,
  type Expression,
  type UnaryOperator,
} from '@ddx/ast';

/** Every object reachable from `value`, iteratively. */
export function everyObject(value: unknown): object[] {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item !== null && typeof item === 'object' && !seen.has(item)) {
      seen.add(item);
      stack.push(...Object.values(item));
    }
  }
  return [...seen];
}

/** Freezes `value` and everything reachable from it, without recursion. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item !== null && typeof item === 'object' && !Object.isFrozen(item)) {
      Object.freeze(item);
      for (const child of Object.values(item)) stack.push(child);
    }
  }
  return value;
}

/** `x0 + x1 + ... + x(n-1)`: a left-deep tree of depth n. */
export function leftDeepSum(terms: number): Expression {
  let sum: Expression = ident('x0');
  for (let index = 1; index < terms; index++) sum = add(sum, ident(`x${index}`));
  return sum;
}

/** `-(-(...(-x)))` with `depth` minus signs. */
export function minusChain(depth: number): Expression {
  let node: Expression = ident('x');
  for (let index = 0; index < depth; index++) node = neg(node);
  return node;
}

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
const unaryOperators: UnaryOperator[] = ['-', '+'];

/**
 * Random expressions over every node kind. `names` is small on purpose so that equal
 * subexpressions turn up (the interner tests need collisions).
 */
export function expressionArbitrary(
  options: { names?: string[]; numbers?: fc.Arbitrary<number>; depth?: number } = {},
): fc.Arbitrary<Expression> {
  const names = options.names ?? ['x', 'y', 'w', 'θ', 'a1', '_b'];
  const numbers =
    options.numbers ??
    fc.oneof(
      fc.constantFrom(0, 1, 2, 0.5, 0.1, 5e-324, 1e300, 1e21, 123456789.125),
      fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
    );
  const { expression } = fc.letrec<{ expression: Expression }>((tie) => ({
    expression: fc.oneof(
      { depthSize: 'small', maxDepth: options.depth ?? 6, withCrossShrink: true },
      numbers.filter((value) => !Object.is(value, -0)).map((value) => num(value)),
      fc.constantFrom(...names).map((name) => ident(name)),
      fc.constantFrom('pi' as const, 'e' as const).map((name) => constant(name)),
      fc
        .tuple(fc.constantFrom(...unaryOperators), tie('expression'))
        .map(([operator, operand]) => unary(operator, operand)),
      fc
        .tuple(fc.constantFrom(...binaryOperators), tie('expression'), tie('expression'))
        .map(([operator, left, right]) => binary(operator, left, right)),
      fc
        .tuple(tie('expression'), tie('expression'), tie('expression'))
        .map(([test, consequent, alternate]) => conditional(test, consequent, alternate)),
      fc
        .tuple(
          fc.constantFrom('sin', 'log', 'max', 'g', 'h2'),
          fc.array(tie('expression'), { maxLength: 4 }),
        )
        .map(([callee, args]) => call(callee, args)),
    ),
  }));
  return expression;
}
