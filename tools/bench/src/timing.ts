/**
 * Timing: a cold first call, a warm-up until V8 has settled, then interleaved rounds measured
 * with mitata's `measure` (every contender once per round, in turn) and the median of the
 * rounds' medians. Interleaving spreads a noisy neighbour on the shared machine over every
 * contender instead of landing on one.
 */
import { do_not_optimize, measure } from 'mitata';

export interface Contender {
  readonly name: string;
  /** One call (one gradient, or one value); returns a number so nothing is optimised away. */
  readonly call: () => number;
}

export interface Timing {
  /** Median over rounds of each round's median, in microseconds per call. */
  readonly medianUs: number;
  /** The fastest and slowest round's median, in microseconds per call. */
  readonly rangeUs: readonly [number, number];
  readonly rounds: number;
  readonly calls: number;
}

const now = (): number => performance.now();

/** The first call's time in milliseconds (the function has never run). */
export function coldCall(call: () => number): number {
  const start = now();
  do_not_optimize(call());
  return now() - start;
}

/**
 * Calls `call` for about `ms` milliseconds (at least `minCalls` calls); µs per call and the
 * number of calls.
 */
export function window(
  call: () => number,
  ms: number,
  minCalls = 4,
): { us: number; calls: number } {
  const start = now();
  let calls = 0;
  let elapsed = 0;
  do {
    do_not_optimize(call());
    calls++;
    elapsed = now() - start;
  } while (elapsed < ms || calls < minCalls);
  return { us: (elapsed * 1000) / calls, calls };
}

export interface WarmUpOptions {
  /** Length of one timing window per contender, in milliseconds. */
  readonly windowMs: number;
  /** Settled: no contender improved its best window by 5% for this many seconds... */
  readonly patienceSeconds: number;
  /** ...or for half the time spent so far, whichever is longer; give up after this many. */
  readonly maxSeconds: number;
  /**
   * ...and for at least this many of its own calls (default 0). V8 tiers a function up after a
   * number of calls, not of seconds: the 250 chunks of a 10^5-node gradient (a few ms a call)
   * sit in the baseline tier for hundreds of calls, longer than any fixed patience in seconds,
   * and a warm-up that stopped there measured them unoptimised (gradient / value 16.9, not 2.4).
   */
  readonly patienceCalls?: number;
  /**
   * With `patienceCalls`: each contender's time alone is at least this many seconds (by index;
   * default none) when `maxSeconds` allows, instead of only an equal share of what is left. A
   * large module takes V8 long to optimise (the 10^4-node, 10^5-parameter gradient: 3,137 chunks,
   * ~500 calls in the baseline tier and ~20 s of TurboFan before it reaches its speed): an equal
   * share of a fixed cap measured it unoptimised. run-workload.ts scales these with the first call.
   */
  readonly minSoloSeconds?: readonly number[];
}

export interface WarmUpResult {
  /** Seconds spent in all. */
  readonly seconds: number;
  /** Each contender's best µs per call. */
  readonly bestUs: number[];
  /** Each contender's seconds alone (0 without `patienceCalls`). */
  readonly soloSeconds: number[];
  /** Whether each contender met the criterion alone, rather than running out of time. */
  readonly settled: boolean[];
}

/**
 * Warms the contenders up; returns the seconds spent and each contender's best µs per call.
 *
 * With `patienceCalls`, each contender is first called alone until it has gone that many calls
 * (and half `patienceSeconds`) without improving on its best time per call by 5%, within its share
 * of `maxSeconds` (what is left, split among the contenders still to warm). V8 tiers a function
 * up after a number of calls: measured on the 10^5-node gradient (250 chunks), ~7 ms a call for
 * the first ~7,000 calls, then ~2 ms; interleaved with three other contenders it would get a
 * quarter of the time and need four times as long.
 *
 * Then every contender is called in turn until none has improved by 5% for the patience in
 * seconds, or for half the time spent in this phase, whichever is longer (V8 optimises the
 * chunks of a big function in bursts, with plateaus between).
 */
