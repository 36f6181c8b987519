/**
 * How close is close enough, and when the slopes say "not differentiable". Every bound here is
 * an estimate of an actual error — truncation from the two step sizes, rounding from the
 * running error bounds of tracked.ts — times one safety factor, rather than a fixed atol/rtol
 * that is too loose for w^2 and too tight for exp(30 w). README.md states the formulas.
 */
import type { Probes, Sample, Shifted, Slopes } from './probes.js';

export type Method = 'forward' | 'central' | 'dual';

/** Machine epsilon u = 2^-52 of float64. */
export const u = Number.EPSILON;

/** The constants of the checks, exported so that the README's figures can be tested. */
export const checkDefaults = {
  method: 'central' as Method,
  /** Central differences balance truncation h²|f'''|/6 against rounding u|f|/h at h ≈ ∛u. */
  centralStep: Math.cbrt(u),
  /** Forward differences balance h|f''|/2 against 2u|f|/h at h ≈ √u. */
  forwardStep: Math.sqrt(u),
  /** Every estimated error is multiplied by this before it is allowed. */
  safety: 4,
  /**
   * A slope jump (a kink) or a value jump that stays within these ratios while h is halved
   * twice is real: anything a smooth function does shrinks with h.
   */
  persistence: [0.8, 1.25] as const,
} as const;

/** The default step at w: relative to |w| for large w, absolute near 0 (the textbook choice). */
export function defaultStep(method: Method, w: number): number {
  const base = method === 'forward' ? checkDefaults.forwardStep : checkDefaults.centralStep;
  return base * Math.max(1, Math.abs(w));
}

/** Rounding error of (J(a) - J(b)) / width, given the bounds of J(a) and J(b) in units of u. */
export function quotientRounding(a: number, b: number, width: number): number {
  return (u * (a + b)) / Math.abs(width);
}

/**
 * The truncation error of the method's quotient at h, estimated from the same quotient at h/2
 * (Richardson's argument): if the error is ≈ c·h, then Q(h) - Q(h/2) ≈ c·h/2 and the error is
 * 2|Q(h) - Q(h/2)|. A central difference usually errs by c·h², which would give 4/3 instead of
 * 2; but where f'' has a kink inside the stencil (relu(x)·x near 0) its error is of order h too,
 * so both methods use the cautious 2.
 */
export function truncationError(method: 'forward' | 'central', s: Slopes): number {
  return method === 'forward'
    ? 2 * Math.abs(s.forward - s.halfForward)
    : 2 * Math.abs(s.central - s.halfCentral);
}

/** Nothing is asked to agree to better than a few units in the last place. */
function floor(a: number, b: number): number {
  return 8 * u * Math.max(Math.abs(a), Math.abs(b));
}

/** Allowed |k - symbolic| for the method's difference quotient of result `r`. */
export function differenceTolerance(
  method: 'forward' | 'central',
  s: Slopes,
  p: Probes,
  r: number,
  numeric: number,
  symbolic: number,
  symbolicBound: number,
): number {
  const bound = (sample: Sample) => sample.bounds[r]!;
  const rounding =
    method === 'forward'
      ? quotientRounding(bound(p.plus), bound(p.center), p.plus.taken)
      : quotientRounding(bound(p.plus), bound(p.minus), p.plus.taken - p.minus.taken);
  const estimate = truncationError(method, s) + rounding + u * symbolicBound;
  return checkDefaults.safety * estimate + floor(numeric, symbolic);
}

/**
 * Allowed |a - b| for two computations of the same exact number (a dual-number derivative and
 * a symbolic one, or J and the value a gradient returns): their rounding bounds, in units of u.
 */
export function agreementTolerance(a: number, aBound: number, b: number, bBound: number): number {
  return checkDefaults.safety * u * (aBound + bBound) + floor(a, b);
}

/** J at w + side·h/2^level (level 0: h, 1: h/2, 2: h/4). */
function shifted(p: Probes, level: 0 | 1 | 2, side: 1 | -1): Shifted {
  if (level === 2) return p.quarter(side);
  if (level === 1) return side === 1 ? p.halfPlus : p.halfMinus;
  return side === 1 ? p.plus : p.minus;
}

/** A quantity measured at the step h/2^level, with a bound on its rounding noise. */
type Measure = (level: 0 | 1 | 2) => { readonly value: number; readonly noise: number };

/**
 * Whether a quantity keeps its size while the step is halved twice (each time within the
 * `persistence` ratios, and above the noise). Whatever a smooth function contributes shrinks
 * at least in proportion to the step; the third measurement is made only when needed.
 */
function persists(measure: Measure): boolean {
  const [low, high] = checkDefaults.persistence;
  let previous = measure(0);
  for (const level of [1, 2] as const) {
    const next = measure(level);
    const ratio = next.value / previous.value;
    // The noise is a bound already, and the ratios must hold twice: no safety factor here. A
    // kink taken for noise would be judged as a mismatch, a worse mistake than the reverse.
    const audible = Math.abs(next.value) > next.noise;
    if (!(audible && ratio >= low && ratio <= high)) return false;
    previous = next;
  }
  return true;
}

/**
 * A kink: the one-sided slopes disagree by the same amount at h, h/2 and h/4. On a smooth
 * function they differ by ≈ h·f'', which halves with h.
 */
export function isKink(p: Probes, r: number): boolean {
  const at = p.center.values[r]!;
  const atBound = p.center.bounds[r]!;
  return persists((level) => {
    const right = shifted(p, level, 1);
    const left = shifted(p, level, -1);
    const slopeRight = (right.values[r]! - at) / right.taken;
    const slopeLeft = (at - left.values[r]!) / -left.taken;
    return {
      value: slopeRight - slopeLeft,
      noise:
        quotientRounding(right.bounds[r]!, atBound, right.taken) +
        quotientRounding(atBound, left.bounds[r]!, left.taken),
    };
  });
}

/**
 * A jump: on one side, J changes by the same amount over h, h/2 and h/4. On a smooth function
 * J(w + h) - J(w) ≈ h·f' halves with h; near an extremum two steps can change J by about the
 * same amount, but hardly three.
 */
export function isJump(p: Probes, r: number): boolean {
  const at = p.center.values[r]!;
  const atBound = p.center.bounds[r]!;
  const jumps = (side: 1 | -1) =>
    persists((level) => {
      const sample = shifted(p, level, side);
      return { value: sample.values[r]! - at, noise: u * (sample.bounds[r]! + atBound) };
    });
  return jumps(1) || jumps(-1);
}
