/** `evaluate` and `trace`: the forward pass of a ddx function at a point. */
import type { Expression, FunctionDef } from '@ddx/ast';
import { argumentList, type Arguments } from './arguments.js';
import { realDomain } from './domain.js';
import { execute } from './machine.js';
import { environmentOf, type Environment, type Source } from './program.js';

export interface EvaluateOptions {
  /** The function to run (default: the last one of the program). */
  readonly fn?: string;
  /** A value for every parameter: `{ w: 3 }`, a Map, or an array in parameter order. */
  readonly args: Arguments;
}

/** A function of a program, ready to run many times (the checks evaluate it at many points). */
export interface Target {
  readonly environment: Environment;
  readonly fn: FunctionDef;
}

export function targetOf(source: Source, fnName: string | undefined): Target {
  const environment = environmentOf(source);
  return { environment, fn: environment.target(fnName) };
}

/** The results of the function at positional arguments that have been checked already. */
export function run(target: Target, args: readonly number[]): number[] {
  return execute(target.environment, realDomain, target.fn, args).results.slice();
}

/** The value of each result of the function at `args`, in order. */
export function evaluate(source: Source, options: EvaluateOptions): number[] {
  const target = targetOf(source, options.fn);
  return run(target, argumentList(target.fn, options.args));
}

/** The forward pass: the value of every node of the computation graph. */
export interface Trace {
  readonly fn: FunctionDef;
  readonly params: ReadonlyMap<string, number>;
  /** Each binding's value, in binding order. */
  readonly bindings: ReadonlyMap<string, number>;
  readonly results: readonly number[];
  /** Every expression node of the function that was computed (untaken branches are absent). */
  readonly nodes: ReadonlyMap<Expression, number>;
}

export function trace(source: Source, options: EvaluateOptions): Trace {
  const { environment, fn } = targetOf(source, options.fn);
  const args = argumentList(fn, options.args);
  const outcome = execute(environment, realDomain, fn, args);
  const params = new Map(fn.params.map((name, index) => [name, args[index]!]));
  const bindings = new Map(fn.body.map(({ name }) => [name, outcome.scope.get(name)!]));
  return { fn, params, bindings, results: outcome.results, nodes: outcome.memo };
}
