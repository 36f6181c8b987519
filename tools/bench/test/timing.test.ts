// The warm-up waits for V8's tier-up, which comes after a number of calls, not of seconds.
import { describe, expect, it } from 'vitest';
import { warmUp, type Contender } from '../src/timing.js';

/** A contender that takes `slowUs` a call for its first `slowCalls` calls, then `fastUs`. */
function tiersUpAfter(slowCalls: number, slowUs: number, fastUs: number): Contender {
  let calls = 0;
  return {
    name: 'tiers up',
    call: () => {
      const us = calls++ < slowCalls ? slowUs : fastUs;
      const until = performance.now() + us / 1000;
      let spins = 0;
      while (performance.now() < until) spins++;
      return spins;
    },
  };
}

describe('warmUp', () => {
  const options = { windowMs: 10, patienceSeconds: 0.05, maxSeconds: 20 };

  it('waits out a plateau of calls longer than its patience in seconds', () => {
    const contenders = [tiersUpAfter(3_000, 100, 10), tiersUpAfter(200, 30, 10)];
    const { bestUs } = warmUp(contenders, { ...options, patienceCalls: 5_000 });
    expect(bestUs[0]).toBeLessThan(50);
    expect(bestUs[1]).toBeLessThan(25);
  }, 60_000);

  it('without patience in calls, stops on the plateau (what the 10^5-node graph hit)', () => {
    const { bestUs } = warmUp([tiersUpAfter(20_000, 100, 10)], options);
    expect(bestUs[0]).toBeGreaterThan(90);
  }, 60_000);

  it('stays within maxSeconds when a contender never settles', () => {
    let slow = 200;
    const drifting: Contender = {
      name: 'drifting',
      call: () => {
        slow = slow > 20 ? slow * 0.999 : 200;
        const until = performance.now() + slow / 1000;
        while (performance.now() < until);
        return slow;
      },
    };
    const { seconds } = warmUp([drifting], { ...options, maxSeconds: 1, patienceCalls: 1e9 });
    expect(seconds).toBeLessThan(3);
  }, 60_000);
});
