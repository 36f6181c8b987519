/**
 * The derivative programs: each takes a program (or one function) and returns an ordinary
 * FunctionDef — printable, parseable, differentiable again.
 *
 * Layouts (other packages rely on them):
 * - `diff(f, w)`: `df_dw(params)` returns d(result_i)/dw for each result of f.
 * - `grad(f)`: `f_grad(params)` returns the value, then ∂f/∂wrt_i for each `wrt` (default: all
 *   parameters, in declaration order). Reverse mode.
 * - `jvp(f)`: `f_jvp(params, p_dot...)` returns every result, then every result's tangent.
 * - `vjp(f)`: `f_vjp(params, bar_1...)` returns Σ_k bar_k ∂result_k/∂wrt_i for each wrt.
 * - `jacobian(f)`: ∂result_k/∂wrt_i, row-major (k outer).
 * - `hessian(f)`: ∂²f/∂wrt_i∂wrt_j, row-major (n × n). Forward over reverse.
 * - `hvp(f)`: `f_hvp(params, v_p...)` returns H·v.
 */
import { DdxError, Interner, functionDef, markTreeShaped, type FunctionDef } from '@ddx/ast';
import { Algebra, type NodeId } from './algebra.js';
import { tangents } from './forward.js';
import {
  internerCapacity,
  lower,
  programIndex,
  resolveTarget,
  wrtNodes,
  type Lowered,
  type Source,
} from './lower.js';
import { adjoints } from './reverse.js';
import { isTemporaryShaped, NameSupply, scheduleById } from './schedule.js';

export interface TransformOptions {
  /**
   * The function to differentiate: a name (the first function of that name), or one of the
   * program's FunctionDefs itself. Default: the only or last one. It may call the functions
   * defined before it.
   */
  readonly fn?: string | FunctionDef;
  /** The parameters to differentiate with respect to (default: all, in declaration order). */
  readonly wrt?: readonly string[];
}

interface Prepared {
  readonly algebra: Algebra;
  readonly lowered: Lowered;
  readonly base: string;
  readonly variables: NodeId[];
  readonly wrt: readonly string[];
  readonly names: NameSupply;
  /** How many nodes the lowered function interned: smaller ids are forward-computation nodes. */
  readonly primalSize: number;
  /** The binding name of each node a binding computes, by node id. */
  readonly ownNames: readonly (string | undefined)[];
  /** Whether the binding names collide with no function name (they never do with parameters). */
  readonly ownAreFree: boolean;
  /** The names of the function and the program that start with `d` (adjoint names do). */
  readonly dNames: readonly string[];
}

function prepare(source: Source, options: TransformOptions): Prepared {
  const target = resolveTarget(source, options.fn);
  const algebra = new Algebra(new Interner({ capacity: internerCapacity(target.fn) }));
  const lowered = lower(target, algebra);
  const variables = wrtNodes(lowered, options.wrt);
  const functionNames = target.program ? programIndex(target.program).names : new Set<string>();
  const taken = {
    has: (name: string) => lowered.paramNode(name) !== undefined || functionNames.has(name),
  };
  // One pass over every name: those shaped like temporaries (`t7`), those that could be an
  // adjoint's (`dJ_dx`).
  const temporaryShaped: string[] = [];
  const dNames: string[] = [];
  const sort = (name: string): void => {
    const first = name.charCodeAt(0);
    if (first === 116 /* t */ && isTemporaryShaped(name)) temporaryShaped.push(name);
    else if (first === 100 /* d */) dNames.push(name);
  };
  target.fn.params.forEach(sort);
  for (const binding of target.fn.body) sort(binding.name);
  functionNames.forEach(sort);
  let ownAreFree = true;
  for (const name of functionNames) if (lowered.isBound(name)) ownAreFree = false;
  return {
    algebra,
    lowered,
    base: target.fn.name || 'f',
    variables,
    wrt: options.wrt ?? target.fn.params,
    names: new NameSupply(taken, { has: lowered.isBound }, { temporaryShaped }),
    primalSize: algebra.interner.size,
    ownNames: lowered.namesById,
    ownAreFree,
    dNames,
  };
}

