// The function catalogue: every built-in of LANGUAGE.md, and helpers that generated code carries
// computing exactly what the evaluator computes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue, lookupBuiltin, signatureOf, type BuiltinFunction } from '@ddx/ast';

/** LANGUAGE.md, "Built-in functions": name → [fewest, most] arguments. */
const languageBuiltins: Record<string, [number, number]> = {
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  sec: [1, 1],
  csc: [1, 1],
  cot: [1, 1],
  asin: [1, 1],
  acos: [1, 1],
  atan: [1, 1],
  sinh: [1, 1],
  cosh: [1, 1],
  tanh: [1, 1],
  asinh: [1, 1],
  acosh: [1, 1],
  atanh: [1, 1],
  exp: [1, 1],
  log: [1, 2],
  sqrt: [1, 1],
  cbrt: [1, 1],
  abs: [1, 1],
  sign: [1, 1],
  log2: [1, 1],
  log10: [1, 1],
  pow: [2, 2],
  min: [2, 2],
  max: [2, 2],
  atan2: [2, 2],
  hypot: [2, 2],
  sigmoid: [1, 1],
  relu: [1, 1],
  softplus: [1, 1],
};

const edgeValues = [
  0,
  -0,
  NaN,
  Infinity,
  -Infinity,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1e-300,
  -1e-300,
  1e-8,
  Number.EPSILON,
  0.5,
  -0.5,
  1,
  -1,
  2,
  -2,
  Math.PI,
  Math.PI / 2,
  -Math.PI / 2,
  36.7,
  -36.7,
  709.8,
  710,
  -745.2,
  -746,
  1e15,
  2 ** 53 + 2,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
];

const helpers = [...catalogue.values()].filter((builtin) => builtin.helper !== undefined);

function instantiate(builtin: BuiltinFunction): (...args: number[]) => number {
  return new Function(`${builtin.helper}; return ${builtin.js}`)() as (...args: number[]) => number;
}

/** Every call shape an entry accepts: one argument list per arity. */
function argumentLists(builtin: BuiltinFunction, values: number[]): number[][] {
  const lists: number[][] = [];
  for (let arity = builtin.minArity; arity <= builtin.maxArity; arity++) {
    if (arity === 1) for (const value of values) lists.push([value]);
    if (arity === 2) for (const a of values) for (const b of values) lists.push([a, b]);
  }
  return lists;
}

describe('catalogue entries', () => {
  it.each(Object.entries(languageBuiltins))('has %s with arity %j', (name, [fewest, most]) => {
    const builtin = lookupBuiltin(name);
    expect(builtin).toBeDefined();
    expect(builtin!.name).toBe(name);
    expect([builtin!.minArity, builtin!.maxArity]).toEqual([fewest, most]);
    expect(builtin!.params).toHaveLength(most);
    expect(builtin!.summary.length).toBeGreaterThan(0);
  });

  it('has nothing under an unknown name', () => {
    expect(lookupBuiltin('sinn')).toBeUndefined();
    expect(lookupBuiltin('toString')).toBeUndefined();
    expect(lookupBuiltin('constructor')).toBeUndefined();
  });

  it('keys every entry by its own name', () => {
    for (const [name, builtin] of catalogue) expect(builtin.name).toBe(name);
  });

  it('gives signatures with optional arguments in brackets', () => {
    expect(signatureOf(lookupBuiltin('log')!)).toBe('log(x[, base])');
    expect(signatureOf(lookupBuiltin('atan2')!)).toBe('atan2(y, x)');
    expect(signatureOf(lookupBuiltin('sin')!)).toBe('sin(x)');
  });

  it.each(
    [...catalogue.values()]
      .filter((builtin) => builtin.helper === undefined)
      .map((b) => [b.name, b] as const),
  )('%s is a Math function, evaluated by that very function', (_name, builtin) => {
    expect(builtin.js).toMatch(/^Math\.[a-z0-9]+$/);
    const mathFunction = (Math as unknown as Record<string, unknown>)[builtin.js.slice(5)];
    expect(typeof mathFunction).toBe('function');
    expect(builtin.evaluate).toBe(mathFunction);
  });
});

