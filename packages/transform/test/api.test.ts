// Bad input, names, and the promise never to mutate an input.
import { describe, expect, it } from 'vitest';
import { DdxError, print, program as astProgram } from '@ddx/ast';
import { diff, grad, hessian, hvp, jacobian, NameSupply, vjp } from '@ddx/transform';
import { deepFreeze } from '@ddx/workloads';
import { parse, parseExpression, run } from './helpers.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DdxError);
    return (error as DdxError).code;
  }
  return undefined;
}

describe('bad input', () => {
  const program = parse('f(x, y) = x * y\ng(a) = f(a, a) + 1');

  it('rejects a name that is not a parameter, naming the parameters', () => {
    expect(codeOf(() => diff(program, 'z'))).toBe('unknown-parameter');
    expect(() => grad(program, { wrt: ['a', 'q'] })).toThrow(
      /'q' is not a parameter of 'g' \(parameters: a\)/,
    );
  });

  it('rejects a binding, even one that only renames a parameter, and a function name', () => {
    const aliased = parse('f(x, y) = x * y\nJ(x) {\n  a = x\n  b = a * a\n  return f(b, x)\n}');
    for (const name of ['a', 'b', 'f']) {
      expect(codeOf(() => grad(aliased, { wrt: [name] }))).toBe('unknown-parameter');
    }
    expect(run(grad(aliased, { wrt: ['x'] }), { x: 2 })).toEqual([8, 12]);
  });

  it('rejects a function that does not exist', () => {
    expect(codeOf(() => grad(program, { fn: 'h' }))).toBe('unknown-function');
    // A FunctionDef that is not one of the program's, even one equal to one of them.
    const lookalike = parse('f(x, y) = x * y').functions[0]!;
    expect(codeOf(() => grad(program, { fn: lookalike }))).toBe('unknown-function');
    expect(codeOf(() => grad(program.functions[1]!, { fn: lookalike }))).toBe('unknown-function');
  });

  it('asks for vjp or jacobian when grad meets several results', () => {
    const polar = parse('polar(x, y) {\n  return hypot(x, y), atan2(y, x)\n}');
    expect(codeOf(() => grad(polar))).toBe('multiple-results');
    expect(codeOf(() => hessian(polar))).toBe('multiple-results');
  });
});

describe('programs and names', () => {
  it('takes the function to differentiate by name or as the FunctionDef itself', () => {
    // The parser refuses a second 'f'; a program built by hand can hold one.
    const program = astProgram([
      ...parse('f(x, y) = x * y\ng(a) = f(a, a) + 1').functions,
      ...parse('f(x, y) = x + y').functions,
    ]);
    const [first, g, second] = program.functions;
    // A name picks the first function of that name; the FunctionDef picks exactly that one.
    expect(run(grad(program, { fn: 'f' }), { x: 2, y: 5 })).toEqual([10, 5, 2]);
    expect(run(grad(program, { fn: first! }), { x: 2, y: 5 })).toEqual([10, 5, 2]);
    expect(run(grad(program, { fn: second! }), { x: 2, y: 5 })).toEqual([7, 1, 1]);
    // g calls the f defined before it, whichever way g is named.
    expect(print(diff(program, 'a', { fn: g! }))).toBe('dg_da(a) = 2 * a');
    expect(print(diff(program, 'a', { fn: 'g' }))).toBe('dg_da(a) = 2 * a');
  });

  it('keeps a binding that comes out as the user wrote it as the same object', () => {
    const program = parse(
      'h(u) = u * u\nJ(w, x) {\n  z = w * x\n  a = h(z)\n  b = +a\n  return b + z\n}',
    );
    const fn = program.functions[1]!;
    const gradient = grad(program);
    const byName = new Map(gradient.body.map((binding) => [binding.name, binding]));
    // z is written exactly as in the source; a's call was inlined, b was `+a`, which is a.
    expect(byName.get('z')).toBe(fn.body[0]);
    expect(byName.get('a')).not.toBe(fn.body[1]);
    expect(print(byName.get('a')!)).toBe('a = z * z');
    expect(run(gradient, { w: 2, x: 3 })).toEqual([42, 39, 26]);
  });

  it('inlines calls of earlier functions', () => {
    const program = parse('f(x, y) = x * y\ng(a) = f(a, a) + 1');
    expect(print(diff(program, 'a'))).toBe('dg_da(a) = 2 * a');
    expect(run(grad(program, { fn: 'f' }), { x: 2, y: 5 })).toEqual([10, 5, 2]);
  });

  it('picks the last function by default and keeps a bare expression anonymous', () => {
    expect(print(diff(parseExpression('sin(θ) * r'), 'θ'))).toBe('r * cos(θ)');
    expect(grad(parse('f(x) = x\ng(y) = y^2')).name).toBe('g_grad');
  });

  it('names the derivative of a bare expression when it needs bindings, so it parses back', () => {
    const derivative = diff(parseExpression('sin(w^2) * cos(w^2)'), 'w');
    expect(derivative.body.length).toBeGreaterThan(0);
    expect(derivative.name).toBe('df_dw');
    const reparsed = parse(print(derivative)).functions[0]!;
    expect(print(reparsed)).toBe(print(derivative));
    expect(run(reparsed, { w: 0.7 })).toEqual(run(derivative, { w: 0.7 }));
  });

  it('never reuses a name the user bound for something else', () => {
    const source = parse('J(w) {\n  dJ_dw = 3\n  t1 = w * w\n  return t1 * t1 + dJ_dw * w\n}');
    const gradient = grad(source);
    const names = gradient.body.map((binding) => binding.name);
    expect(new Set(names).size).toBe(names.length);
    expect(run(gradient, { w: 2 })).toEqual([22, 4 * 8 + 3]);
  });

  it('leaves its input untouched', () => {
    const program = deepFreeze(
      parse('J(w, b) {\n  a = tanh(w * b)\n  return a * a + max(w, b)\n}'),
    );
    const before = JSON.stringify(program);
    for (const transform of [
      () => grad(program),
      () => diff(program, 'w'),
      () => hessian(program),
    ]) {
      expect(transform).not.toThrow();
    }
    expect(JSON.stringify(program)).toBe(before);
  });

  it('shares work: the gradient of a deep chain grows linearly', () => {
    const sizeOf = (n: number) => {
      const lines = ['J(x) {', '  v0 = x'];
      for (let i = 1; i <= n; i++) lines.push(`  v${i} = sin(v${i - 1}) * v${i - 1}`);
      lines.push(`  return v${n}`, '}');
      return print(grad(parse(lines.join('\n')))).length;
    };
    const small = sizeOf(100);
    const large = sizeOf(1000);
    expect(large / small).toBeLessThan(12);
  });
});