function emit(
  prepared: Prepared,
  name: string,
  extraParams: readonly string[],
  outputs: readonly NodeId[],
  preferred: AdjointNames = { byId: prepared.ownNames, free: false },
): FunctionDef {
  const { body, results } = scheduleById(
    prepared.algebra.interner,
    outputs,
    preferred.byId,
    prepared.ownNames,
    prepared.names,
    prepared.lowered.bindingsById,
    // The lowering's own names are the NameSupply's reserved ones (prepare).
    { ownAreFree: prepared.ownAreFree, preferredAreFree: preferred.free },
  );
  // The schedule binds every node used twice: nothing else is shared.
  return markTreeShaped(
    functionDef(name, [...prepared.lowered.fn.params, ...extraParams], body, results),
  );
}

/**
 * `vjp`, `jacobian`, `hessian` and `hvp` return one value per parameter differentiated: with none
 * (`f() = 2`, or `wrt: []`) they would be functions of no results, which the language has not.
 */
function requireVariables(prepared: Prepared, what: string): void {
  if (prepared.variables.length > 0) return;
  const { fn } = prepared.lowered;
  throw new DdxError(
    'unknown-parameter',
    fn.params.length === 0
      ? `${what} needs a parameter to differentiate with respect to; '${fn.name || 'f'}' has none`
      : `${what} needs at least one parameter in wrt; it is empty`,
  );
}

function requireSingleResult(prepared: Prepared, what: string): NodeId {
  const { results, fn } = prepared.lowered;
  if (results.length !== 1) {
    throw new DdxError(
      'multiple-results',
      `${what} needs a function with one result; '${fn.name}' returns ${results.length} (use vjp or jacobian)`,
    );
  }
  return results[0]!;
}

/** A preferred name per node id; `free` when those that are not a node's own name are free. */
interface AdjointNames {
  readonly byId: readonly (string | undefined)[];
  readonly free: boolean;
}

/**
 * Names for the adjoints of named nodes and of the parameters: `dJ_da1`, `dJ_dw`. An adjoint that
 * is itself a node of the forward computation keeps its forward name (or none). When no name of
 * the program, and none given out yet, starts with `dJ_d`, these names are free as they are.
 */
function adjointNames(
  prepared: Prepared,
  adjointOf: (node: NodeId) => NodeId | undefined,
): AdjointNames {
  const { interner } = prepared.algebra;
  // Sized for every node now interned: writing far past an array's end turns V8's storage into a
  // hash table, and every later read of it (the whole schedule) slows several-fold.
  const named: (string | undefined)[] = new Array(interner.size);
  prepared.ownNames.forEach((name, id) => (named[id] = name));
  const prefix = `d${prepared.base}_d`;
  const label = (node: NodeId, name: string): void => {
    const adjoint = adjointOf(node);
    if (adjoint === undefined) return;
    // Nodes interned while lowering belong to the forward computation: they keep their names.
    if (adjoint >= prepared.primalSize && named[adjoint] === undefined) {
      named[adjoint] = prefix + name;
    }
  };
  prepared.lowered.namesById.forEach((name, id) => name !== undefined && label(id, name));
  prepared.lowered.params.forEach((param, index) =>
    label(param, prepared.lowered.fn.params[index]!),
  );
  const free =
    !prepared.names.gaveOutPrefix(prefix) &&
    !prepared.dNames.some((name) => name.startsWith(prefix));
  return { byId: named, free };
}

/**
 * d(result)/d`wrt` for each result of the function. Forward mode.
 *
 * A list of parameters is a higher or mixed derivative, taken in order and simplified between
 * orders: `['x', 'y']` is ∂/∂y of ∂f/∂x, named `d2f_dx_dy`; `['x', 'x']` is `d2f_dx2`.
 */
