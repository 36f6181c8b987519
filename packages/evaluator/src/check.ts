/**
 * The ε-perturbation checks. They take the symbolic derivative as an input — they never compute
 * one — so that @ddx/transform can test itself against them without a dependency cycle.
 *
 * - `checkDerivative`: `derivative(params)` returns d(result_i)/d(wrt) for each result i.
 * - `checkGradient`: `gradient(params)` returns [J, dJ/dwrt_1, ..., dJ/dwrt_n], the layout of
 *   @ddx/transform's `grad` (wrt: every parameter, in order, unless given).
 */
import { DdxError, type FunctionDef } from '@ddx/ast';
import { argumentList, describeFunction, type Arguments } from './arguments.js';
import { targetOf } from './evaluate.js';
import { Experiment } from './experiment.js';
import { checkTooLarge, evaluationsPerParameter, maxCheckSteps } from './limits.js';
import type { Source } from './program.js';
import type { CheckReport, CheckRow, Verdict } from './report-types.js';
import { checkRow } from './row.js';
import { symbolicValues, type SymbolicFunction, type SymbolicValues } from './symbolic.js';
import { agreementTolerance, checkDefaults, type Method } from './tolerance.js';

/** `complex-step` is accepted as a name for `dual`, which computes the same first-order term. */
export type MethodName = Method | 'complex-step';

export interface CheckOptions {
  /** The function to check (default: the last one of the program). */
  readonly fn?: string;
  /** The point: a value for every parameter (object, Map, or array in parameter order). */
  readonly at: Arguments;
  /** `central` (default), `forward` (the lecture's), or `dual` (alias `complex-step`). */
  readonly method?: MethodName;
  /** An absolute step ε; by default ∛u·max(1, |w|) (central) or √u·max(1, |w|) (forward). */
  readonly eps?: number;
}

export interface DerivativeCheckOptions extends CheckOptions {
  readonly wrt: string;
  /** Same parameters as the function; returns d(result_i)/d(wrt) for each result i. */
  readonly derivative: FunctionDef | SymbolicFunction;
}

export interface GradientCheckOptions extends CheckOptions {
  /** Same parameters as the function; returns [J, dJ/dwrt_1, ..., dJ/dwrt_n]. */
  readonly gradient: FunctionDef | SymbolicFunction;
  /** Default: every parameter, in declaration order. */
  readonly wrt?: readonly string[];
}

export function checkDerivative(source: Source, options: DerivativeCheckOptions): CheckReport {
  const { experiment, method } = prepare(source, options);
  const { fn } = experiment;
  const index = parameterIndex(fn, options.wrt);
  checkWork(experiment, 1);
  const symbolic = symbolicValues(
    options.derivative,
    experiment.target.environment,
    fn,
    experiment.point,
    fn.results.length,
    `d(result)/d${options.wrt} for each result of ${describeFunction(fn)}`,
  );
  const claims = fn.results.map((_, result) => ({
    result,
    symbolic: symbolic.values[result]!,
    symbolicBound: symbolic.bounds[result]!,
  }));
  return report(experiment, method, rowsFor(experiment, method, options.eps, index, claims));
}

export function checkGradient(source: Source, options: GradientCheckOptions): CheckReport {
  const { experiment, method } = prepare(source, options);
  const { fn } = experiment;
  if (fn.results.length !== 1) {
    throw new DdxError(
      'multiple-results',
      `a gradient needs a function with one result; ${describeFunction(fn)} returns ${fn.results.length} (check each with checkDerivative)`,
    );
  }
  const wrt = wrtList(fn, options.wrt);
  checkWork(experiment, wrt.length);
  const symbolic = symbolicValues(
    options.gradient,
    experiment.target.environment,
    fn,
    experiment.point,
    1 + wrt.length,
    `the value, then dJ/d${wrt.join(', dJ/d')}`,
  );
  const rows = wrt.flatMap((name, i) =>
    rowsFor(experiment, method, options.eps, parameterIndex(fn, name), [
      { result: 0, symbolic: symbolic.values[i + 1]!, symbolicBound: symbolic.bounds[i + 1]! },
    ]),
  );
  return report(experiment, method, rows, valueCheck(experiment, symbolic));
}

/** The options checked before anything is evaluated, and J at the point. */
function prepare(
  source: Source,
  options: CheckOptions,
): { experiment: Experiment; method: Method } {
  const target = targetOf(source, options.fn);
  const method = methodOf(options);
  if (options.eps !== undefined && !(options.eps > 0 && Number.isFinite(options.eps))) {
    throw new DdxError('usage', `eps must be a positive finite number, got ${options.eps}`);
  }
  return { experiment: new Experiment(target, argumentList(target.fn, options.at, 'at')), method };
}

