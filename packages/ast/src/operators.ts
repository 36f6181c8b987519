/**
 * The one operator table (after esbuild): symbol, precedence and associativity, shared by the
 * parser's tests, the printer's parenthesisation and code generators.
 */
import type { BinaryOperator, Expression } from './nodes.js';

export type Associativity = 'left' | 'right' | 'none';

/** Precedence levels, lowest first (LANGUAGE.md, "Expressions"). */
export const Precedence = {
  conditional: 1,
  comparison: 2,
  additive: 3,
  multiplicative: 4,
  unary: 5,
  power: 6,
  postfix: 7,
  primary: 8,
} as const;

export interface BinaryOperatorInfo {
  readonly symbol: BinaryOperator;
  readonly precedence: number;
  readonly associativity: Associativity;
  /** Whether the result is a truth value (1 or 0). */
  readonly comparison: boolean;
  /** The numeric meaning, shared by every evaluator. */
  readonly evaluate: (left: number, right: number) => number;
}

const truth = (value: boolean): number => (value ? 1 : 0);

function info(
  symbol: BinaryOperator,
  precedence: number,
  associativity: Associativity,
  evaluate: (left: number, right: number) => number,
): BinaryOperatorInfo {
  return { symbol, precedence, associativity, comparison: precedence === 2, evaluate };
}

export const binaryOperators: { readonly [S in BinaryOperator]: BinaryOperatorInfo } = {
  '<': info('<', Precedence.comparison, 'none', (a, b) => truth(a < b)),
  '<=': info('<=', Precedence.comparison, 'none', (a, b) => truth(a <= b)),
  '>': info('>', Precedence.comparison, 'none', (a, b) => truth(a > b)),
  '>=': info('>=', Precedence.comparison, 'none', (a, b) => truth(a >= b)),
  '==': info('==', Precedence.comparison, 'none', (a, b) => truth(a === b)),
  '!=': info('!=', Precedence.comparison, 'none', (a, b) => truth(a !== b)),
  '+': info('+', Precedence.additive, 'left', (a, b) => a + b),
  '-': info('-', Precedence.additive, 'left', (a, b) => a - b),
  '*': info('*', Precedence.multiplicative, 'left', (a, b) => a * b),
  '/': info('/', Precedence.multiplicative, 'left', (a, b) => a / b),
  '^': info('^', Precedence.power, 'right', (a, b) => a ** b),
};

export const unaryOperators = {
  '-': { symbol: '-', evaluate: (a: number): number => -a },
  '+': { symbol: '+', evaluate: (a: number): number => a },
} as const;

/** The values of the built-in constants. */
export const constants = { pi: Math.PI, e: Math.E } as const;

/** The names that cannot be bound or used as parameters. */
export const reservedNames: ReadonlySet<string> = new Set(Object.keys(constants));

/** The precedence level at which an expression stands. */
export function precedenceOf(node: Expression): number {
  switch (node.kind) {
    case 'Binary':
      return binaryOperators[node.operator].precedence;
    case 'Unary':
      return Precedence.unary;
    case 'Conditional':
      return Precedence.conditional;
    case 'Call':
      return Precedence.postfix;
    default:
      return Precedence.primary;
  }
}

export type Side = 'left' | 'right' | 'test' | 'consequent' | 'alternate' | 'operand' | 'argument';

/**
 * Whether `child`, standing at `side` of `parent`, must be parenthesised to keep its meaning.
 * This is the only place that knows the grammar's precedence quirks.
 */
export function needsParens(child: Expression, parent: Expression, side: Side): boolean {
  const inner = precedenceOf(child);
  switch (parent.kind) {
    case 'Binary': {
      const op = binaryOperators[parent.operator];
      // A unary minus may open an exponent: `x^-2` is `x^(-2)`.
      if (parent.operator === '^' && side === 'right' && child.kind === 'Unary') return false;
      if (inner !== op.precedence) return inner < op.precedence;
      if (op.associativity === 'none') return true;
      return op.associativity === 'left' ? side === 'right' : side === 'left';
    }
    case 'Unary':
      return inner < Precedence.unary;
    case 'Conditional':
      // `c ? a : b ? x : y` nests to the right; a conditional test needs parentheses.
      return side === 'test' ? inner <= Precedence.conditional : false;
    default:
      return false;
  }
}
