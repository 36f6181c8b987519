// Generated code computes what the evaluator computes, to the last bit (Object.is: NaN equals
// NaN, -0 differs from 0), on random programs and inputs that include NaN, ±Infinity and -0.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { program as makeProgram, type Program } from '@ddx/ast';
import { compile, generateModule, type Abi } from '@ddx/codegen';
import { grad } from '@ddx/transform';
import { anyNumber, anyProgram, argumentsFor } from './arbitrary.js';
import { evaluateFunction, loadModule } from './helpers.js';

const withArguments = anyProgram.chain((program) =>
  fc.tuple(fc.constant(program), fc.array(argumentsFor(program), { minLength: 1, maxLength: 4 })),
);

/** Calls a compiled function under either ABI and returns every result. */
function callAll(
  fn: (...args: any[]) => any,
  abi: Abi,
  args: readonly number[],
  results: number,
): number[] {
  if (abi === 'scalars') {
    const value = fn(...args);
    return results === 1 ? [value] : [...value];
  }
  const out = new Float64Array(Math.max(0, results - 1));
  const value = fn(Float64Array.from(args), new Float64Array(0), out);
  return [value, ...out];
}

function expectSameBits(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, index) => {
    if (!Object.is(value, expected[index])) {
      throw new Error(`result ${index}: got ${value}, expected ${expected[index]}`);
    }
  });
}

describe.each(['scalars', 'arrays'] as const)('%s ABI', (abi) => {
  it('compile() agrees with the evaluator bit for bit', () => {
    fc.assert(
      fc.property(withArguments, ([program, argLists]) => {
        const last = program.functions.at(-1)!;
        const plain = compile(program, { abi });
        const chunked = compile(program, { abi, chunkSize: 3 });
        for (const args of argLists) {
          const expected = evaluateFunction(program, last.name, args);
          expectSameBits(callAll(plain, abi, args, last.results.length), expected);
          expectSameBits(callAll(chunked, abi, args, last.results.length), expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the generated module, imported for real, agrees with the evaluator', async () => {
    await fc.assert(
      fc.asyncProperty(withArguments, async ([program, argLists]) => {
        const module = await loadModule(generateModule(program, { abi }));
        for (const fn of program.functions) {
          for (const args of argLists) {
            const padded = Array.from({ length: fn.params.length }, (_, i) => args[i] ?? 0.5);
            const expected = evaluateFunction(program, fn.name, padded);
            expectSameBits(callAll(module[fn.name]!, abi, padded, fn.results.length), expected);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('compiled gradients compute the transform’s derivative program exactly', () => {
    const single = anyProgram.filter((p) => p.functions.at(-1)!.results.length === 1);
    fc.assert(
      fc.property(single, fc.array(anyNumber, { minLength: 4, maxLength: 4 }), (program, point) => {
        const last = program.functions.at(-1)!;
        const args = point.slice(0, last.params.length);
        const derivative: Program = makeProgram([...program.functions.slice(0, -1), grad(program)]);
        const expected = evaluateFunction(derivative, `${last.name}_grad`, args);
        const fn = compile(program, { abi, grad: true, gradient: 'tuple' });
        const actual =
          abi === 'scalars' ? [...fn(...args)] : callAll(fn, abi, args, last.params.length + 1);
        expectSameBits(actual, expected);
      }),
      { numRuns: 200 },
    );
  });
});
