/**
 * Normalising, hash-consing builders. Every derivative is built through an `Algebra`, so that
 * `0 * x` never reaches the output, constants fold, and structurally equal subexpressions are one
 * object (the gradient of a DAG stays a DAG of linear size).
 *
 * Simplifications are the ones every CAS makes (`0 * x = 0`, `x - x = 0`, `x / x = 1`): they can
 * differ from IEEE evaluation where x is NaN or infinite, and may flip the sign of a zero.
 */
import {
  Interner,
  call as plainCall,
  conditional,
  constant as plainConstant,
  ident as plainIdent,
  neg as plainNeg,
  num as plainNum,
  type BinaryOperator,
  type ComparisonOperator,
  type ConstantName,
  type Expression,
} from '@ddx/ast';

/** The largest printed length of a folded quotient (`1/3` stays `1 / 3`). */
const MAX_FOLDED_QUOTIENT_LENGTH = 8;

export class Algebra {
  readonly interner: Interner;
  readonly zero: Expression;
  readonly one: Expression;
  readonly minusOne: Expression;

  constructor(interner: Interner = new Interner()) {
    this.interner = interner;
    this.zero = this.num(0);
    this.one = this.num(1);
    this.minusOne = this.num(-1);
  }

  intern<E extends Expression>(node: E): E {
    return this.interner.intern(node);
  }

