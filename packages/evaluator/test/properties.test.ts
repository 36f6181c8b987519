// The checks at random points: derivatives written by hand from calculus tables pass with every
// method, deliberately wrong ones fail, and dual numbers agree to machine precision.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue } from '@ddx/ast';
import { parse } from '@ddx/parser';
import { checkDerivative, checkGradient, type Method } from '@ddx/evaluator';
import { builtinsWithoutRule } from '../src/partials.js';

const methods: Method[] = ['forward', 'central', 'dual'];

interface Rule {
  /** J(x). */
  readonly value: string;
  /** dJ/dx, from the textbook. */
  readonly right: string;
  /** A plausible slip: a sign, a factor or a chain-rule term forgotten. */
  readonly wrong: string;
  readonly domain: readonly [number, number];
}

const rules: Rule[] = [
  { value: 'sin(x)', right: 'cos(x)', wrong: '-cos(x)', domain: [-6, 6] },
  { value: 'cos(x)', right: '-sin(x)', wrong: 'sin(x)', domain: [-6, 6] },
  { value: 'tan(x)', right: '1 / cos(x)^2', wrong: '1 / sin(x)^2', domain: [-1.4, 1.4] },
  { value: 'sec(x)', right: 'sec(x) * tan(x)', wrong: 'sec(x) * cot(x)', domain: [-1.4, 1.4] },
  { value: 'csc(x)', right: '-csc(x) * cot(x)', wrong: 'csc(x) * cot(x)', domain: [0.2, 2.9] },
  { value: 'cot(x)', right: '-csc(x)^2', wrong: 'csc(x)^2', domain: [0.2, 2.9] },
  { value: 'asin(x)', right: '1 / sqrt(1 - x^2)', wrong: '1 / sqrt(1 + x^2)', domain: [-0.9, 0.9] },
  {
    value: 'acos(x)',
    right: '-1 / sqrt(1 - x^2)',
    wrong: '1 / sqrt(1 - x^2)',
    domain: [-0.9, 0.9],
  },
  { value: 'atan(x)', right: '1 / (1 + x^2)', wrong: '1 / (1 - x^2)', domain: [-3, 3] },
  { value: 'sinh(x)', right: 'cosh(x)', wrong: 'sinh(x)', domain: [-3, 3] },
  { value: 'cosh(x)', right: 'sinh(x)', wrong: 'cosh(x)', domain: [-3, 3] },
  { value: 'tanh(x)', right: '1 - tanh(x)^2', wrong: '1 + tanh(x)^2', domain: [-3, 3] },
  { value: 'asinh(x)', right: '1 / sqrt(x^2 + 1)', wrong: '1 / (x^2 + 1)', domain: [-3, 3] },
  { value: 'acosh(x)', right: '1 / sqrt(x^2 - 1)', wrong: '1 / sqrt(x^2 + 1)', domain: [1.1, 5] },
  { value: 'atanh(x)', right: '1 / (1 - x^2)', wrong: '1 / (1 + x^2)', domain: [-0.9, 0.9] },
  { value: 'exp(2 * x)', right: '2 * exp(2 * x)', wrong: 'exp(2 * x)', domain: [-3, 3] },
  { value: 'log(x)', right: '1 / x', wrong: 'log(x)', domain: [0.1, 10] },
  { value: 'log(x, 3)', right: '1 / (x * log(3))', wrong: '1 / x', domain: [0.1, 10] },
  { value: 'log2(x)', right: '1 / (x * log(2))', wrong: 'log(2) / x', domain: [0.1, 10] },
  { value: 'log10(x)', right: '1 / (x * log(10))', wrong: '1 / (10 * x)', domain: [0.1, 10] },
  { value: 'sqrt(x)', right: '1 / (2 * sqrt(x))', wrong: '1 / sqrt(x)', domain: [0.1, 10] },
  { value: 'cbrt(x)', right: '1 / (3 * cbrt(x)^2)', wrong: '1 / (3 * cbrt(x))', domain: [0.1, 10] },
  { value: 'abs(x)', right: 'sign(x)', wrong: '1', domain: [-5, -0.1] },
  { value: 'relu(x)', right: '1', wrong: 'x', domain: [0.1, 5] },
  {
    value: 'sigmoid(x)',
    right: 'sigmoid(x) * (1 - sigmoid(x))',
    wrong: 'sigmoid(x) * (1 + sigmoid(x))',
    domain: [-5, 5],
  },
  { value: 'softplus(x)', right: 'sigmoid(x)', wrong: 'sigmoid(-x)', domain: [-5, 5] },
  { value: 'x^3', right: '3 * x^2', wrong: '2 * x^2', domain: [-3, 3] },
  { value: 'x^x', right: 'x^x * (log(x) + 1)', wrong: 'x * x^(x - 1)', domain: [0.2, 3] },
  { value: 'pow(2, x)', right: 'pow(2, x) * log(2)', wrong: 'x * pow(2, x - 1)', domain: [-3, 3] },
  { value: 'e^x', right: 'e^x', wrong: 'x * e^(x - 1)', domain: [-3, 3] },
  { value: 'min(x, 1)', right: '1', wrong: '0', domain: [-3, 0.9] },
  { value: 'max(x, 1)', right: '1', wrong: '0', domain: [1.1, 3] },
  { value: 'hypot(x, 2)', right: 'x / hypot(x, 2)', wrong: '2 / hypot(x, 2)', domain: [-3, 3] },
  { value: 'atan2(x, 2)', right: '2 / (4 + x^2)', wrong: 'x / (4 + x^2)', domain: [-3, 3] },
  { value: 'atan2(2, x)', right: '-2 / (4 + x^2)', wrong: '2 / (4 + x^2)', domain: [-3, 3] },
];

