// A module with a large function's gradient (arrays ABI) takes the value function from the
// gradient's statements instead of lowering it a second time (emit-function.ts,
// `emitWithGradient`). Same operations, same bits; the value function keeps its own chunks.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generateModule, jsIdentifier } from '@ddx/codegen';
import { parse } from '@ddx/parser';
import { anyProgram, argumentsFor, programArbitrary } from '@ddx/workloads';
import { budget } from '@ddx/workloads/budget';
import { evaluateFunction } from './helpers.js';
import { ModuleHost } from './module-host.js';

const host = new ModuleHost();
afterAll(() => host.close());

/** The value function's declarations (scratch, buffers, chunks): up to the gradient's. */
function valueChunks(module: string, name: string): string {
  const start = module.indexOf(`const ddx_${name}_scratch = `);
  const end = module.indexOf(`const ddx_${name}_grad_scratch = `);
  if (start < 0 || end < start) throw new Error(`no chunked '${name}' before '${name}_grad'`);
  return module.slice(start, end);
}

/** The exported function `name`. */
function exported(module: string, name: string): string {
  const start = module.indexOf(`export function ${name}(`);
  return module.slice(start, module.indexOf('\n}\n', start) + 2);
}

function count(text: string, piece: string): number {
  return text.split(piece).length - 1;
}

// Two bindings of the same operation: the gradient's statements compute it once.
const twice = parse(`
f(x, y) {
  a = sin(x * y)
  b = sin(x * y)
  c = a * b + x
  d = c * c - y
  return d * a + b
}`);

describe('the value function of a gradient module', () => {
  it('is the gradient’s statements it needs, laid out in chunks of its own', () => {
    const module = generateModule(twice, { abi: 'arrays', grad: true, chunkSize: 3 });
    const value = valueChunks(module, 'f');
    // Lowered on its own, the value function computes sin(x * y) twice.
    const alone = generateModule(twice, { abi: 'arrays', chunkSize: 3 });
    expect(count(alone, 'Math.sin(')).toBe(2);
    expect(count(value, 'Math.sin(')).toBe(1);
    // Its own scratch buffer and chunks, none of the gradient's.
    expect(value).toContain('const ddx_f_scratch = new Float64Array(');
    expect(value).not.toContain('ddx_f_grad_');
    expect(value).not.toContain('out[');
  });

  it('agrees with the evaluator bit for bit on random programs', async () => {
    const withArguments = fc
      .oneof(anyProgram, programArbitrary({ names: 'javascript' }))
      .filter((program) => program.functions.at(-1)!.results.length === 1)
      .chain((program) =>
        fc.tuple(
          fc.constant(program),
          fc.array(argumentsFor(program), { minLength: 1, maxLength: 4 }),
        ),
      );
    await fc.assert(
      fc.asyncProperty(withArguments, async ([program, argLists]) => {
        const last = program.functions.at(-1)!;
        const module = generateModule(program, { abi: 'arrays', grad: true, chunkSize: 3 });
        const name = jsIdentifier(last.name);
        const calls = argLists.flatMap((args) => [
          { name, abi: 'arrays' as const, args, results: 1 },
          {
            name: jsIdentifier(`${last.name}_grad`),
            abi: 'arrays' as const,
            args,
            results: 1 + args.length,
          },
        ]);
        const results = await host.run(module, calls);
        argLists.forEach((args, index) => {
          const expected = evaluateFunction(program, last.name, args)[0]!;
          const value = results[2 * index]![0]!;
          const gradientValue = results[2 * index + 1]![0]!;
          if (!Object.is(value, expected) || !Object.is(gradientValue, expected)) {
            throw new Error(
              `value ${value}, gradient's value ${gradientValue}; expected ${expected}`,
            );
          }
        });
      }),
      budget(60),
    );
  });

  it('is lowered on its own when it calls another function (the gradient inlines the call)', () => {
    const program = parse(`
g(x) = sin(x) * x
f(x, y) {
  a = g(x) * y
  b = a * a + g(y)
  return b * x - a
}`);
    const module = generateModule(program, { abi: 'arrays', grad: true, chunkSize: 3 });
    // The scalar twin of g, called from f's own chunks.
    expect(module).toMatch(/function ddx_f_part\d+\(\) \{[^}]*ddx_g\(/);
  });

  it('is lowered on its own when it fits in one function', () => {
    const module = generateModule(twice, { abi: 'arrays', grad: true, chunkSize: 12 });
    const alone = generateModule(twice, { abi: 'arrays', chunkSize: 12 });
    expect(module).toContain('function ddx_f_grad_part1()');
    expect(module).not.toContain('function ddx_f_part1()');
    expect(exported(module, 'f')).toBe(exported(alone, 'f'));
    expect(count(exported(module, 'f'), 'Math.sin(')).toBe(2);
  });
});
