// Inputs that are deep or huge: no recursion on the JavaScript stack while generating, and the
// output keeps every expression shallow, so V8 parses and runs it.
import { describe, expect, it } from 'vitest';
import { add, call, functionDef, ident, mul, num, program, type Expression } from '@ddx/ast';
import { compile, generateModule } from '@ddx/codegen';
import { loadModule } from './helpers.js';

describe('deep and long expressions', () => {
  it('a 100,000-term sum compiles, loads and sums in the source order', async () => {
    const params = Array.from({ length: 100 }, (_, i) => `x${i}`);
    let sum: Expression = ident('x0');
    for (let i = 1; i < 100_000; i++) sum = add(sum, mul(num(i % 7), ident(params[i % 100]!)));
    const fn = functionDef('S', params, [], [sum]);
    const args = params.map((_, i) => 1 / (i + 3));
    let expected = args[0]!;
    for (let i = 1; i < 100_000; i++) expected = expected + (i % 7) * args[i % 100]!;
    const text = generateModule(fn);
    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
    const loaded = await loadModule(text);
    expect(loaded['S']!(...args)).toBe(expected);
    const arrays = compile(fn, { abi: 'arrays' });
    expect(arrays(Float64Array.from(args), new Float64Array(0))).toBe(expected);
  });

  it('a 10,000-deep nested expression compiles, and so does its gradient', async () => {
    let deep: Expression = ident('x');
    for (let i = 0; i < 10_000; i++) deep = call('sin', [add(deep, num(0.001))]);
    const fn = functionDef('D', ['x'], [], [deep]);
    let value = 0.3;
    for (let i = 0; i < 10_000; i++) value = Math.sin(value + 0.001);
    const loaded = await loadModule(generateModule(program([fn]), { grad: true }));
    expect(loaded['D']!(0.3)).toBe(value);
    const gradient = loaded['D_grad']!(0.3);
    expect(gradient.value).toBe(value);
    expect(Number.isFinite(gradient.x)).toBe(true);
  });
});
