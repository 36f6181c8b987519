// Worked examples of the modes beyond grad (the random-program properties are in
// derivatives.property.test.ts): several results, and derivatives of high order.
import { describe, expect, it } from 'vitest';
import { print } from '@ddx/ast';
import { diff, jacobian, vjp } from '@ddx/transform';
import { close, parse, parseExpression, run } from './helpers.js';

describe('several results', () => {
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

  it('diff with a list of parameters is the iterated derivative, named by its order', () => {
    const f = parse('f(x, y) = x^3 * y^2 + sin(x * y)');
    const at = { x: 0.7, y: -1.3 };
    const { x, y } = at;
    const second = diff(f, ['x', 'x']);
    expect(second.name).toBe('d2f_dx2');
    expect(second.params).toEqual(['x', 'y']);
    // ∂²/∂x² = 6 x y² - y² sin(x y)
    expect(close(run(second, at)[0]!, 6 * x * y ** 2 - y ** 2 * Math.sin(x * y), 1e-12)).toBe(true);
    // The list is the composition, printed the same.
    expect(print({ ...second, name: 'g' })).toBe(print({ ...diff(diff(f, 'x'), 'x'), name: 'g' }));
    const mixed = diff(f, ['x', 'y']);
    expect(mixed.name).toBe('d2f_dx_dy');
    // ∂²/∂x∂y = 6 x² y + cos(x y) - x y sin(x y), in either order
    const exact = 6 * x ** 2 * y + Math.cos(x * y) - x * y * Math.sin(x * y);
    expect(close(run(mixed, at)[0]!, exact, 1e-12)).toBe(true);
    expect(close(run(diff(f, ['y', 'x']), at)[0]!, exact, 1e-12)).toBe(true);
    const third = diff(f, ['x', 'x', 'y']);
    expect(third.name).toBe('d3f_dx2_dy');
    // ∂³/∂x²∂y = 12 x y - 2 y sin(x y) - x y² cos(x y)
    const exactThird = 12 * x * y - 2 * y * Math.sin(x * y) - x * y ** 2 * Math.cos(x * y);
    expect(close(run(third, at)[0]!, exactThird, 1e-12)).toBe(true);
    expect(diff(f, ['x']).name).toBe('df_dx');
  });

  it('names a run of a parameter ending in a digit by repeating it, and keeps bare expressions bare', () => {
    const f = parse('g(x1, x2) = x1^3 * x2');
    expect(diff(f, ['x1', 'x1']).name).toBe('d2g_dx1_dx1');
    expect(diff(f, ['x1', 'x2']).name).toBe('d2g_dx1_dx2');
    const bare = diff(parseExpression('w^3'), ['w', 'w']);
    expect(bare.name).toBe('');
    expect(print(bare)).toBe('6 * w');
  });

  it('diff refuses an empty list and a name that is not a parameter, with codes', () => {
    const f = parse('f(x) = x^2');
    expect(() => diff(f, [])).toThrow(expect.objectContaining({ code: 'unknown-parameter' }));
    expect(() => diff(f, ['x', 'z'])).toThrow(
      expect.objectContaining({ code: 'unknown-parameter' }),
    );
  });
});
