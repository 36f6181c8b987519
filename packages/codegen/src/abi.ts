/**
 * The two calling conventions. A `Signature` says how a function's parameters arrive and how its
 * results leave; everything else about a generated function is the same for both.
 *
 * - scalars: `J(w1, b1, x)` → a number; several results → an array `[r0, r1]`; a gradient →
 *   `{ value, w1, b1 }` (or `[value, dw1, db1]` with `gradient: 'tuple'`); a Hessian → a flat
 *   row-major array.
 * - arrays: `J(params, inputs)` → the value. A function with several results (a gradient among
 *   them) is `J_grad(params, inputs, out)`: it returns the first result and writes the others to
 *   `out[0]`, `out[1]`, ...; a Hessian writes all n² entries to `out` and returns nothing. `params`
 *   holds the `wrt` parameters in declaration order, `inputs` the others.
 */
import { abiNames } from './names.js';

export type Abi = 'scalars' | 'arrays';
export type GradientForm = 'object' | 'tuple';

/** What a function computes, which decides the shape of its results. */
export type Role = 'value' | 'gradient' | 'hessian';

/** Where a parameter's value comes from. */
export type ParamSource =
  | { readonly kind: 'argument' }
  | { readonly kind: 'element'; readonly array: string; readonly index: number };

export type ResultLayout =
  /** `return r0;` */
  | { readonly kind: 'single' }
  /** `return [r0, r1, ...];` */
  | { readonly kind: 'tuple'; readonly count: number }
  /** `return { key0: r0, key1: r1, ... };` (keys are ddx names) */
  | { readonly kind: 'object'; readonly keys: readonly string[] }
  /** `out[i] = r(i + skip);` then `return r0;` when `skip` is 1. */
  | { readonly kind: 'out'; readonly skip: 0 | 1 };

export interface Signature {
  readonly abi: Abi;
  /** The JavaScript parameters of the exported function. */
  readonly entryParams: readonly string[];
  /** Index for index with the ddx parameters. */
  readonly sources: readonly ParamSource[];
  readonly results: ResultLayout;
  /** The ddx names in `params` and in `inputs` (arrays ABI), for documentation. */
  readonly split?: { readonly params: readonly string[]; readonly inputs: readonly string[] };
}

export interface SignatureRequest {
  readonly abi: Abi;
  readonly role: Role;
  /** The ddx parameters (for scalars: their JavaScript names come from `jsParams`). */
  readonly params: readonly string[];
  readonly jsParams: readonly string[];
  readonly resultCount: number;
  /** The parameters a derivative is taken with respect to, in declaration order. */
  readonly wrt: readonly string[];
  readonly gradientForm: GradientForm;
}

export function signatureOf(request: SignatureRequest): Signature {
  return request.abi === 'arrays' ? arraysSignature(request) : scalarsSignature(request);
}

/** The key under which a scalar gradient object holds the value. */
export const valueKey = 'value';

function scalarsSignature(request: SignatureRequest): Signature {
  const { role, resultCount } = request;
  const sources = request.params.map((): ParamSource => ({ kind: 'argument' }));
  let results: ResultLayout;
  if (role === 'gradient' && request.gradientForm === 'object') {
    results = { kind: 'object', keys: [valueKey, ...request.wrt] };
  } else if (resultCount === 1 && role === 'value') {
    results = { kind: 'single' };
  } else {
    results = { kind: 'tuple', count: resultCount };
  }
  return { abi: 'scalars', entryParams: request.jsParams, sources, results };
}

function arraysSignature(request: SignatureRequest): Signature {
  const wrt = new Set(request.wrt);
  const params = request.params.filter((name) => wrt.has(name));
  const inputs = request.params.filter((name) => !wrt.has(name));
  let paramIndex = 0;
  let inputIndex = 0;
  const sources = request.params.map((name): ParamSource => {
    return wrt.has(name)
      ? { kind: 'element', array: abiNames.params, index: paramIndex++ }
      : { kind: 'element', array: abiNames.inputs, index: inputIndex++ };
  });
  const single = request.role === 'value' && request.resultCount === 1;
  const results: ResultLayout = single
    ? { kind: 'single' }
    : { kind: 'out', skip: request.role === 'hessian' ? 0 : 1 };
  const entryParams = single
    ? [abiNames.params, abiNames.inputs]
    : [abiNames.params, abiNames.inputs, abiNames.out];
  return { abi: 'arrays', entryParams, sources, results, split: { params, inputs } };
}
