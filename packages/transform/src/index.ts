export {
  diff,
  grad,
  jvp,
  vjp,
  jacobian,
  hessian,
  hvp,
  bindingAdjoints,
  type TransformOptions,
} from './api.js';
export { Algebra } from './algebra.js';
export { lower, resolveTarget, wrtNodes, type Lowered, type Source, type Target } from './lower.js';
export { tangents } from './forward.js';
export { adjoints, activeNodes, type Adjoints } from './reverse.js';
export { localPartial, localPartials, differentiableBuiltins, type Partial } from './rules.js';
export { schedule, NameSupply, type Schedule } from './schedule.js';
export { reachableIds, useCountsById } from './dag.js';
