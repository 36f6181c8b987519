/**
 * Dual numbers with rounding-error bounds. Evaluating a program on `value + tangent·δ` (δ² = 0)
 * gives its exact derivative along one parameter, up to rounding: forward-mode automatic
 * differentiation, which plays the part the complex-step method plays elsewhere (f(x + ih) with
 * h = 1e-200 computes the same first-order term). Unlike the complex step it needs no complex
 * version of each builtin, and it is defined at the non-smooth points too, by the conventions of
 * LANGUAGE.md (see partials.ts).
 *
 * Each number also carries a first-order bound on its rounding error, in units of the machine
 * epsilon u (Wilkinson's running error analysis): |error(x)| ≲ u · bound(x). A difference quotient
 * of values with bound B has rounding error about 2uB/h, and two derivatives with bounds B1, B2
 * can only be asked to agree within about u(B1 + B2). That is what makes the tolerances of the
 * checks account for rounding without a magic constant per program.
 */
import {
  binaryOperators,
  type BinaryOperator,
  type BuiltinFunction,
  type UnaryOperator,
} from '@ddx/ast';
import { isTrue, type Domain } from './domain.js';
import { operatorPartials, partialsOf, type PartialsRule } from './partials.js';

/**
 * A rounded operation errs by at most u·|result| plus, near zero, half the smallest subnormal
 * 2^-1075: that is 2^-1022 in units of u (the model fl(x) = x(1 + δ) + η of Higham's book).
 */
const underflow = 2 ** -1022;

export interface Tracked {
  readonly value: number;
  /** Rounding-error bound of `value`, in units of u. */
  readonly valueBound: number;
  /** d value / d (the chosen parameter). */
  readonly tangent: number;
  /** Rounding-error bound of `tangent`, in units of u. */
  readonly tangentBound: number;
}

/** A parameter: exact, with tangent 1 if it is the one differentiated with respect to. */
export function seed(value: number, tangent: number): Tracked {
  return { value, valueBound: 0, tangent, tangentBound: 0 };
}

function isConstant(x: Tracked): boolean {
  return x.valueBound === 0 && x.tangent === 0 && x.tangentBound === 0;
}

/**
 * The chain rule for one operation. Operands that are exact (bound 0) or have no tangent
 * contribute nothing, and their partials are not multiplied in: a partial may be infinite or NaN
 * where nothing depends on it (d/db a^b = a^b ln a with b constant and a < 0).
 */
function chain(value: number, args: readonly Tracked[], rule: PartialsRule): Tracked {
  if (args.every(isConstant)) {
    return { value, valueBound: Math.abs(value) + underflow, tangent: 0, tangentBound: 0 };
  }
  const partials = rule(
    args.map((arg) => arg.value),
    value,
  );
  let valueBound = Math.abs(value) + underflow;
  let tangent = 0;
  let tangentTerms = 0;
  args.forEach((arg, index) => {
    const partial = Math.abs(partials[index]!);
    if (arg.valueBound !== 0) valueBound += partial * arg.valueBound;
    if (arg.tangent !== 0) tangent += partials[index]! * arg.tangent;
    // Each product p·t is rounded once more, hence |t| beside t's own bound.
    if (arg.tangent !== 0 || arg.tangentBound !== 0) {
      tangentTerms += partial * (arg.tangentBound + Math.abs(arg.tangent));
    }
  });
  return { value, valueBound, tangent, tangentBound: Math.abs(tangent) + underflow + tangentTerms };
}

export const trackedDomain: Domain<Tracked> = {
  constant: (value) => ({ value, valueBound: 0, tangent: 0, tangentBound: 0 }),
  // Negation and unary plus are exact.
  unary: (operator: UnaryOperator, x) =>
    operator === '+' ? x : { ...x, value: -x.value, tangent: -x.tangent },
  binary: (operator: BinaryOperator, left, right) =>
    chain(
      binaryOperators[operator].evaluate(left.value, right.value),
      [left, right],
      operatorPartials[operator],
    ),
  builtin: (fn: BuiltinFunction, args) => {
    const values = args.map((arg) => arg.value);
    return chain(fn.evaluate(...values), args, partialsOf(fn.name));
  },
  // Branches follow the value, as they do in the real program.
  test: (x) => isTrue(x.value),
};
