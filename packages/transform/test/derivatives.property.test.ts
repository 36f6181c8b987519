// Properties on random programs: reverse mode agrees with forward mode per parameter, and with
// the evaluator's ε-perturbation checks (central differences, and dual numbers — the
// complex-step derivative — where the function is smooth); jvp, hessian and hvp agree with grad;
// every output is a program that prints, parses back and differentiates again.
// CI runs budget(n) cases of each; `npm run fuzz` runs 10^5.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equals, isTreeShaped, sharesOperations, print, stripSpans, type Program } from '@ddx/ast';
import { bindingAdjoints, diff, grad, hessian, hvp, jacobian, jvp, vjp } from '@ddx/transform';
import { checkGradient, formatReport } from '@ddx/evaluator';
import {
  anyFunction,
  expressionArbitrary,
  literals,
  pointFor,
  programArbitrary,
  smoothFunction,
} from '@ddx/workloads';
import { budget } from '@ddx/workloads/budget';
import { close, parse, run } from './helpers.js';

const paramsOf = (program: Program) => program.functions.at(-1)!.params;

/**
 * Grid points for piecewise functions: a kink or a jump of a generated function sits where
 * expressions of grid values meet, and the check reports it as not differentiable there rather
 * than as a mismatch. Extreme doubles (subnormals) make any finite-difference oracle unreliable.
 */
const gridPoint = fc.array(
  fc.integer({ min: -3000, max: 3000 }).map((k) => k / 1000),
  { minLength: 3, maxLength: 3 },
);

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
      budget(40),
    );
  });

  it('agrees with diff on any program (every builtin, conditionals, comparisons) where finite', () => {
    // Grid points and literals in [0.1, 3]: at extreme doubles the two modes' different orders
    // of summation cancel differently (x / x - x at 1e-57), and 0 * ∞ is documented as NaN.
    const programs = programArbitrary({
      functions: 1,
      results: 1,
      params: 3,
      names: 'varied',
      literals: literals.moderate,
    });
    fc.assert(
      fc.property(programs, gridPoint, (program, at) => {
        const [value, ...partials] = run(grad(program), at);
        expect(Object.is(value, run(program, at)[0])).toBe(true);
        paramsOf(program).forEach((name, index) => {
          const forward = run(diff(program, name), at)[0]!;
          if (!Number.isFinite(forward) || !Number.isFinite(partials[index]!)) return;
          expect(close(partials[index]!, forward, 1e-9), `∂/∂${name}`).toBe(true);
        });
      }),
      budget(100),
    );
  });

  it('passes checkGradient by central differences and by dual numbers where smooth', () => {
    fc.assert(
      fc.property(smoothFunction(), pointFor(3), (program, at) => {
        const gradient = grad(program);
        const central = checkGradient(program, { at, gradient });
        expect(central.passed, formatReport(central)).toBe(true);
        expect(central.verdict, formatReport(central)).toBe('ok');
        const dual = checkGradient(program, { at, gradient, method: 'dual' });
        expect(dual.passed, formatReport(dual)).toBe(true);
        expect(dual.verdict, formatReport(dual)).toBe('ok');
      }),
      budget(60),
    );
  });

  it('passes checkGradient by central differences with kinks and jumps', () => {
    fc.assert(
      fc.property(anyFunction(), gridPoint, (program, at) => {
        const report = checkGradient(program, { at, gradient: grad(program) });
        expect(report.passed, formatReport(report)).toBe(true);
      }),
      budget(60),
    );
  });

  it('returns a program: printed, it parses back to the same AST and differentiates again', () => {
    const programs = fc.oneof(anyFunction(), anyFunction(undefined, { names: 'javascript' }));
    fc.assert(
      fc.property(programs, (program) => {
        const first = paramsOf(program)[0]!;
        for (const derived of [grad(program), diff(program, first), hessian(program)]) {
          const reparsed = parse(print(derived));
          expect(equals(stripSpans(reparsed.functions[0]!), derived)).toBe(true);
          expect(() => diff(reparsed, first)).not.toThrow();
        }
      }),
      budget(25),
    );
  });

  it('returns tree-shaped functions, marked so: no operation node is reached twice', () => {
    const programs = programArbitrary({ functions: 2, results: 1, params: 3, names: 'varied' });
    fc.assert(
      fc.property(programs, (program) => {
        const first = paramsOf(program)[0]!;
        const outputs = [
          grad(program),
          diff(program, first),
          diff(program, [first, first]),
          jvp(program),
          hessian(program),
          hvp(program),
          vjp(program),
          jacobian(program),
          bindingAdjoints(program),
        ];
        for (const derived of outputs) {
          expect(isTreeShaped(derived)).toBe(true);
          expect(sharesOperations(derived)).toBe(false);
        }
      }),
      budget(25),
    );
  });
});

