/**
 * What the interpreter computes with. The machine walks the program once; a domain says what a
 * literal, an operator and a builtin mean. The real domain is the language's own semantics,
 * taken verbatim from the @ddx/ast tables, so the evaluator, the code generators and the
 * transform's constant folding cannot drift apart.
 */
import {
  binaryOperators,
  unaryOperators,
  type BinaryOperator,
  type BuiltinFunction,
  type UnaryOperator,
} from '@ddx/ast';

export interface Domain<V> {
  /** A literal or a built-in constant. */
  constant(value: number): V;
  unary(operator: UnaryOperator, operand: V): V;
  binary(operator: BinaryOperator, left: V, right: V): V;
  builtin(fn: BuiltinFunction, args: readonly V[]): V;
  /** Whether `test ? a : b` takes `a`. */
  test(value: V): boolean;
}

/**
 * A conditional's test is true when it is neither 0 nor NaN — JavaScript's truthiness of a
 * number, so generated code can write `t ? a : b` as it stands. NaN counts as false because a
 * comparison with NaN is false (`NaN < 1` is 0), and `x != x ? a : b` should not differ from it.
 */
export function isTrue(value: number): boolean {
  return value !== 0 && !Number.isNaN(value);
}

export const realDomain: Domain<number> = {
  constant: (value) => value,
  unary: (operator, operand) => unaryOperators[operator].evaluate(operand),
  binary: (operator, left, right) => binaryOperators[operator].evaluate(left, right),
  builtin: (fn, args) => {
    // The common arities without spreading: this is the innermost loop of every check.
    if (args.length === 1) return fn.evaluate(args[0]!);
    if (args.length === 2) return fn.evaluate(args[0]!, args[1]!);
    return fn.evaluate(...args);
  },
  test: isTrue,
};