export function warmUp(contenders: readonly Contender[], options: WarmUpOptions): WarmUpResult {
  const start = now();
  const seconds = (ms: number): number => ms / 1000;
  const state = contenders.map(() => ({ best: Infinity, improved: start }));
  /** One window of contender `index`: whether it improved on its best by 5%, and its calls. */
  const step = (index: number): { improved: boolean; calls: number } => {
    const s = state[index]!;
    const { us, calls } = window(contenders[index]!.call, options.windowMs);
    const improved = us < s.best * 0.95;
    if (improved) s.improved = now();
    s.best = Math.min(s.best, us);
    return { improved, calls };
  };
  const patienceCalls = options.patienceCalls ?? 0;
  const soloSeconds = contenders.map(() => 0);
  const settledAlone = contenders.map(() => patienceCalls === 0);
  if (patienceCalls > 0) {
    const minimum = (index: number): number => options.minSoloSeconds?.[index] ?? 0;
    contenders.forEach((_, index) => {
      const s = state[index]!;
      const started = now();
      const left = options.maxSeconds - seconds(started - start);
      // What the contenders after this one are owed stays theirs.
      let owed = 0;
      for (let later = index + 1; later < contenders.length; later++) owed += minimum(later);
      const share = Math.max(left / (contenders.length - index), minimum(index));
      const until = started + 1000 * Math.max(0, Math.min(share, left - owed));
      let callsSince = 0;
      while (now() < until) {
        const { improved, calls } = step(index);
        callsSince = improved ? 0 : callsSince + calls;
        if (
          callsSince >= patienceCalls &&
          seconds(now() - s.improved) > options.patienceSeconds / 2
        ) {
          settledAlone[index] = true;
          break;
        }
      }
      soloSeconds[index] = seconds(now() - started);
    });
  }
  const phase = now();
  for (const s of state) s.improved = phase;
  const settled = (s: { improved: number }): boolean =>
    seconds(now() - s.improved) > Math.max(options.patienceSeconds, seconds(now() - phase) / 2);
  do {
    contenders.forEach((_, index) => step(index));
  } while (seconds(now() - start) < options.maxSeconds && !state.every(settled));
  return {
    seconds: seconds(now() - start),
    bestUs: state.map((s) => s.best),
    soloSeconds,
    settled: settledAlone,
  };
}

export interface RoundOptions {
  readonly rounds: number;
  /** CPU time per contender per round, in milliseconds. */
  readonly windowMs: number;
  /** A slow contender takes part in fewer rounds: at most this many ms in all. */
  readonly budgetMs: number;
}

/**
 * Interleaved rounds. `estimateUs` (from the warm-up or the cold call) sizes mitata's batches
 * (about 1 ms a sample, so the clock's resolution does not matter for a 20 ns call) and decides
 * how many rounds a slow contender can afford within `budgetMs`.
 */
export async function interleaved(
  contenders: readonly Contender[],
  estimateUs: readonly number[],
  options: RoundOptions,
): Promise<Timing[]> {
  const samples = contenders.map((): number[] => []);
  const calls = contenders.map(() => 0);
  const roundsFor = estimateUs.map((us) =>
    Math.max(1, Math.min(options.rounds, Math.floor((options.budgetMs * 1000) / us))),
  );
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, { call }] of contenders.entries()) {
      if (round >= roundsFor[index]!) continue;
      const us = estimateUs[index]!;
      const batch = Math.max(4, Math.min(4096, 4 * Math.round(1000 / us / 4)));
      const stats = await measure(() => do_not_optimize(call()), {
        min_cpu_time: options.windowMs * 1e6,
        min_samples: Math.max(1, Math.min(12, Math.floor((options.windowMs * 1000) / us))),
        batch_samples: batch,
        warmup_samples: 1,
      });
      samples[index]!.push(stats.p50 / 1000);
      calls[index]! += stats.ticks;
    }
  }
  return samples.map((values, index) => ({
    medianUs: median(values),
    rangeUs: [Math.min(...values), Math.max(...values)] as const,
    rounds: values.length,
    calls: calls[index]!,
  }));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
