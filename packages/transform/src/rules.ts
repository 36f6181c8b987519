/**
 * One derivative rule per operator and per catalogue function. A rule returns only the local
 * partials ∂node/∂operand_i, lazily (the walkers ask only for operands that depend on the
 * variables being differentiated); the chain rule lives in the walkers (forward.ts, reverse.ts).
 * `null` means the node does not depend on that operand smoothly (a comparison, a test).
 *
 * Non-smooth points follow LANGUAGE.md: d abs(x) = sign(x), d relu(x) = (x > 0 ? 1 : 0),
 * d max(a, b) picks the larger argument (ties: the first), likewise min (ties: the first).
 */
import { NodeCode } from '@ddx/ast';
import type { Algebra, NodeId } from './algebra.js';

// Node codes as module constants: a property load per use needs type feedback, and a `case`
// first reached after V8 optimised a function would deoptimise it.
const ADD = NodeCode.Add;
const CONSTANT_CODE = NodeCode.Constant;
const DIVIDE = NodeCode.Divide;
const MULTIPLY = NodeCode.Multiply;
const NEGATE = NodeCode.Negate;
const PLUS = NodeCode.Plus;
const POWER = NodeCode.Power;
const SUBTRACT = NodeCode.Subtract;

export type Partial = (() => NodeId) | null;

type CallRule = (b: Algebra, args: readonly NodeId[], result: NodeId) => Partial[];

const callRules: Record<string, CallRule> = {
  // d/dx sin(x) = cos(x)
  sin: (b, [x]) => [() => b.call('cos', [x!])],
  // d/dx cos(x) = -sin(x)
  cos: (b, [x]) => [() => b.neg(b.call('sin', [x!]))],
  // d/dx tan(x) = 1 + tan(x)^2
  tan: (b, _x, r) => [() => b.add(b.one, b.mul(r, r))],
  // d/dx sec(x) = sec(x) * tan(x)
  sec: (b, [x], r) => [() => b.mul(r, b.call('tan', [x!]))],
  // d/dx csc(x) = -csc(x) * cot(x)
  csc: (b, [x], r) => [() => b.mul(b.neg(r), b.call('cot', [x!]))],
  // d/dx cot(x) = -(1 + cot(x)^2)
  cot: (b, _x, r) => [() => b.neg(b.add(b.one, b.mul(r, r)))],
  // d/dx asin(x) = 1 / sqrt(1 - x^2)
  asin: (b, [x]) => [() => b.div(b.one, b.call('sqrt', [b.sub(b.one, b.mul(x!, x!))]))],
  // d/dx acos(x) = -1 / sqrt(1 - x^2)
  acos: (b, [x]) => [() => b.div(b.num(-1), b.call('sqrt', [b.sub(b.one, b.mul(x!, x!))]))],
  // d/dx atan(x) = 1 / (1 + x^2)
  atan: (b, [x]) => [() => b.div(b.one, b.add(b.one, b.mul(x!, x!)))],
  // d/dx sinh(x) = cosh(x)
  sinh: (b, [x]) => [() => b.call('cosh', [x!])],
  // d/dx cosh(x) = sinh(x)
  cosh: (b, [x]) => [() => b.call('sinh', [x!])],
  // d/dx tanh(x) = 1 - tanh(x)^2
  tanh: (b, _x, r) => [() => b.sub(b.one, b.mul(r, r))],
  // d/dx asinh(x) = 1 / sqrt(x^2 + 1)
  asinh: (b, [x]) => [() => b.div(b.one, b.call('sqrt', [b.add(b.mul(x!, x!), b.one)]))],
  // d/dx acosh(x) = 1 / sqrt(x^2 - 1)
  acosh: (b, [x]) => [() => b.div(b.one, b.call('sqrt', [b.sub(b.mul(x!, x!), b.one)]))],
  // d/dx atanh(x) = 1 / (1 - x^2)
  atanh: (b, [x]) => [() => b.div(b.one, b.sub(b.one, b.mul(x!, x!)))],
  // d/dx exp(x) = exp(x)
  exp: (_b, _x, r) => [() => r],
  // d/dx log(x) = 1 / x;  log(x, b) = log(x) / log(b):
  // ∂/∂x = 1 / (x * log(b)),  ∂/∂b = -log(x, b) / (b * log(b))
  log: (b, [x, base], r) =>
    base === undefined
      ? [() => b.div(b.one, x!)]
      : [
          () => b.div(b.one, b.mul(x!, b.call('log', [base]))),
          () => b.div(b.neg(r), b.mul(base, b.call('log', [base]))),
        ],
  // d/dx sqrt(x) = 1 / (2 * sqrt(x))
  sqrt: (b, _x, r) => [() => b.div(b.one, b.mul(b.num(2), r))],
  // d/dx cbrt(x) = 1 / (3 * cbrt(x)^2)
  cbrt: (b, _x, r) => [() => b.div(b.one, b.mul(b.num(3), b.mul(r, r)))],
  // d/dx abs(x) = sign(x)
  abs: (b, [x]) => [() => b.call('sign', [x!])],
  // d/dx sign(x) = 0 (away from 0; the jump at 0 is not differentiable)
  sign: (b) => [() => b.zero],
  // d/dx log2(x) = 1 / (x * log(2))
  log2: (b, [x]) => [() => b.div(b.one, b.mul(x!, b.call('log', [b.num(2)])))],
  // d/dx log10(x) = 1 / (x * log(10))
  log10: (b, [x]) => [() => b.div(b.one, b.mul(x!, b.call('log', [b.num(10)])))],
  // pow(a, b) = a^b
  pow: (b, [base, exponent], r) => powerPartials(b, base!, exponent!, r),
  // ∂/∂a min(a, b) = (a <= b ? 1 : 0), ∂/∂b = (a <= b ? 0 : 1): ties pick the first
  min: (b, [x, y]) => selectionPartials(b, b.compare('<=', x!, y!)),
  // ∂/∂a max(a, b) = (a >= b ? 1 : 0), ∂/∂b = (a >= b ? 0 : 1): ties pick the first
  max: (b, [x, y]) => selectionPartials(b, b.compare('>=', x!, y!)),
  // ∂/∂y atan2(y, x) = x / (x^2 + y^2),  ∂/∂x = -y / (x^2 + y^2)
  atan2: (b, [y, x]) => {
    const radius2 = () => b.add(b.mul(x!, x!), b.mul(y!, y!));
    return [() => b.div(x!, radius2()), () => b.div(b.neg(y!), radius2())];
  },
  // ∂/∂a hypot(a, b) = a / hypot(a, b),  ∂/∂b = b / hypot(a, b)
  hypot: (b, [x, y], r) => [() => b.div(x!, r), () => b.div(y!, r)],
  // d/dx sigmoid(x) = sigmoid(x) * (1 - sigmoid(x))
  sigmoid: (b, _x, r) => [() => b.mul(r, b.sub(b.one, r))],
  // d/dx relu(x) = (x > 0 ? 1 : 0)
  relu: (b, [x]) => [() => b.cond(b.compare('>', x!, b.zero), b.one, b.zero)],
  // d/dx softplus(x) = sigmoid(x)
  softplus: (b, [x]) => [() => b.call('sigmoid', [x!])],
};

