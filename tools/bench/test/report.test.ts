import { describe, expect, it } from 'vitest';
import { chartSvg } from '../src/chart.js';
import {
  agreementTable,
  duration,
  gradientTable,
  markdown,
  processTable,
  relative,
  setupTable,
  targetRows,
  transformTable,
} from '../src/report.js';
import type { BenchResults, PeerResult, WorkloadResult } from '../src/results.js';
import { runStages, runWorkload } from '../src/run-workload.js';
import { quickCaps } from '../src/caps.js';
import { roundOptions, runFork, timeFork } from '../src/forks.js';
import { gradientModule, workloadByKey } from '../src/workloads.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ok = (peer: PeerResult['peer'], medianUs: number, agreement?: number): PeerResult => ({
  peer,
  computes: peer.includes('value') ? 'value' : 'gradient',
  status: 'ok',
  medianUs,
  coldMs: 1,
  ...(agreement === undefined ? {} : { agreement }),
});

function workload(key: string, name: string, overrides: Partial<WorkloadResult>): WorkloadResult {
  return {
    key,
    name,
    N: 10_001,
    P: 100_000,
    sourceBytes: 3_000_000,
    parse: { ms: 900, heapMB: 300 },
    grad: { ms: 1_200, heapMB: 200 },
    codegen: { ms: 2_500, heapMB: 150 },
    moduleBytes: 9_000_000,
    functionOps: 219_922,
    gradientOps: 543_894,
    warmUpSeconds: 12,
    peers: [],
    ...overrides,
  };
}

const results: BenchResults = {
  command: 'npm run bench',
  date: '2026-11-29',
  quick: false,
  wallSeconds: 100,
  machine: {
    cpu: 'Test CPU',
    cores: 2,
    memoryGB: 24,
    os: 'linux',
    node: 'v20.20.2',
    v8: '11.3',
    loadAverage: [1, 1, 1],
  },
  versions: { mathjs: '15.2.0' },
  settings: {},
  workloads: [
    workload('lecture', 'lecture network', {
      N: 6,
      P: 4,
      peers: [
        ok('ddx', 0.006, 0),
        ok('hand-written', 0.004, 0),
        ok('value', 0.002),
        ok('ddx value', 0.002),
        ok('math.js', 14, 0),
      ],
    }),
    workload('table-1e4-1e5', 'random graph N=10000 P=100000', {
      peers: [
        ok('ddx', 30_000, 0),
        ok('hand-written', 20_000, 1e-15),
        ok('value', 5_000),
        {
          peer: 'math.js',
          computes: 'gradient',
          status: 'dnf',
          note: '120 of 100,000 partials in 60 s',
        },
      ],
    }),
    workload('graph-1e5', 'random graph N=100000 P=316', {
      N: 100_001,
      P: 316,
      functionOps: 119_308,
      gradientOps: 310_360,
    }),
  ],
  parse: [],
  startup: [],
};