/** Refuses a check that would take more than `maxCheckSteps`, before its first probe. */
function checkWork(experiment: Experiment, parameters: number): void {
  const total = experiment.steps * (1 + evaluationsPerParameter * parameters);
  if (total > maxCheckSteps) {
    throw new DdxError('limit', checkTooLarge(parameters, experiment.steps));
  }
}

/**
 * Throws the `limit` error a check of `parameters` parameters of the function at `at` would
 * end in, after one evaluation: for callers that compute the derivatives to check first (the
 * CLI), or check one parameter at a time (`checkDerivative` per parameter).
 */
export function checkWithinLimit(
  source: Source,
  options: { readonly fn?: string; readonly at: Arguments; readonly parameters: number },
): void {
  const target = targetOf(source, options.fn);
  checkWork(new Experiment(target, argumentList(target.fn, options.at, 'at')), options.parameters);
}

/** A gradient's first result is J itself: it must agree up to rounding. */
function valueCheck(
  experiment: Experiment,
  symbolic: SymbolicValues,
): NonNullable<CheckReport['value']> {
  const [value, valueBound] = [symbolic.values[0]!, symbolic.bounds[0]!];
  const center = experiment.center.values[0]!;
  const centerBound = experiment.center.bounds[0]!;
  const agrees =
    Object.is(value, center) ||
    Math.abs(value - center) <= agreementTolerance(value, valueBound, center, centerBound);
  return { function: center, gradient: value, agrees };
}

function methodOf(options: CheckOptions): Method {
  const method = options.method ?? checkDefaults.method;
  if (method === 'complex-step') return 'dual';
  if (method === 'forward' || method === 'central' || method === 'dual') return method;
  throw new DdxError(
    'usage',
    `unknown method '${String(method)}' (use central, forward, dual or complex-step)`,
  );
}

function parameterIndex(fn: FunctionDef, name: string): number {
  const index = fn.params.indexOf(name);
  if (index === -1) {
    throw new DdxError(
      'unknown-parameter',
      `wrt: '${name}' is not a parameter of ${describeFunction(fn)}`,
    );
  }
  return index;
}

function wrtList(fn: FunctionDef, wrt: readonly string[] | undefined): readonly string[] {
  if (wrt === undefined) return fn.params;
  const seen = new Set<string>();
  for (const name of wrt) {
    parameterIndex(fn, name);
    if (seen.has(name)) throw new DdxError('arguments', `wrt: '${name}' is listed twice`);
    seen.add(name);
  }
  return wrt;
}

/** What the derivative being checked claims about one result. */
interface Claim {
  readonly result: number;
  readonly symbolic: number;
  readonly symbolicBound: number;
}

/** The rows of one parameter: the probes (and tangents) are shared by every result. */
function rowsFor(
  experiment: Experiment,
  method: Method,
  eps: number | undefined,
  index: number,
  claims: readonly Claim[],
): CheckRow[] {
  const { fn } = experiment;
  const name = fn.name === '' ? 'f' : fn.name;
  const probes = experiment.probes(index, method, eps);
  const tangents = method === 'dual' ? experiment.tracked(index) : undefined;
  return claims.map(({ result, symbolic, symbolicBound }) =>
    checkRow(
      {
        method,
        parameter: fn.params[index]!,
        result: fn.results.length === 1 ? name : `${name}[${result + 1}]`,
        resultIndex: result,
        probes,
        ...(tangents === undefined ? {} : { tangent: tangents[result]! }),
        symbolic,
        symbolicBound,
      },
      experiment.point[index]!,
    ),
  );
}

const severity: readonly Verdict[] = ['ok', 'not-differentiable', 'non-finite', 'mismatch'];

function report(
  experiment: Experiment,
  method: Method,
  rows: readonly CheckRow[],
  value?: CheckReport['value'],
): CheckReport {
  const { fn, point } = experiment;
  const verdict = rows.reduce<Verdict>(
    (worst, { verdict }) => (severity.indexOf(verdict) > severity.indexOf(worst) ? verdict : worst),
    'ok',
  );
  return {
    function: fn.name === '' ? 'f' : fn.name,
    method,
    at: new Map(fn.params.map((name, index) => [name, point[index]!])),
    rows,
    ...(value === undefined ? {} : { value }),
    verdict,
    passed: verdict !== 'mismatch' && (value?.agrees ?? true),
  };
}
