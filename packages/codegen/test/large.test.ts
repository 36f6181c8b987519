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

  it('chunks read module-level buffers (scratch, params, out), not arguments, in both ABIs', async () => {
    const workload = randomGraph(2_000);
    const arrays = generate(workload.program, {
      abi: 'arrays',
      grad: true,
      wrt: workload.wrt,
    }).module;
    expect(arrays).toContain(
      'function ddx_J_grad_part2() {\n  const scratch = ddx_J_grad_scratch;\n' +
        '  const params = ddx_J_grad_params;\n  const out = ddx_J_grad_out;\n',
    );
    expect(arrays).toContain(`const ddx_J_grad_params = new Float64Array(${workload.wrt.length});`);
    expect(arrays).toMatch(
      /\n {2}const scratch = ddx_J_grad_scratch;\n {2}ddx_copy_in\(ddx_J_grad_params, params\);\n {2}ddx_J_grad_part1\(\);\n/,
    );
    expect(arrays).toMatch(
      /\n {2}ddx_copy_out\(ddx_J_grad_out, out\);\n(?: {2}const .*\n)* {2}return /,
    );
    expect(arrays).not.toMatch(/function ddx_\w+_part\d+\([^)]/);
    const scalars = generate(workload.program, { grad: true, gradient: 'tuple' }).module;
    expect(scalars).toContain(
      'function ddx_J_grad_part2() {\n  const scratch = ddx_J_grad_scratch;\n',
    );
    expect(await formatJs(arrays)).toBe(arrays);
  });

  it('chunks copy their arrays as element reads and writes would: plain, longer, shorter', () => {
    const workload = mlp([12, 40, 24, 3]);
    const { params, inputs } = pointOf(workload);
    const options = { abi: 'arrays', grad: true, wrt: workload.wrt, reroll: false } as const;
    const chunked = compile(workload.program, { ...options, chunkSize: 200 });
    const straight = compile(workload.program, { ...options, chunkSize: Infinity });
    const P = params.length;
    const calls: [ArrayLike<number>, ArrayLike<number>, () => Float64Array | number[]][] = [
      [[...params], [...inputs], () => []],
      [
        Float64Array.of(...params, 5, 6),
        Float64Array.of(...inputs, 7),
        () => new Float64Array(P + 2).fill(9),
      ],
      [params.subarray(0, P - 1), inputs.subarray(1), () => new Float64Array(P - 1)],
    ];
    for (const [p, i, makeOut] of calls) {
      const [out1, out2] = [makeOut(), makeOut()];
      expect(Object.is(chunked(p, i, out1), straight(p, i, out2))).toBe(true);
      expect(out1.length).toBe(out2.length);
      expect([...out1].every((value, k) => Object.is(value, out2[k]))).toBe(true);
    }
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
    // (The one loop is the helper that copies params in: ddx_copy_in.)
    expect(module).not.toMatch(/for \(let \w+ = \d+; \w+ < \d+;/);
  });
});
