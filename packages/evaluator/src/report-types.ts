/** What the checks return: one row per (result, parameter) pair, in the lecture's terms. */
import type { Method } from './tolerance.js';

/**
 * - `ok`: the numeric slope agrees with the symbolic derivative within the tolerance.
 * - `mismatch`: it does not — the symbolic derivative is wrong here.
 * - `not-differentiable`: the one-sided slopes disagree (a kink) or J jumps; nothing to compare.
 * - `non-finite`: J, the numeric slope or the symbolic value is NaN or infinite here.
 */
export type Verdict = 'ok' | 'mismatch' | 'not-differentiable' | 'non-finite';

export interface CheckRow {
  readonly parameter: string;
  /** The result's name in sentences: the function's name (`f` if anonymous), `J[2]` if several. */
  readonly result: string;
  readonly resultIndex: number;
  /** The parameter's value w. */
  readonly at: number;
  /** The step ε (for `dual`, the step of the one-sided slopes that look for kinks). */
  readonly eps: number;
  /** J(w), J(w + ε), J(w - ε). */
  readonly value: number;
  readonly valuePlus: number;
  readonly valueMinus: number;
  /** The slope k the method measured. */
  readonly numeric: number;
  readonly symbolic: number;
  readonly absoluteError: number;
  /** |k - symbolic| / |symbolic| (0 when both are 0, Infinity when only the symbolic is 0). */
  readonly relativeError: number;
  /** The largest |k - symbolic| still called `ok` here. */
  readonly tolerance: number;
  /** One-sided slopes at ε: (J(w+ε) - J(w))/ε and (J(w) - J(w-ε))/ε. */
  readonly sides: { readonly forward: number; readonly backward: number };
  readonly verdict: Verdict;
  /** The row in the lecture's words: "w1 ↑ 0.001 ⇒ J ↑ 0.006 ≈ 6 × ε; dJ/dw1 = 6". */
  readonly sentence: string;
}

export interface CheckReport {
  /** The function checked (`f` for the anonymous function of a bare expression). */
  readonly function: string;
  readonly method: Method;
  /** The point, every parameter by name. */
  readonly at: ReadonlyMap<string, number>;
  readonly rows: readonly CheckRow[];
  /** `checkGradient` only: the gradient's first result against J(w). */
  readonly value?: {
    readonly function: number;
    readonly gradient: number;
    readonly agrees: boolean;
  };
  /** The worst verdict: mismatch, then non-finite, then not-differentiable, then ok. */
  readonly verdict: Verdict;
  /** No row is a mismatch (and the gradient's value agrees): what `ddx check` exits 0 on. */
  readonly passed: boolean;
}
