/**
 * Caps: a peer that cannot finish within its budget is reported as DNF with how far it got,
 * never dropped. Long loops (math.js partials, finite-difference calls, TF.js's forward sweep)
 * check a deadline as they go and throw `CapExceeded` with their progress.
 */
import type { WarmUpOptions } from './timing.js';

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

export interface Caps {
  /** math.js: differentiating and compiling every partial. */
  readonly setupMs: number;
  /** One gradient call of finite differences or TF.js (the first call is the one capped). */
  readonly callMs: number;
  /** Measuring one slow peer, after its first call: it takes part in fewer rounds. */
  readonly measureMs: number;
  /** Warm-up of the fast contenders (ddx, hand-written and the value functions). */
  readonly warmUpSeconds: number;
  /**
   * Each fast contender is first warmed alone until it has made this many calls without
   * improving by 5% (timing.ts, `patienceCalls`): V8 needed ~7,000 calls of the 10^5-node
   * gradient to tier its chunks up. Bounded by `warmUpSeconds`, shared among the contenders.
   */
  readonly warmUpCalls: number;
  /**
   * Alone, each fast contender may take at least this many times its first call (in seconds per
   * millisecond of first call): V8's time to optimise grows with the code, and the first call
   * measures the code (the 10^4-node, 10^5-parameter gradient: 0.65 s first call, ~30 s to its
   * speed). The warm-up's cap grows to 1.5 times the sum, up to `warmUpMaxSeconds`.
   */
  readonly warmUpColdFactor: number;
  readonly warmUpMaxSeconds: number;
}

export const quickCaps: Caps = {
  setupMs: 5_000,
  callMs: 4_000,
  measureMs: 1_500,
  warmUpSeconds: 8,
  warmUpCalls: 0,
  warmUpColdFactor: 0,
  warmUpMaxSeconds: 8,
};
export const fullCaps: Caps = {
  setupMs: 120_000,
  callMs: 30_000,
  measureMs: 15_000,
  warmUpSeconds: 240,
  warmUpCalls: 10_000,
  warmUpColdFactor: 0.1,
  warmUpMaxSeconds: 480,
};

/**
 * The warm-up of the fast contenders (timing.ts, `warmUp`), as a run with these caps has it:
 * `coldMs` are their first calls, which set how long each may take alone. compare.ts uses the
 * same, so an A/B measures what the bench would.
 */
export function warmUpOptions(
  caps: Caps,
  coldMs: readonly number[],
  quick: boolean,
  windowMs?: number,
): WarmUpOptions {
  const minSoloSeconds = coldMs.map((ms) => caps.warmUpColdFactor * ms);
  const owed = 1.5 * minSoloSeconds.reduce((sum, s) => sum + s, 0);
  return {
    windowMs: windowMs ?? (quick ? 50 : 100),
    patienceSeconds: quick ? 2 : 10,
    patienceCalls: caps.warmUpCalls,
    maxSeconds: Math.min(caps.warmUpMaxSeconds, Math.max(caps.warmUpSeconds, owed)),
    minSoloSeconds,
  };
}
