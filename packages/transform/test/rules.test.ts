// Every derivative rule, checked against central differences at random points of its domain.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue, stripSpans } from '@ddx/ast';
import { Algebra, diff, differentiableBuiltins, localPartial, localPartials } from '@ddx/transform';
import { centralDifference, close, parse, parseExpression, run } from './helpers.js';

type Range = readonly [number, number];
const anywhere: Range = [-3, 3];
const positive: Range = [0.1, 4];

/** Where each builtin is smooth, per argument (kinks and poles are kept out). */
const domains: Record<string, readonly Range[]> = {
  sin: [anywhere],
  cos: [anywhere],
  tan: [[-1.3, 1.3]],
  sec: [[-1.3, 1.3]],
  csc: [[0.2, 2.9]],
  cot: [[0.2, 2.9]],
  asin: [[-0.9, 0.9]],
  acos: [[-0.9, 0.9]],
  atan: [anywhere],
  sinh: [anywhere],
  cosh: [anywhere],
  tanh: [anywhere],
  asinh: [anywhere],
  acosh: [[1.1, 5]],
  atanh: [[-0.9, 0.9]],
  exp: [anywhere],
  log: [positive, [1.5, 5]],
  sqrt: [positive],
  cbrt: [[-4, -0.1]],
  abs: [[-3, -0.1]],
  sign: [[0.1, 3]],
  log2: [positive],
  log10: [positive],
  pow: [positive, anywhere],
  min: [anywhere, anywhere],
  max: [anywhere, anywhere],
  atan2: [anywhere, [0.2, 3]],
  hypot: [[0.2, 3], anywhere],
  sigmoid: [anywhere],
  relu: [[0.1, 3]],
  softplus: [anywhere],
};

function point(ranges: readonly Range[]): fc.Arbitrary<number[]> {
  return fc.tuple(...ranges.map(([min, max]) => fc.double({ min, max, noNaN: true })));
}

function checkAll(source: string, ranges: readonly Range[]): void {
  const program = parse(source);
  const params = program.functions[0]!.params;
  const derivatives = params.map((name) => diff(program, name));
  fc.assert(
    fc.property(point(ranges), (at) => {
      // min and max: keep off the tie, where the one-sided slopes differ.
      fc.pre(
        !source.includes('min') && !source.includes('max')
          ? true
          : Math.abs(at[0]! - at[1]!) > 1e-3,
      );
      derivatives.forEach((derivative, index) => {
        const symbolic = run(derivative, at)[0]!;
        const numeric = centralDifference(program, at, index);
        expect(close(symbolic, numeric, 1e-5), `${source} ∂/∂${params[index]} at ${at}`).toBe(true);
      });
    }),
    { numRuns: 60 },
  );
}

describe('derivative rules', () => {
  it('has one rule for every catalogue function', () => {
    expect([...differentiableBuiltins].sort()).toEqual([...catalogue.keys()].sort());
    expect(Object.keys(domains).sort()).toEqual([...catalogue.keys()].sort());
  });

  for (const [name, builtin] of catalogue) {
    it(`${name}: every partial matches central differences`, () => {
      const args = builtin.params.slice(0, builtin.maxArity).map((_p, i) => `a${i}`);
      checkAll(`f(${args.join(', ')}) = ${name}(${args.join(', ')})`, domains[name]!);
      if (builtin.minArity < builtin.maxArity) {
        checkAll(`f(a0) = ${name}(a0)`, domains[name]!.slice(0, 1));
      }
    });
  }

  it.each([
    ['f(a, b) = a + b', [anywhere, anywhere]],
    ['f(a, b) = a - b', [anywhere, anywhere]],
    ['f(a, b) = a * b', [anywhere, anywhere]],
    ['f(a, b) = a / b', [anywhere, [0.5, 3]]],
    ['f(a, b) = a ^ b', [positive, anywhere]],
    ['f(a) = -a', [anywhere]],
    ['f(a) = +a', [anywhere]],
    ['f(x) = x^x', [positive]],
    ['f(x, y) = (x*x + 1) ^ sin(y)', [anywhere, anywhere]],
    ['f(x, b) = log(x, b)', [positive, [0.1, 0.8]]],
    ['f(x, y) = atan2(x^2, y)', [anywhere, [0.5, 2]]],
    ['f(x) = x ^ -2', [positive]],
    ['f(x) = 2 ^ x', [anywhere]],
    ['f(x) = e ^ x', [anywhere]],
    ['f(x) = pi * x^2', [anywhere]],
  ] as const)('%s matches central differences', (source, ranges) => {
    checkAll(source, ranges);
  });
});

