// The evaluator at the parser's limits (README, "Limits"): a sum of 10^6 terms and 50,000
// levels of nesting evaluate; a check whose cost passes `maxCheckSteps` stops with a `limit`
// error after one evaluation instead of running for days.
import { describe, expect, it } from 'vitest';
import {
  add,
  binding,
  call,
  conditional,
  DdxError,
  functionDef,
  ident,
  mul,
  neg,
  num,
  pow,
  type Expression,
  type FunctionDef,
} from '@ddx/ast';
import {
  checkDerivative,
  checkGradient,
  checkWithinLimit,
  evaluate,
  maxCheckSteps,
} from '@ddx/evaluator';

const single = (params: readonly string[], result: Expression): FunctionDef =>
  functionDef('f', params, [], [result]);

/** `x0 + x1 + ... + x(n-1)` over n parameters, and its gradient (the value, then n ones). */
function sumOfParameters(n: number): { fn: FunctionDef; gradient: FunctionDef } {
  const params = Array.from({ length: n }, (_, index) => `x${index}`);
  let sum: Expression = ident(params[0]!);
  for (const name of params.slice(1)) sum = add(sum, ident(name));
  const ones = params.map(() => num(1));
  return { fn: single(params, sum), gradient: functionDef('f_grad', params, [], [sum, ...ones]) };
}

/** What a call throws (a test fails if it returns). */
function thrown(run: () => unknown): DdxError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DdxError);
    return error as DdxError;
  }
  return expect.fail('expected a DdxError');
}

describe('evaluation at the limits', () => {
  it('evaluates a sum of 10^6 terms `x*k` (4·10^6 nodes)', () => {
    let sum: Expression = ident('x');
    for (let k = 2; k <= 1_000_000; k++) sum = add(sum, mul(ident('x'), num(k)));
    expect(evaluate(single(['x'], sum), { args: [1] })).toEqual([500_000_500_000]);
  }, 60_000);

  it('evaluates 50,000 levels of calls, signs, powers and conditionals', () => {
    let node: Expression = ident('x');
    for (let level = 0; level < 50_000; level++) {
      const kind = level % 4;
      if (kind === 0) node = call('abs', [node]);
      else if (kind === 1) node = neg(node);
      else if (kind === 2) node = pow(node, num(1));
      else node = conditional(ident('c'), node, num(0));
    }
    // abs, then a minus sign: each group of four levels gives -|x|.
    expect(evaluate(single(['x', 'c'], node), { args: [-3, 1] })).toEqual([-3]);
  });

  it('evaluates 200,000 bindings, each using the one before', () => {
    const body = [binding('t0', ident('x'))];
    for (let k = 1; k < 200_000; k++) {
      body.push(binding(`t${k}`, add(mul(ident(`t${k - 1}`), num(1)), num(1))));
    }
    const fn = functionDef('f', ['x'], body, [ident('t199999')]);
    expect(evaluate(fn, { args: [1] })).toEqual([200_000]);
  });
});

describe('the cost of a check', () => {
  it(`stops a check past maxCheckSteps (${maxCheckSteps.toLocaleString('en-US')}) after one evaluation`, () => {
    // 10,000 parameters of a 19,999-node sum: 7 evaluations a parameter, 1.4·10^9 steps.
    const { fn, gradient } = sumOfParameters(10_000);
    const at = fn.params.map(() => 1);
    const started = performance.now();
    const error = thrown(() => checkGradient(fn, { at, gradient }));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('limit');
    expect(error.message).toBe(
      'checking 10,000 parameters of a function of 19,999 steps takes about 1,399,949,999 evaluation steps: the limit is 100,000,000 (maxCheckSteps); check fewer parameters (wrt)',
    );
  });

  it('tells a caller before it computes any derivative (checkWithinLimit)', () => {
    const { fn } = sumOfParameters(10_000);
    const at = fn.params.map(() => 1);
    const error = thrown(() => checkWithinLimit(fn, { at, parameters: 10_000 }));
    expect([error.code, error.message]).toEqual([
      'limit',
      expect.stringContaining('(maxCheckSteps)'),
    ]);
    expect(() => checkWithinLimit(fn, { at, parameters: 700 })).not.toThrow();
  });

  it('checks some of those parameters, and a 10^5-term sum', () => {
    const { fn, gradient } = sumOfParameters(10_000);
    const at = fn.params.map(() => 1);
    const wrt = ['x0', 'x5000', 'x9999'];
    const some = functionDef('f_grad', fn.params, [], gradient.results.slice(0, 4));
    expect(checkGradient(fn, { at, gradient: some, wrt }).passed).toBe(true);

    // tools/limits checks the 10^6-term sum (about 3·10^7 steps, half a minute).
    let sum: Expression = ident('x');
    for (let k = 2; k <= 100_000; k++) sum = add(sum, mul(ident('x'), num(k)));
    const slope = num(5_000_050_000);
    const long = single(['x'], sum);
    const report = checkDerivative(long, { at: [1], wrt: 'x', derivative: single(['x'], slope) });
    expect(report.passed).toBe(true);
  }, 60_000);
});
