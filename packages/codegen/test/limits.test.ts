// @ddx/codegen at the parser's limits (README, "Limits"): modules and compiled functions for
// 50,000 levels of nesting of every kind and for wide functions. Known failures are marked
// `it.fails`, with what they do today; the full-size runs (10^6 terms) are in tools/limits.
import { describe, expect, it } from 'vitest';
import { DdxError, add, functionDef, ident, type Program } from '@ddx/ast';
import { compile, generateModule, maxScalarParameters } from '@ddx/codegen';
import { evaluate } from '@ddx/evaluator';
import { parse, parseExpression } from '@ddx/parser';
import { loadModule } from './helpers.js';

const nested: Record<string, (levels: number) => string> = {
  parentheses: (levels) => `${'('.repeat(levels)}x${')'.repeat(levels)}`,
  calls: (levels) => `${'sin('.repeat(levels)}x${')'.repeat(levels)}`,
  signs: (levels) => `${'-'.repeat(levels)}x`,
  powers: (levels) => `${'y^'.repeat(levels)}x`,
  conditionals: (levels) => `${'x > 0 ? 1 : '.repeat(levels)}x`,
  'a mixture': (levels) => `${'c ? 1 : y^-sin('.repeat(levels / 4)}x${')'.repeat(levels / 4)}`,
};

describe('deep nesting', () => {
  it.each(Object.keys(nested))(
    'generates, loads and compiles 50,000 levels of %s',
    async (kind) => {
      const source: Program = parse(`f(x, y, c) = ${nested[kind]!(50_000)}`);
      const args = [0.5, 1, 1];
      const [expected] = evaluate(source, { args });
      const loaded = await loadModule(generateModule(source));
      expect(loaded['f']!(...args)).toBe(expected);
      const compiled = compile(source);
      expect(compiled(...args)).toBe(expected);
    },
    60_000,
  );
});

describe('many functions', () => {
  it('generates a module of 2,000 one-line functions', () => {
    const source = parse(Array.from({ length: 2_000 }, (_, k) => `g${k}(x) = x * ${k}`).join('\n'));
    expect(generateModule(source)).toContain('export function g1999(x)');
  }, 60_000);

  // Too slow for CI (a 8 MB module). Generation is linear in the number of functions (it was
  // quadratic: a copy of every module-level name per function, and a prefix program per
  // function); 10^5 functions took about 4 s on the 2-core machine.
  it.runIf(process.env['DDX_LIMITS'] === 'full')(
    'generates a module of 10^5 one-line functions within a minute',
    () => {
      const lines = Array.from({ length: 100_000 }, (_, k) => `g${k}(x) = x * ${k}`);
      const started = performance.now();
      expect(generateModule(parse(lines.join('\n')))).toContain('export function g99999(x)');
      expect(performance.now() - started).toBeLessThan(60_000);
    },
    1_200_000,
  );
});

describe('wide functions', () => {
  it('compiles a sum over 60,000 parameters with either calling convention', () => {
    const names = Array.from({ length: 60_000 }, (_, k) => `x${k}`);
    const source = parseExpression(names.join(' + '));
    const args = names.map((_, k) => k);
    expect(compile(source)(...args)).toBe((59_999 * 60_000) / 2);
    expect(compile(source, { abi: 'arrays' })(Float64Array.from(args))).toBe((59_999 * 60_000) / 2);
  }, 60_000);

  // V8 allows at most 65,534 formal parameters, and the scalars ABI writes one per ddx
  // parameter: past that, compile() and generateModule throw a `limit` DdxError naming the limit
  // (rather than V8's SyntaxError, or a module that does not load); the arrays ABI works.
  it('compile() of 70,000 parameters is a limit error in the scalars ABI and works in arrays', () => {
    const names = Array.from({ length: 70_000 }, (_, k) => `x${k}`);
    const source = parseExpression(names.join(' + '));
    const limitError = (run: () => unknown): DdxError => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(DdxError);
        return error as DdxError;
      }
      throw new Error('expected a limit error');
    };
    for (const run of [() => compile(source), () => generateModule(source, { grad: true })]) {
      const error = limitError(run);
      expect(error.code).toBe('limit');
      expect(error.message).toMatch(/70,000 parameters.*65,534 \(maxScalarParameters\)/);
      expect(error.message).toMatch(/arrays ABI/);
    }
    expect(maxScalarParameters).toBe(65_534);
    const args = Float64Array.from(names, (_, k) => k);
    expect(compile(source, { abi: 'arrays' })(args, new Float64Array(0))).toBe(
      (69_999 * 70_000) / 2,
    );
  }, 60_000);

  it('a function of 70,000 parameters called by another is a limit error in the arrays ABI', () => {
    const names = Array.from({ length: 70_000 }, (_, k) => `x${k}`);
    const source = parse(
      `f(${names.join(', ')}) = x0 + x69999\ng(${names.join(', ')}) = f(${names.join(', ')})`,
    );
    expect(() => generateModule(source, { abi: 'arrays' })).toThrow(
      expect.objectContaining({
        code: 'limit',
        message: expect.stringMatching(/another function calls it/),
      }),
    );
  }, 60_000);

  it('a function of exactly 65,534 parameters compiles and loads in the scalars ABI', async () => {
    const names = Array.from({ length: maxScalarParameters }, (_, k) => `x${k}`);
    const source = functionDef('f', names, [], [add(ident(names[0]!), ident(names.at(-1)!))]);
    const args = names.map((_, k) => k);
    expect(compile(source)(...args)).toBe(maxScalarParameters - 1);
    const loaded = await loadModule(generateModule(source));
    expect(loaded['f']!(...args)).toBe(maxScalarParameters - 1);
  }, 60_000);
});