describe('the report', () => {
  it('writes durations in the unit that suits them', () => {
    expect(duration(0.0065)).toBe('6.50 ns');
    expect(duration(14.19)).toBe('14.2 µs');
    expect(duration(292_498)).toBe('292 ms');
    expect(duration(2_500_000)).toBe('2.50 s');
  });

  it('puts every tool in the gradient table, a DNF with how far it got', () => {
    const lines = gradientTable(results).split('\n');
    expect(lines[0]).toBe(
      '| workload | N | P | ddx | hand-written | value | ddx value | math.js | ddx / hand-written | ddx / value |',
    );
    expect(lines[2]).toBe(
      '| lecture network | 6 | 4 | 6.00 ns | 4.00 ns | 2.00 ns | 2.00 ns | 14.0 µs | **1.50** (target ≤ 1.2) | 3.00 |',
    );
    expect(lines[3]).toContain('| DNF: 120 of 100,000 partials in 60 s |');
  });

  it('writes an agreement of NaN (null in JSON) as NaN', () => {
    expect(relative(null)).toBe('NaN');
    expect(relative(2.4e-7)).toBe('2e-7');
    expect(relative(0)).toBe('0');
  });

  it('shows agreement and a DNF as DNF', () => {
    const lines = agreementTable(results).split('\n');
    expect(lines[0]).toBe('| workload | hand-written | math.js |');
    expect(lines[3]).toBe('| random graph N=10000 P=100000 | 1e-15 | DNF |');
  });

  it('counts N + P against N × P', () => {
    const row = transformTable(results).split('\n')[3]!;
    expect(row).toContain('| 10,001 | 100,000 | 110,001 | 1.0e9 | 219,922 | 543,894 | 4.94 |');
  });

  it('says plainly which targets are missed, with the figure', () => {
    const rows = targetRows(results);
    expect(rows.map((r) => [r.target, r.met])).toEqual([
      ['ddx gradient / hand-written ≤ 1.2', false],
      ['ddx gradient / value function ≤ 3', false],
      ['gradient ops ≤ 3 × function ops, every workload', true],
      ['grad of 10^5 nodes < 1 s and < 1 GB', false],
      ['grad + codegen of 10^5 nodes < 2 s', false],
      ['N = 10^4, P = 10^5 completes, gradient ops ≤ 3 (N + P) = 330,003', false],
    ]);
    expect(rows[0]!.measured).toBe(
      '1.50 on lecture network; 1.50 on random graph N=10000 P=100000',
    );
    expect(rows[2]!.measured).toBe(
      'at most 2.60 (random graph N=100000 P=316: 310,360 against 119,308)',
    );
    expect(rows[3]!.measured).toBe('1.20 s, heap growth 200 MB');
    expect(rows[4]!.measured).toBe('1.20 s + 2.50 s = 3.70 s');
    expect(markdown(results)).toContain('| **missed** |');
  });

  it('judges grad + codegen as `ddx gen` runs them when those runs are there, and shows both', () => {
    const stages = {
      parse: { ms: 800, heapMB: 100 },
      grad: { ms: 450, heapMB: 40 },
      codegen: { ms: 1_300, heapMB: 100 },
      processes: 3,
    };
    const withStages: BenchResults = {
      ...results,
      workloads: results.workloads.map((w) => (w.key === 'graph-1e5' ? { ...w, stages } : w)),
    };
    const row = targetRows(withStages).find((r) => r.target.startsWith('grad + codegen'))!;
    expect(row.target).toBe(
      "grad + codegen of 10^5 nodes < 2 s, as `ddx gen` runs them (Node's default flags)",
    );
    expect(row.measured).toBe(
      '450 ms + 1.30 s = 1.75 s (median of 3 fresh processes); with `--no-concurrent-recompilation`: 1.20 s + 2.50 s = 3.70 s',
    );
    expect(row.met).toBe(true);
    const slow = { ...stages, codegen: { ms: 1_600, heapMB: 100 } };
    const slower: BenchResults = {
      ...results,
      workloads: results.workloads.map((w) => (w.key === 'graph-1e5' ? { ...w, stages: slow } : w)),
    };
    expect(targetRows(slower).find((r) => r.target.startsWith('grad + codegen'))!.met).toBe(false);
    expect(setupTable(withStages)).toContain('| 1.75 s (3.70 s no-concurrent) |');
  });

  it('takes each ratio in one process and reports the median over the processes', () => {
    const forked: BenchResults = {
      ...results,
      workloads: [
        {
          ...results.workloads[1]!,
          // The first process: gradient / value 6, gradient / hand-written 1.5.
          forks: [
            { ddx: 1_000, handWritten: 1_000, value: 500, ddxValue: 550 },
            { ddx: 9_000, handWritten: 9_500, value: 6_500, ddxValue: 6_000 },
          ],
        },
      ],
    };
    const w = forked.workloads[0]!;
    // Value ratios 6, 2 and 1.5 (the faster value function each time): the median is 2.
    expect(processTable(forked).split('\n')[2]).toBe(
      '| random graph N=10000 P=100000 | 1.50, 1.00, 0.95 | 6.00, 2.00, 1.50 |',
    );
    const rows = targetRows(forked);
    expect(rows[0]).toMatchObject({
      measured: 'at most 1.00 (random graph N=10000 P=100000); each the median of 3 processes',
      met: true,
    });
    expect(rows[1]).toMatchObject({
      measured: 'at most 2.00 (random graph N=10000 P=100000); each the median of 3 processes',
      met: true,
    });
    const gradientRow = gradientTable(forked).split('\n')[2]!;
    expect(gradientRow.endsWith('| 1.00 | 2.00 |')).toBe(true);
    expect(markdown(forked)).toContain(
      '#### ddx gradient / hand-written and / value in each process',
    );
    // Of two processes, the larger middle one: 6 against 2 is judged as 6.
    const two = { ...w, forks: w.forks!.slice(0, 1) };
    expect(targetRows({ ...forked, workloads: [two] })[1]).toMatchObject({ met: false });
    expect(markdown(results)).not.toContain('in each process');
  });

  it('draws the chart as SVG, with a DNF label', async () => {
    const svg = await chartSvg(results);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('lecture network');
    expect(svg).toContain('>DNF<');
    expect(svg).toContain('µs per gradient');
  });
});

