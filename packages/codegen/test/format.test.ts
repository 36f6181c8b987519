// Output is in prettier's style for any program, not only the fixtures: formatting it changes
// nothing, so large outputs need no formatting pass.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { functionDef, ident, mul, num, program } from '@ddx/ast';
import { generate } from '@ddx/codegen';
import { anyProgram } from '@ddx/workloads';
import { formatJs, formatTs } from './helpers.js';

describe('prettier leaves the output alone', () => {
  it.each(['scalars', 'arrays'] as const)(
    'random programs, %s ABI, with gradients',
    async (abi) => {
      await fc.assert(
        fc.asyncProperty(anyProgram, async (source) => {
          const { module, declarations } = generate(source, { abi, grad: true });
          expect(await formatJs(module)).toBe(module);
          expect(await formatTs(declarations)).toBe(declarations);
        }),
        { numRuns: 40 },
      );
    },
  );

  it('long parameter lists, long result lists and chunked bodies', async () => {
    const params = Array.from({ length: 40 }, (_, i) => `weight_${i}`);
    const results = params.map((p, i) => mul(num(i), ident(p)));
    const wide = functionDef('wide', params, [], results);
    const numbers = functionDef(
      'numbers',
      ['x'],
      [],
      Array.from({ length: 90 }, (_, i) => num(i * 1.25)),
    );
    for (const options of [{}, { abi: 'arrays' as const }, { chunkSize: 10 }]) {
      const { module, declarations } = generate(program([wide, numbers]), options);
      expect(await formatJs(module)).toBe(module);
      expect(await formatTs(declarations)).toBe(declarations);
    }
  });
});