describe('helpers compute exactly what evaluate computes', () => {
  it.each(helpers.map((builtin) => [builtin.name, builtin] as const))(
    '%s: the helper source defines the function named by js',
    (_name, builtin) => {
      expect(builtin.js).toMatch(/^[A-Za-z_$][\w$]*$/);
      expect(builtin.helper).toMatch(new RegExp(`^function ${builtin.js.replace('$', '\\$')}\\(`));
      expect(typeof instantiate(builtin)).toBe('function');
    },
  );

  it.each(helpers.map((builtin) => [builtin.name, builtin] as const))(
    '%s: bit for bit on edge inputs',
    (_name, builtin) => {
      const generated = instantiate(builtin);
      for (const args of argumentLists(builtin, edgeValues)) {
        const expected = builtin.evaluate(...args);
        const actual = generated(...args);
        expect(Object.is(actual, expected), `${builtin.name}(${args.join(', ')})`).toBe(true);
      }
    },
  );

  it.each(helpers.map((builtin) => [builtin.name, builtin] as const))(
    '%s: bit for bit on random inputs',
    (_name, builtin) => {
      const generated = instantiate(builtin);
      const arities = fc.integer({ min: builtin.minArity, max: builtin.maxArity });
      const argumentList = arities.chain((arity) =>
        fc.oneof(
          fc.array(fc.double(), { minLength: arity, maxLength: arity }),
          // Ties: every argument the same value.
          fc.double().map((value) => Array.from({ length: arity }, () => value)),
        ),
      );
      fc.assert(
        fc.property(argumentList, (args) => {
          expect(Object.is(generated(...args), builtin.evaluate(...args))).toBe(true);
        }),
        { numRuns: 2000 },
      );
    },
  );
});

describe('documented numeric behaviour', () => {
  const evaluate = (name: string, ...args: number[]) => lookupBuiltin(name)!.evaluate(...args);

  it('min and max return the first argument on ties and NaN if either is NaN', () => {
    expect(Object.is(evaluate('min', 0, -0), 0)).toBe(true);
    expect(Object.is(evaluate('min', -0, 0), -0)).toBe(true);
    expect(Object.is(evaluate('max', 0, -0), 0)).toBe(true);
    expect(Object.is(evaluate('max', -0, 0), -0)).toBe(true);
    for (const name of ['min', 'max']) {
      expect(evaluate(name, NaN, 1)).toBeNaN();
      expect(evaluate(name, 1, NaN)).toBeNaN();
    }
    expect(evaluate('min', 2, 3)).toBe(2);
    expect(evaluate('max', 2, 3)).toBe(3);
  });

  it('relu passes NaN through and cuts negatives to 0', () => {
    expect(evaluate('relu', NaN)).toBeNaN();
    expect(evaluate('relu', -3)).toBe(0);
    expect(evaluate('relu', 2.5)).toBe(2.5);
  });

  it('softplus and sigmoid neither overflow nor lose their limits', () => {
    expect(evaluate('softplus', 1000)).toBe(1000);
    expect(evaluate('softplus', -1000)).toBe(0);
    expect(evaluate('softplus', 0)).toBe(Math.log(2));
    expect(evaluate('sigmoid', 0)).toBe(0.5);
    expect(evaluate('sigmoid', 1000)).toBe(1);
    expect(evaluate('sigmoid', -1000)).toBe(0);
  });

  it('log takes an optional base', () => {
    expect(evaluate('log', Math.E)).toBe(1);
    expect(evaluate('log', 8, 2)).toBe(3);
    expect(evaluate('log', 1000, 10)).toBeCloseTo(3, 14);
  });

  it('sec, csc and cot are reciprocals of cos, sin and tan', () => {
    expect(evaluate('sec', 0)).toBe(1);
    expect(evaluate('csc', Math.PI / 2)).toBe(1);
    expect(evaluate('cot', Math.PI / 4)).toBeCloseTo(1, 15);
    expect(evaluate('csc', 0)).toBe(Infinity);
  });
});
