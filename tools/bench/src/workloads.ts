/**
 * The benchmark's workloads, from @ddx/workloads (seeded: the same programs on every machine),
 * each with its hand-written reference and the shape TensorFlow.js is given.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionDef } from '@ddx/ast';
import { generateModule, type GenerateOptions } from '@ddx/codegen';
import { grad } from '@ddx/transform';
import { lectureNetwork, mlp, randomGraph, type Workload } from '@ddx/workloads';
import {
  graphReferenceSource,
  lectureReference,
  mlpReference,
  type Reference,
} from './reference.js';

export interface BenchWorkload {
  readonly key: string;
  /** In the `--quick` run. */
  readonly quick: boolean;
  readonly make: () => Workload;
  /** The hand-written reference: a module, or the source of one (random graphs). */
  readonly reference: (workload: Workload) => Reference | { source: string };
  /** MLP layer sizes: TensorFlow.js gets the network as matrices, as its users write it. */
  readonly layers?: readonly number[];
}

const mlpWorkload = (key: string, sizes: number[], quick: boolean): BenchWorkload => ({
  key,
  quick,
  make: () => mlp(sizes),
  reference: () => mlpReference(sizes),
  layers: sizes,
});

const graphWorkload = (key: string, n: number, quick: boolean, params?: number): BenchWorkload => ({
  key,
  quick,
  make: () => randomGraph(n, params === undefined ? {} : { params }),
  reference: (workload) => ({
    source: graphReferenceSource(workload.program.functions.at(-1)!, workload.wrt),
  }),
});

export const benchWorkloads: readonly BenchWorkload[] = [
  { key: 'lecture', quick: true, make: lectureNetwork, reference: lectureReference },
  mlpWorkload('mlp-433', [8, 16, 16, 1], true),
  mlpWorkload('mlp-4801', [8, 64, 64, 1], true),
  mlpWorkload('mlp-20865', [32, 128, 128, 1], false),
  graphWorkload('graph-1e3', 1_000, true),
  graphWorkload('graph-1e4', 10_000, true),
  graphWorkload('graph-1e5', 100_000, false),
  // The lecture's N + P table: N = 10^4 nodes, P = 10^5 parameters.
  graphWorkload('table-1e4-1e5', 10_000, false, 100_000),
];

export function workloadByKey(key: string): BenchWorkload {
  const found = benchWorkloads.find((w) => w.key === key);
  if (!found) {
    const keys = benchWorkloads.map((w) => w.key).join(', ');
    throw new Error(`unknown workload ${key} (one of ${keys})`);
  }
  return found;
}

/**
 * The options the gradients suite generates a workload's module with: J and J_grad in the arrays
 * ABI, handed `gradient` (the transform's, with respect to `wrt`); no Hessian is asked for.
 */
export function gradientModuleOptions(
  wrt: readonly string[],
  gradient: FunctionDef,
  chunkSize?: number,
): GenerateOptions {
  return {
    abi: 'arrays',
    grad: true,
    wrt,
    derivatives: {
      grad: () => gradient,
      hessian: (): FunctionDef => {
        throw new Error('no Hessian');
      },
    },
    ...(chunkSize === undefined ? {} : { chunkSize }),
  };
}

/** The module the gradients suite imports for a workload (`gradientModuleOptions`). */
export function gradientModule(workload: Workload): string {
  const gradient = grad(workload.program, { wrt: workload.wrt });
  return generateModule(workload.program, gradientModuleOptions(workload.wrt, gradient));
}

/**
 * A hand-written reference as `BenchWorkload.reference` makes it: a module, or its source text,
 * written to `directory` and imported.
 */
export async function importReference(
  made: Reference | { source: string },
  directory: string,
): Promise<Reference> {
  if (!('source' in made)) return made;
  const file = join(directory, 'reference.mjs');
  writeFileSync(file, made.source);
  return (await import(pathToFileURL(file).href)) as Reference;
}

/** A workload's arguments in the arrays ABI: the differentiated parameters' values, the inputs'. */
export function argumentsOf(workload: Workload): { params: Float64Array; inputs: Float64Array } {
  return {
    params: Float64Array.from(workload.wrt, (name) => workload.at.get(name)!),
    inputs: Float64Array.from(workload.inputs, (name) => workload.at.get(name)!),
  };
}
