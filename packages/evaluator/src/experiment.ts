/**
 * The function under test at one point: J(w) with its rounding bounds, the ε-probes of each
 * parameter, and dual-number tangents. The checks ask; this computes, each thing once.
 */
import type { FunctionDef } from '@ddx/ast';
import type { Target } from './evaluate.js';
import { execute } from './machine.js';
import { probe, type Probes, type Sample } from './probes.js';
import { defaultStep, type Method } from './tolerance.js';
import { seed, trackedDomain, type Tracked } from './tracked.js';

export class Experiment {
  /** J at the point, every result with its rounding bound. */
  readonly center: Sample;
  /** What one evaluation of J costs, in expression nodes computed. */
  readonly steps: number;

  constructor(
    readonly target: Target,
    readonly point: readonly number[],
  ) {
    const run = execute(
      target.environment,
      trackedDomain,
      target.fn,
      point.map((v) => seed(v, 0)),
    );
    this.steps = run.steps;
    this.center = sampleOf(run.results);
  }

  get fn(): FunctionDef {
    return this.target.fn;
  }

  /** J with parameter `index` moved by ±ε and ±ε/2; ε defaults to the method's step at w. */
  probes(index: number, method: Method, eps: number | undefined): Probes {
    const w = this.point[index]!;
    // Dual numbers need no step; their kink probe uses the central one.
    const step = eps ?? defaultStep(method === 'forward' ? 'forward' : 'central', w);
    return probe((args) => this.sample(args), this.point, index, step, this.center);
  }

  /**
   * J with rounding bounds. The values are those of a plain evaluation: the tracked domain
   * computes each value with the same operation of the @ddx/ast tables.
   */
  sample(args: readonly number[]): Sample {
    return sampleOf(this.#run(args.map((value) => seed(value, 0))));
  }

  /** Every result with its tangent along parameter `index` (-1: along none). */
  tracked(index: number): readonly Tracked[] {
    return this.#run(this.point.map((value, i) => seed(value, i === index ? 1 : 0)));
  }

  #run(args: readonly Tracked[]): readonly Tracked[] {
    return execute(this.target.environment, trackedDomain, this.fn, args).results;
  }
}

/**
 * A bound is infinite or NaN only where a partial is (a square root at 0 whose error is
 * multiplied in); then fall back to a generous multiple of the value itself.
 */
export function finiteBound(bound: number, value: number): number {
  if (Number.isFinite(bound)) return bound;
  // Never Infinity: an infinite tolerance would let any claim pass.
  return Math.min(64 * Math.abs(value), Number.MAX_VALUE);
}

function sampleOf(results: readonly Tracked[]): Sample {
  return {
    values: results.map((result) => result.value),
    bounds: results.map((result) => finiteBound(result.valueBound, result.value)),
  };
}