describe('conventions at non-smooth points (LANGUAGE.md)', () => {
  const slope = (source: string, wrt: string, at: Record<string, number>) =>
    run(diff(parse(source), wrt), at)[0];

  it('abs: sign(x), so 0 at 0', () => {
    expect(slope('f(x) = abs(x)', 'x', { x: 0 })).toBe(0);
    expect(slope('f(x) = abs(x)', 'x', { x: -2 })).toBe(-1);
  });

  it('relu: 1 for x > 0, else 0', () => {
    expect(slope('f(x) = relu(x)', 'x', { x: 0 })).toBe(0);
    expect(slope('f(x) = relu(x)', 'x', { x: 1e-300 })).toBe(1);
  });

  it('max and min: the chosen argument, the first on a tie', () => {
    expect(slope('f(a, b) = max(a, b)', 'a', { a: 1, b: 1 })).toBe(1);
    expect(slope('f(a, b) = max(a, b)', 'b', { a: 1, b: 1 })).toBe(0);
    expect(slope('f(a, b) = max(a, b)', 'b', { a: 1, b: 2 })).toBe(1);
    expect(slope('f(a, b) = min(a, b)', 'a', { a: 1, b: 1 })).toBe(1);
    expect(slope('f(a, b) = min(a, b)', 'b', { a: 3, b: 1 })).toBe(1);
  });

  it('conditionals differentiate the branch taken; comparisons are flat', () => {
    const source = 'f(x) = x > 0 ? x^2 : 3 * x';
    expect(slope(source, 'x', { x: 2 })).toBe(4);
    expect(slope(source, 'x', { x: -2 })).toBe(3);
    expect(slope('f(x) = (x > 1) + x', 'x', { x: 5 })).toBe(1);
  });

  it('the branch not taken cannot poison the gradient with NaN', () => {
    // sqrt'(x) is NaN for x < 0, but that branch is not taken there.
    expect(slope('f(x) = x > 0 ? sqrt(x) : -x', 'x', { x: -4 })).toBe(-1);
  });

  it('0^b: the exponent partial is the limit 0, not 0 * log(0) = NaN', () => {
    expect(slope('f(a, b) = a ^ b', 'b', { a: 0, b: 2 })).toBe(0);
    expect(slope('f(a, b) = a ^ b', 'a', { a: 0, b: 2 })).toBe(0);
  });
});

describe('localPartial', () => {
  it('gives what the rule closures give, for every operator, builtin and conditional', () => {
    const algebra = new Algebra();
    const sources = [
      'a + b',
      'a - b',
      'a * b',
      'a / b',
      'a ^ b',
      'a < b',
      '-a',
      'a > 0 ? a : b',
      ...differentiableBuiltins.map((name) =>
        catalogue.get(name)!.minArity === 2 ? `${name}(a, b)` : `${name}(a)`,
      ),
    ];
    for (const source of sources) {
      const node = algebra.intern(stripSpans(parseExpression(source)).functions[0]!.results[0]!);
      const closures = localPartials(algebra, node);
      closures.forEach((closure, position) => {
        expect(localPartial(algebra, node, position), `${source} at ${position}`).toBe(
          closure ? closure() : null,
        );
      });
    }
  });
});
