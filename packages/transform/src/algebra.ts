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

/**
 * How far down a product's left spine a sign or a constant factor is moved (`-(2 * x * y)` is
 * `-2 * x * y`). Past it the sign stays outside (`-(…)`, `… * -x`): the derivative of a chain of
 * 20,000 cosines is a product 20,000 long, and moving its sign to the far end at every link
 * would rebuild the whole product each time.
 */
const MAX_SPINE_REWRITE = 8;

/**
 * How deep selections (`c ? x : 0`) are nested before a factor is multiplied into them through
 * one shared guard instead of level by level: `c1 ? (c2 ? x : 0) : 0` times `y` is
 * `c1 ? (c2 ? x * y : 0) : 0`, but 10,000 nested conditionals would rebuild 10,000 levels for
 * every factor. Past this depth the product is `g ? x * y : 0`, where the guard `g` (shared by
 * every factor) is non-zero exactly when each test selects the branch that holds `x`.
 */
const MAX_NESTED_SELECTIONS = 4;

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
    // so an infinite or NaN factor from the branch not taken cannot leak into the product. The
    // shallower selection is the one distributed: it costs a level per level of nesting. A
    // negated selection is one too: `-(c ? x : 0) * y` is `-(c ? x * y : 0)`.
    if (isNegation(a) && this.#selectionDepth(a.operand) > 0)
      return this.neg(this.mul(a.operand, b));
    if (isNegation(b) && this.#selectionDepth(b.operand) > 0)
      return this.neg(this.mul(a, b.operand));
    const depthA = this.#selectionDepth(a);
    const depthB = this.#selectionDepth(b);
    if (depthA > 0 || depthB > 0) {
      return depthB > 0 && (depthA === 0 || depthB < depthA)
        ? this.#distributeOverSelection(b, a)
        : this.#distributeOverSelection(a, b);
    }
    if (isNegation(a) && isNegation(b)) return this.mul(a.operand, b.operand);
    if (isNegation(b)) {
      return spineLength(a) < MAX_SPINE_REWRITE
        ? this.mul(this.neg(a), b.operand)
        : this.#raw('*', a, b);
    }
    return this.#raw('*', a, b);
  }

  /** `x * y` for a product written `-x * y` (or `-2 * y`), else undefined. */
  #negatedProduct(node: Expression): Expression | undefined {
    if (node.kind !== 'Binary' || node.operator !== '*' || !isNegation(node.left)) return undefined;
    return this.mul(node.left.operand, node.right);
  }

  /**
   * `2 * x * y` as 2 and `x * y`: the constant leading a product's left spine, if it is within
   * MAX_SPINE_REWRITE factors of the top.
   */
  #leadingConstant(node: Expression): { constant: number; rest: Expression } | undefined {
    const rights: Expression[] = [];
    let constant: number | undefined;
    for (let at = node; ; at = at.left) {
      if (at.kind !== 'Binary' || at.operator !== '*' || rights.length === MAX_SPINE_REWRITE) {
        return undefined;
      }
      constant = this.constantOf(at.left);
      rights.push(at.right);
      if (constant !== undefined) break;
    }
    let rest = rights.pop()!;
    while (rights.length > 0) rest = this.mul(rest, rights.pop()!);
    return { constant: constant!, rest };
  }

  /** Nesting depth of selections by node (0: not a selection). */
  readonly #depths = new Map<Expression, number>();
  /** The guard and the innermost non-zero branch of selections nested deeper than the limit. */
  readonly #guards = new Map<Expression, { guard: Expression; leaf: Expression }>();

  /** The branch of a selection (a conditional with one zero branch) that is not zero. */
  #selected(node: Expression): Expression | undefined {
    if (node.kind !== 'Conditional') return undefined;
    const zeroConsequent = this.isZero(node.consequent);
    if (zeroConsequent === this.isZero(node.alternate)) return undefined;
    return zeroConsequent ? node.alternate : node.consequent;
  }

  /** How many selections are nested around the first branch that is not one (iteratively). */
  #selectionDepth(node: Expression): number {
    if (node.kind !== 'Conditional') return 0;
    const known = this.#depths.get(node);
    if (known !== undefined) return known;
    const pending: Expression[] = [];
    let depth = 0;
    for (let at: Expression | undefined = node; at !== undefined; at = this.#selected(at)) {
      const cached = this.#depths.get(at);
      if (cached !== undefined) {
        depth = cached;
        break;
      }
      pending.push(at);
    }
    for (let index = pending.length - 1; index >= 0; index--) {
      const at = pending[index]!;
      if (at.kind === 'Conditional' && this.#selected(at) !== undefined) depth += 1;
      else depth = 0;
      this.#depths.set(at, depth);
    }
    return depth;
  }

  /**
   * For a selection nested deeper than MAX_NESTED_SELECTIONS: a guard that is non-zero (and not
   * NaN) exactly when every test selects the non-zero branch, and that branch.
   */
  #guardOf(selection: Expression): { guard: Expression; leaf: Expression } {
    const pending: Expression[] = [];
    let inner: { guard: Expression; leaf: Expression } | undefined;
    for (let at: Expression | undefined = selection; ;) {
      const cached = this.#guards.get(at);
      if (cached !== undefined) {
        inner = cached;
        break;
      }
      const next = this.#selected(at);
      if (next === undefined) break;
      pending.push(at);
      at = next;
    }
    for (let index = pending.length - 1; index >= 0; index--) {
      const at = pending[index]! as Expression & { kind: 'Conditional' };
      const takesConsequent = !this.isZero(at.consequent);
      let guard: Expression;
      if (inner === undefined) {
        guard = takesConsequent ? at.test : this.cond(at.test, this.zero, this.one);
        inner = { guard, leaf: takesConsequent ? at.consequent : at.alternate };
      } else {
        guard = takesConsequent
          ? this.cond(at.test, inner.guard, this.zero)
          : this.cond(at.test, this.zero, inner.guard);
        inner = { guard, leaf: inner.leaf };
      }
      this.#guards.set(at, inner);
    }
    return inner!;
  }

  /**
   * The sum of a node's adjoint contributions, as the reverse sweep multiplies it into the node's
   * operands. When every contribution is a selection (the node is used only inside branches), the
   * sum is one too, guarded by "some branch that uses the node is taken": where none is, the
   * operands' adjoints are 0 even if the node's local partial is NaN there (`sqrt(y)` shared by
   * the branches not taken of `-(x < 0 ? sqrt(y) : -(x < 1 ? sqrt(y) : x))`).
   */
  guardedSum(terms: readonly Expression[], total: Expression = this.sum(terms)): Expression {
    if (terms.length < 2 || this.isZero(total)) return total;
    const guards = new Set<Expression>();
    for (const term of terms) {
      const selection = isNegation(term) ? term.operand : term;
      if (this.#selectionDepth(selection) === 0) return total;
      guards.add(this.#guardOf(selection).guard);
    }
    for (const guard of guards) {
      // A test and its complement: one of the branches is always taken.
      if (
        guard.kind === 'Conditional' &&
        this.isZero(guard.consequent) &&
        guard.alternate === this.one &&
        guards.has(guard.test)
      ) {
        return total;
      }
    }
    let any: Expression | undefined;
    for (const guard of [...guards].reverse()) {
      any = any === undefined ? guard : this.cond(guard, this.one, any);
    }
    return this.cond(any!, total, this.zero);
  }

  /** `selection * factor`, with the factor inside the selection's non-zero branch. */
  #distributeOverSelection(selection: Expression, factor: Expression): Expression {
    const { test, consequent, alternate } = selection as Expression & { kind: 'Conditional' };
    if (this.#selectionDepth(selection) <= MAX_NESTED_SELECTIONS) {
      return this.cond(test, this.mul(consequent, factor), this.mul(alternate, factor));
    }
    const { guard, leaf } = this.#guardOf(selection);
    return this.cond(guard, this.mul(leaf, factor), this.zero);
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
          // `-(2 * x)` is `-2 * x`; `-(x / y)` is `-x / y` (near the top of the spine).
          if (spineLength(a) >= MAX_SPINE_REWRITE) break;
          const rebuilt = this.neg(a.left);
          return a.operator === '*' ? this.mul(rebuilt, a.right) : this.div(rebuilt, a.right);
        }
      }
    }
    return this.interner.has(a) ? this.interner.unary('-', a) : this.intern(plainNeg(a));
  }

  compare(operator: ComparisonOperator, a: Expression, b: Expression): Expression {
    return this.#raw(operator, a, b);
  }

  cond(test: Expression, consequent: Expression, alternate: Expression): Expression {
    // A test that is itself an indicator: `(t ? 1 : 0) ? a : b` is `t ? a : b`.
    if (test.kind === 'Conditional') {
      if (test.consequent === this.one && test.alternate === this.zero) test = test.test;
      else if (test.consequent === this.zero && test.alternate === this.one) {
        [test, consequent, alternate] = [test.test, alternate, consequent];
      }
    }
    // Inside a branch the test is known: `t ? (t ? a : b) : c` is `t ? a : c`.
    if (consequent.kind === 'Conditional' && consequent.test === test) {
      consequent = consequent.consequent;
    }
    if (alternate.kind === 'Conditional' && alternate.test === test)
      alternate = alternate.alternate;
    if (consequent === alternate) return consequent;
    const ct = this.constantOf(test);
    if (ct !== undefined && !Number.isNaN(ct)) return ct !== 0 ? consequent : alternate;
    const { interner } = this;
    return interner.has(test) && interner.has(consequent) && interner.has(alternate)
      ? interner.conditional(test, consequent, alternate)
      : this.intern(conditional(test, consequent, alternate));
  }

  call(callee: string, args: readonly Expression[]): Expression {
    if (callee === 'log' && args.length === 1 && args[0]!.kind === 'Constant') {
      if (args[0]!.name === 'e') return this.one;
    }
    const call = plainCall(callee, args);
    return args.every((arg) => this.interner.has(arg))
      ? this.interner.make(call, args)
      : this.intern(call);
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

/** The number of products and quotients down a node's left spine, counting at most to the limit. */
function spineLength(node: Expression): number {
  let length = 0;
  for (
    let at = node;
    at.kind === 'Binary' &&
    (at.operator === '*' || at.operator === '/') &&
    length < MAX_SPINE_REWRITE;
    at = at.left
  ) {
    length += 1;
  }
  return length;
}

function isNegation(node: Expression): node is Expression & { kind: 'Unary'; operand: Expression } {
  return node.kind === 'Unary' && node.operator === '-';
}
