// Transform benchmark: gradient size (operation counts) and grad time/memory per workload.
// Run after a build:  npx nx run-many -t build && node --expose-gc tools/bench/transform-bench.mjs [--quick]
import { Interner, operationCount } from '@ddx/ast';
import { Algebra, grad, lower, resolveTarget } from '@ddx/transform';
import { lectureNetwork, mlp, randomGraph } from '@ddx/workloads';

const quick = process.argv.includes('--quick');
const gc = globalThis.gc ?? (() => {});

function operations(fn) {
  return operationCount(lower(resolveTarget(fn), new Algebra(new Interner())).results);
}

function measure(workload, runs) {
  const times = [];
  let peak = 0;
  let gradient;
  for (let run = 0; run < runs; run++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const start = performance.now();
    gradient = grad(workload.program, { wrt: workload.wrt });
    times.push(performance.now() - start);
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
  }
  times.sort((a, b) => a - b);
  return { gradient, ms: times[Math.floor(times.length / 2)], peakMB: peak / 2 ** 20 };
}

const workloads = [
  () => lectureNetwork(),
  () => mlp([8, 16, 16, 1]),
  () => mlp([8, 64, 64, 1]),
  ...(quick ? [] : [() => mlp([32, 128, 128, 1])]),
  () => randomGraph(1_000),
  () => randomGraph(10_000),
  () => randomGraph(100_000),
  ...(quick ? [] : [() => randomGraph(10_000, { params: 100_000 })]),
];

const rows = [];
for (const make of workloads) {
  const workload = make();
  const fn = workload.program.functions.at(-1);
  const P = workload.wrt.length;
  const { gradient, ms, peakMB } = measure(workload, quick ? 1 : 3);
  const fOps = operations(fn);
  const gOps = operations(gradient);
  rows.push({
    workload: workload.name,
    N: workload.nodes,
    P,
    fOps,
    gOps,
    ratio: gOps / fOps,
    NplusP: workload.nodes + P,
    NtimesP: workload.nodes * P,
    ms,
    peakMB,
  });
  console.error(`${workload.name}: ${ms.toFixed(0)} ms`);
}

const fmt = (x, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
console.log(
  '| workload | N | P | function ops | gradient ops | ratio | N + P | N × P | grad time | heap |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.workload} | ${fmt(r.N)} | ${fmt(r.P)} | ${fmt(r.fOps)} | ${fmt(r.gOps)} | ${r.ratio.toFixed(2)} | ${fmt(r.NplusP)} | ${r.NtimesP.toExponential(1)} | ${fmt(r.ms)} ms | ${fmt(r.peakMB)} MB |`,
  );
}
