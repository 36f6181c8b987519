/**
 * Normalising, hash-consing builders. Every derivative is built through an `Algebra`, so that
 * `0 * x` never reaches the output, constants fold, and structurally equal subexpressions are one
 * node (the gradient of a DAG stays a DAG of linear size). Nodes are the interner's ids: the
 * simplifications read codes and operand ids from its typed arrays, and no expression object is
 * made until the result is written out (schedule.ts).
 *
 * Simplifications are the ones every CAS makes (`0 * x = 0`, `x - x = 0`, `x / x = 1`): they can
 * differ from IEEE evaluation where x is NaN or infinite, and may flip the sign of a zero.
 */
import {
  Interner,
  NodeCode,
  binaryCode,
  type BinaryOperator,
  type ComparisonOperator,
  type ConstantName,
  type Expression,
} from '@ddx/ast';

// Node codes as module constants: a property load per use needs type feedback, and a `case`
// first reached after V8 optimised a function would deoptimise it.
const ADD = NodeCode.Add;
const CONDITIONAL_CODE = NodeCode.Conditional;
const CONSTANT_CODE = NodeCode.Constant;
const DIVIDE = NodeCode.Divide;
const MULTIPLY = NodeCode.Multiply;
const NEGATE = NodeCode.Negate;
const NUMBER_CODE = NodeCode.Number;
const PLUS = NodeCode.Plus;
const POWER = NodeCode.Power;
const SUBTRACT = NodeCode.Subtract;

