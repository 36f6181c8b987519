// Reductions of one shape, one per unit (an adjoint summed over a layer for every unit), are
// summed side by side: every member still adds the same terms in the same order, so the bits are
// those of the straight-line code; wide groups are summed in blocks.
import { describe, expect, it } from 'vitest';
import { add, binding, functionDef, ident, mul, program, type Expression } from '@ddx/ast';
import { compile, generate } from '@ddx/codegen';
import { mlp } from '@ddx/workloads';
import { formatJs } from './helpers.js';

/**
 * s_k = c_k + w_k_0 * x_0 + ... + w_k_(n-1) * x_(n-1) and u_k = s_k * s_k, alternating (so they
 * form no run), for k < units; J = u_0 + u_1 + ...: sums with a prefix, over inputs. (Bindings
 * a_i = x_i * x_i first: reductions are looked for in functions that have runs.)
 */
function layer(units: number, inputs: number) {
  const x = Array.from({ length: inputs }, (_, i) => `x_${i}`);
  const params: string[] = [];
  const body = x.map((name, i) => binding(`a_${i}`, mul(ident(name), ident(name))));
  let result: Expression = ident('a_0');
  for (let k = 0; k < units; k++) {
    params.push(`c_${k}`);
    let sum: Expression = ident(`c_${k}`);
    for (let i = 0; i < inputs; i++) {
      params.push(`w_${k}_${i}`);
      sum = add(sum, mul(ident(`w_${k}_${i}`), ident(x[i]!)));
    }
    body.push(binding(`s_${k}`, sum), binding(`u_${k}`, mul(ident(`s_${k}`), ident(`s_${k}`))));
    result = add(result, ident(`u_${k}`));
  }
  const fn = functionDef('J', [...params, ...x], body, [result]);
  return { program: program([fn]), params, x };
}

function valueAt(
  source: ReturnType<typeof layer>,
  reroll: boolean,
  at: (index: number) => number,
): number {
  const fn = compile(source.program, { abi: 'arrays', wrt: source.params, reroll });
  const params = Float64Array.from(source.params, (_, i) => at(i));
  const inputs = Float64Array.from(source.x, (_, i) => at(params.length + i) * 3);
  return fn(params, inputs);
}

describe('reduction groups', () => {
  it('sum with a prefix, in two blocks, to the straight-line bits', async () => {
    const source = layer(130, 120);
    const { module } = generate(source.program, { abi: 'arrays', wrt: source.params });
    // The prefixes, then one statement per member for each term, inputs read once per term.
    expect(module).toMatch(/for \(let j = 0; j < 130; j\+\+\) \{\n\s+scratch\[\d+ \+ j\] = /);
    const blocks =
      /for \(let i = 0; i < 120; i\+\+\) \{\n\s+const x = inputs\[i\];\n\s+scratch\[(\d+)\] = scratch\[\1\] \+ /g;
    expect(module.match(blocks)).toHaveLength(2);
    expect(await formatJs(module)).toBe(module);
    for (const at of [(i: number) => Math.sin(i) / 7, (i: number) => 1 / (i + 1) - 0.3]) {
      expect(Object.is(valueAt(source, true, at), valueAt(source, false, at))).toBe(true);
    }
  });

  it('an MLP gradient with layers wider than a block', () => {
    const workload = mlp([2, 136, 64, 1]);
    const options = { abi: 'arrays', grad: true, wrt: workload.wrt } as const;
    const { module } = generate(workload.program, options);
    expect(module).toMatch(/for \(let j = 0; j < 136; j\+\+\)/);
    const params = Float64Array.from(workload.wrt, (name) => workload.at.get(name)!);
    const inputs = Float64Array.from(workload.inputs, (name) => workload.at.get(name)!);
    const gradientOf = (reroll: boolean): number[] => {
      const fn = compile(workload.program, { ...options, reroll });
      const out = new Float64Array(params.length);
      return [fn(params, inputs, out), ...out];
    };
    const straight = gradientOf(false);
    expect(gradientOf(true).every((value, i) => Object.is(value, straight[i]))).toBe(true);
  });
});
