// Properties on random programs: reverse mode agrees with forward mode and with central
// differences; every output is a program that prints, parses back and differentiates again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equals, print, stripSpans, type Program } from '@ddx/ast';
import { diff, grad, hessian, hvp, jacobian, jvp, vjp } from '@ddx/transform';
import { checkGradient, formatReport } from '@ddx/evaluator';
import { anyFunction, pointFor, smoothFunction } from '@ddx/workloads';
import { centralDifference, close, parse, run } from './helpers.js';

const runs = { numRuns: 40 };
const paramsOf = (program: Program) => program.functions.at(-1)!.params;

describe('grad on random programs', () => {
  it('agrees with diff for every parameter (smooth or not)', () => {
    fc.assert(
      fc.property(anyFunction(), pointFor(3), (program, at) => {
        const [value, ...partials] = run(grad(program), at);
        expect(value).toBe(run(program, at)[0]);
        paramsOf(program).forEach((name, index) => {
          const forward = run(diff(program, name), at)[0]!;
          expect(close(partials[index]!, forward, 1e-9), `∂/∂${name}`).toBe(true);
        });
      }),
      runs,
    );
  });

  it('agrees with central differences where the function is smooth', () => {
    fc.assert(
      fc.property(smoothFunction(), pointFor(3), (program, at) => {
        const [, ...partials] = run(grad(program), at);
        partials.forEach((partial, index) => {
          const numeric = centralDifference(program, at, index);
          expect(close(partial, numeric, 1e-5), `∂/∂p${index}: ${partial} vs ${numeric}`).toBe(
            true,
          );
        });
      }),
      runs,
    );
  });

  it('returns a program: printed, it parses back to the same AST and differentiates again', () => {
    fc.assert(
      fc.property(anyFunction(), (program) => {
        for (const derived of [grad(program), diff(program, 'p0'), hessian(program)]) {
          const reparsed = parse(print(derived));
          expect(equals(stripSpans(reparsed.functions[0]!), derived)).toBe(true);
          expect(() => diff(reparsed, 'p0')).not.toThrow();
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('forward mode, vjp, jacobian, hessian', () => {
  it('jvp along a direction is the directional derivative', () => {
    fc.assert(
      fc.property(smoothFunction(), pointFor(3), pointFor(3), (program, at, direction) => {
        const [, tangent] = run(jvp(program), [...at, ...direction]);
        const [, ...partials] = run(grad(program), at);
        const expected = partials.reduce((sum, p, i) => sum + p * direction[i]!, 0);
        expect(close(tangent!, expected, 1e-9)).toBe(true);
      }),
      runs,
    );
  });

  it('hessian is symmetric and matches differences of the gradient; hvp = H v', () => {
    fc.assert(
      fc.property(smoothFunction({ params: 2, bindings: 4 }), pointFor(2), (program, at) => {
        const h = run(hessian(program), at);
        expect(close(h[1]!, h[2]!, 1e-9)).toBe(true);
        const gradient = grad(program);
        for (let j = 0; j < 2; j++) {
          const step = 1e-5 * Math.max(1, Math.abs(at[j]!));
          const up = [...at];
          const down = [...at];
          up[j]! += step;
          down[j]! -= step;
          const gUp = run(gradient, up);
          const gDown = run(gradient, down);
          for (let i = 0; i < 2; i++) {
            const numeric = (gUp[1 + i]! - gDown[1 + i]!) / (up[j]! - down[j]!);
            expect(close(h[i * 2 + j]!, numeric, 1e-4), `H[${i}][${j}]`).toBe(true);
          }
        }
        const v = [0.3, -1.7];
        const hv = run(hvp(program), [...at, ...v]);
        expect(close(hv[0]!, h[0]! * v[0]! + h[1]! * v[1]!, 1e-9)).toBe(true);
        expect(close(hv[1]!, h[2]! * v[0]! + h[3]! * v[1]!, 1e-9)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('vjp and jacobian of a function with several results', () => {
    const polar = parse('polar(x, y) {\n  return hypot(x, y), atan2(y, x)\n}');
    const at = { x: 3, y: 4 };
    const jac = run(jacobian(polar), at);
    expect(jac.map((v) => +v.toFixed(12))).toEqual([0.6, 0.8, -0.16, 0.12]);
    const [dx, dy] = run(vjp(polar), { ...at, bar_1: 2, bar_2: 10 });
    expect(close(dx!, 2 * 0.6 + 10 * -0.16)).toBe(true);
    expect(close(dy!, 2 * 0.8 + 10 * 0.12)).toBe(true);
  });
});

describe('higher order stays small', () => {
  it('the 7th derivative of a product of transcendentals stays small and correct', () => {
    const derivatives = [parse('f(x) = sin(x) * exp(x) / (1 + x^2)').functions[0]!];
    for (let order = 1; order <= 7; order++) derivatives.push(diff(derivatives.at(-1)!, 'x'));
    // Each order shares the previous one's work by name: growth is polynomial, not exponential.
    expect(print(derivatives[7]!).length).toBeLessThan(20_000);
    const x = 0.7;
    const h = 1e-4;
    const sixth = (at: number) => run(derivatives[6]!, { x: at })[0]!;
    const numeric = (sixth(x + h) - sixth(x - h)) / (2 * h);
    expect(close(run(derivatives[7]!, { x })[0]!, numeric, 1e-5)).toBe(true);
  });

  it('d²/dx² matches the second derivative by hand', () => {
    const second = diff(diff(parse('f(x) = x^4 + sin(x)'), 'x'), 'x');
    expect(run(second, { x: 2 })[0]).toBeCloseTo(12 * 4 - Math.sin(2), 12);
    expect(print(second.results[0]!)).toBe('12 * x^2 - sin(x)');
  });
});

describe('the evaluator’s ε-perturbation check accepts every gradient', () => {
  // Grid points: extreme doubles (subnormals) make any finite-difference oracle unreliable.
  const gridPoint = fc.array(
    fc.integer({ min: -3000, max: 3000 }).map((k) => k / 1000),
    { minLength: 3, maxLength: 3 },
  );

  it('checkGradient passes grad outputs of random programs, kinks included', () => {
    fc.assert(
      fc.property(anyFunction(), gridPoint, (program, at) => {
        const report = checkGradient(program, { at, gradient: grad(program) });
        expect(report.passed, formatReport(report)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('checkGradient with dual numbers agrees to rounding on smooth programs', () => {
    fc.assert(
      fc.property(smoothFunction(), gridPoint, (program, at) => {
        const report = checkGradient(program, { at, gradient: grad(program), method: 'dual' });
        expect(
          report.rows.every((row) => row.verdict === 'ok'),
          formatReport(report),
        ).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