function selectionPartials(b: Algebra, firstWins: NodeId): Partial[] {
  return [() => b.cond(firstWins, b.one, b.zero), () => b.cond(firstWins, b.zero, b.one)];
}

/**
 * a^b: ∂/∂a = b * a^(b - 1);  ∂/∂b = a^b * log(a), taken as 0 where a = 0 (the limit for b > 0,
 * where `0 * log(0)` would give NaN).
 */
function powerPartials(b: Algebra, base: NodeId, exponent: NodeId, r: NodeId): Partial[] {
  return [
    () => b.mul(exponent, b.pow(base, b.sub(exponent, b.one))),
    () =>
      b.interner.codeAt(base) === CONSTANT_CODE && b.interner.nameAt(base) === 'e'
        ? r
        : b.constantOf(base) !== undefined
          ? b.mul(r, b.call('log', [base]))
          : b.cond(b.compare('==', base, b.zero), b.zero, b.mul(r, b.call('log', [base]))),
  ];
}

function binaryPartials(b: Algebra, node: NodeId): Partial[] {
  const left = b.operand(node, 0);
  const right = b.operand(node, 1);
  switch (b.interner.codeAt(node)) {
    // d(a + b) = da + db
    case ADD:
      return [() => b.one, () => b.one];
    // d(a - b) = da - db
    case SUBTRACT:
      return [() => b.one, () => b.minusOne];
    // d(a * b) = b da + a db
    case MULTIPLY:
      return [() => right, () => left];
    // d(a / b) = da / b - a db / b^2
    case DIVIDE:
      return [() => b.div(b.one, right), () => b.div(b.neg(left), b.pow(right, b.num(2)))];
    case POWER:
      return powerPartials(b, left, right, node);
    // comparisons are piecewise constant
    default:
      return [null, null];
  }
}

/** The local partials of `node` with respect to each of its operands, in `operandsOf` order. */
export function localPartials(b: Algebra, node: NodeId): Partial[] {
  const t = b.interner;
  switch (t.kindAt(node)) {
    case 'Number':
    case 'Identifier':
    case 'Constant':
      return [];
    case 'Unary':
      // d(-a) = -da
      return [t.codeAt(node) === NEGATE ? () => b.minusOne : () => b.one];
    case 'Binary':
      return binaryPartials(b, node);
    case 'Conditional': {
      // d(c ? a : b) = c ? da : db; the test is piecewise constant
      const test = b.operand(node, 0);
      return [null, () => b.cond(test, b.one, b.zero), () => b.cond(test, b.zero, b.one)];
    }
    case 'Call':
      return callPartials(b, node);
  }
}

/**
 * The one local partial ∂node/∂operand_position (`null` where piecewise constant): what
 * `localPartials(b, node)[position]` gives, without building closures for the common operators.
 */
export function localPartial(b: Algebra, node: NodeId, position: number): NodeId | null {
  switch (b.interner.codeAt(node)) {
    case ADD:
    case PLUS:
      return b.one;
    case SUBTRACT:
      return position === 0 ? b.one : b.minusOne;
    case MULTIPLY:
      return b.operand(node, 1 - position);
    case NEGATE:
      return b.minusOne;
  }
  const partial = localPartials(b, node)[position];
  return partial ? partial() : null;
}

function callPartials(b: Algebra, node: NodeId): Partial[] {
  const t = b.interner;
  const callee = t.nameAt(node);
  const rule = callRules[callee];
  if (!rule) throw new Error(`no derivative rule for '${callee}'`);
  return rule(b, t.operandIdsOf(node), node);
}

/** The builtins that have a rule (a test checks this is the whole catalogue). */
export const differentiableBuiltins: readonly string[] = Object.keys(callRules);
