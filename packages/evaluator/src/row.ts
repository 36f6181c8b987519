/** One row of a report: one result, one parameter, one verdict. */
import { allFinite, slopesOf, type Probes, type Slopes } from './probes.js';
import type { CheckRow, Verdict } from './report-types.js';
import { sentenceFor, type Irregularity, type RowFacts } from './sentence.js';
import {
  differenceTolerance,
  agreementTolerance,
  isJump,
  isKink,
  type Method,
} from './tolerance.js';
import type { Tracked } from './tracked.js';

export interface RowInput {
  readonly method: Method;
  readonly parameter: string;
  readonly result: string;
  readonly resultIndex: number;
  /** J at w ± ε and w ± ε/2 (for `dual`, at the default central step, to look for kinks). */
  readonly probes: Probes;
  /** `dual` only: the result with its tangent along the parameter. */
  readonly tangent?: Tracked;
  readonly symbolic: number;
  /** Rounding bound of the symbolic value, in units of u. */
  readonly symbolicBound: number;
}

export function checkRow(input: RowInput, at: number): CheckRow {
  const { method, probes, resultIndex: r } = input;
  const slopes = slopesOf(probes, r);
  const numeric = numericSlope(input, slopes);
  const tolerance = toleranceOf(input, slopes, numeric);
  const { verdict, irregularity } = judge(input, numeric, tolerance);
  const absoluteError = Math.abs(numeric - input.symbolic);
  const facts: RowFacts = {
    parameter: input.parameter,
    result: input.result,
    resultIndex: r,
    at,
    eps: probes.step,
    value: probes.center.values[r]!,
    valuePlus: probes.plus.values[r]!,
    valueMinus: probes.minus.values[r]!,
    numeric,
    symbolic: input.symbolic,
    absoluteError,
    relativeError: relativeError(absoluteError, input.symbolic),
    tolerance,
    sides: { forward: slopes.forward, backward: slopes.backward },
    verdict,
  };
  return { ...facts, sentence: sentenceFor(facts, method, irregularity) };
}

function numericSlope(input: RowInput, slopes: Slopes): number {
  switch (input.method) {
    case 'forward':
      return slopes.forward;
    case 'central':
      return slopes.central;
    case 'dual':
      return input.tangent!.tangent;
  }
}

function toleranceOf(input: RowInput, slopes: Slopes, numeric: number): number {
  const { method, symbolic, symbolicBound } = input;
  if (method === 'dual') {
    return agreementTolerance(numeric, input.tangent!.tangentBound, symbolic, symbolicBound);
  }
  return differenceTolerance(
    method,
    slopes,
    input.probes,
    input.resultIndex,
    numeric,
    symbolic,
    symbolicBound,
  );
}

/** Not finite, then not differentiable (which is never a mismatch), then the comparison. */
function judge(
  input: RowInput,
  numeric: number,
  tolerance: number,
): { verdict: Verdict; irregularity: Irregularity } {
  const { probes, resultIndex: r } = input;
  const valuesNeeded = [probes.center.values[r], ...methodProbes(input)];
  if (![...valuesNeeded, numeric].every(Number.isFinite)) {
    return { verdict: 'non-finite', irregularity: undefined };
  }
  // A kink can only be told from curvature when J is finite on both sides.
  if (allFinite(probes, r)) {
    if (isJump(probes, r)) return { verdict: 'not-differentiable', irregularity: 'jump' };
    if (isKink(probes, r)) {
      return { verdict: 'not-differentiable', irregularity: 'kink' };
    }
  }
  // J is finite and has a slope here, so NaN cannot be its derivative (0 * log(-1) in a
  // derivative is a bug). An infinite one can be right: sqrt at 0 rises vertically.
  if (Number.isNaN(input.symbolic)) return { verdict: 'mismatch', irregularity: undefined };
  if (!Number.isFinite(input.symbolic)) return { verdict: 'non-finite', irregularity: undefined };
  const close = Math.abs(numeric - input.symbolic) <= tolerance;
  return { verdict: close ? 'ok' : 'mismatch', irregularity: undefined };
}

/** The values of J the method's own number is made of. */
function methodProbes(input: RowInput): (number | undefined)[] {
  const { probes: p, resultIndex: r } = input;
  switch (input.method) {
    case 'forward':
      return [p.plus.values[r], p.halfPlus.values[r]];
    case 'central':
      return [p.plus, p.minus, p.halfPlus, p.halfMinus].map((sample) => sample.values[r]);
    case 'dual':
      return [];
  }
}

function relativeError(absolute: number, symbolic: number): number {
  if (symbolic !== 0) return absolute / Math.abs(symbolic);
  return absolute === 0 ? 0 : Infinity;
}
