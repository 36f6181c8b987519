/**
 * How many cases a property test runs. Each property is written once, in a `*.property.test.ts`
 * file, with `fc.assert(property, budget(n))`: the normal test run checks `n` cases (the CI
 * budget), and `npm run fuzz` runs the same files with `DDX_FUZZ_RUNS` cases each (10^5).
 *
 * Environment:
 * - `DDX_FUZZ_RUNS`: cases per property, replacing every CI budget.
 * - `DDX_FUZZ_SEED`: fast-check's seed for every property (default: a new one each run).
 * - `DDX_FUZZ_LOG`: a file to append one JSON line per property run to: its test, cases run,
 *   cases skipped by preconditions, time, seed, and the counterexample if it failed.
 *
 * This module reads the name of the running test from vitest, so it is only for tests
 * (`@ddx/workloads/budget`, not the package's main entry).
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';

function integerFromEnvironment(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got '${text}'`);
  return value;
}

/** Cases per property under `npm run fuzz`; undefined in a normal test run. */
export const fuzzRuns: number | undefined = integerFromEnvironment('DDX_FUZZ_RUNS');
const fixedSeed = integerFromEnvironment('DDX_FUZZ_SEED');
const logFile = process.env['DDX_FUZZ_LOG'];

/** One line of the fuzz log. */
export interface BudgetRecord {
  readonly file: string;
  readonly test: string;
  readonly budget: number;
  readonly runs: number;
  readonly skips: number;
  readonly failed: boolean;
  readonly interrupted: boolean;
  readonly seed: number;
  readonly ms: number;
  readonly counterexample?: string;
  readonly error?: string;
}

/**
 * fast-check parameters for a property whose CI budget is `ciRuns` cases: `DDX_FUZZ_RUNS` cases
 * under the fuzz command. `extra` may set anything else (`maxSkipsPerRun`, ...); a time limit in
 * it applies to CI runs only, since the fuzz budget is a count, not a time.
 */
export function budget<T>(ciRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const numRuns = fuzzRuns ?? ciRuns;
  const parameters: fc.Parameters<T> = {
    ...extra,
    numRuns,
    ...(fixedSeed === undefined ? {} : { seed: fixedSeed }),
  };
  if (fuzzRuns !== undefined) {
    delete parameters.interruptAfterTimeLimit;
    delete parameters.markInterruptAsFailure;
  }
  if (logFile === undefined) return parameters;
  const state = expect.getState();
  const started = performance.now();
  return {
    ...parameters,
    reporter(details) {
      const record: BudgetRecord = {
        file: state.testPath ?? '',
        test: state.currentTestName ?? '',
        budget: numRuns,
        runs: details.numRuns,
        skips: details.numSkips,
        failed: details.failed,
        interrupted: details.interrupted,
        seed: details.seed,
        ms: Math.round(performance.now() - started),
        ...(details.failed
          ? {
              counterexample: fc.stringify(details.counterexample),
              error: String(details.errorInstance),
            }
          : {}),
      };
      appendFileSync(logFile, JSON.stringify(record) + '\n');
      if (details.failed) {
        throw new Error(fc.defaultReportMessage(details), { cause: details.errorInstance });
      }
    },
  };
}
