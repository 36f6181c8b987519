/** The plugin's options mean what `ddx gen`'s do, and bad ones are usage errors. */
import { DdxError } from '@ddx/ast';
import { generate } from '@ddx/codegen';
import { parse } from '@ddx/parser';
import { describe, expect, it } from 'vitest';
import { generateFromSource } from '../src/generate.js';
import { generationOptions, idFilter } from '../src/options.js';
import { unpluginFactory } from '../src/plugin.js';
import { network } from './helpers.js';

const twoFunctions = `f(w) = w^2\ng(w, v) = f(w) * v\nh(u) = sin(u)\n`;

describe('generateFromSource', () => {
  it('writes what @ddx/codegen writes for the same options (as ddx gen does)', () => {
    const options = generationOptions({ grad: true, hessian: true, wrt: ['w1', 'b1'] });
    const { module, declarations } = generateFromSource(network, 'model.ddx', options);
    const expected = generate(parse(network, { file: 'model.ddx' }), {
      grad: true,
      hessian: true,
      wrt: ['w1', 'b1'],
      sourceName: 'model.ddx',
    });
    expect(module).toBe(expected.module);
    expect(declarations).toBe(expected.declarations);
  });

  it('generates the value functions only unless grad or hessian is asked for', () => {
    const { module } = generateFromSource(network, 'model.ddx', generationOptions({}));
    expect(module).toMatch(/export function J\(/);
    expect(module).not.toMatch(/J_grad/);
  });

  it('keeps the function fn and those before it', () => {
    const options = generationOptions({ fn: 'g', grad: true });
    const { module } = generateFromSource(twoFunctions, 'two.ddx', options);
    expect(module).toMatch(/export function g_grad\(/);
    expect(module).not.toMatch(/function h/);
  });

  it('takes wrt as a list or as ddx gen spells it (w1,b1)', () => {
    const fromString = generateFromSource(
      network,
      'm.ddx',
      generationOptions({ grad: true, wrt: 'w1, b1' }),
    );
    const fromList = generateFromSource(
      network,
      'm.ddx',
      generationOptions({ grad: true, wrt: ['w1', 'b1'] }),
    );
    expect(fromString.module).toBe(fromList.module);
  });

  it('reports a problem in the program with the file name', () => {
    const error = catchError(() =>
      generateFromSource(network, 'model.ddx', generationOptions({ grad: true, wrt: ['w9'] })),
    );
    expect(error).toBeInstanceOf(DdxError);
    expect((error as DdxError).code).toBe('unknown-parameter');
    expect((error as DdxError).render()).toMatch(/^model\.ddx: unknown-parameter: /);
  });

  it('names the functions a missing fn could have been', () => {
    const error = catchError(() =>
      generateFromSource(twoFunctions, 't.ddx', generationOptions({ fn: 'k' })),
    );
    expect((error as DdxError).message).toBe("fn: there is no function 'k' (defined: f, g, h)");
  });
});

describe('options', () => {
  it.each([
    [{ abi: 'matrix' }, "abi: expected 'scalars' or 'arrays', got 'matrix'"],
    [{ gradient: 'list' }, "gradient: expected 'object' or 'tuple', got 'list'"],
    [{ wrt: 'w1,,b1' }, 'wrt: an empty parameter name in "w1,,b1"'],
  ])('rejects %j when the plugin is created', (options, message) => {
    const create = (): unknown =>
      unpluginFactory(options as never, { framework: 'rollup', versions: {} });
    expect(create).toThrow(DdxError);
    expect(create).toThrow(message);
  });
});

describe('idFilter', () => {
  it('takes .ddx files by default, but not model.ddx?raw (left to Vite)', () => {
    const isDdx = idFilter({});
    expect(isDdx('/src/model.ddx')).toBe(true);
    expect(isDdx('/src/model.ddx?raw')).toBe(false);
    expect(isDdx('/src/model.js')).toBe(false);
  });

  it('applies include, then exclude', () => {
    const isDdx = idFilter({ include: [/\.ddx$/, /\.math$/], exclude: /\/vendor\// });
    expect(isDdx('/src/model.math')).toBe(true);
    expect(isDdx('/vendor/model.ddx')).toBe(false);
  });

  it('rejects a pattern that is not a RegExp', () => {
    expect(() => idFilter({ include: '*.ddx' as never })).toThrow('expected a RegExp');
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
