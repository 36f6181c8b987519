/**
 * The chart: time per gradient per tool per workload, log scale, as SVG. A Vega-Lite spec
 * compiled to Vega and rendered headless (`View.toSVG()`, no canvas or browser needed); a DNF is
 * a label where its bar would be.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { peer } from './report.js';
import type { BenchResults, PeerName } from './results.js';

const charted: readonly PeerName[] = [
  'value',
  'ddx',
  'hand-written',
  'finite differences',
  'math.js',
  'TF.js',
];
const labels: Record<string, string> = { value: 'value function (for scale)' };

export function chartSpec(results: BenchResults): TopLevelSpec {
  const workloads = results.workloads.map((w) => w.name);
  const tools = charted.map((name) => labels[name] ?? name);
  const rows = results.workloads.flatMap((w) =>
    charted.flatMap((name) => {
      const result = peer(w, name);
      if (result === undefined) return [];
      return [
        {
          workload: w.name,
          tool: labels[name] ?? name,
          us: result.medianUs ?? null,
          dnf: result.status === 'dnf',
        },
      ];
    }),
  );
  const finished = rows.filter((row) => row.us !== null).map((row) => row.us!);
  const floor = finished.length > 0 ? Math.min(...finished) / 2 : 0.01;
  const x = {
    field: 'workload',
    type: 'nominal' as const,
    sort: workloads,
    title: null,
    axis: { labelAngle: -25, labelLimit: 220 },
  };
  const xOffset = { field: 'tool', type: 'nominal' as const, sort: tools };
  const color = {
    field: 'tool',
    type: 'nominal' as const,
    sort: tools,
    title: 'tool',
    scale: { scheme: 'tableau10' },
    legend: { orient: 'top' as const, columns: 3, labelLimit: 300 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Time per gradient (median, log scale; lower is better)',
      subtitle: `${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node} — ${results.date}`,
    },
    width: 140 * workloads.length,
    height: 320,
    background: 'white',
    data: { values: rows.map((row) => ({ ...row, us: row.us ?? floor })) },
    encoding: { x, xOffset },
    layer: [
      {
        transform: [{ filter: '!datum.dnf' }],
        mark: { type: 'bar' },
        encoding: {
          y: {
            field: 'us',
            type: 'quantitative',
            scale: { type: 'log' },
            stack: null,
            title: 'µs per gradient',
          },
          color,
        },
      },
      {
        transform: [{ filter: 'datum.dnf' }],
        mark: { type: 'text', text: 'DNF', angle: 270, align: 'left', dx: 2, fontSize: 9 },
        encoding: { y: { field: 'us', type: 'quantitative', stack: null }, color },
      },
    ],
  };
}

export async function chartSvg(results: BenchResults): Promise<string> {
  const { spec } = compile(chartSpec(results));
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
