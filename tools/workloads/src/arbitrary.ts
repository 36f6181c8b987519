/**
 * fast-check generators of ddx programs for property tests. `smoothFunction` builds functions
 * that are smooth (infinitely differentiable) everywhere on the reals, so central differences
 * and complex steps are valid oracles at any point; `anyFunction` also uses kinks, conditionals
 * and comparisons.
 */
import fc from 'fast-check';
import {
  add,
  binary,
  binding,
  call,
  conditional,
  div,
  functionDef,
  ident,
  mul,
  neg,
  num,
  pow,
  program,
  sub,
  type Binding,
  type Expression,
  type Program,
} from '@ddx/ast';

type Build = (operands: Expression[]) => Expression;

const one = num(1);
/** Smooth, defined on all reals, and with bounded growth where it matters. */
const smoothUnary: Build[] = [
  ([a]) => call('sin', [a!]),
  ([a]) => call('cos', [a!]),
  ([a]) => call('tanh', [a!]),
  ([a]) => call('sigmoid', [a!]),
  ([a]) => call('softplus', [a!]),
  ([a]) => call('atan', [a!]),
  ([a]) => call('exp', [call('tanh', [a!])]),
  ([a]) => call('sqrt', [add(one, mul(a!, a!))]),
  ([a]) => call('log', [add(one, pow(a!, num(2)))]),
  ([a]) => neg(a!),
  ([a]) => pow(a!, num(3)),
  ([a]) => call('asinh', [a!]),
  ([a]) => call('cosh', [call('tanh', [a!])]),
];
const smoothBinary: Build[] = [
  ([a, b]) => add(a!, b!),
  ([a, b]) => sub(a!, b!),
  ([a, b]) => mul(a!, b!),
  ([a, b]) => div(a!, add(num(2), call('sin', [b!]))),
  ([a, b]) => call('hypot', [add(one, mul(a!, a!)), b!]),
  ([a, b]) => pow(add(num(2), call('tanh', [a!])), call('sin', [b!])),
  ([a, b]) => call('atan2', [a!, add(num(2), mul(b!, b!))]),
  ([a, b]) => call('log', [add(num(2), mul(a!, a!)), add(num(2), call('sigmoid', [b!]))]),
];
/** Non-smooth or piecewise forms: derivatives exist almost everywhere. */
const kinkyUnary: Build[] = [
  ([a]) => call('abs', [a!]),
  ([a]) => call('relu', [a!]),
  ([a]) => call('sign', [a!]),
];
const kinkyBinary: Build[] = [
  ([a, b]) => call('max', [a!, b!]),
  ([a, b]) => call('min', [a!, b!]),
  ([a, b]) => conditional(binary('<', a!, b!), a!, mul(a!, b!)),
  ([a, b]) => add(a!, binary('>=', a!, b!)),
];

export interface FunctionShape {
  readonly params: number;
  readonly bindings: number;
}

function functionArbitrary(
  unaryForms: Build[],
  binaryForms: Build[],
  shape: FunctionShape,
): fc.Arbitrary<Program> {
  const names = Array.from({ length: shape.params }, (_, i) => `p${i}`);
  const step = fc.record({
    unary: fc.boolean(),
    form: fc.nat(),
    left: fc.nat(),
    right: fc.nat(),
    constant: fc.option(fc.double({ min: 0.1, max: 3, noNaN: true }), { freq: 4 }),
  });
  return fc.array(step, { minLength: 1, maxLength: shape.bindings }).map((steps) => {
    const body: Binding[] = [];
    const available: Expression[] = names.map((name) => ident(name));
    for (const [index, s] of steps.entries()) {
      const left = available[s.left % available.length]!;
      const right = s.constant === null ? available[s.right % available.length]! : num(s.constant);
      const value = s.unary
        ? unaryForms[s.form % unaryForms.length]!([left])
        : binaryForms[s.form % binaryForms.length]!([left, right]);
      const name = `v${index}`;
      body.push(binding(name, value));
      available.push(ident(name));
    }
    // The result uses the last binding and, so no binding is dead, a weighted sum of the others.
    let result: Expression = available[available.length - 1]!;
    for (const b of body.slice(0, -1)) result = add(result, mul(num(0.5), ident(b.name)));
    return program([functionDef('f', names, body, [result])]);
  });
}

/** Functions smooth on all of ℝⁿ. */
export function smoothFunction(shape: FunctionShape = { params: 3, bindings: 6 }) {
  return functionArbitrary(smoothUnary, smoothBinary, shape);
}

/** Functions that may have kinks, jumps, conditionals and comparisons. */
export function anyFunction(shape: FunctionShape = { params: 3, bindings: 6 }) {
  return functionArbitrary(
    [...smoothUnary, ...kinkyUnary],
    [...smoothBinary, ...kinkyBinary],
    shape,
  );
}

/** A point in [-2, 2]ⁿ for a function's parameters. */
export function pointFor(params: number): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
    minLength: params,
    maxLength: params,
  });
}
