/**
 * ddx's gradient against the hand-written one and the two value functions, alone in a fresh
 * process: a fork, as JMH calls it. Timings of large generated functions depend on the process as
 * much as on the code: the same 10^4-node, 10^5-parameter gradient module, in two processes started
 * a minute apart, took 3.63 ms and 923 µs a call while the value took ~500 µs in both (gradient /
 * value 6.95 and 1.84; `npm run compare -w @ddx/bench -- --only table-1e4-1e5`). How much of its
 * 9 MB of machine code the shared host's caches keep differs from process to process (and from
 * round to round within one), so one process's ratio says as much about that process as about
 * the code. The bench times every workload in several processes and reports each ratio's median
 * (main.ts); compare.ts runs the same measurement.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateModule } from '@ddx/codegen';
import { grad } from '@ddx/transform';
import { maxRelativeDifference } from './agreement.js';
import { warmUpOptions, type Caps } from './caps.js';
import type { ForkTiming } from './results.js';
import { coldCall, interleaved, warmUp, type RoundOptions } from './timing.js';
import { argumentsOf, gradientModuleOptions, importReference, workloadByKey } from './workloads.js';

type Gradient = (params: Float64Array, inputs: Float64Array, out: Float64Array) => number;
type Value = (params: Float64Array, inputs: Float64Array) => number;

/** The interleaved rounds of a workload's own process (run-workload.ts) and of a fork. */
export function roundOptions(caps: Caps, quick: boolean): RoundOptions {
  return {
    rounds: quick ? 5 : 15,
    windowMs: quick ? 30 : 100,
    budgetMs: caps.measureMs,
  };
}

export interface ForkOptions {
  /** The caps whose warm-up (`warmUpOptions`) the contenders get. */
  readonly caps: Caps;
  readonly quick: boolean;
  readonly rounds: RoundOptions;
}

/**
 * Times the gradient module `file` (exporting `J` and `J_grad` in the arrays ABI) for workload
 * `key`: a cold call, the bench's warm-up, then interleaved rounds of ddx's gradient, the
 * hand-written gradient, the hand-written value and ddx's value, each from a call site of its
 * own. Throws if the two gradients disagree (a fork must time a module that works).
 * `directory` takes the hand-written reference's module when it is source text.
 */
export async function timeFork(
  key: string,
  file: string,
  directory: string,
  options: ForkOptions,
): Promise<ForkTiming> {
  const spec = workloadByKey(key);
  const workload = spec.make();
  const reference = await importReference(spec.reference(workload), directory);
  const generated = (await import(pathToFileURL(file).href)) as { J: Value; J_grad: Gradient };
  const { params, inputs } = argumentsOf(workload);
  const ddxOut = new Float64Array(params.length);
  const handOut = new Float64Array(params.length);
  // A closure literal each: one call site per contender, as in a user's loop.
  const contenders = [
    { name: 'ddx', call: () => generated.J_grad(params, inputs, ddxOut) },
    { name: 'hand-written', call: () => reference.gradient(params, inputs, handOut) },
    { name: 'value', call: () => reference.value(params, inputs) },
    { name: 'ddx value', call: () => generated.J(params, inputs) },
  ];
  const cold = contenders.map((c) => coldCall(c.call));
  const difference = maxRelativeDifference(handOut, ddxOut);
  if (!(difference < 1e-9)) {
    throw new Error(`${key}: ddx and the hand-written gradient disagree (${difference})`);
  }
  // The bench's own warm-up (caps.ts): with the full caps, each contender alone for up to 10,000
  // calls without a 5% gain, and longer the longer its first call took. V8 12 and later (Node 22,
  // 24) tier straight-line code up after ~3,000 calls, with a plateau in Maglev before: a patience
  // of 1,000 calls measured the table's gradient in Maglev on Node 24 (3.4 ms a call, 0.9 ms
  // later).
  const warm = warmUp(contenders, warmUpOptions(options.caps, cold, options.quick));
  const timings = await interleaved(contenders, warm.bestUs, options.rounds);
  const [ddx, handWritten, value, ddxValue] = timings.map((t) => t.medianUs) as [
    number,
    number,
    number,
    number,
  ];
  return { ddx, handWritten, value, ddxValue };
}

/**
 * A fork of the bench (main.ts runs it in a fresh process): workload `key`'s gradient module,
 * generated as the workload's own process generates it, then `timeFork`.
 */
export async function runFork(
  key: string,
  options: ForkOptions & { readonly chunkSize?: number },
): Promise<ForkTiming> {
  const workload = workloadByKey(key).make();
  const gradient = grad(workload.program, { wrt: workload.wrt });
  const text = generateModule(
    workload.program,
    gradientModuleOptions(workload.wrt, gradient, options.chunkSize),
  );
  const directory = mkdtempSync(join(tmpdir(), 'ddx-fork-'));
  try {
    const file = join(directory, `${key}.mjs`);
    writeFileSync(file, text);
    return await timeFork(key, file, directory, options);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
