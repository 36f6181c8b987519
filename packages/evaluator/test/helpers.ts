// Shared by the evaluator tests: the lecture's programs, and hand-written derivatives (never from
// @ddx/transform: the evaluator is the transform's oracle). Programs the parser accepts are
// written as ddx source; programs it rejects are built with @ddx/ast builders in the tests.
import type { FunctionDef, Program } from '@ddx/ast';
import { parse } from '@ddx/parser';

/** The only function of a parsed one-function program. */
export function functionOf(source: string): FunctionDef {
  return parse(source).functions[0]!;
}

/** `J(w) = value`, with its derivative `dJ_dw(w) = derivative`. */
export function ofW(value: string, derivative: string): { J: Program; dJ: FunctionDef } {
  return { J: parse(`J(w) = ${value}`), dJ: functionOf(`dJ_dw(w) = ${derivative}`) };
}

/** The lecture's computation graph. */
export const computationGraph = (): Program =>
  parse(`
J(w, b, x, y) {
  c = w * x
  a = c + b
  d = a - y
  return 1/2 * d^2
}`);

export const networkPoint = { w1: 2, b1: 0, w2: 3, b2: 1, x: 1, y: 5 };

/** The lecture's two-layer network. */
export const network = (): Program =>
  parse(`
J(w1, b1, w2, b2, x, y) {
  a1 = relu(w1*x + b1)
  a2 = relu(w2*a1 + b2)
  return 1/2 * (a2 - y)^2
}`);

/**
 * Backprop by hand, as the lecture does it: r = dJ/da2; through each relu (its slope is
 * (z > 0 ? 1 : 0)); then w2's share is dJ/dz2·a1 and w1's is dJ/dz1·x. Returns
 * [J, dJ/dw1, dJ/db1, dJ/dw2, dJ/db2].
 *
 * `claimW2` replaces dJ/dw2 — the lecture's text claims 6 — to make a deliberately wrong one.
 */
export function networkGradient(claimW2 = 'dJ_dz2 * a1'): FunctionDef {
  return functionOf(`
J_grad(w1, b1, w2, b2, x, y) {
  z1 = w1*x + b1
  a1 = relu(z1)
  z2 = w2*a1 + b2
  a2 = relu(z2)
  r = a2 - y
  dJ_dz2 = r * (z2 > 0 ? 1 : 0)
  dJ_dz1 = dJ_dz2 * w2 * (z1 > 0 ? 1 : 0)
  return 1/2 * r^2, dJ_dz1 * x, dJ_dz1, ${claimW2}, dJ_dz2
}`);
}
