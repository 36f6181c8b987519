/**
 * One workload, measured in a process of its own (main.ts spawns one per workload, so one
 * workload's code and heap cannot slow another): parse, grad and codegen, then every tool's
 * gradient, side by side in this process, with caps, agreement and interleaved timing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Interner, operationCount, print, type FunctionDef } from '@ddx/ast';
import { generateModule } from '@ddx/codegen';
import { parse } from '@ddx/parser';
import { Algebra, grad, lower, resolveTarget } from '@ddx/transform';
import type { Workload } from '@ddx/workloads';
import { maxRelativeDifference } from './agreement.js';
import { CapExceeded, Deadline, fullCaps, quickCaps, warmUpOptions, type Caps } from './caps.js';
import { roundOptions } from './forks.js';
import { finiteDifferences } from './peers/finite-differences.js';
import { mathjsGradient } from './peers/mathjs.js';
import { loadTf, tfMlpGradient, tfTapeGradient } from './peers/tfjs.js';
import type { PeerName, PeerResult, Phase, Stages, WorkloadResult } from './results.js';
import { tapeOf } from './tape.js';
import { coldCall, interleaved, warmUp, type Contender } from './timing.js';
import { argumentsOf, gradientModuleOptions, importReference, workloadByKey } from './workloads.js';

export interface RunOptions {
  readonly quick: boolean;
  /** Passed to generateModule (default: the generator's own). */
  readonly chunkSize?: number;
  /** Peers to leave out (tests use this to stay fast). */
  readonly skip?: readonly PeerName[];
  /** Overrides of the caps in milliseconds (tests set tiny ones to see a DNF). */
  readonly caps?: Partial<Caps>;
  /** Interleaved rounds and each round's window per contender (default by `quick`). */
  readonly rounds?: number;
  readonly windowMs?: number;
  readonly log?: (line: string) => void;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapUsed = (): number => process.memoryUsage().heapUsed;

/** Runs `task` `runs` times (fewer when one run is slow); the median time and the heap growth. */
function phase<T>(task: () => T, runs: number): { result: T; phase: Phase } {
  const times: number[] = [];
  let heap = 0;
  let result!: T;
  for (let run = 0; run < runs; run++) {
    gc();
    const before = heapUsed();
    const start = performance.now();
    result = task();
    times.push(performance.now() - start);
    heap = Math.max(heap, heapUsed() - before);
    if (times[0]! > 500) break;
  }
  times.sort((a, b) => a - b);
  return { result, phase: { ms: times[times.length >> 1]!, heapMB: heap / 2 ** 20 } };
}

function operations(fn: FunctionDef): number {
  const algebra = new Algebra(new Interner());
  const { results } = lower(resolveTarget(fn), algebra);
  return operationCount(results.map((result) => algebra.expression(result)));
}

/** NaN as null, explicitly: JSON.stringify would turn it into null anyway. */
function agreementOf(gradient: Float64Array, ddx: Float64Array): number | null {
  const difference = maxRelativeDifference(gradient, ddx);
  return Number.isNaN(difference) ? null : difference;
}

interface Prepared {
  readonly peer: PeerName;
  readonly computes: 'gradient' | 'value';
  readonly call: () => number;
  readonly out?: Float64Array;
  readonly setupMs?: number;
  readonly note?: string;
}

/**
 * ddx's stages, each on its own, as `ddx gen` runs them: parse the printed program, then grad
 * and codegen (arrays ABI, handed that gradient; no Hessian is asked for) of what the parser
 * made. Each stage's result is kept for what follows.
 */
function timeStages(workload: Workload, options: RunOptions, log: (line: string) => void) {
  const runs = options.quick ? 1 : 5;
  const source = print(workload.program);
  parse('f(x) = x^2'); // the grammar's one-time set-up is not the program's parse
  const parsed = phase(() => parse(source), runs);
  log(`parse ${parsed.phase.ms.toFixed(0)} ms`);
  const program = parsed.result;
  const gradient = phase(() => grad(program, { wrt: workload.wrt }), runs);
  log(`grad ${gradient.phase.ms.toFixed(0)} ms`);
  const generateOptions = gradientModuleOptions(workload.wrt, gradient.result, options.chunkSize);
  const codegen = phase(() => generateModule(program, generateOptions), runs);
  log(`codegen ${codegen.phase.ms.toFixed(0)} ms`);
  return { source, parsed, gradient, codegen };
}