describe('forward mode and second derivatives', () => {
  it('jvp along a direction is the directional derivative', () => {
    fc.assert(
      fc.property(smoothFunction(), pointFor(3), pointFor(3), (program, at, direction) => {
        const [, tangent] = run(jvp(program), [...at, ...direction]);
        const [, ...partials] = run(grad(program), at);
        const expected = partials.reduce((sum, p, i) => sum + p * direction[i]!, 0);
        expect(close(tangent!, expected, 1e-9)).toBe(true);
      }),
      budget(40),
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
      budget(25),
    );
  });
});

describe('higher derivatives by a list of parameters', () => {
  it('diff(f, [a, b]) (forward over forward) is the Hessian entry (forward over reverse)', () => {
    fc.assert(
      fc.property(smoothFunction({ params: 2, bindings: 4 }), pointFor(2), (program, at) => {
        const h = run(hessian(program), at);
        const [x, y] = paramsOf(program) as [string, string];
        const pairs: [string, string, number][] = [
          [x, x, h[0]!],
          [x, y, h[1]!],
          [y, x, h[2]!],
          [y, y, h[3]!],
        ];
        for (const [a, b, entry] of pairs) {
          const second = diff(program, [a, b]);
          expect(second.params).toEqual([x, y]);
          expect(close(run(second, at)[0]!, entry, 1e-9), `∂²/∂${a}∂${b}`).toBe(true);
        }
      }),
      budget(25),
    );
  });
});

describe('an untaken branch cannot poison a gradient with NaN (transform README)', () => {
  // y enters only through a branch that is not taken at the point, where its local partial is
  // NaN or infinite: dJ/dy is 0 by the README's rule for conditionals, in both modes.
  const branches = ['sqrt(y)', 'acos(y)', 'log(y)', 'asin(y)', 'acosh(y)', 'y^0.5'];
  const contexts = expressionArbitrary(['h', 'c'], { operations: 'smooth', depth: 3 });

  function check(context: string, branch: string, y: number): void {
    const source = `f(c, y) = ${context.replace(/\bh\b/g, `(c > 0 ? c : ${branch})`)}`;
    const program = parse(source);
    const at = [1, y];
    const [value, , fromGrad] = run(grad(program), at);
    const fromDiff = run(diff(program, 'y'), at)[0]!;
    expect(value, source).toBe(run(program, at)[0]);
    // Either zero: a rewrite may flip the sign of a zero (README).
    expect(
      [fromGrad === 0, fromDiff === 0],
      `${source} at c = 1, y = ${y}: ${fromGrad}, ${fromDiff}`,
    ).toEqual([true, true]);
  }

  it('around sums, products and calls', () => {
    check('sin(h) * 2 + h', 'sqrt(y)', 0);
  });

  // A negated selection is still one: for f(c, y) = -(c > 0 ? c : sqrt(y)) at c = 1, y = -1, the
  // adjoint of sqrt(y) is -(c > 0 ? 0 : 1) times NaN unless the negation is seen through.
  it('under a negation or a subtraction', () => {
    check('-h', 'sqrt(y)', -1);
    check('c - h', 'sqrt(y)', -1);
  });
  it('1 - (w ? acos(y) : 1) at w = 0, y = -1', () => {
    const program = parse('f(w, y) = 1 - (w ? acos(y) : 1)');
    expect(Math.abs(run(grad(program), [0, -1])[2]!)).toBe(0);
  });

  // A node used only in branches not taken gets a zero adjoint, whichever tests guard them.
  it('a node shared by branches not taken, under different tests', () => {
    const program = parse('f(x, y) = (x < 0 ? sqrt(y) : 1) - (x < -1 ? 2 * sqrt(y) : x)');
    const [value, dx, dy] = run(grad(program), [0.5, -1]);
    expect([value, dx, Math.abs(dy!)]).toEqual([0.5, -1, 0]);
  });

  // Past four levels, a factor is multiplied into nested selections through one guard (README,
  // "How it works"): the branch not taken stays out at every depth, on either side.
  it.each([1, 4, 5, 6, 12, 40])('under %i nested conditionals, negated and multiplied', (depth) => {
    const taken = (inner: string, k: number) => `(c > ${k % 2 === 0 ? 0 : -1} ? ${inner} : 1)`;
    const untaken = (inner: string, k: number) => `(c < ${k % 2 === 0 ? 0 : -1} ? 1 : ${inner})`;
    for (const wrap of [taken, untaken]) {
      let h = 'h';
      for (let k = 0; k < depth; k++) h = wrap(h, k);
      check(`-sin(${h}) * ${h}`, 'sqrt(y)', -1);
      check(`c - ${h}^2`, 'log(y)', 0);
    }
  });

  it('in random smooth contexts, negated or subtracted', () => {
    const outer = fc.constantFrom('(INNER)', '-(INNER)', 'c - (INNER)');
    fc.assert(
      fc.property(
        contexts.filter((context) => print(context).includes('h')),
        outer,
        fc.constantFrom(...branches),
        fc.constantFrom(-1, 0, -2),
        (context, wrapper, branch, y) => check(wrapper.replace('INNER', print(context)), branch, y),
      ),
      budget(300),
    );
  });
});
