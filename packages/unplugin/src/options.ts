/**
 * The plugin's options: those of `ddx gen` (`abi`, `grad`, `hessian`, `wrt`, `fn`, `dts`), with
 * the same defaults, plus which files are ddx programs.
 */
import { DdxError } from '@ddx/ast';
import type { Abi, GradientForm } from '@ddx/codegen';

/** Module ids (absolute paths, with any query) that a pattern matches. */
export type IdPattern = RegExp | readonly RegExp[];

export interface DdxPluginOptions {
  /** Which module ids are ddx programs (default `/\.ddx$/`: not `model.ddx?raw`). */
  readonly include?: IdPattern;
  /** Ids never treated as ddx programs, even when `include` matches. */
  readonly exclude?: IdPattern;
  /** The calling convention (`--abi`, default `scalars`). */
  readonly abi?: Abi;
  /** Also export `J_grad` for every function with one result (`--grad`, default false). */
  readonly grad?: boolean;
  /** Also export `J_hessian` (`--hessian`, default false). */
  readonly hessian?: boolean;
  /** The parameters derivatives are taken with respect to (`--wrt w1,b1`; default: all). */
  readonly wrt?: readonly string[] | string;
  /** Keep this function and the ones before it (`--fn`; default: every function). */
  readonly fn?: string;
  /** Scalars ABI: a gradient as `{ value, w1, ... }` (default) or `[value, dw1, ...]`. */
  readonly gradient?: GradientForm;
  /**
   * Write the module's declarations to `model.d.ddx.ts` beside each `model.ddx` (`--dts`), for
   * TypeScript's `allowArbitraryExtensions` (default false).
   */
  readonly dts?: boolean;
}

/** What generation needs, checked once when the plugin is created. */
export interface GenerationOptions {
  readonly abi: Abi;
  readonly grad: boolean;
  readonly hessian: boolean;
  readonly wrt: readonly string[] | undefined;
  readonly fn: string | undefined;
  readonly gradient: GradientForm;
}

export function generationOptions(options: DdxPluginOptions): GenerationOptions {
  const abi = options.abi ?? 'scalars';
  if (abi !== 'scalars' && abi !== 'arrays') {
    throw new DdxError('usage', `abi: expected 'scalars' or 'arrays', got '${String(abi)}'`);
  }
  const gradient = options.gradient ?? 'object';
  if (gradient !== 'object' && gradient !== 'tuple') {
    throw new DdxError(
      'usage',
      `gradient: expected 'object' or 'tuple', got '${String(gradient)}'`,
    );
  }
  return {
    abi,
    grad: options.grad === true,
    hessian: options.hessian === true,
    wrt: wrtList(options.wrt),
    fn: options.fn,
    gradient,
  };
}

/** `'w1, b1'` or `['w1', 'b1']` to `['w1', 'b1']`; nothing (or an empty list) means every parameter. */
function wrtList(wrt: readonly string[] | string | undefined): readonly string[] | undefined {
  if (wrt === undefined) return undefined;
  const names = (typeof wrt === 'string' ? wrt.split(',') : wrt).map((name) => name.trim());
  if (names.some((name) => name === '')) {
    throw new DdxError('usage', `wrt: an empty parameter name in ${JSON.stringify(wrt)}`);
  }
  return names.length === 0 ? undefined : names;
}

/** `include` and `exclude` as lists (the default `include` is `/\.ddx$/`). */
export function idPatterns(options: DdxPluginOptions): {
  include: readonly RegExp[];
  exclude: readonly RegExp[];
} {
  return {
    include: patterns(options.include ?? /\.ddx$/),
    exclude: patterns(options.exclude ?? []),
  };
}

/** Whether a module id is a ddx program, by `include` and `exclude`. */
export function idFilter(options: DdxPluginOptions): (id: string) => boolean {
  const { include, exclude } = idPatterns(options);
  return (id) =>
    include.some((pattern) => test(pattern, id)) && !exclude.some((pattern) => test(pattern, id));
}

function patterns(pattern: IdPattern): readonly RegExp[] {
  const list: readonly unknown[] =
    pattern instanceof RegExp ? [pattern] : Array.isArray(pattern) ? pattern : [pattern];
  if (!list.every((item): item is RegExp => item instanceof RegExp)) {
    throw new DdxError('usage', 'include and exclude: expected a RegExp or a list of them');
  }
  return list;
}

/** `RegExp.test` without the state a global or sticky pattern keeps between calls. */
function test(pattern: RegExp, id: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(id);
}
