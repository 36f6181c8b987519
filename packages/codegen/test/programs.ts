// The fixture programs, built with @ddx/ast builders (their ddx text is written beside the
// expected output as `<name>.ddx`).
import {
  add,
  binary,
  binding,
  call,
  conditional,
  constant,
  div,
  functionDef,
  ident,
  mul,
  neg,
  num,
  pow,
  program,
  sub,
  type Program,
} from '@ddx/ast';

const w = ident('w');
const x = ident('x');
const y = ident('y');

/** The lecture's functions: w^2, 1/w, the 1/2*(w*x+b-y)^2 graph and the two-layer ReLU net. */
export const lecture: Program = program([
  functionDef('square', ['w'], [], [pow(w, num(2))]),
  functionDef('reciprocal', ['w'], [], [div(num(1), w)]),
  functionDef(
    'loss',
    ['w', 'b', 'x', 'y'],
    [
      binding('c', mul(w, x)),
      binding('a', add(ident('c'), ident('b'))),
      binding('d', sub(ident('a'), y)),
    ],
    [mul(div(num(1), num(2)), pow(ident('d'), num(2)))],
  ),
  functionDef(
    'J',
    ['w1', 'b1', 'w2', 'b2', 'x', 'y'],
    [
      binding('a1', call('relu', [add(mul(ident('w1'), x), ident('b1'))])),
      binding('a2', call('relu', [add(mul(ident('w2'), ident('a1')), ident('b2'))])),
    ],
    [mul(div(num(1), num(2)), pow(sub(ident('a2'), y), num(2)))],
  ),
]);

/** Builtins that need a helper, log with a base, constants, comparisons and a conditional. */
export const helpers: Program = program([
  functionDef(
    'h',
    ['x', 'y'],
    [
      binding('s', call('sigmoid', [x])),
      binding('l', call('log', [add(s(), num(1)), num(10)])),
      binding('m', call('max', [call('min', [x, y]), neg(x)])),
      binding('c', conditional(binary('<', x, y), mul(constant('pi'), x), call('exp', [neg(y)]))),
    ],
    [add(add(mul(ident('l'), ident('m')), ident('c')), call('log', [ident('s')]))],
  ),
]);

function s() {
  return ident('s');
}

/** Several results. */
export const polar: Program = program([
  functionDef('polar', ['x', 'y'], [], [call('hypot', [x, y]), call('atan2', [y, x])]),
]);

export const fixtures = { lecture, helpers, polar } as const;
