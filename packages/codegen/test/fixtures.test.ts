// Golden fixtures: each program's expected module and declarations for both calling conventions,
// refreshed with `vitest -u`. The outputs are in prettier's style already.
import { describe, expect, it } from 'vitest';
import { print } from '@ddx/ast';
import { generate, type GenerateOptions } from '@ddx/codegen';
import { fixtures } from './programs.js';
import { formatJs, formatTs } from './helpers.js';

const variants: Record<string, GenerateOptions> = {
  scalars: { abi: 'scalars', grad: true },
  arrays: { abi: 'arrays', grad: true },
};

describe.each(Object.entries(fixtures))('fixture %s', (name, program) => {
  it('quotes its ddx source beside the output', async () => {
    await expect(print(program)).toMatchFileSnapshot(`fixtures/${name}.ddx`);
  });

  it.each(Object.entries(variants))('%s module and declarations', async (abi, options) => {
    const { module, declarations } = generate(program, { ...options, sourceName: `${name}.ddx` });
    await expect(module).toMatchFileSnapshot(`fixtures/${name}.${abi}.mjs`);
    await expect(declarations).toMatchFileSnapshot(`fixtures/${name}.${abi}.d.ts`);
    expect(await formatJs(module)).toBe(module);
    expect(await formatTs(declarations)).toBe(declarations);
  });
});
