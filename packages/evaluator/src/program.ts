/**
 * The functions a program makes callable. A function may call only functions defined before it
 * (LANGUAGE.md), which also rules out recursion, so every evaluation terminates.
 */
import { catalogue, DdxError, type Call, type FunctionDef, type Program } from '@ddx/ast';

/** A whole program, or one function that calls no other user function. */
export type Source = Program | FunctionDef;

export class Environment {
  readonly #byName = new Map<string, FunctionDef>();
  /** Position in the program; a function from outside (a derivative) may call every function. */
  readonly #position = new Map<FunctionDef, number>();
  readonly functions: readonly FunctionDef[];

  constructor(functions: readonly FunctionDef[]) {
    this.functions = functions;
    functions.forEach((fn, index) => {
      if (this.#byName.has(fn.name)) {
        throw new DdxError('duplicate-function', `the function '${fn.name}' is defined twice`, {
          ...(fn.nameSpan === undefined ? {} : { span: fn.nameSpan }),
        });
      }
      this.#byName.set(fn.name, fn);
      this.#position.set(fn, index);
    });
  }

  /** The function `fn` names (default: the last one, as everywhere in ddx). */
  target(fnName: string | undefined): FunctionDef {
    if (this.functions.length === 0) {
      throw new DdxError('unknown-function', 'the program has no function');
    }
    if (fnName === undefined) return this.functions[this.functions.length - 1]!;
    const found = this.#byName.get(fnName);
    if (found) return found;
    const names = this.functions.map((fn) => fn.name || '(anonymous)').join(', ');
    throw new DdxError('unknown-function', `there is no function '${fnName}' (defined: ${names})`);
  }

  /** The user function `call` invokes from `caller`; builtins are looked up before this. */
  callee(call: Call, caller: FunctionDef): FunctionDef {
    const fn = this.#byName.get(call.callee);
    const span = call.span === undefined ? {} : { span: call.span };
    if (fn === undefined) {
      throw new DdxError('unknown-function', `unknown function '${call.callee}'`, span);
    }
    const callerPosition = this.#position.get(caller) ?? Infinity;
    if (this.#position.get(fn)! >= callerPosition) {
      throw new DdxError(
        'unknown-function',
        `'${call.callee}' is not defined before '${caller.name}': a function may only call functions defined earlier`,
        span,
      );
    }
    if (call.args.length !== fn.params.length) {
      throw new DdxError(
        'arity',
        `'${fn.name}' takes ${fn.params.length} argument${fn.params.length === 1 ? '' : 's'}, got ${call.args.length}`,
        span,
      );
    }
    if (fn.results.length !== 1) {
      throw new DdxError(
        'multiple-results',
        `'${fn.name}' returns ${fn.results.length} values; only a function with one result can be used in an expression`,
        span,
      );
    }
    return fn;
  }
}

const environments = new WeakMap<Source, Environment>();

/** The environment of a source, built once per source object (sources are immutable). */
export function environmentOf(source: Source): Environment {
  let environment = environments.get(source);
  if (environment === undefined) {
    environment = new Environment(source.kind === 'Program' ? source.functions : [source]);
    environments.set(source, environment);
  }
  return environment;
}

/** Checks a builtin call's argument count; returns whether the callee is a builtin at all. */
export function isBuiltinCall(call: Call): boolean {
  const builtin = catalogue.get(call.callee);
  if (builtin === undefined) return false;
  if (call.args.length < builtin.minArity || call.args.length > builtin.maxArity) {
    const expected =
      builtin.minArity === builtin.maxArity
        ? `${builtin.maxArity}`
        : `${builtin.minArity} or ${builtin.maxArity}`;
    throw new DdxError(
      'arity',
      `'${builtin.name}' takes ${expected} argument${builtin.maxArity === 1 ? '' : 's'}, got ${call.args.length}`,
      call.span === undefined ? {} : { span: call.span },
    );
  }
  return true;
}
