// Large functions: chunking and loop rerolling change the code's shape, never its bits.
import { describe, expect, it } from 'vitest';
import { compile, generate } from '@ddx/codegen';
import { mlp, randomGraph } from '@ddx/workloads';
import { formatJs } from './helpers.js';

type Workload = ReturnType<typeof mlp>;

function pointOf(workload: Workload): { params: Float64Array; inputs: Float64Array } {
  return {
    params: Float64Array.from(workload.wrt, (name) => workload.at.get(name)!),
    inputs: Float64Array.from(workload.inputs, (name) => workload.at.get(name)!),
  };
}

/** Value and gradient under the arrays ABI, as one list. */
function gradientAt(workload: Workload, chunkSize: number, reroll = true): number[] {
  const fn = compile(workload.program, {
    abi: 'arrays',
    grad: true,
    wrt: workload.wrt,
    chunkSize,
    reroll,
  });
  const { params, inputs } = pointOf(workload);
  const out = new Float64Array(params.length);
  return [fn(params, inputs, out), ...out];
}

describe('large functions', () => {
  it.each([
    ['mlp 24-96-96-1 (rerolled)', () => mlp([24, 96, 96, 1])],
    ['mlp 12-40-24-3', () => mlp([12, 40, 24, 3])],
    ['random graph of 2,000 nodes', () => randomGraph(2_000)],
  ])('%s: chunked and rerolled code computes the straight-line bits', (_name, make) => {
    const workload = make();
    const straight = gradientAt(workload, Infinity, false);
    for (const chunkSize of [25, 200, 1000]) {
      const chunked = gradientAt(workload, chunkSize);
      expect(chunked.every((value, i) => Object.is(value, straight[i]))).toBe(true);
    }
  });

  it('chunks read the module-level scratch buffer, not an argument, in both ABIs', async () => {
    const workload = randomGraph(2_000);
    const arrays = generate(workload.program, {
      abi: 'arrays',
      grad: true,
      wrt: workload.wrt,
    }).module;
    expect(arrays).toContain(
      'function ddx_J_grad_part2(params, inputs, out) {\n  const scratch = ddx_J_grad_scratch;\n',
    );
    expect(arrays).toContain('\n  ddx_J_grad_part2(params, inputs, out);\n');
    expect(arrays).not.toMatch(/function ddx_\w+\([^)]*scratch\)/);
    const scalars = generate(workload.program, { grad: true, gradient: 'tuple' }).module;
    expect(scalars).toContain(
      'function ddx_J_grad_part2() {\n  const scratch = ddx_J_grad_scratch;\n',
    );
    expect(await formatJs(arrays)).toBe(arrays);
  });

  it('a large MLP gradient becomes loops over its layers, in prettier style', async () => {
    const workload = mlp([24, 96, 96, 1]);
    const options = { abi: 'arrays', grad: true, wrt: workload.wrt } as const;
    const { module } = generate(workload.program, options);
    // Forward layers, the weights' adjoints per unit, the adjoint sums of a layer side by side.
    expect(module).toMatch(/for \(let i = 0; i < 96; i\+\+\) \{\n\s+const t\d+ = params\[/);
    expect(module).toMatch(
      /for \(let i = 1; i < 96; i\+\+\) \{\n\s+const dJ_db2 = scratch\[\d+ \+ 97 \* i\];\n\s+scratch\[(\d+)\] = scratch\[\1\] \+ dJ_db2 \* params\[/,
    );
    expect(module).toMatch(/out\[\d+ - i\] = dJ_dw2;/);
    const straight = generate(workload.program, { ...options, reroll: false }).module;
    expect(module.length).toBeLessThan(straight.length / 2);
    expect(await formatJs(module)).toBe(module);
  });

  it('small functions are never rerolled: they stay one const per binding', () => {
    const workload = mlp([8, 64, 64, 1]);
    const { module } = generate(workload.program, { abi: 'arrays', grad: true, wrt: workload.wrt });
    expect(module).not.toContain('for (');
  });
});