  /** A finite number of either sign (`-2` is `Unary('-', 2)`). */
  num(value: number): Expression {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as a literal`);
    if (value < 0 || Object.is(value, -0)) return this.intern(plainNeg(plainNum(-value)));
    return this.intern(plainNum(value));
  }

  ident(name: string): Expression {
    return this.intern(plainIdent(name));
  }

  constant(name: ConstantName): Expression {
    return this.intern(plainConstant(name));
  }

  /** The value of a constant expression (`2`, `-2`, `1 / 2`, `-1 / 2`), or undefined. */
  constantOf(node: Expression): number | undefined {
    switch (node.kind) {
      case 'Number':
        return node.value;
      case 'Unary': {
        const inner = literalValue(node.operand);
        return inner === undefined ? undefined : node.operator === '-' ? -inner : inner;
      }
      case 'Binary': {
        if (node.operator !== '/') return undefined;
        const left = literalValue(node.left);
        const right = left === undefined ? undefined : literalValue(node.right);
        return right === undefined ? undefined : left! / right;
      }
      default:
        return undefined;
    }
  }

  isZero(node: Expression): boolean {
    return this.constantOf(node) === 0;
  }

  /** A folded constant, or undefined when folding would not give a finite, readable literal. */
  #fold(value: number, quotient = false): Expression | undefined {
    if (!Number.isFinite(value)) return undefined;
    if (quotient && String(Math.abs(value)).length > MAX_FOLDED_QUOTIENT_LENGTH) return undefined;
    return this.num(value);
  }

  #raw(operator: BinaryOperator, left: Expression, right: Expression): Expression {
    return this.interner.binary(operator, left, right);
  }

  add(a: Expression, b: Expression): Expression {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (ca !== undefined && cb !== undefined) {
      const folded = this.#fold(ca + cb);
      if (folded) return folded;
    }
    if (ca === 0) return b;
    if (cb === 0) return a;
    if (isNegation(b)) return this.sub(a, b.operand);
    if (isNegation(a)) return this.sub(b, a.operand);
    // `a + -x * y` is `a - x * y`
    const negatedB = this.#negatedProduct(b);
    if (negatedB) return this.sub(a, negatedB);
    const negatedA = this.#negatedProduct(a);
    if (negatedA) return this.sub(b, negatedA);
    if (a === b) return this.mul(this.num(2), a);
    return this.#raw('+', a, b);
  }

  sub(a: Expression, b: Expression): Expression {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (ca !== undefined && cb !== undefined) {
      const folded = this.#fold(ca - cb);
      if (folded) return folded;
    }
    if (cb === 0) return a;
    if (ca === 0) return this.neg(b);
    if (a === b) return this.zero;
    if (isNegation(b)) return this.add(a, b.operand);
    return this.#raw('-', a, b);
  }

  mul(a: Expression, b: Expression): Expression {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (ca !== undefined && cb !== undefined) {
      const folded = this.#fold(ca * cb);
      if (folded) return folded;
    }
    if (ca === 0 || cb === 0) return this.zero;
    if (ca === 1) return b;
    if (cb === 1) return a;
    if (ca === -1) return this.neg(b);
    if (cb === -1) return this.neg(a);
    // Constants stand first: `2 * x`, and `2 * (3 * x)` is `6 * x`.
    if (cb !== undefined && ca === undefined) return this.mul(b, a);
    if (ca !== undefined) {
      const split = this.#leadingConstant(b);
      if (split) {
        const folded = this.#fold(ca * split.constant);
        if (folded) return this.mul(folded, split.rest);
      }
    }
    // A conditional with a zero branch stays a selection: `(c ? x : 0) * y` is `c ? x * y : 0`,
    // so an infinite or NaN factor from the branch not taken cannot leak into the product.
    const selected = this.#distributeOverSelection(a, b) ?? this.#distributeOverSelection(b, a);
    if (selected) return selected;
    if (isNegation(a) && isNegation(b)) return this.mul(a.operand, b.operand);
    if (isNegation(b)) return this.mul(this.neg(a), b.operand);
    return this.#raw('*', a, b);
  }

  /** `x * y` for a product written `-x * y` (or `-2 * y`), else undefined. */
  #negatedProduct(node: Expression): Expression | undefined {
    if (node.kind !== 'Binary' || node.operator !== '*' || !isNegation(node.left)) return undefined;
    return this.mul(node.left.operand, node.right);
  }

  /** `2 * x * y` as 2 and `x * y`: the constant leading a product's left spine, if any. */
  #leadingConstant(node: Expression): { constant: number; rest: Expression } | undefined {
    if (node.kind !== 'Binary' || node.operator !== '*') return undefined;
    const constant = this.constantOf(node.left);
    if (constant !== undefined) return { constant, rest: node.right };
    const inner = this.#leadingConstant(node.left);
    return inner && { constant: inner.constant, rest: this.mul(inner.rest, node.right) };
  }

  #distributeOverSelection(selection: Expression, factor: Expression): Expression | undefined {
    if (selection.kind !== 'Conditional') return undefined;
    const { test, consequent, alternate } = selection;
    if (!this.isZero(consequent) && !this.isZero(alternate)) return undefined;
    return this.cond(test, this.mul(consequent, factor), this.mul(alternate, factor));
  }

  div(a: Expression, b: Expression): Expression {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (ca !== undefined && cb !== undefined) {
      const folded = this.#fold(ca / cb, true);
      if (folded) return folded;
    }
    if (ca === 0) return this.zero;
    if (cb === 1) return a;
    if (cb === -1) return this.neg(a);
    if (a === b) return this.one;
    if (isNegation(b)) return this.div(this.neg(a), b.operand);
    return this.#raw('/', a, b);
  }

  pow(a: Expression, b: Expression): Expression {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (cb === 0) return this.one;
    if (cb === 1) return a;
    if (ca !== undefined && cb !== undefined && Number.isInteger(cb) && Math.abs(cb) <= 64) {
      const folded = this.#fold(ca ** cb, cb < 0);
      if (folded) return folded;
    }
    return this.#raw('^', a, b);
  }

  neg(a: Expression): Expression {
    const ca = this.constantOf(a);
    if (ca !== undefined && a.kind !== 'Binary') return this.num(-ca);
    if (isNegation(a)) return a.operand;
    if (a.kind === 'Binary') {
      switch (a.operator) {
        case '-':
          return this.sub(a.right, a.left);
        case '*':
        case '/': {
          // `-(2 * x)` is `-2 * x`; `-(x / y)` is `-x / y`.
          const rebuilt = this.neg(a.left);
          return a.operator === '*' ? this.mul(rebuilt, a.right) : this.div(rebuilt, a.right);
        }
      }
    }
    return this.intern(plainNeg(a));
  }

  compare(operator: ComparisonOperator, a: Expression, b: Expression): Expression {
    return this.#raw(operator, a, b);
  }

  cond(test: Expression, consequent: Expression, alternate: Expression): Expression {
    if (consequent === alternate) return consequent;
    const ct = this.constantOf(test);
    if (ct !== undefined && !Number.isNaN(ct)) return ct !== 0 ? consequent : alternate;
    return this.intern(conditional(test, consequent, alternate));
  }

  call(callee: string, args: readonly Expression[]): Expression {
    if (callee === 'log' && args.length === 1 && args[0]!.kind === 'Constant') {
      if (args[0]!.name === 'e') return this.one;
    }
    return this.intern(plainCall(callee, args));
  }

  /** The sum of many terms, left to right (`0` for none). */
  sum(terms: readonly Expression[]): Expression {
    let total: Expression | undefined;
    for (const term of terms) total = total === undefined ? term : this.add(total, term);
    return total ?? this.zero;
  }
}

/** A literal, or a negated literal, as a number. */
function literalValue(node: Expression): number | undefined {
  if (node.kind === 'Number') return node.value;
  if (node.kind === 'Unary' && node.operand.kind === 'Number') {
    return node.operator === '-' ? -node.operand.value : node.operand.value;
  }
  return undefined;
}

function isNegation(node: Expression): node is Expression & { kind: 'Unary'; operand: Expression } {
  return node.kind === 'Unary' && node.operator === '-';
}
