/**
 * The local partial derivatives of every operator and builtin, written from calculus tables and
 * independently of @ddx/transform: this is the oracle's own knowledge, used by the dual-number
 * method and by the rounding-error bounds. A rule gets the operand values and the result and
 * returns ∂result/∂operand for each operand; the chain rule lives in the domain that uses them.
 *
 * Non-smooth points follow LANGUAGE.md: d abs = sign, d relu = (x > 0 ? 1 : 0), min and max
 * follow the argument they return (ties: the first), sign and comparisons have derivative 0.
 */
import { catalogue, type BinaryOperator } from '@ddx/ast';

export type PartialsRule = (args: readonly number[], value: number) => readonly number[];

const none: PartialsRule = (args) => args.map(() => 0);

// d/da a^b = b a^(b-1); d/db a^b = a^b ln a. b = 0 is handled apart so that d/dx x^0 at x = 0
// is 0 rather than 0 * 0^-1 = NaN; a^b = 0 gives d/db = 0 (the limit) rather than 0 * -Infinity.
const power: PartialsRule = ([a, b], value) => [
  b === 0 ? 0 : b! * a! ** (b! - 1),
  value === 0 ? 0 : value * Math.log(a!),
];

export const operatorPartials: { readonly [O in BinaryOperator]: PartialsRule } = {
  '+': () => [1, 1],
  '-': () => [1, -1],
  '*': ([a, b]) => [b!, a!],
  // d/da a/b = 1/b; d/db a/b = -a/b^2 = -(a/b)/b
  '/': ([, b], value) => [1 / b!, -value / b!],
  '^': power,
  '<': none,
  '<=': none,
  '>': none,
  '>=': none,
  '==': none,
  '!=': none,
};

const unaryRules: Record<string, (x: number, value: number) => number> = {
  sin: (x) => Math.cos(x), // d sin x = cos x
  cos: (x) => -Math.sin(x), // d cos x = -sin x
  tan: (_x, v) => 1 + v * v, // d tan x = 1 + tan² x
  sec: (x, v) => v * Math.tan(x), // d sec x = sec x tan x
  csc: (x, v) => -v / Math.tan(x), // d csc x = -csc x cot x
  cot: (_x, v) => -(1 + v * v), // d cot x = -(1 + cot² x)
  asin: (x) => 1 / Math.sqrt(1 - x * x), // d asin x = 1/√(1 - x²)
  acos: (x) => -1 / Math.sqrt(1 - x * x), // d acos x = -1/√(1 - x²)
  atan: (x) => 1 / (1 + x * x), // d atan x = 1/(1 + x²)
  sinh: (x) => Math.cosh(x), // d sinh x = cosh x
  cosh: (x) => Math.sinh(x), // d cosh x = sinh x
  tanh: (_x, v) => 1 - v * v, // d tanh x = 1 - tanh² x
  asinh: (x) => 1 / Math.hypot(x, 1), // d asinh x = 1/√(x² + 1)
  acosh: (x) => 1 / (Math.sqrt(x - 1) * Math.sqrt(x + 1)), // d acosh x = 1/√(x² - 1)
  atanh: (x) => 1 / (1 - x * x), // d atanh x = 1/(1 - x²)
  exp: (_x, v) => v, // d eˣ = eˣ
  sqrt: (_x, v) => 1 / (2 * v), // d √x = 1/(2√x)
  cbrt: (_x, v) => 1 / (3 * v * v), // d ∛x = 1/(3 ∛x²)
  abs: (x) => Math.sign(x), // d |x| = sign x (LANGUAGE.md: 0 at 0)
  sign: () => 0,
  log2: (x) => 1 / (x * Math.LN2), // d log₂ x = 1/(x ln 2)
  log10: (x) => 1 / (x * Math.LN10), // d log₁₀ x = 1/(x ln 10)
  sigmoid: (_x, v) => v * (1 - v), // d σ(x) = σ(x)(1 - σ(x))
  relu: (x) => (x > 0 ? 1 : 0), // LANGUAGE.md: 1 for x > 0, else 0
  softplus: (x) => 1 / (1 + Math.exp(-x)), // d log(1 + eˣ) = σ(x)
};

const binaryRules: Record<string, PartialsRule> = {
  // d ln x = 1/x; d log_b x = 1/(x ln b), d/db log_b x = -ln x / (b ln² b)
  log: ([x, base]) => {
    if (base === undefined) return [1 / x!];
    const lnBase = Math.log(base);
    return [1 / (x! * lnBase), -Math.log(x!) / (base * lnBase * lnBase)];
  },
  pow: power,
  // The argument returned, decided as the catalogue decides it (ties and NaN: the first).
  min: ([a, b]) => (a! <= b! || a !== a ? [1, 0] : [0, 1]),
  max: ([a, b]) => (a! >= b! || a !== a ? [1, 0] : [0, 1]),
  // d atan2(y, x) = (x dy - y dx)/(x² + y²)
  atan2: ([y, x]) => {
    const r2 = x! * x! + y! * y!;
    return [x! / r2, -y! / r2];
  },
  // d hypot(a, b) = (a da + b db)/hypot(a, b)
  hypot: ([a, b], v) => [a! / v, b! / v],
};

function buildRules(): ReadonlyMap<string, PartialsRule> {
  const rules = new Map<string, PartialsRule>();
  for (const [name, rule] of Object.entries(unaryRules)) {
    rules.set(name, ([x], value) => [rule(x!, value)]);
  }
  for (const [name, rule] of Object.entries(binaryRules)) rules.set(name, rule);
  return rules;
}

/** One rule per catalogue entry (a test checks that none is missing). */
export const builtinPartials: ReadonlyMap<string, PartialsRule> = buildRules();

export function partialsOf(name: string): PartialsRule {
  const rule = builtinPartials.get(name);
  if (rule === undefined) throw new Error(`no derivative rule for the builtin '${name}'`);
  return rule;
}

/** The builtins without a rule here; empty unless the catalogue grew. */
export function builtinsWithoutRule(): string[] {
  return [...catalogue.keys()].filter((name) => !builtinPartials.has(name));
}
