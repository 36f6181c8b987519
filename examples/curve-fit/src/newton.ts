/**
 * A damped Newton method (Levenberg–Marquardt on the exact Hessian) for small problems:
 * solve (H + λ·diag(|H|)) δ = -g, take the step if the loss falls (and trust the model more,
 * λ / 10), otherwise try again with λ · 10. Far from the optimum H may be indefinite; a large
 * enough λ makes the system positive definite, which the Cholesky factorisation checks.
 */
export interface Derivatives {
  readonly loss: number;
  readonly gradient: readonly number[];
  /** Row-major n × n. */
  readonly hessian: readonly number[];
}

export interface Problem {
  readonly loss: (params: readonly number[]) => number;
  readonly derivatives: (params: readonly number[]) => Derivatives;
}

export interface Fit {
  readonly params: number[];
  readonly loss: number;
  /** Accepted Newton steps. */
  readonly iterations: number;
  readonly converged: boolean;
}

export interface NewtonOptions {
  /** Stop when no parameter moves by more than this, relative to its size (default 1e-10). */
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

export function minimise(
  problem: Problem,
  start: readonly number[],
  options: NewtonOptions = {},
): Fit {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 100;
  let params = [...start];
  let loss = problem.loss(params);
  let damping = 1e-3;
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    const { gradient, hessian } = problem.derivatives(params);
    const step = dampedStep(gradient, hessian, damping, (candidate) => {
      const trial = params.map((value, i) => value + candidate[i]!);
      const trialLoss = problem.loss(trial);
      return trialLoss < loss ? trialLoss : undefined;
    });
    // No step lowers the loss: the gradient is zero to within rounding.
    if (step === undefined) return { params, loss, iterations: iteration, converged: true };
    params = params.map((value, i) => value + step.delta[i]!);
    loss = step.loss;
    damping = Math.max(step.damping / 10, 1e-12);
    const moved = step.delta.every((d, i) => Math.abs(d) <= tolerance * Math.abs(params[i]!));
    if (moved) return { params, loss, iterations: iteration + 1, converged: true };
  }
  return { params, loss, iterations: maxIterations, converged: false };
}

interface Step {
  readonly delta: number[];
  readonly loss: number;
  readonly damping: number;
}

function dampedStep(
  gradient: readonly number[],
  hessian: readonly number[],
  damping: number,
  accept: (delta: number[]) => number | undefined,
): Step | undefined {
  const n = gradient.length;
  for (let lambda = damping; lambda < 1e12; lambda *= 10) {
    const system = hessian.map((value, k) =>
      k % (n + 1) === 0 ? value + lambda * Math.max(Math.abs(value), 1e-300) : value,
    );
    const delta = solveSymmetric(
      system,
      gradient.map((g) => -g),
    );
    if (delta === undefined) continue;
    const loss = accept(delta);
    if (loss !== undefined) return { delta, loss, damping: lambda };
  }
  return undefined;
}

/** A x = b for a symmetric positive definite A (row-major), by Cholesky; undefined otherwise. */
export function solveSymmetric(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = b.length;
  const l = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k += 1) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  const y = [...b];
  for (let i = 0; i < n; i += 1) {
    for (let k = 0; k < i; k += 1) y[i]! -= l[i * n + k]! * y[k]!;
    y[i]! /= l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let k = i + 1; k < n; k += 1) y[i]! -= l[k * n + i]! * y[k]!;
    y[i]! /= l[i * n + i]!;
  }
  return y;
}
