// Golden fixtures: how derivatives print. Refresh with `npx vitest run --project transform -u`
// after reading the diff: these files are what a user sees.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { print } from '@ddx/ast';
import { diff, grad, hessian, jvp } from '@ddx/transform';
import { parse, parseExpression } from './helpers.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('golden derivatives', () => {
  it('d/dx of every formula in fixtures/formulas.txt', async () => {
    const lines = readFileSync(fixture('formulas.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const out = lines.map((formula) => {
      const program = parseExpression(formula);
      const derivative = diff(program, program.functions[0]!.params[0]!);
      return `d/d${program.functions[0]!.params[0]} ${formula}\n  = ${print(derivative)}`;
    });
    await expect(out.join('\n') + '\n').toMatchFileSnapshot(fixture('formulas.derivatives.txt'));
  });

  it('gradient, forward mode and hessian programs of fixtures/programs.ddx', async () => {
    const program = parse(readFileSync(fixture('programs.ddx'), 'utf8'));
    const out: string[] = [];
    for (const fn of program.functions) {
      const options = { fn: fn.name };
      out.push(print(grad(program, options)), print(jvp(program, options)));
      if (fn.params.length <= 3) out.push(print(hessian(program, options)));
    }
    await expect(out.join('\n\n') + '\n').toMatchFileSnapshot(fixture('programs.derivatives.ddx'));
  });
});
