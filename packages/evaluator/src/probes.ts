/**
 * The ε-experiment: move one parameter by ±h and ±h/2 and watch every result. Both step sizes
 * are needed: comparing them tells a kink (one-sided slopes that disagree whatever the step)
 * from curvature (a disagreement that halves with the step), and estimates truncation error.
 * Each value comes with its rounding bound, since J(w ± h) may be far larger than J(w).
 */

/** The results of the function at one point, with rounding bounds in units of u. */
export interface Sample {
  readonly values: readonly number[];
  readonly bounds: readonly number[];
}

/** The function being checked, at positional arguments. */
export type Objective = (args: readonly number[]) => Sample;

/** J at w + offset, and the offset actually taken. */
export interface Shifted extends Sample {
  /**
   * (w + h) - w: h rounded to what w + h can hold. Quotients divide by it rather than by h,
   * which removes that rounding from every one of them.
   */
  readonly taken: number;
}

export interface Probes {
  /** The step h asked for. */
  readonly step: number;
  readonly center: Sample;
  readonly plus: Shifted;
  readonly minus: Shifted;
  readonly halfPlus: Shifted;
  readonly halfMinus: Shifted;
  /** J at w ± h/4, computed only when a jump must be told from an extremum. */
  quarter(side: 1 | -1): Shifted;
}

export function probe(
  objective: Objective,
  point: readonly number[],
  index: number,
  step: number,
  center: Sample,
): Probes {
  const w = point[index]!;
  const shifted = (delta: number): Shifted => {
    const args = point.slice();
    args[index] = w + delta;
    return { ...objective(args), taken: args[index]! - w };
  };
  const quarters = new Map<number, Shifted>();
  return {
    step,
    center,
    plus: shifted(step),
    minus: shifted(-step),
    halfPlus: shifted(step / 2),
    halfMinus: shifted(-step / 2),
    quarter(side) {
      let sample = quarters.get(side);
      if (sample === undefined) quarters.set(side, (sample = shifted((side * step) / 4)));
      return sample;
    },
  };
}

/** Difference quotients of one result, at h and at h/2. */
export interface Slopes {
  /** (J(w+h) - J(w)) / h */
  readonly forward: number;
  /** (J(w) - J(w-h)) / h */
  readonly backward: number;
  /** (J(w+h) - J(w-h)) / 2h */
  readonly central: number;
  readonly halfForward: number;
  readonly halfBackward: number;
  readonly halfCentral: number;
}

export function slopesOf(p: Probes, r: number): Slopes {
  const at = p.center.values[r]!;
  const value = (sample: Shifted) => sample.values[r]!;
  const { plus, minus, halfPlus, halfMinus } = p;
  return {
    forward: (value(plus) - at) / plus.taken,
    backward: (at - value(minus)) / -minus.taken,
    central: (value(plus) - value(minus)) / (plus.taken - minus.taken),
    halfForward: (value(halfPlus) - at) / halfPlus.taken,
    halfBackward: (at - value(halfMinus)) / -halfMinus.taken,
    halfCentral: (value(halfPlus) - value(halfMinus)) / (halfPlus.taken - halfMinus.taken),
  };
}

/** Whether J(w) and J at w ± h, w ± h/2 are all finite for result `r`. */
export function allFinite(p: Probes, r: number): boolean {
  return [p.center, p.plus, p.minus, p.halfPlus, p.halfMinus].every((sample) =>
    Number.isFinite(sample.values[r]),
  );
}
