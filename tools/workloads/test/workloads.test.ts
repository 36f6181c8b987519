import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { print } from '@ddx/ast';
import {
  anyFunction,
  lectureNetwork,
  mlp,
  randomGraph,
  seededRandom,
  smoothFunction,
} from '@ddx/workloads';

describe('workloads', () => {
  it('are reproducible: the same seed gives the same program', () => {
    expect(print(randomGraph(200).program)).toBe(print(randomGraph(200).program));
    expect(print(randomGraph(200, { seed: 1 }).program)).not.toBe(print(randomGraph(200).program));
    const a = seededRandom(42);
    const b = seededRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('have the parameter counts the benchmarks quote', () => {
    expect(mlp([8, 16, 16, 1]).wrt).toHaveLength(433);
    expect(mlp([8, 64, 64, 1]).wrt).toHaveLength(4801);
    expect(mlp([32, 128, 128, 1]).wrt).toHaveLength(20865);
    expect(randomGraph(10_000, { params: 100_000 }).wrt).toHaveLength(100_000);
    expect(lectureNetwork().wrt).toEqual(['w1', 'b1', 'w2', 'b2']);
  });

  it('give a value for every parameter', () => {
    for (const workload of [lectureNetwork(), mlp([4, 3, 1]), randomGraph(50)]) {
      const params = workload.program.functions.at(-1)!.params;
      expect(params.every((name) => workload.at.has(name))).toBe(true);
      expect([...workload.wrt, ...workload.inputs]).toEqual(params);
    }
  });

  it('generate functions whose bindings are all used', () => {
    fc.assert(
      fc.property(fc.oneof(smoothFunction(), anyFunction()), (program) => {
        const fn = program.functions[0]!;
        const text = print(fn.results[0]!);
        const last = fn.body.at(-1)!.name;
        expect(text.includes(last)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