/** A node of the algebra's interner, by id (see `Interner`). */
export type NodeId = number;

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
  readonly zero: NodeId;
  readonly one: NodeId;
  readonly minusOne: NodeId;

  constructor(interner: Interner = new Interner()) {
    this.interner = interner;
    this.zero = this.num(0);
    this.one = this.num(1);
    this.minusOne = this.num(-1);
  }

  /** The node of an expression's structure. */
  intern(node: Expression): NodeId {
    return this.interner.idFor(node);
  }

  /** The node as an expression (its interner's canonical object). */
  expression(node: NodeId): Expression {
    return this.interner.nodeAt(node);
  }

  /** A finite number of either sign (`-2` is `Unary('-', 2)`). */
  num(value: number): NodeId {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as a literal`);
    const { interner } = this;
    if (value < 0 || Object.is(value, -0)) {
      return interner.operationId(NEGATE, interner.numberId(-value), -1, -1);
    }
    return interner.numberId(value);
  }

  ident(name: string): NodeId {
    return this.interner.identifierId(name);
  }

  constant(name: ConstantName): NodeId {
    return this.interner.constantId(name);
  }

  /** The value of a constant expression (`2`, `-2`, `1 / 2`, `-1 / 2`), or undefined. */
  constantOf(node: NodeId): number | undefined {
    const t = this.interner;
    switch (t.codeAt(node)) {
      case NUMBER_CODE:
        return t.valueAt(node);
      case NEGATE: {
        const inner = this.#literalValue(t.operandIdAt(node, 0));
        return inner === undefined ? undefined : -inner;
      }
      case PLUS:
        return this.#literalValue(t.operandIdAt(node, 0));
      case DIVIDE: {
        const left = this.#literalValue(t.operandIdAt(node, 0));
        const right = left === undefined ? undefined : this.#literalValue(t.operandIdAt(node, 1));
        return right === undefined ? undefined : left! / right;
      }
      default:
        return undefined;
    }
  }

  /** A literal, or a negated literal, as a number. */
  #literalValue(node: NodeId): number | undefined {
    const t = this.interner;
    const code = t.codeAt(node);
    if (code === NUMBER_CODE) return t.valueAt(node);
    if (code === NEGATE || code === PLUS) {
      const operand = t.operandIdAt(node, 0);
      if (t.codeAt(operand) !== NUMBER_CODE) return undefined;
      return code === NEGATE ? -t.valueAt(operand) : t.valueAt(operand);
    }
    return undefined;
  }

  isZero(node: NodeId): boolean {
    return this.constantOf(node) === 0;
  }

  /** Whether the node is `-x`. */
  isNegation(node: NodeId): boolean {
    return this.interner.codeAt(node) === NEGATE;
  }

  /** Operand `position` of a node. */
  operand(node: NodeId, position: number): NodeId {
    return this.interner.operandIdAt(node, position);
  }

  /** A folded constant, or undefined when folding would not give a finite, readable literal. */
  #fold(value: number, quotient = false): NodeId | undefined {
    if (!Number.isFinite(value)) return undefined;
    if (quotient && String(Math.abs(value)).length > MAX_FOLDED_QUOTIENT_LENGTH) return undefined;
    return this.num(value);
  }

  #raw(code: number, left: NodeId, right: NodeId): NodeId {
    return this.interner.operationId(code, left, right, -1);
  }

  add(a: NodeId, b: NodeId): NodeId {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (ca !== undefined && cb !== undefined) {
      const folded = this.#fold(ca + cb);
      if (folded !== undefined) return folded;
    }
    if (ca === 0) return b;
    if (cb === 0) return a;
    if (this.isNegation(b)) return this.sub(a, this.operand(b, 0));
    if (this.isNegation(a)) return this.sub(b, this.operand(a, 0));
    // `a + -x * y` is `a - x * y`
    const negatedB = this.#negatedProduct(b);
    if (negatedB !== undefined) return this.sub(a, negatedB);
    const negatedA = this.#negatedProduct(a);
    if (negatedA !== undefined) return this.sub(b, negatedA);
    if (a === b) return this.mul(this.num(2), a);
    return this.#raw(ADD, a, b);
  }

  sub(a: NodeId, b: NodeId): NodeId {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (ca !== undefined && cb !== undefined) {
      const folded = this.#fold(ca - cb);
      if (folded !== undefined) return folded;
    }
    if (cb === 0) return a;
    if (ca === 0) return this.neg(b);
    if (a === b) return this.zero;
    if (this.isNegation(b)) return this.add(a, this.operand(b, 0));
    return this.#raw(SUBTRACT, a, b);
  }

  mul(a: NodeId, b: NodeId): NodeId {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (ca !== undefined && cb !== undefined) {
      const folded = this.#fold(ca * cb);
      if (folded !== undefined) return folded;
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
        if (folded !== undefined) return this.mul(folded, split.rest);
      }
    }
    // A conditional with a zero branch stays a selection: `(c ? x : 0) * y` is `c ? x * y : 0`,
    // so an infinite or NaN factor from the branch not taken cannot leak into the product. The
    // shallower selection is the one distributed: it costs a level per level of nesting. A
    // negated selection is one too: `-(c ? x : 0) * y` is `-(c ? x * y : 0)`.
    const negatedA = this.isNegation(a);
    const negatedB = this.isNegation(b);
    if (negatedA && this.#selectionDepth(this.operand(a, 0)) > 0)
      return this.neg(this.mul(this.operand(a, 0), b));
    if (negatedB && this.#selectionDepth(this.operand(b, 0)) > 0)
      return this.neg(this.mul(a, this.operand(b, 0)));
    const depthA = this.#selectionDepth(a);
    const depthB = this.#selectionDepth(b);
    if (depthA > 0 || depthB > 0) {
      return depthB > 0 && (depthA === 0 || depthB < depthA)
        ? this.#distributeOverSelection(b, a)
        : this.#distributeOverSelection(a, b);
    }
    if (negatedA && negatedB) return this.mul(this.operand(a, 0), this.operand(b, 0));
    if (negatedB) {
      return this.#spineLength(a) < MAX_SPINE_REWRITE
        ? this.mul(this.neg(a), this.operand(b, 0))
        : this.#raw(MULTIPLY, a, b);
    }
    return this.#raw(MULTIPLY, a, b);
  }

  /** `x * y` for a product written `-x * y` (or `-2 * y`), else undefined. */
  #negatedProduct(node: NodeId): NodeId | undefined {
    const t = this.interner;
    if (t.codeAt(node) !== MULTIPLY) return undefined;
    const left = t.operandIdAt(node, 0);
    if (!this.isNegation(left)) return undefined;
    return this.mul(t.operandIdAt(left, 0), t.operandIdAt(node, 1));
  }

  /**
   * `2 * x * y` as 2 and `x * y`: the constant leading a product's left spine, if it is within
   * MAX_SPINE_REWRITE factors of the top.
   */
  #leadingConstant(node: NodeId): { constant: number; rest: NodeId } | undefined {
    const t = this.interner;
    const rights: NodeId[] = [];
    let constant: number | undefined;
    for (let at = node; ; at = t.operandIdAt(at, 0)) {
      if (t.codeAt(at) !== MULTIPLY || rights.length === MAX_SPINE_REWRITE) {
        return undefined;
      }
      constant = this.constantOf(t.operandIdAt(at, 0));
      rights.push(t.operandIdAt(at, 1));
      if (constant !== undefined) break;
    }
    let rest = rights.pop()!;
    while (rights.length > 0) rest = this.mul(rest, rights.pop()!);
    return { constant: constant!, rest };
  }

  /** The number of products and quotients down a node's left spine, counting at most to the limit. */
  #spineLength(node: NodeId): number {
    const t = this.interner;
    let length = 0;
    for (let at = node; length < MAX_SPINE_REWRITE; at = t.operandIdAt(at, 0)) {
      const code = t.codeAt(at);
      if (code !== MULTIPLY && code !== DIVIDE) break;
      length += 1;
    }
    return length;
  }

  /** Nesting depth of selections by node (0: not a selection). */
  readonly #depths = new Map<NodeId, number>();
  /** The guard and the innermost non-zero branch of selections nested deeper than the limit. */
  readonly #guards = new Map<NodeId, { guard: NodeId; leaf: NodeId }>();

  /** The branch of a selection (a conditional with one zero branch) that is not zero. */
  #selected(node: NodeId): NodeId | undefined {
    const t = this.interner;
    if (t.codeAt(node) !== CONDITIONAL_CODE) return undefined;
    const consequent = t.operandIdAt(node, 1);
    const alternate = t.operandIdAt(node, 2);
    const zeroConsequent = this.isZero(consequent);
    if (zeroConsequent === this.isZero(alternate)) return undefined;
    return zeroConsequent ? alternate : consequent;
  }

  /** How many selections are nested around the first branch that is not one (iteratively). */
  #selectionDepth(node: NodeId): number {
    const t = this.interner;
    if (t.codeAt(node) !== CONDITIONAL_CODE) return 0;
    const known = this.#depths.get(node);
    if (known !== undefined) return known;
    const pending: NodeId[] = [];
    let depth = 0;
    for (let at: NodeId | undefined = node; at !== undefined; at = this.#selected(at)) {
      const cached = this.#depths.get(at);
      if (cached !== undefined) {
        depth = cached;
        break;
      }
      pending.push(at);
    }
    for (let index = pending.length - 1; index >= 0; index--) {
      const at = pending[index]!;
      if (this.#selected(at) !== undefined) depth += 1;
      else depth = 0;
      this.#depths.set(at, depth);
    }
    return depth;
  }

  /**
   * For a selection nested deeper than MAX_NESTED_SELECTIONS: a guard that is non-zero (and not
   * NaN) exactly when every test selects the non-zero branch, and that branch.
   */
  #guardOf(selection: NodeId): { guard: NodeId; leaf: NodeId } {
    const t = this.interner;
    const pending: NodeId[] = [];
    let inner: { guard: NodeId; leaf: NodeId } | undefined;
    for (let at: NodeId = selection; ;) {
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
      const at = pending[index]!;
      const test = t.operandIdAt(at, 0);
      const consequent = t.operandIdAt(at, 1);
      const takesConsequent = !this.isZero(consequent);
      let guard: NodeId;
      if (inner === undefined) {
        guard = takesConsequent ? test : this.cond(test, this.zero, this.one);
        inner = { guard, leaf: takesConsequent ? consequent : t.operandIdAt(at, 2) };
      } else {
        guard = takesConsequent
          ? this.cond(test, inner.guard, this.zero)
          : this.cond(test, this.zero, inner.guard);
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
  guardedSum(terms: readonly NodeId[], total: NodeId = this.sum(terms)): NodeId {
    if (terms.length < 2 || this.isZero(total)) return total;
    const t = this.interner;
    const guards = new Set<NodeId>();
    for (const term of terms) {
      const selection = this.isNegation(term) ? this.operand(term, 0) : term;
      if (this.#selectionDepth(selection) === 0) return total;
      guards.add(this.#guardOf(selection).guard);
    }
    for (const guard of guards) {
      // A test and its complement: one of the branches is always taken.
      if (
        t.codeAt(guard) === CONDITIONAL_CODE &&
        this.isZero(t.operandIdAt(guard, 1)) &&
        t.operandIdAt(guard, 2) === this.one &&
        guards.has(t.operandIdAt(guard, 0))
      ) {
        return total;
      }
    }
    let any: NodeId | undefined;
    for (const guard of [...guards].reverse()) {
      any = any === undefined ? guard : this.cond(guard, this.one, any);
    }
    return this.cond(any!, total, this.zero);
  }

  /** `selection * factor`, with the factor inside the selection's non-zero branch. */
  #distributeOverSelection(selection: NodeId, factor: NodeId): NodeId {
    const t = this.interner;
    if (this.#selectionDepth(selection) <= MAX_NESTED_SELECTIONS) {
      return this.cond(
        t.operandIdAt(selection, 0),
        this.mul(t.operandIdAt(selection, 1), factor),
        this.mul(t.operandIdAt(selection, 2), factor),
      );
    }
    const { guard, leaf } = this.#guardOf(selection);
    return this.cond(guard, this.mul(leaf, factor), this.zero);
  }

  div(a: NodeId, b: NodeId): NodeId {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (ca !== undefined && cb !== undefined) {
      const folded = this.#fold(ca / cb, true);
      if (folded !== undefined) return folded;
    }
    if (ca === 0) return this.zero;
    if (cb === 1) return a;
    if (cb === -1) return this.neg(a);
    if (a === b) return this.one;
    if (this.isNegation(b)) return this.div(this.neg(a), this.operand(b, 0));
    return this.#raw(DIVIDE, a, b);
  }

  pow(a: NodeId, b: NodeId): NodeId {
    const ca = this.constantOf(a);
    const cb = this.constantOf(b);
    if (cb === 0) return this.one;
    if (cb === 1) return a;
    if (ca !== undefined && cb !== undefined && Number.isInteger(cb) && Math.abs(cb) <= 64) {
      const folded = this.#fold(ca ** cb, cb < 0);
      if (folded !== undefined) return folded;
    }
    return this.#raw(POWER, a, b);
  }

  neg(a: NodeId): NodeId {
    const t = this.interner;
    const code = t.codeAt(a);
    const ca = this.constantOf(a);
    if (ca !== undefined && code !== DIVIDE) return this.num(-ca);
    if (code === NEGATE) return t.operandIdAt(a, 0);
    switch (code) {
      case SUBTRACT:
        return this.sub(t.operandIdAt(a, 1), t.operandIdAt(a, 0));
      case MULTIPLY:
      case DIVIDE: {
        // `-(2 * x)` is `-2 * x`; `-(x / y)` is `-x / y` (near the top of the spine).
        if (this.#spineLength(a) >= MAX_SPINE_REWRITE) break;
        const rebuilt = this.neg(t.operandIdAt(a, 0));
        const right = t.operandIdAt(a, 1);
        return code === MULTIPLY ? this.mul(rebuilt, right) : this.div(rebuilt, right);
      }
    }
    return t.operationId(NEGATE, a, -1, -1);
  }

  compare(operator: ComparisonOperator, a: NodeId, b: NodeId): NodeId {
    return this.#raw(binaryCode(operator), a, b);
  }

  cond(test: NodeId, consequent: NodeId, alternate: NodeId): NodeId {
    const t = this.interner;
    // A test that is itself an indicator: `(t ? 1 : 0) ? a : b` is `t ? a : b`.
    if (t.codeAt(test) === CONDITIONAL_CODE) {
      const inner = t.operandIdAt(test, 0);
      const yes = t.operandIdAt(test, 1);
      const no = t.operandIdAt(test, 2);
      if (yes === this.one && no === this.zero) test = inner;
      else if (yes === this.zero && no === this.one) {
        [test, consequent, alternate] = [inner, alternate, consequent];
      }
    }
    // Inside a branch the test is known: `t ? (t ? a : b) : c` is `t ? a : c`.
    if (t.codeAt(consequent) === CONDITIONAL_CODE && t.operandIdAt(consequent, 0) === test) {
      consequent = t.operandIdAt(consequent, 1);
    }
    if (t.codeAt(alternate) === CONDITIONAL_CODE && t.operandIdAt(alternate, 0) === test) {
      alternate = t.operandIdAt(alternate, 2);
    }
    if (consequent === alternate) return consequent;
    const ct = this.constantOf(test);
    if (ct !== undefined && !Number.isNaN(ct)) return ct !== 0 ? consequent : alternate;
    return t.operationId(CONDITIONAL_CODE, test, consequent, alternate);
  }

  call(callee: string, args: readonly NodeId[]): NodeId {
    const t = this.interner;
    if (callee === 'log' && args.length === 1 && t.codeAt(args[0]!) === CONSTANT_CODE) {
      if (t.nameAt(args[0]!) === 'e') return this.one;
    }
    return t.callId(callee, args);
  }

  /** The sum of many terms, left to right (`0` for none). */
  sum(terms: readonly NodeId[]): NodeId {
    let total: NodeId | undefined;
    for (const term of terms) total = total === undefined ? term : this.add(total, term);
    return total ?? this.zero;
  }
}
