/**
 * Caps: a peer that cannot finish within its budget is reported as DNF with how far it got,
 * never dropped. Long loops (math.js partials, finite-difference calls, TF.js's forward sweep)
 * check a deadline as they go and throw `CapExceeded` with their progress.
 */
export class CapExceeded extends Error {
  constructor(readonly progress: string) {
    super(progress);
    this.name = 'CapExceeded';
  }
}

/** A deadline a loop can check cheaply; `Infinity` when no cap applies. */
export class Deadline {
  at = Infinity;

  /** Starts a budget of `ms` milliseconds from now. */
  start(ms: number): this {
    this.at = performance.now() + ms;
    return this;
  }

  clear(): void {
    this.at = Infinity;
  }

  passed(): boolean {
    return performance.now() > this.at;
  }
}

export const count = (value: number): string => value.toLocaleString('en-US');

export const seconds = (ms: number): string =>
  ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
