/**
 * @ddx/evaluator: runs ddx programs and checks derivatives the way the lecture defines them —
 * "if w goes up by ε and J goes up by k·ε, then dJ/dw = k". It is the oracle the other packages
 * test against.
 */
export { argumentList, type Arguments } from './arguments.js';
export { isTrue, realDomain, type Domain } from './domain.js';
export { evaluate, trace, type EvaluateOptions, type Trace } from './evaluate.js';
export {
  checkDerivative,
  checkGradient,
  checkWithinLimit,
  type CheckOptions,
  type DerivativeCheckOptions,
  type GradientCheckOptions,
  type MethodName,
} from './check.js';
export type { SymbolicFunction } from './symbolic.js';
export type { CheckReport, CheckRow, Verdict } from './report-types.js';
export { checkDefaults, defaultStep, type Method } from './tolerance.js';
export { formatReport } from './format-report.js';
export { formatNumber } from './numbers.js';
export { maxCheckSteps } from './limits.js';
export { seed, trackedDomain, type Tracked } from './tracked.js';
export { builtinPartials, operatorPartials, type PartialsRule } from './partials.js';
export { execute, type Run } from './machine.js';
export { Environment, environmentOf, type Source } from './program.js';
