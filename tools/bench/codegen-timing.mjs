// Timing for the codegen benchmark: cold first call, warm-up until V8 has settled, then
// interleaved rounds (every contender measured once per round, in turn) and medians.

const now = () => performance.now();
let sink = 0;

/** Runs `call` for about `ms` milliseconds and `minCalls` calls; returns µs per call. */
function window(call, ms, minCalls = 16) {
  const start = now();
  let calls = 0;
  let elapsed = 0;
  do {
    // Batches keep the clock out of the measurement for nanosecond-sized functions.
    for (let i = 0; i < 16; i++) sink += call();
    calls += 16;
    elapsed = now() - start;
  } while (elapsed < ms || calls < minCalls);
  return (elapsed * 1000) / calls;
}

/** The first call's time, in milliseconds (the function has never run). */
export function coldCall(call) {
  const start = now();
  sink += call();
  return now() - start;
}

/**
 * Calls every contender in turn until none has improved on its best time per call (by more than
 * 5%) for `patience` seconds, or half the time spent so far if that is longer: V8 optimises the
 * chunks of a big function in bursts, with plateaus between them. Stops after `maxSeconds`.
 * Returns the seconds spent.
 */
export function warmUp(contenders, { windowMs = 200, patience = 10, maxSeconds = 60 } = {}) {
  const start = now();
  const state = contenders.map(() => ({ best: Infinity, improved: start }));
  const seconds = (ms) => ms / 1000;
  const settled = (s) =>
    seconds(now() - s.improved) > Math.max(patience, seconds(now() - start) / 2);
  while (seconds(now() - start) < maxSeconds && !state.every(settled)) {
    contenders.forEach(({ call }, index) => {
      const s = state[index];
      const perCall = window(call, windowMs, 64);
      if (perCall < s.best * 0.95) s.improved = now();
      s.best = Math.min(s.best, perCall);
    });
  }
  return seconds(now() - start);
}

/** Interleaved rounds; the median microseconds per call of each contender, by name. */
export function interleaved(contenders, { rounds = 15, windowMs = 100 } = {}) {
  const samples = contenders.map(() => []);
  for (let round = 0; round < rounds; round++) {
    contenders.forEach(({ call }, index) => samples[index].push(window(call, windowMs)));
  }
  return Object.fromEntries(contenders.map(({ name }, index) => [name, median(samples[index])]));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Keeps results observable, so no call can be optimised away. */
export function consume() {
  return sink;
}
