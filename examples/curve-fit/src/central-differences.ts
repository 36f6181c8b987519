/**
 * Gradient and Hessian of a function by central differences, the yardstick for the generated
 * derivatives: ∂f/∂p_i ≈ (f(p + h e_i) - f(p - h e_i)) / 2h, and the four-point formula for
 * ∂²f/∂p_i∂p_j. Steps scale with each parameter: ε^(1/3)·|p_i| for the gradient and ε^(1/4)·|p_i|
 * for the Hessian balance truncation error against rounding.
 */
import type { Derivatives } from './newton.js';

const epsilon = Number.EPSILON;

function stepFor(value: number, power: number): number {
  return epsilon ** power * Math.max(Math.abs(value), 1e-8);
}

function shifted(params: readonly number[], shifts: ReadonlyMap<number, number>): number[] {
  return params.map((value, i) => value + (shifts.get(i) ?? 0));
}

export function centralGradient(
  f: (params: readonly number[]) => number,
  params: readonly number[],
): number[] {
  return params.map((value, i) => {
    const h = stepFor(value, 1 / 3);
    return (
      (f(shifted(params, new Map([[i, h]]))) - f(shifted(params, new Map([[i, -h]])))) / (2 * h)
    );
  });
}

export function centralHessian(
  f: (params: readonly number[]) => number,
  params: readonly number[],
): number[] {
  const n = params.length;
  const h = params.map((value) => stepFor(value, 1 / 4));
  const centre = f(params);
  const hessian = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i += 1) {
    const up = f(shifted(params, new Map([[i, h[i]!]])));
    const down = f(shifted(params, new Map([[i, -h[i]!]])));
    hessian[i * n + i] = (up - 2 * centre + down) / (h[i]! * h[i]!);
    for (let j = 0; j < i; j += 1) {
      const at = (si: number, sj: number): number =>
        f(
          shifted(
            params,
            new Map([
              [i, si * h[i]!],
              [j, sj * h[j]!],
            ]),
          ),
        );
      const value = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i]! * h[j]!);
      hessian[i * n + j] = value;
      hessian[j * n + i] = value;
    }
  }
  return hessian;
}

export function centralDerivatives(
  f: (params: readonly number[]) => number,
  params: readonly number[],
): Derivatives {
  return {
    loss: f(params),
    gradient: centralGradient(f, params),
    hessian: centralHessian(f, params),
  };
}
