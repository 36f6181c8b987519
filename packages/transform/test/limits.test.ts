// @ddx/transform at the parser's limits (README, "Limits"): diff and grad of long sums and of
// deep nesting of every kind give derivatives, never a RangeError or a heap overflow. The CI
// sizes stop short of the documented ones where the transform is slow there; the full sizes run
// with DDX_LIMITS=full (and in tools/limits). Known failures are marked `it.fails`, with what
// they do today.
import { describe, expect, it } from 'vitest';
import { evaluate } from '@ddx/evaluator';
import { parse, parseExpression } from '@ddx/parser';
import { print } from '@ddx/ast';
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
  // Where the transform copes at 10,000 levels (the floor) and at 50,000 (maxNesting).
  it.each(['calls', 'signs', 'parenthesised sums'])(
    'grad and diff of 50,000 levels of %s',
    (kind) => {
      const source = program(nested[kind]!(50_000));
      expect(gradientAt(source).every(Number.isFinite)).toBe(true);
      expect(diff(source, 'x').results).toHaveLength(1);
    },
    60_000,
  );

  it.each(['powers', 'conditionals', 'a mixture'])(
    'grad and diff of 1,000 levels of %s',
    (kind) => {
      const source = program(nested[kind]!(1_000));
      expect(gradientAt(source)).toHaveLength(4);
      expect(diff(source, 'x').results).toHaveLength(1);
    },
    60_000,
  );

  // Known: the gradient of a power tower grows with the square of its height (1,000 levels:
  // a 2 KB function, a 6 MB gradient program; 10,000 levels run out of heap).
  it.fails(
    'the gradient of a power tower stays linear in its size (1,000 levels)',
    () => {
      const body = nested['powers']!(1_000);
      const text = print(grad(program(body)));
      expect(text.length).toBeLessThan(100 * body.length);
    },
    60_000,
  );

  // Known: Algebra.neg recurses once per level on the chain of cosines' derivatives (-sin(cos(…)))
  // · -sin(…) · …: 10,000 levels take ~4 s, 20,000 throw RangeError (after ~5 s); sin is fine.
  it.fails(
    'grad of 20,000 nested cosines',
    () => {
      const source = program(`${'cos('.repeat(20_000)}x${')'.repeat(20_000)}`);
      expect(gradientAt(source).every(Number.isFinite)).toBe(true);
    },
    60_000,
  );

  // Known, and too slow to run in CI: Algebra.mul recurses through #distributeOverSelection
  // once per nested conditional: 3,000 levels take ~15 s, 10,000 throw RangeError after ~48 s.
  // A mixture of 10,000 levels takes ~30 s and 1.4 GB in diff; 20,000 run out of heap.
  it.runIf(full).each(['powers', 'conditionals', 'a mixture'])(
    'grad and diff of 10,000 levels of %s',
    (kind) => {
      const source = program(nested[kind]!(10_000));
      expect(gradientAt(source)).toHaveLength(4);
      expect(diff(source, 'x').results).toHaveLength(1);
    },
    600_000,
  );
});
