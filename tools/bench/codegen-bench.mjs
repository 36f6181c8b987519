// Codegen benchmark: generated gradients (arrays ABI) against hand-written reverse mode and the
// plain value function, on the shared workloads. Run against the built packages:
//
//   npx nx run-many -t build
//   node --no-concurrent-recompilation tools/bench/codegen-bench.mjs [--quick] [--only <key>]
//        [--chunk-size <operations>] [--json]
//
// Each workload runs in a child process of its own (same flags), so one workload's code and heap
// cannot slow another. Prints a markdown table; `--json` prints the raw rows as well.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateModule } from '@ddx/codegen';
import { grad } from '@ddx/transform';
import { lectureNetwork, mlp, randomGraph } from '@ddx/workloads';
import { graphReferenceSource, lectureReference, mlpReference } from './codegen-reference.mjs';
import { coldCall, consume, interleaved, warmUp } from './codegen-timing.mjs';

const workloads = {
  lecture: { make: () => lectureNetwork(), reference: () => lectureReference() },
  'mlp-433': { make: () => mlp([8, 16, 16, 1]), reference: () => mlpReference([8, 16, 16, 1]) },
  'mlp-4801': { make: () => mlp([8, 64, 64, 1]), reference: () => mlpReference([8, 64, 64, 1]) },
  'mlp-20865': {
    make: () => mlp([32, 128, 128, 1]),
    reference: () => mlpReference([32, 128, 128, 1]),
  },
  'graph-1e3': { make: () => randomGraph(1_000), reference: 'generated' },
  'graph-1e4': { make: () => randomGraph(10_000), reference: 'generated' },
  'graph-1e5': { make: () => randomGraph(100_000), reference: 'generated' },
};
const quickSet = ['lecture', 'mlp-433', 'mlp-4801', 'graph-1e3', 'graph-1e4'];

/** Where a child process writes the modules it imports (it removes the directory when done). */
let directory;

async function importText(name, text) {
  directory ??= mkdtempSync(join(tmpdir(), 'ddx-bench-'));
  const file = join(directory, `${name}.mjs`);
  writeFileSync(file, text);
  return import(pathToFileURL(file).href);
}

/** Relative difference of two gradients, as a sanity check that both compute the same thing. */
function maxRelativeError(a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i]), Math.abs(b[i])));
  }
  return worst;
}

async function runWorkload(key, { quick, chunkSize }) {
  const spec = workloads[key];
  const workload = spec.make();
  const fn = workload.program.functions.at(-1);
  const options = { abi: 'arrays', grad: true, wrt: workload.wrt, chunkSize };

  let start = performance.now();
  const gradient = grad(workload.program, { wrt: workload.wrt });
  const transformMs = performance.now() - start;
  // The same module, with the gradient handed in: codegen's own time.
  const derivatives = { grad: () => gradient, hessian: () => undefined };
  start = performance.now();
  const text = generateModule(workload.program, { ...options, derivatives });
  const codegenMs = performance.now() - start;

  const generated = await importText(`${key}-generated`, text);
  const reference =
    spec.reference === 'generated'
      ? await importText(`${key}-reference`, graphReferenceSource(fn, workload.wrt))
      : spec.reference();
  const params = Float64Array.from(workload.wrt, (name) => workload.at.get(name));
  const inputs = Float64Array.from(workload.inputs, (name) => workload.at.get(name));
  const outGenerated = new Float64Array(params.length);
  const outReference = new Float64Array(params.length);

  const contenders = [
    { name: 'generatedGrad', call: () => generated.J_grad(params, inputs, outGenerated) },
    { name: 'referenceGrad', call: () => reference.gradient(params, inputs, outReference) },
    { name: 'referenceValue', call: () => reference.value(params, inputs) },
    { name: 'generatedValue', call: () => generated.J(params, inputs) },
  ];
  const cold = Object.fromEntries(contenders.map(({ name, call }) => [name, coldCall(call)]));
  const error = maxRelativeError(outGenerated, outReference);
  if (!(error < 1e-9)) throw new Error(`${key}: gradients disagree (relative error ${error})`);
  const warmUpSeconds = warmUp(contenders, { maxSeconds: quick ? 30 : 240 });
  const medians = interleaved(contenders, { rounds: quick ? 7 : 15 });
  consume();
  return {
    key,
    name: workload.name,
    params: workload.wrt.length,
    nodes: workload.nodes,
    medians,
    cold,
    warmUpSeconds,
    transformMs,
    codegenMs,
    moduleMB: text.length / 2 ** 20,
    error,
  };
}

const format = (value, digits = 2) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(digits);

function table(rows) {
  const header = [
    'workload',
    'params',
    'gen. grad µs',
    'hand grad µs',
    'value µs',
    'gen. value µs',
    'grad / hand',
    'grad / value',
    'cold grad ms',
    'warm-up s',
    'transform ms',
    'codegen ms',
    'module MB',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const m = r.medians;
    lines.push(
      `| ${[
        r.name,
        r.params,
        format(m.generatedGrad),
        format(m.referenceGrad),
        format(m.referenceValue),
        format(m.generatedValue),
        (m.generatedGrad / m.referenceGrad).toFixed(2),
        (m.generatedGrad / m.referenceValue).toFixed(2),
        format(r.cold.generatedGrad),
        r.warmUpSeconds.toFixed(1),
        format(r.transformMs, 0),
        format(r.codegenMs, 0),
        r.moduleMB.toFixed(2),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chunkOption = args.indexOf('--chunk-size');
// Default: the generator's own default.
const chunkSize = chunkOption >= 0 ? Number(args[chunkOption + 1]) : undefined;
const child = args.indexOf('--workload');
if (child >= 0) {
  try {
    const row = await runWorkload(args[child + 1], { quick, chunkSize });
    process.stdout.write(`${JSON.stringify(row)}\n`);
  } finally {
    if (directory) rmSync(directory, { recursive: true, force: true });
  }
} else {
  const only = args.indexOf('--only');
  const keys = only >= 0 ? [args[only + 1]] : quick ? quickSet : Object.keys(workloads);
  const rows = [];
  for (const key of keys) {
    const result = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--workload', key, ...args],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (result.status !== 0) {
      process.stderr.write(result.stderr);
      throw new Error(`workload ${key} failed`);
    }
    const row = JSON.parse(result.stdout.trim().split('\n').at(-1));
    rows.push(row);
    process.stderr.write(`${key}: done\n`);
  }
  console.log(table(rows));
  if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2));
}