describe('a run of the lecture network, end to end', () => {
  it("times ddx's stages alone, as `ddx gen` runs them", () => {
    const stages = runStages('lecture', { quick: true });
    for (const phase of [stages.parse, stages.grad, stages.codegen]) {
      expect(phase.ms).toBeGreaterThan(0);
      expect(Number.isFinite(phase.heapMB)).toBe(true);
    }
  });

  it('measures every stage and every tool, and reports a capped peer as DNF', async () => {
    const row = await runWorkload('lecture', {
      quick: true,
      rounds: 1,
      windowMs: 5,
      caps: { warmUpSeconds: 0.05, measureMs: 50, setupMs: -1 },
    });
    expect(row.N).toBe(6);
    expect(row.P).toBe(4);
    expect(row.gradientOps).toBeGreaterThan(row.functionOps);
    const byPeer = new Map(row.peers.map((p) => [p.peer, p]));
    expect([...byPeer.keys()].sort()).toEqual(
      [
        'TF.js',
        'ddx',
        'ddx value',
        'finite differences',
        'hand-written',
        'math.js',
        'value',
      ].sort(),
    );
    // A negative budget: math.js has passed its deadline before its first partial.
    expect(byPeer.get('math.js')).toMatchObject({ status: 'dnf' });
    expect(byPeer.get('math.js')!.note).toMatch(/^0 of 4 partials in \d+\.\d s$/);
    expect(byPeer.get('hand-written')!.agreement).toBe(0);
    expect(byPeer.get('TF.js')!.agreement).toBe(0);
    expect(byPeer.get('finite differences')!.agreement).toBeLessThan(1e-8);
    expect(byPeer.get('ddx')!.medianUs).toBeGreaterThan(0);
  });
});

describe('a fork', () => {
  const options = {
    caps: { ...quickCaps, warmUpSeconds: 0.05, warmUpMaxSeconds: 0.05 },
    quick: true,
    rounds: { ...roundOptions(quickCaps, true), rounds: 1, windowMs: 5 },
  };

  it("times ddx's gradient, the hand-written one and both value functions", async () => {
    const timing = await runFork('lecture', options);
    for (const us of Object.values(timing)) expect(us).toBeGreaterThan(0);
    expect(Object.keys(timing).sort()).toEqual(['ddx', 'ddxValue', 'handWritten', 'value']);
  });

  it('refuses to time a module whose gradient is wrong', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ddx-fork-test-'));
    try {
      // dJ/dw1 scaled by 1.001 after the call: the module still runs, but is wrong.
      const text = gradientModule(workloadByKey('lecture').make()).replace(
        'export function J_grad(',
        'export function J_grad(params, inputs, out) {\n' +
          '  const value = J_grad_right(params, inputs, out);\n' +
          '  out[0] *= 1.001;\n' +
          '  return value;\n' +
          '}\n\nfunction J_grad_right(',
      );
      const file = join(directory, 'wrong.mjs');
      writeFileSync(file, text);
      await expect(timeFork('lecture', file, directory, options)).rejects.toThrow(
        /lecture: ddx and the hand-written gradient disagree \(0\.000999/,
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
