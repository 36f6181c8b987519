// Worked examples of the modes beyond grad (the random-program properties are in
// derivatives.property.test.ts): several results, and derivatives of high order.
import { describe, expect, it } from 'vitest';
import { print } from '@ddx/ast';
import { diff, jacobian, vjp } from '@ddx/transform';
import { close, parse, run } from './helpers.js';

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
});