/** The stages alone (`timeStages`); main.ts runs this in fresh processes with default flags. */
export function runStages(key: string, options: RunOptions): Omit<Stages, 'processes'> {
  const { parsed, gradient, codegen } = timeStages(workloadByKey(key).make(), options, () => {});
  return { parse: parsed.phase, grad: gradient.phase, codegen: codegen.phase };
}

export async function runWorkload(key: string, options: RunOptions): Promise<WorkloadResult> {
  const log = options.log ?? ((): void => {});
  const caps = { ...(options.quick ? quickCaps : fullCaps), ...options.caps };
  const skip = new Set(options.skip ?? []);
  const spec = workloadByKey(key);
  const workload = spec.make();
  const fn = workload.program.functions.at(-1)!;
  const P = workload.wrt.length;
  const { source, parsed, gradient, codegen } = timeStages(workload, options, log);
  const text = codegen.result;
  const functionOps = operations(fn);
  const gradientOps = operations(gradient.result);

  const directory = mkdtempSync(join(tmpdir(), 'ddx-bench-'));
  try {
    const importText = async (name: string, body: string): Promise<Record<string, unknown>> => {
      const file = join(directory, `${name}.mjs`);
      writeFileSync(file, body);
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    };
    const { params, inputs } = argumentsOf(workload);
    const prepared: Prepared[] = [];
    const dnf: PeerResult[] = [];
    const deadline = new Deadline();
    const add =
      (peer: PeerName, make: () => Omit<Prepared, 'peer'> | Promise<Omit<Prepared, 'peer'>>) =>
      async (): Promise<void> => {
        if (skip.has(peer)) return;
        try {
          prepared.push({ peer, ...(await make()) });
        } catch (error) {
          if (!(error instanceof CapExceeded)) throw error;
          dnf.push({ peer, computes: 'gradient', status: 'dnf', note: error.progress });
          log(`${peer}: DNF (${error.progress})`);
        } finally {
          deadline.clear();
        }
      };
    const gradientOf = (
      gradientFn: (p: Float64Array, i: Float64Array, o: Float64Array) => number,
      setupMs?: number,
      note?: string,
    ): Omit<Prepared, 'peer'> => {
      const out = new Float64Array(P);
      return {
        computes: 'gradient',
        call: () => gradientFn(params, inputs, out),
        out,
        ...(setupMs === undefined ? {} : { setupMs }),
        ...(note === undefined ? {} : { note }),
      };
    };

    let start = performance.now();
    const generated = await importText('generated', text);
    const ddxSetup = performance.now() - start;
    const made = spec.reference(workload);
    start = performance.now();
    const reference = await importReference(made, directory);
    const referenceSetup = performance.now() - start;
    const J = generated['J'] as (p: Float64Array, i: Float64Array) => number;
    const JGrad = generated['J_grad'] as (
      p: Float64Array,
      i: Float64Array,
      o: Float64Array,
    ) => number;

    await add('ddx', () => gradientOf(JGrad, ddxSetup))();
    await add('hand-written', () => gradientOf(reference.gradient, referenceSetup))();
    await add('value', () => ({
      computes: 'value',
      call: () => reference.value(params, inputs),
    }))();
    await add('ddx value', () => ({ computes: 'value', call: () => J(params, inputs) }))();
    await add('finite differences', () =>
      gradientOf(
        finiteDifferences(reference.value, deadline),
        undefined,
        'central, 2P calls of the hand-written value function',
      ),
    )();
    await add('math.js', () => {
      deadline.start(caps.setupMs);
      const { setupMs, gradient: g } = mathjsGradient(fn, workload.wrt, workload.inputs, deadline);
      return gradientOf(g, setupMs, 'derivative(…, { simplify: false }) per parameter, compiled');
    })();
    await add('TF.js', async () => {
      const started = performance.now();
      const tf = await loadTf();
      const g = spec.layers
        ? tfMlpGradient(tf, spec.layers)
        : tfTapeGradient(tf, tapeOf(fn, workload.wrt, workload.inputs), deadline);
      const note = spec.layers ? 'matMul layers, float32' : 'one scalar op per operation, float32';
      return gradientOf(g, performance.now() - started, note);
    })();

    // First calls, capped: a slow gradient stops itself with how far it got.
    const cold = new Map<PeerName, number>();
    const finished: Prepared[] = [];
    for (const peer of prepared) {
      deadline.start(caps.callMs);
      try {
        cold.set(peer.peer, coldCall(peer.call));
        finished.push(peer);
      } catch (error) {
        if (!(error instanceof CapExceeded)) throw error;
        dnf.push({
          peer: peer.peer,
          computes: peer.computes,
          status: 'dnf',
          note: `first call: ${error.progress}`,
          ...(peer.setupMs === undefined ? {} : { setupMs: peer.setupMs }),
        });
        log(`${peer.peer}: DNF in its first call (${error.progress})`);
      } finally {
        deadline.clear();
      }
    }
    log(`first calls done`);

    const ddx = finished.find((p) => p.peer === 'ddx');
    const hand = finished.find((p) => p.peer === 'hand-written');
    if (ddx?.out && hand?.out) {
      const difference = maxRelativeDifference(hand.out, ddx.out);
      if (!(difference < 1e-9)) {
        throw new Error(`${key}: ddx and the hand-written gradient disagree (${difference})`);
      }
    }

    // Fast contenders are warmed up until V8 settles; slow ones (over 20 ms a call) only ran once.
    const fast = finished.filter(
      (p) =>
        (cold.get(p.peer) ?? 0) < 20 ||
        ['ddx', 'hand-written', 'value', 'ddx value'].includes(p.peer),
    );
    const slow = finished.filter((p) => !fast.includes(p));
    const contenders = (list: Prepared[]): Contender[] =>
      list.map((p) => ({ name: p.peer, call: p.call }));
    const warm = warmUp(
      contenders(fast),
      warmUpOptions(
        caps,
        fast.map((p) => cold.get(p.peer)!),
        options.quick,
        options.windowMs,
      ),
    );
    const alone = fast.map((p, index) => {
      const state = warm.settled[index] ? 'settled' : 'out of time';
      return `${p.peer} ${warm.soloSeconds[index]!.toFixed(1)} s ${state}`;
    });
    log(`warm-up ${warm.seconds.toFixed(1)} s (alone: ${alone.join(', ')})`);
    const estimates = [...warm.bestUs, ...slow.map((p) => cold.get(p.peer)! * 1000)];
    const defaults = roundOptions(caps, options.quick);
    const timings = await interleaved([...contenders(fast), ...contenders(slow)], estimates, {
      ...defaults,
      rounds: options.rounds ?? defaults.rounds,
      windowMs: options.windowMs ?? defaults.windowMs,
    });
    const ordered = [...fast, ...slow];
    const peers: PeerResult[] = ordered.map((p, index) => {
      const timing = timings[index]!;
      return {
        peer: p.peer,
        computes: p.computes,
        status: 'ok',
        ...(p.note === undefined ? {} : { note: p.note }),
        ...(p.setupMs === undefined ? {} : { setupMs: p.setupMs }),
        coldMs: cold.get(p.peer)!,
        medianUs: timing.medianUs,
        rangeUs: timing.rangeUs,
        rounds: timing.rounds,
        ...(index < fast.length && caps.warmUpCalls > 0
          ? { warmUpSeconds: warm.soloSeconds[index]!, settled: warm.settled[index]! }
          : {}),
        ...(p.out && ddx?.out ? { agreement: agreementOf(p.out, ddx.out) } : {}),
      };
    });
    return {
      key,
      name: workload.name,
      N: workload.nodes,
      P,
      sourceBytes: Buffer.byteLength(source),
      parse: parsed.phase,
      grad: gradient.phase,
      codegen: codegen.phase,
      moduleBytes: Buffer.byteLength(text),
      functionOps,
      gradientOps,
      warmUpSeconds: warm.seconds,
      peers: [...peers, ...dnf],
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
