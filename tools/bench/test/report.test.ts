import { describe, expect, it } from 'vitest';
import { chartSvg } from '../src/chart.js';
import {
  agreementTable,
  duration,
  gradientTable,
  markdown,
  relative,
  setupTable,
  targetRows,
  transformTable,
} from '../src/report.js';
import type { BenchResults, PeerResult, WorkloadResult } from '../src/results.js';
import { runStages, runWorkload } from '../src/run-workload.js';

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
