// The arrays calling convention, exactly as benchmarks and other tools rely on it.
import { describe, expect, it } from 'vitest';
import { functionDef, program as makeProgram } from '@ddx/ast';
import { compile, generate, generateModule } from '@ddx/codegen';
import { grad } from '@ddx/transform';
import { lecture, polar } from './programs.js';
import { evaluateFunction, loadModule } from './helpers.js';

const network = makeProgram([lecture.functions[3]!]);
const point = { w1: 2, b1: 0.5, w2: -3, b2: 1, x: 1.5, y: 5 };

describe('arrays ABI', () => {
  it('exports J and J_grad for every function, and only the value of a several-result one', async () => {
    const text = generateModule(makeProgram([...lecture.functions, ...polar.functions]), {
      abi: 'arrays',
      grad: true,
    });
    const loaded = await loadModule(text);
    expect(Object.keys(loaded).sort()).toEqual([
      'J',
      'J_grad',
      'loss',
      'loss_grad',
      'polar',
      'reciprocal',
      'reciprocal_grad',
      'square',
      'square_grad',
    ]);
  });

  it('params holds the wrt parameters in declaration order, inputs the others', async () => {
    // wrt given out of order: the layout still follows the declaration.
    const loaded = await loadModule(
      generateModule(network, { abi: 'arrays', grad: true, wrt: ['w2', 'w1'] }),
    );
    const params = Float64Array.of(point.w1, point.w2);
    const inputs = Float64Array.of(point.b1, point.b2, point.x, point.y);
    const out = new Float64Array(2).fill(NaN);
    const args = [point.w1, point.b1, point.w2, point.b2, point.x, point.y];
    const expected = evaluateFunction(
      makeProgram([grad(network, { wrt: ['w1', 'w2'] })]),
      'J_grad',
      args,
    );
    expect(loaded['J']!(params, inputs)).toBe(expected[0]);
    expect(loaded['J_grad']!(params, inputs, out)).toBe(expected[0]);
    expect([...out]).toEqual(expected.slice(1));
  });

  it('defaults to every parameter in params and an empty inputs', () => {
    const fn = compile(network, { abi: 'arrays', grad: true });
    const out = new Float64Array(6);
    const args = Object.values(point);
    const value = fn(Float64Array.from(args), new Float64Array(0), out);
    const expected = evaluateFunction(makeProgram([grad(network)]), 'J_grad', args);
    expect([value, ...out]).toEqual(expected);
  });

  it('allocates nothing per call: no array, object or `new` inside a function', () => {
    for (const chunkSize of [undefined, 4]) {
      const { module } = generate(network, { abi: 'arrays', grad: true, chunkSize });
      const bodies = functionBodies(module);
      expect(bodies).toContain('out[0] = ');
      expect(bodies).not.toMatch(/\bnew\b|= \[|\(\[|\{\s*\w+:/);
      // Nor a typed-array view: `subarray` allocates one (the copy helpers of chunked code).
      expect(module).not.toMatch(/\.subarray\(|\.slice\(/);
      // A chunked function keeps its scratch buffer at module level, allocated once.
      if (chunkSize)
        expect(module).toMatch(/^const ddx_J_grad_scratch = new Float64Array\(\d+\);$/m);
    }
  });

  it('a Hessian writes all n² entries, row-major, and returns nothing', () => {
    const square = functionDef('q', ['a', 'b'], [], [lecture.functions[2]!.results[0]!]);
    expect(() => compile(square, { abi: 'arrays', hessian: true })).toThrow(/bound/);
    const fn = compile(lecture.functions[0]!, { abi: 'arrays', hessian: true });
    const out = new Float64Array(1);
    expect(fn(Float64Array.of(3), new Float64Array(0), out)).toBeUndefined();
    expect(out[0]).toBe(2);
  });
});

describe('scalars ABI', () => {
  it('a gradient is { value, ...partials } or, as a tuple, [value, ...partials]', () => {
    const args = Object.values(point);
    const expected = evaluateFunction(makeProgram([grad(network)]), 'J_grad', args);
    const object = compile(network, { grad: true })(...args);
    expect(Object.keys(object)).toEqual(['value', ...Object.keys(point)]);
    expect(Object.values(object)).toEqual(expected);
    expect(compile(network, { grad: true, gradient: 'tuple' })(...args)).toEqual(expected);
  });

  it('several results come back as an array', () => {
    expect(compile(polar)(3, 4)).toEqual([5, Math.atan2(4, 3)]);
  });
});

/** The lines inside top-level function declarations. */
function functionBodies(module: string): string {
  const inside: string[] = [];
  let depth = 0;
  for (const line of module.split('\n')) {
    if (/^(export )?function /.test(line)) depth = 1;
    else if (line === '}') depth = 0;
    else if (depth > 0) inside.push(line);
  }
  return inside.join('\n');
}
