/**
 * `ddx check`: every symbolic partial of the reverse-mode gradient against an ε-perturbation,
 * through the evaluator's checks and its lecture-style report; exit 1 if any disagrees.
 *
 * `--claim w2=6` checks a claimed value of dJ/dw2 instead of the symbolic one: the gradient
 * handed to the checker has the claimed constant in that slot, so the report puts the measured
 * slope next to the claim. This is how the lecture's slip ("raising w2 by ε raises J by 6ε") is
 * caught from the command line.
 *
 * A function with several results has no gradient: each partial is checked with
 * `checkDerivative` (one report per parameter) instead.
 */
import { DdxError, signedNumber, type FunctionDef } from '@ddx/ast';
import {
  checkDerivative,
  checkGradient,
  checkWithinLimit,
  formatReport,
  type CheckReport,
  type MethodName,
} from '@ddx/evaluator';
import { diff, grad } from '@ddx/transform';
import {
  argumentsFor,
  checkParameters,
  parseAssignments,
  parseNameList,
  usage,
} from '../assignments.js';
import type { Context } from '../context.js';
import { fnOption, pickFunction, valueName } from '../input.js';
import { toJson } from '../io.js';

export type CheckMethod = 'forward' | 'central' | 'complex' | 'dual';

export interface CheckOptions {
  readonly at?: readonly string[];
  readonly wrt?: readonly string[];
  readonly method?: CheckMethod;
  readonly eps?: number;
  readonly claim?: readonly string[];
}

/** The gradient with each claimed partial replaced by the claimed constant. */
export function withClaims(
  gradient: FunctionDef,
  wrt: readonly string[],
  claims: ReadonlyMap<string, number>,
): FunctionDef {
  if (claims.size === 0) return gradient;
  const results = gradient.results.map((result, index) => {
    const claimed = index === 0 ? undefined : claims.get(wrt[index - 1]!);
    return claimed === undefined ? result : signedNumber(claimed);
  });
  return { ...gradient, results };
}

/** In a claimed row's sentence the value checked is the claim, not the symbolic derivative. */
function relabelClaims(report: CheckReport, claims: ReadonlyMap<string, number>): CheckReport {
  if (claims.size === 0) return report;
  const rows = report.rows.map((row) =>
    claims.has(row.parameter)
      ? { ...row, sentence: row.sentence.replace(/\bsymbolic d/, 'claimed d') }
      : row,
  );
  return { ...report, rows };
}

/** A report as JSON: its Map of the point becomes an object. */
function reportJson(report: CheckReport): object {
  return { ...report, at: Object.fromEntries(report.at) };
}

export async function checkCommand(
  argument: string,
  options: CheckOptions,
  context: Context,
): Promise<number> {
  if (options.at === undefined) {
    throw usage('check needs --at: the point where the derivatives are compared');
  }
  const listed = parseNameList(options.wrt ?? [], '--wrt');
  const claims = parseAssignments(options.claim ?? [], '--claim');
  const { program } = await context.load(argument);
  const fn = pickFunction(program, context.options.fn);
  checkParameters(fn, listed, '--wrt');
  checkParameters(fn, claims.keys(), '--claim');
  const args = argumentsFor(fn, parseAssignments(options.at, '--at'));
  // Claimed partials are checked whether or not --wrt lists them.
  const chosen = new Set(listed);
  const wrt =
    listed.length === 0 ? fn.params : fn.params.filter((p) => chosen.has(p) || claims.has(p));
  const method: MethodName | undefined =
    options.method === 'complex' ? 'complex-step' : options.method;
  const common = {
    ...fnOption(fn),
    at: args,
    ...(method === undefined ? {} : { method }),
    ...(options.eps === undefined ? {} : { eps: options.eps }),
  };
  // Before any derivative is computed: the check's cost (maxCheckSteps), from one evaluation.
  checkWithinLimit(program, { ...fnOption(fn), at: args, parameters: wrt.length });
  let reports: CheckReport[];
  if (fn.results.length === 1) {
    const gradient = withClaims(grad(program, { ...fnOption(fn), wrt }), wrt, claims);
    reports = [relabelClaims(checkGradient(program, { ...common, gradient, wrt }), claims)];
  } else {
    if (claims.size > 0) {
      throw new DdxError(
        'multiple-results',
        `--claim needs a function with one result; '${valueName(fn)}' returns ${fn.results.length}`,
      );
    }
    reports = wrt.map((name) =>
      checkDerivative(program, {
        ...common,
        wrt: name,
        derivative: diff(program, name, fnOption(fn)),
      }),
    );
  }
  const passed = reports.every((report) => report.passed);
  if (context.json) {
    context.print(
      toJson({
        function: fn.name,
        passed,
        ...(claims.size === 0 ? {} : { claims: Object.fromEntries(claims) }),
        reports: reports.map(reportJson),
      }),
    );
  } else {
    context.print(reports.map(formatReport).join('\n\n'));
  }
  return passed ? 0 : 1;
}