describe('generated names', () => {
  it('never reuse a name: temporaries skip user names, and preferred names skip temporaries', () => {
    const names = new NameSupply(['t2'], ['t4']);
    expect([names.temporary(), names.temporary(), names.temporary()]).toEqual(['t1', 't3', 't5']);
    expect(names.claim('t3')).toBe('t3_2');
    expect(names.claim('t6')).toBe('t6');
    expect(names.temporary()).toBe('t7');
    expect(names.claim('t4')).toBe('t4_2');
    expect(names.claimOwn('t4')).toBe('t4');
    expect(names.claimOwn('t4')).toBe('t4_3');
    expect(names.claim('t01')).toBe('t01');
  });

  it('give the same names when told which taken and reserved names look like temporaries', () => {
    const sequence = (names: NameSupply) => [
      names.temporary(),
      names.temporary(),
      names.claim('t3'),
      names.claim('t6'),
      names.temporary(),
      names.temporary(),
      names.claimOwn('t4'),
      names.claimOwn('t4'),
    ];
    const told = new NameSupply(['t2', 'x'], ['t4', 'y'], { temporaryShaped: ['t2', 't4'] });
    expect(sequence(told)).toEqual(sequence(new NameSupply(['t2', 'x'], ['t4', 'y'])));
    expect(sequence(new NameSupply(['t2'], ['t4']))).toEqual([
      't1',
      't3',
      't3_2',
      't6',
      't5',
      't7',
      't4',
      't4_2',
    ]);
  });

  it('a binding named like an earlier function keeps every name distinct', () => {
    const source = parse('g(x) = x * x\nJ(w) {\n  g = g(w) + w\n  return g * g\n}');
    for (const derivative of [grad(source), hessian(source), diff(source, 'w')]) {
      const bound = derivative.body.map((binding) => binding.name);
      expect(new Set(bound).size).toBe(bound.length);
      expect(bound).not.toContain('g');
    }
    // J = (w^2 + w)^2: dJ/dw = 2 (w^2 + w)(2w + 1)
    expect(run(grad(source), { w: 1.5 })).toEqual([3.75 ** 2, 2 * 3.75 * 4]);
  });

  it('a gradient whose user names look like temporaries stays well scoped', () => {
    const source = 'J(w) {\n  t1 = w * w\n  t2 = t1 * t1\n  return t2 * t1 + t2\n}';
    const gradient = grad(parse(source));
    const bound = gradient.body.map((binding) => binding.name);
    expect(new Set(bound).size).toBe(bound.length);
    // J = w^6 + w^4: dJ/dw = 6 w^5 + 4 w^3
    const [value, slope] = run(gradient, { w: 1.5 }) as number[];
    expect(value).toBeCloseTo(1.5 ** 6 + 1.5 ** 4, 12);
    expect(slope).toBeCloseTo(6 * 1.5 ** 5 + 4 * 1.5 ** 3, 12);
  });
});

describe('functions without parameters', () => {
  // Their Hessian, Jacobian and VJP have no entries, and a function returns at least one value.
  it.each([
    ['hessian', () => hessian(parse('f() = 2'))],
    ['hvp', () => hvp(parse('f() = 2'))],
    ['jacobian', () => jacobian(parse('f() = 2'))],
    ['vjp', () => vjp(parse('f() = 2'))],
    ['hessian with wrt: []', () => hessian(parse('f(x) = x^2'), { wrt: [] })],
  ])('%s of nothing to differentiate is refused with a DdxError', (_name, build) => {
    let failure: unknown;
    try {
      build();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(DdxError);
    expect((failure as DdxError).code).toBe('unknown-parameter');
    expect((failure as DdxError).message).toMatch(/needs (a|at least one) parameter/);
  });

  it('grad of f() = 2 is its value alone', () => {
    expect(run(grad(parse('f() = 2')), [])).toEqual([2]);
  });
});