export function diff(
  source: Source,
  wrt: string | readonly string[],
  options: { fn?: string | FunctionDef } = {},
): FunctionDef {
  if (typeof wrt === 'string') return diffOnce(source, wrt, options);
  if (wrt.length === 0) {
    throw new DdxError(
      'unknown-parameter',
      'diff needs a parameter to differentiate with respect to; wrt is empty',
    );
  }
  let derivative = diffOnce(source, wrt[0]!, options);
  for (const name of wrt.slice(1)) derivative = diffOnce(derivative, name);
  if (wrt.length === 1) return derivative;
  const { name } = resolveTarget(source, options.fn).fn;
  const bare = name === '' && derivative.body.length === 0 && derivative.results.length === 1;
  return markTreeShaped({ ...derivative, name: bare ? '' : higherOrderName(name || 'f', wrt) });
}

/**
 * `d2f_dx2`, `d2f_dx_dy`, `d3f_dx2_dy`: the order, then each run of one parameter with its
 * length as a power. A name ending in a digit repeats instead (`d2f_dx1_dx1`, not `dx12`).
 */
function higherOrderName(base: string, wrt: readonly string[]): string {
  const parts: string[] = [];
  for (let start = 0; start < wrt.length;) {
    const name = wrt[start]!;
    let end = start + 1;
    while (end < wrt.length && wrt[end] === name) end++;
    const run = end - start;
    if (run === 1 || /[0-9_]$/.test(name)) parts.push(...Array<string>(run).fill(`_d${name}`));
    else parts.push(`_d${name}${run}`);
    start = end;
  }
  return `d${wrt.length}${base}${parts.join('')}`;
}

function diffOnce(
  source: Source,
  wrt: string,
  options: { fn?: string | FunctionDef } = {},
): FunctionDef {
  const prepared = prepare(source, { ...options, wrt: [wrt] });
  const { algebra, lowered } = prepared;
  const seeds = new Map([[prepared.variables[0]!, algebra.one]]);
  const outputs = tangents(algebra, lowered.results, seeds);
  const derivative = emit(prepared, `d${prepared.base}_d${wrt}`, [], outputs);
  // A bare expression's derivative stays bare when it can be written as one: a block needs a
  // name to parse back (`df_dw(w) { ... }`).
  const bare = lowered.fn.name === '' && derivative.body.length === 0;
  return bare && derivative.results.length === 1
    ? markTreeShaped({ ...derivative, name: '' })
    : derivative;
}

/** The value and every requested partial, by reverse mode. */
export function grad(source: Source, options: TransformOptions = {}): FunctionDef {
  const prepared = prepare(source, options);
  const { algebra } = prepared;
  const value = requireSingleResult(prepared, 'grad');
  const { partials, adjointOf } = adjoints(algebra, [value], [algebra.one], prepared.variables);
  const names = adjointNames(prepared, adjointOf);
  return emit(prepared, `${prepared.base}_grad`, [], [value, ...partials], names);
}

/** Forward mode: the results and their tangents along `p_dot` for each wrt parameter p. */
export function jvp(source: Source, options: TransformOptions = {}): FunctionDef {
  const prepared = prepare(source, options);
  const { algebra, lowered } = prepared;
  const tangentParams = prepared.wrt.map((name) => prepared.names.claim(`${name}_dot`));
  const seeds = new Map(
    prepared.variables.map((variable, index) => [variable, algebra.ident(tangentParams[index]!)]),
  );
  const outputs = [...lowered.results, ...tangents(algebra, lowered.results, seeds)];
  return emit(prepared, `${prepared.base}_jvp`, tangentParams, outputs);
}

