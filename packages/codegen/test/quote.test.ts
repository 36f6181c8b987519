// The JSDoc quote of a function's source is printed only as far as the comment shows it: the
// same text as @ddx/ast's printer up to the cut, and bounded work on deep shared DAGs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, functionDef, ident, mul, printFunction, program, type Expression } from '@ddx/ast';
import { generate } from '@ddx/codegen';
import { anyProgram } from '@ddx/workloads';
import { quoteFunction } from '../src/quote.js';

describe('quoteFunction', () => {
  it('is printFunction, line by line, cut at the limit', () => {
    fc.assert(
      fc.property(anyProgram, fc.integer({ min: 1, max: 200 }), (source, limit) => {
        for (const fn of source.functions) {
          const full = printFunction(fn).split('\n');
          const quoted = quoteFunction(fn, limit, Infinity);
          expect(quoted).toHaveLength(full.length);
          quoted.forEach((line, index) => {
            const whole = full[index]!;
            // Whole when short, else a prefix at least `limit` long.
            if (whole.length <= limit) expect(line).toBe(whole);
            else {
              expect(whole.startsWith(line)).toBe(true);
              expect(line.length).toBeGreaterThanOrEqual(limit);
            }
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('shows at most maxBindings bindings, then counts the rest', () => {
    const body = Array.from({ length: 30 }, (_, k) => ({
      kind: 'Binding' as const,
      name: `b${k}`,
      value: mul(ident('x'), ident(k === 0 ? 'x' : `b${k - 1}`)),
    }));
    const fn = functionDef('f', ['x'], body, [ident('b29')]);
    const lines = quoteFunction(fn, 200, 21);
    expect(lines).toHaveLength(1 + 20 + 1 + 1 + 1);
    expect(lines[21]).toBe('  ... 10 more bindings');
    expect(lines.at(-2)).toBe('  return b29');
  });
});

it('a 2^200-term shared DAG is quoted in bounded time', () => {
  let e: Expression = ident('x');
  for (let k = 0; k < 200; k++) e = add(e, mul(e, ident('y')));
  const started = performance.now();
  const { module } = generate(program([functionDef('f', ['x', 'y'], [], [e])]));
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(module).toMatch(/ \* f\(x, y\) = x \+ x \* y \+ \(x \+ x \* y\) \* y .* \.\.\.\n/);
});

it('shortened doc comments stay Latin-1, and cut lines within 100 columns', () => {
  // A module with one character outside Latin-1 is a two-byte string in V8: twice the memory
  // and a slower join for a large module (comments.ts). Long parameter lists, long quoted lines
  // and many bindings are each shortened with a marker.
  const params = Array.from({ length: 40 }, (_, i) => `parameter${i}`);
  const body = Array.from({ length: 30 }, (_, k) => ({
    kind: 'Binding' as const,
    name: `b${k}`,
    value: params.slice(1).reduce<Expression>((sum, p) => add(sum, ident(p)), ident(params[0]!)),
  }));
  const fn = functionDef('f', params, body, [ident('b29')]);
  for (const abi of ['arrays', 'scalars'] as const) {
    for (const gradient of ['object', 'tuple'] as const) {
      const { module, declarations } = generate(program([fn]), { abi, gradient, grad: true });
      for (const text of [module, declarations]) {
        const comments = text.split('\n').filter((line) => /^ ?(\/\*\*|\*)/.test(line));
        expect(comments.join('\n')).toContain('...');
        expect(text).not.toMatch(/[^\x00-\xff]/);
        const cut = comments.filter((line) => line.endsWith(' ...'));
        expect(cut.length).toBeGreaterThan(0);
        for (const line of cut) expect(line.length).toBeLessThanOrEqual(100);
      }
    }
  }
});
