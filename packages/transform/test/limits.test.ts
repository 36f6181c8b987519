// @ddx/transform at the parser's limits (README, "Limits"): diff and grad of long sums and of
// deep nesting of every kind give derivatives, never a RangeError or a heap overflow. The CI
// sizes stop short of the documented ones; the full sizes run with DDX_LIMITS=full (and in
// tools/limits).
import { describe, expect, it } from 'vitest';
import { evaluate } from '@ddx/evaluator';
import { parse, parseExpression } from '@ddx/parser';
import {
  add,
  call,
  functionDef,
  ident,
  mul,
  neg,
  num,
  print,
  program as programOf,
  type Expression,
} from '@ddx/ast';
import { diff, grad } from '@ddx/transform';

const full = process.env['DDX_LIMITS'] === 'full';

/** `f(x) = x + x*2 + ... + x*terms`. */
const longSum = (terms: number): string =>
  `f(x) = x${Array.from({ length: terms - 1 }, (_, k) => ` + x*${k + 2}`).join('')}`;

/** `f(x, y, c) = <levels of one kind around x>`. */
const nested: Record<string, (levels: number) => string> = {
  calls: (levels) => `${'sin('.repeat(levels)}x${')'.repeat(levels)}`,
  signs: (levels) => `${'-'.repeat(levels)}x`,
  'parenthesised sums': (levels) => `${'y*(1+'.repeat(levels)}x${')'.repeat(levels)}`,
  powers: (levels) => `${'x^'.repeat(levels)}x`,
  conditionals: (levels) => `${'x > 0 ? 1 : '.repeat(levels)}x`,
  'a mixture': (levels) => `${'c ? 1 : y^-sin('.repeat(levels / 4)}x${')'.repeat(levels / 4)}`,
};

const program = (body: string) => parse(`f(x, y, c) = ${body}`);

/** The gradient evaluated at x = 0.5, y = 0.9, c = 1 (every derivative finite there). */
function gradientAt(source: ReturnType<typeof parse>): number[] {
  return evaluate(grad(source), { args: [0.5, 0.9, 1] });
}

describe('long sums', () => {
  it('grad and diff of a sum of 10^5 terms `x*k`', () => {
    const source = parse(longSum(100_000));
    expect(evaluate(grad(source), { args: [2] })).toEqual([2 * 5_000_050_000, 5_000_050_000]);
    expect(evaluate(diff(source, 'x'), { args: [2] })).toEqual([5_000_050_000]);
  }, 60_000);

  it.runIf(full)(
    'grad of a sum of 10^6 terms (4·10^6 nodes) within a minute',
    () => {
      const source = parse(longSum(1_000_000));
      const started = performance.now();
      expect(evaluate(grad(source), { args: [1] })).toEqual([500_000_500_000, 500_000_500_000]);
      expect(performance.now() - started).toBeLessThan(60_000);
    },
    300_000,
  );

  it('grad of a sum over 10^5 parameters', () => {
    const source = parseExpression(Array.from({ length: 100_000 }, (_, k) => `x${k}`).join(' + '));
    const gradient = grad(source);
    expect(gradient.results).toHaveLength(100_001);
    expect(print(gradient.results[100_000]!)).toBe('1');
  }, 60_000);
});

describe('deep nesting', () => {
  // Every kind at 10,000 levels (the floor) in CI, and at 50,000 (maxNesting) with
  // DDX_LIMITS=full: the slowest, 50,000 nested conditionals, takes about 3 s.
  it.each(Object.keys(nested))(
    'grad and diff of 10,000 levels of %s',
    (kind) => {
      const source = program(nested[kind]!(10_000));
      expect(gradientAt(source).every(Number.isFinite)).toBe(true);
      expect(diff(source, 'x').results).toHaveLength(1);
    },
    60_000,
  );

  it.runIf(full).each(Object.keys(nested))(
    'grad and diff of 50,000 levels of %s',
    (kind) => {
      const source = program(nested[kind]!(50_000));
      expect(gradientAt(source).every(Number.isFinite)).toBe(true);
      expect(diff(source, 'x').results).toHaveLength(1);
    },
    600_000,
  );

  // Each level of a power tower adds a bounded amount to its gradient (about 70 characters per
  // `x^`): the sign and constant rewrites reach a bounded way down a product (README).
  it('the gradient of a power tower stays linear in its size', () => {
    const size = (levels: number) => print(grad(program(nested['powers']!(levels)))).length;
    const [small, large] = [size(1_000), size(10_000)];
    expect(large / small).toBeGreaterThan(9);
    expect(large / small).toBeLessThan(12); // names grow a digit longer
  }, 60_000);

  // The derivative of a chain of cosines is a product of -sin(…) as long as the chain; its signs
  // stay where they are instead of moving to the far end at every link.
  it('grad of 20,000 nested cosines, with the value of diff', () => {
    const source = program(`${'cos('.repeat(20_000)}x${')'.repeat(20_000)}`);
    const gradient = gradientAt(source);
    expect(gradient.every(Number.isFinite)).toBe(true);
    // The product underflows to about 5e-324 or 0, depending on the order of its factors.
    const [fromDiff] = evaluate(diff(source, 'x'), { args: [0.5, 0.9, 1] });
    expect(Math.abs(gradient[1]! - fromDiff!)).toBeLessThan(1e-300);
  }, 60_000);

  // Nested selections past four levels share one guard (README): 10,000 conditionals nested
  // around sqrt(x), negated at each level, at a point where each test takes the other branch.
  it('10,000 negated conditionals keep NaN of the branch not taken out', () => {
    const level = (k: number) => `-(x < ${-(k % 3)} ? sqrt(y) : `;
    const body = `${Array.from({ length: 5_000 }, (_, k) => level(k)).join('')}x${')'.repeat(5_000)}`;
    const [value, dx, dy] = evaluate(grad(parse(`f(x, y) = ${body}`)), { args: [0.5, -1] });
    expect([value, dx, Math.abs(dy!)]).toEqual([0.5, 1, 0]);
  }, 60_000);
});

describe('inputs built as DAGs', () => {
  // An AST made in code may share subtrees: `e(i+1) = (e(i) + e(i)) * 0.5 + sin(e(i)) * 0` reaches
  // x 2^k ways through k levels. Lowering must visit each shared object once, whatever the
  // shape (a left spine, a call, a negation).
  const level = (e: Expression): Expression =>
    add(mul(add(e, e), num(0.5)), mul(call('sin', [neg(e)]), num(0)));
  it('grad and diff of an expression tree of 2^80 paths, shared as a DAG of 80 levels', () => {
    let e: Expression = ident('x');
    for (let i = 0; i < 80; i++) e = level(e);
    const fn = functionDef('f', ['x'], [], [e]);
    const at = { args: [1.25] };
    expect(evaluate(programOf([grad(fn)]), at)).toEqual([1.25, 1]);
    expect(evaluate(programOf([diff(fn, 'x')]), at)).toEqual([1]);
  });
});
