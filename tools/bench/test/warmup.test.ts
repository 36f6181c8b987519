// The warm-up report: when a gradient reached its speed, read off its per-second windows.
import { describe, expect, it } from 'vitest';
import { msAt, reachedAt, warmupTable, type Window } from '../src/warmup.js';

const series = (ms: number[]): Window[] =>
  ms.map((m, i) => ({ at: i + 1, calls: 1000 / m, ms: m }));

describe('reachedAt', () => {
  it('is the end of the first window within the factor of the best', () => {
    // Fast at 3 s, then a slow window at 4 s (the machine) that does not undo it.
    expect(reachedAt(series([15, 14, 1.2, 9, 1.2, 1.0, 1.1]), 1.0, 1.25)).toBe(3);
  });

  it('is undefined when no window comes within the factor', () => {
    expect(reachedAt(series([15, 12, 1.3]), 1.0, 1.25)).toBeUndefined();
  });

  it('judges against the best of all runs, not the run’s own', () => {
    // This run's own best is 5 ms; another flag set reached 1 ms.
    expect(reachedAt(series([15, 6, 5, 5]), 1.0, 1.25)).toBeUndefined();
    expect(reachedAt(series([15, 6, 5, 5]), 5.0, 1.25)).toBe(2);
  });
});

describe('msAt', () => {
  it('reads the first window ending at or after the checkpoint', () => {
    expect(msAt(series([15, 14, 3, 1]), 2.5)).toBe(3);
    expect(msAt(series([15, 14]), 10)).toBeUndefined();
  });
});

describe('warmupTable', () => {
  it('has a row per flag set, with durations and the settling time', () => {
    const table = warmupTable(
      [
        {
          name: 'random graph N=100000 P=316',
          runs: [
            { flags: '', firstCallMs: 700, windows: series([12, 11, 10, 9]) },
            {
              flags: '--no-concurrent-recompilation',
              firstCallMs: 710,
              windows: series([12, 1.1, 1.0, 1.05]),
            },
          ],
        },
      ],
      [2],
    );
    const rows = table.split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('per call at 2 s');
    expect(rows[2]).toBe(
      '| random graph N=100000 P=316 | default | 700 ms | 11.0 ms | 9.00 ms | not within 4 s |',
    );
    expect(rows[3]).toBe(
      '| random graph N=100000 P=316 | `--no-concurrent-recompilation` | 710 ms | 1.10 ms | 1.00 ms | 2 s |',
    );
  });
});
