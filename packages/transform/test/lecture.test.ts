// The worked numbers of ../shared/examples/backprop-intuition.md, through diff and grad.
import { describe, expect, it } from 'vitest';
import { print } from '@ddx/ast';
import { diff, grad } from '@ddx/transform';
import { parse, parseExpression, run } from './helpers.js';

describe('the lecture through diff', () => {
  it.each([
    ['w^2', '2 * w', 3, 6],
    ['w^2', '2 * w', 2, 4],
    ['w^2', '2 * w', -3, -6],
    ['w^3', '3 * w^2', 2, 12],
    ['w', '1', 2, 1],
    ['1/w', '-1 / w^2', 2, -0.25],
  ])('d/dw %s prints %s and is %d at w = %d', (source, printed, w, slope) => {
    const derivative = diff(parseExpression(source), 'w');
    expect(print(derivative)).toBe(printed);
    expect(run(derivative, { w })).toEqual([slope]);
  });
});

const graph = `
J(w, b, x, y) {
  c = w * x
  a = c + b
  d = a - y
  return 1/2 * d^2
}
`;

const network = `
J(w1, b1, w2, b2, x, y) {
  a1 = relu(w1*x + b1)
  a2 = relu(w2*a1 + b2)
  return 1/2 * (a2 - y)^2
}
`;

describe('the lecture through grad', () => {
  it('computes the computation graph forward and backward', () => {
    const gradient = grad(parse(graph));
    // value, dJ/dw, dJ/db, dJ/dx, dJ/dy
    expect(run(gradient, { w: 2, b: 8, x: -2, y: 2 })).toEqual([2, -4, 2, 4, -2]);
  });

  it('reads like backprop written by hand', () => {
    expect(print(grad(parse(graph), { wrt: ['w', 'b'] }))).toBe(
      [
        'J_grad(w, b, x, y) {',
        '  c = w * x',
        '  a = c + b',
        '  d = a - y',
        '  dJ_dw = d * x',
        '  return 1 / 2 * d^2, dJ_dw, d',
        '}',
      ].join('\n'),
    );
  });

  it('gives the two-layer network 6, 6, 4, 2 (w2 moves J by 4ε, not 6ε)', () => {
    const gradient = grad(parse(network), { wrt: ['w1', 'b1', 'w2', 'b2'] });
    const at = { w1: 2, b1: 0, w2: 3, b2: 1, x: 1, y: 5 };
    expect(run(gradient, at)).toEqual([2, 6, 6, 4, 2]);
  });

  it('agrees with diff for every parameter of the network', () => {
    const source = parse(network);
    const at = { w1: 2, b1: 0, w2: 3, b2: 1, x: 1, y: 5 };
    const [, ...partials] = run(grad(source), at);
    const fn = source.functions[0]!;
    fn.params.forEach((name, index) => {
      expect(run(diff(source, name), at)).toEqual([partials[index]]);
    });
  });
});
