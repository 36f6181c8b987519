// Generated code computes what the evaluator computes, to the last bit (Object.is: NaN equals
// NaN, -0 differs from 0), on random programs — every node kind and builtin, varied and
// JavaScript-colliding names — and inputs that include NaN, ±Infinity, -0 and subnormals.
// CI runs budget(n) cases of each; `npm run fuzz` runs 10^5.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { program as makeProgram, type Program } from '@ddx/ast';
import { compile, generateModule, jsIdentifier, type Abi } from '@ddx/codegen';
import { grad } from '@ddx/transform';
import { anyNumber, anyProgram, argumentsFor, programArbitrary } from '@ddx/workloads';
import { budget } from '@ddx/workloads/budget';
import { callUnder } from './call-abi.mjs';
import { evaluateFunction } from './helpers.js';
import { ModuleHost } from './module-host.js';

const programs = fc.oneof(anyProgram, programArbitrary({ names: 'javascript' }));

const withArguments = programs.chain((program) =>
  fc.tuple(fc.constant(program), fc.array(argumentsFor(program), { minLength: 1, maxLength: 4 })),
);

function expectSameBits(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, index) => {
    if (!Object.is(value, expected[index])) {
      throw new Error(`result ${index}: got ${value}, expected ${expected[index]}`);
    }
  });
}

const host = new ModuleHost();
afterAll(() => host.close());

describe.each(['scalars', 'arrays'] as const)('%s ABI', (abi: Abi) => {
  it('compile() agrees with the evaluator bit for bit', () => {
    fc.assert(
      fc.property(withArguments, ([program, argLists]) => {
        const last = program.functions.at(-1)!;
        const plain = compile(program, { abi });
        const chunked = compile(program, { abi, chunkSize: 3 });
        for (const args of argLists) {
          const expected = evaluateFunction(program, last.name, args);
          expectSameBits(callUnder(plain, abi, args, last.results.length), expected);
          expectSameBits(callUnder(chunked, abi, args, last.results.length), expected);
        }
      }),
      budget(300),
    );
  });

  it('the generated module, imported for real, agrees with the evaluator', async () => {
    await fc.assert(
      fc.asyncProperty(withArguments, async ([program, argLists]) => {
        const calls = program.functions.flatMap((fn) =>
          argLists.map((args) => ({
            fn,
            // Earlier functions take the first arguments, padded with 0.5.
            args: Array.from({ length: fn.params.length }, (_, i) => args[i] ?? 0.5),
          })),
        );
        const results = await host.run(
          generateModule(program, { abi }),
          calls.map(({ fn, args }) => ({
            name: jsIdentifier(fn.name),
            abi,
            args,
            results: fn.results.length,
          })),
        );
        calls.forEach(({ fn, args }, index) => {
          expectSameBits(results[index]!, evaluateFunction(program, fn.name, args));
        });
      }),
      budget(60),
    );
  });

  it('compiled gradients compute the transform’s derivative program exactly', () => {
    const single = programs.filter((p) => p.functions.at(-1)!.results.length === 1);
    fc.assert(
      fc.property(single, fc.array(anyNumber, { minLength: 4, maxLength: 4 }), (program, point) => {
        const last = program.functions.at(-1)!;
        const args = point.slice(0, last.params.length);
        const derivative: Program = makeProgram([...program.functions.slice(0, -1), grad(program)]);
        const expected = evaluateFunction(derivative, `${last.name}_grad`, args);
        const fn = compile(program, { abi, grad: true, gradient: 'tuple' });
        const actual =
          abi === 'scalars' ? [...fn(...args)] : callUnder(fn, abi, args, last.params.length + 1);
        expectSameBits(actual, expected);
      }),
      budget(200),
    );
  });
});