const pointIn = ([lo, hi]: readonly [number, number]) =>
  fc.double({ min: lo, max: hi, noNaN: true });

const parsed = new Map<string, ReturnType<typeof parse>>();
/** Parses each source once: the properties below check the same programs at many points. */
function parseOnce(source: string) {
  let program = parsed.get(source);
  if (program === undefined) parsed.set(source, (program = parse(source)));
  return program;
}

function check(rule: Rule, derivative: string, at: number, method: Method) {
  return checkDerivative(parseOnce(`J(x) = ${rule.value}`), {
    wrt: 'x',
    at: [at],
    derivative: parseOnce(`dJ_dx(x) = ${derivative}`).functions[0]!,
    method,
  }).rows[0]!;
}

describe('hand-written derivatives of the builtins', () => {
  it.each(rules.map((rule) => [rule.value, rule] as const))('%s passes every method', (_, rule) => {
    fc.assert(
      fc.property(pointIn(rule.domain), (at) => {
        for (const method of methods) {
          const row = check(rule, rule.right, at, method);
          expect(row.verdict, `${method} at x = ${at}: ${row.sentence}`).toBe('ok');
        }
      }),
      { numRuns: 40 },
    );
  });

  it.each(rules.map((rule) => [rule.value, rule] as const))('a slip in %s is caught', (_, rule) => {
    fc.assert(
      fc.property(pointIn(rule.domain), (at) => {
        const right = check(rule, rule.right, at, 'dual');
        const wrong = check(rule, rule.wrong, at, 'dual');
        // Where the slip happens to give the right number, there is nothing to catch.
        fc.pre(Math.abs(wrong.symbolic - right.symbolic) > 1e-3 * (1 + Math.abs(right.symbolic)));
        // An infinite claim (sec·cot at 0) is reported as non-finite, not compared.
        fc.pre(Number.isFinite(wrong.symbolic));
        for (const method of methods) {
          const row = check(rule, rule.wrong, at, method);
          expect(row.verdict, `${method} at x = ${at}: ${row.sentence}`).toBe('mismatch');
          expect(row.sentence).toMatch(/— MISMATCH$/);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('dual numbers agree with the calculus tables to machine precision', () => {
    for (const rule of rules) {
      fc.assert(
        fc.property(pointIn(rule.domain), (at) => {
          const row = check(rule, rule.right, at, 'dual');
          // Relative to the size of the derivative, or to 1 where it cancels to near 0
          // (d/dx x^x = x^x (ln x + 1) near x = 1/e).
          const error = row.absoluteError / Math.max(1, Math.abs(row.symbolic));
          expect(row.verdict).toBe('ok');
          expect(error, `${rule.value} at ${at}`).toBeLessThan(4e-15);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('accepts complex-step as the name of the dual-number method', () => {
    const report = checkDerivative(parse('J(x) = sin(x)'), {
      wrt: 'x',
      at: [1],
      derivative: () => [Math.cos(1)],
      method: 'complex-step',
    });
    expect(report.method).toBe('dual');
    expect(report.rows[0]!.absoluteError).toBe(0);
  });
});

describe('every builtin’s derivative rule', () => {
  it('exists', () => {
    expect(builtinsWithoutRule()).toEqual([]);
    expect(catalogue.size).toBeGreaterThan(30);
  });
  // On random programs: dual.property.test.ts.
});

describe('reports', () => {
  it('call a NaN derivative of a smooth function a mismatch', () => {
    const J = parse('J(w) = w^2');
    const row = checkDerivative(J, { wrt: 'w', at: [3], derivative: () => [NaN] }).rows[0]!;
    expect(row.verdict).toBe('mismatch');
    expect(row.sentence).toMatch(/symbolic dJ\/dw = NaN — MISMATCH$/);
  });

  it('have one row per result of a function with several results', () => {
    const polar = parse('polar(x, y) {\n  return hypot(x, y), atan2(y, x)\n}');
    const report = checkDerivative(polar, {
      wrt: 'x',
      at: { x: 3, y: 4 },
      derivative: () => [3 / 5, -4 / 25],
    });
    expect(report.rows.map((row) => [row.result, row.verdict])).toEqual([
      ['polar[1]', 'ok'],
      ['polar[2]', 'ok'],
    ]);
    expect(report.rows[1]!.sentence).toMatch(
      /^x ± 1\.817e-5 ⇒ polar\[2\] ± .* dpolar\[2\]\/dx = -0\.16$/,
    );
  });

  it('catch a gradient whose value is wrong', () => {
    const J = parse('J(w) = w^2');
    const report = checkGradient(J, { at: [3], gradient: () => [10, 6] });
    expect(report.rows[0]!.verdict).toBe('ok');
    expect(report.value).toEqual({ function: 9, gradient: 10, agrees: false });
    expect(report.passed).toBe(false);
  });

  it('take compiled JavaScript as the derivative', () => {
    const J = parse('J(w, b) = w * w + b');
    const gradient = ([w, b]: readonly number[]) => [w! * w! + b!, 2 * w!, 1];
    expect(checkGradient(J, { at: [3, 1], gradient }).passed).toBe(true);
    // With wrt: ['b'] the layout is [J, dJ/db]; dJ/dw in its place is a mismatch.
    const onlyB = ([w, b]: readonly number[]) => [w! * w! + b!, 2 * w!];
    expect(checkGradient(J, { at: [3, 1], gradient: onlyB, wrt: ['b'] }).passed).toBe(false);
  });
});
