import { CapExceeded, count, seconds, type Deadline } from '../caps.js';

/**
 * Central finite differences, 2P calls of a value function per gradient:
 * dJ/dp_i ≈ (J(p + h e_i) − J(p − h e_i)) / 2h with h = 10⁻⁵·max(1, |p_i|), near the cube root
 * of machine epsilon that balances truncation against rounding.
 */
export function finiteDifferences(
  value: (params: Float64Array, inputs: Float64Array) => number,
  deadline: Deadline,
): (params: Float64Array, inputs: Float64Array, out: Float64Array) => number {
  return (params, inputs, out) => {
    const started = performance.now();
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const h = 1e-5 * Math.max(1, Math.abs(p));
      params[i] = p + h;
      const up = value(params, inputs);
      params[i] = p - h;
      const down = value(params, inputs);
      params[i] = p;
      out[i] = (up - down) / (2 * h);
      if ((i & 15) === 15 && deadline.passed()) {
        const elapsed = performance.now() - started;
        throw new CapExceeded(
          `${count(2 * (i + 1))} of ${count(2 * params.length)} value calls in ${seconds(elapsed)}`,
        );
      }
    }
    return value(params, inputs);
  };
}