/** Reverse mode with a cotangent per result: Σ_k bar_k ∂result_k/∂wrt_i. */
export function vjp(source: Source, options: TransformOptions = {}): FunctionDef {
  const prepared = prepare(source, options);
  requireVariables(prepared, 'vjp');
  const { algebra, lowered } = prepared;
  const cotangentParams = lowered.results.map((_result, index) =>
    prepared.names.claim(lowered.results.length === 1 ? 'bar' : `bar_${index + 1}`),
  );
  const seeds = cotangentParams.map((name) => algebra.ident(name));
  const { partials, adjointOf } = adjoints(algebra, lowered.results, seeds, prepared.variables);
  const names = adjointNames(prepared, adjointOf);
  return emit(prepared, `${prepared.base}_vjp`, cotangentParams, partials, names);
}

/** ∂result_k/∂wrt_i for every result k and wrt i, row-major. One reverse sweep per result. */
export function jacobian(source: Source, options: TransformOptions = {}): FunctionDef {
  const prepared = prepare(source, options);
  requireVariables(prepared, 'jacobian');
  const { algebra, lowered } = prepared;
  const rows = lowered.results.flatMap(
    (result) => adjoints(algebra, [result], [algebra.one], prepared.variables).partials,
  );
  return emit(prepared, `${prepared.base}_jacobian`, [], rows);
}

/** ∂²f/∂wrt_i∂wrt_j, row-major: forward mode over the reverse-mode gradient. */
export function hessian(source: Source, options: TransformOptions = {}): FunctionDef {
  const prepared = prepare(source, options);
  const { algebra } = prepared;
  const value = requireSingleResult(prepared, 'hessian');
  requireVariables(prepared, 'hessian');
  const { partials, adjointOf } = adjoints(algebra, [value], [algebra.one], prepared.variables);
  const entries: NodeId[] = [];
  for (const variable of prepared.variables) {
    // Column j: the tangent of the whole gradient along parameter j; H is symmetric.
    entries.push(...tangents(algebra, partials, new Map([[variable, algebra.one]])));
  }
  const n = prepared.variables.length;
  const rowMajor = entries.map(
    (_entry, index) => entries[(index % n) * n + Math.floor(index / n)]!,
  );
  const names = adjointNames(prepared, adjointOf);
  return emit(prepared, `${prepared.base}_hessian`, [], rowMajor, names);
}

/** The Hessian-vector product H·v along `v_p` for each wrt parameter p. */
export function hvp(source: Source, options: TransformOptions = {}): FunctionDef {
  const prepared = prepare(source, options);
  const { algebra } = prepared;
  const value = requireSingleResult(prepared, 'hvp');
  requireVariables(prepared, 'hvp');
  const { partials, adjointOf } = adjoints(algebra, [value], [algebra.one], prepared.variables);
  const directionParams = prepared.wrt.map((name) => prepared.names.claim(`v_${name}`));
  const seeds = new Map(
    prepared.variables.map((variable, index) => [variable, algebra.ident(directionParams[index]!)]),
  );
  const names = adjointNames(prepared, adjointOf);
  return emit(
    prepared,
    `${prepared.base}_hvp`,
    directionParams,
    tangents(algebra, partials, seeds),
    names,
  );
}

/**
 * The adjoint of every node of the computation graph, as the lecture draws it: `f_adjoints`
 * returns the value, then dJ/d(binding) for each binding in order, then dJ/d(parameter) for each
 * parameter. A binding that merely renames another node shares that node's adjoint.
 */
export function bindingAdjoints(
  source: Source,
  options: { fn?: string | FunctionDef } = {},
): FunctionDef {
  const prepared = prepare(source, options);
  const { algebra, lowered } = prepared;
  const value = requireSingleResult(prepared, 'bindingAdjoints');
  const variables = [...lowered.bindings, ...lowered.params];
  const { adjointOf } = adjoints(algebra, [value], [algebra.one], lowered.params);
  const outputs = variables.map((node) =>
    node === value ? algebra.one : (adjointOf(node) ?? algebra.zero),
  );
  const names = adjointNames(prepared, adjointOf);
  return emit(prepared, `${prepared.base}_adjoints`, [], [value, ...outputs], names);
}
