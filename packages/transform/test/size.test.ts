// The cheap-gradient principle, counted: the gradient program's operations against the function's.
import { describe, expect, it } from 'vitest';
import { Interner, operationCount, type FunctionDef } from '@ddx/ast';
import { Algebra, grad, lower, resolveTarget } from '@ddx/transform';
import { lectureNetwork, mlp, randomGraph, type Workload } from '@ddx/workloads';

/** Distinct operations of a function once its bindings are inlined into one DAG. */
function operations(fn: FunctionDef): number {
  const algebra = new Algebra(new Interner());
  const { results } = lower(resolveTarget(fn), algebra);
  return operationCount(results.map((result) => algebra.expression(result)));
}

describe('gradient size', () => {
  it.each<[string, () => Workload]>([
    ['the lecture network', lectureNetwork],
    ['an 8-16-16-1 MLP (433 parameters)', () => mlp([8, 16, 16, 1])],
    ['a random graph of 1,000 nodes', () => randomGraph(1000)],
    ['a random graph of 10,000 nodes', () => randomGraph(10_000)],
  ])('%s: gradient operations ≤ 3 × function operations', (_name, make) => {
    const workload = make();
    const fn = workload.program.functions.at(-1)!;
    const gradient = grad(workload.program, { wrt: workload.wrt });
    const ratio = operations(gradient) / operations(fn);
    expect(ratio).toBeLessThanOrEqual(3);
    expect(ratio).toBeGreaterThan(1);
  });
});
