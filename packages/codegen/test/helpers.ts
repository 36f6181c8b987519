// Shared by the codegen tests: loading generated modules, a reference evaluation, prettier.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import * as evaluator from '@ddx/evaluator';
import {
  binaryOperators,
  catalogue,
  constants,
  fold,
  type Expression,
  type FunctionDef,
  type Program,
} from '@ddx/ast';

const directory = mkdtempSync(join(tmpdir(), 'ddx-codegen-'));
let counter = 0;

/** Writes a generated module to a temporary file and imports it for real. */
export async function loadModule(text: string): Promise<Record<string, (...args: any[]) => any>> {
  const file = join(directory, `module${++counter}.mjs`);
  writeFileSync(file, text);
  return import(pathToFileURL(file).href);
}

/** The repository's prettier options (.prettierrc.json). */
export const prettierOptions = { printWidth: 100, singleQuote: true } as const;

export async function formatJs(text: string): Promise<string> {
  return prettier.format(text, { ...prettierOptions, parser: 'babel' });
}

export async function formatTs(text: string): Promise<string> {
  return prettier.format(text, { ...prettierOptions, parser: 'typescript' });
}

type Evaluate = (program: Program, options: { fn?: string; args: readonly number[] }) => number[];

/**
 * The evaluator's results for `fn` of `program` at positional `args`: @ddx/evaluator when it is
 * there, else the reference below (the same catalogue and operator table).
 */
export function evaluateFunction(program: Program, fn: string, args: readonly number[]): number[] {
  const external = (evaluator as { evaluate?: Evaluate }).evaluate;
  if (external) return [...external(program, { fn, args })];
  return referenceEvaluate(program, fn, args);
}

/** A direct reading of LANGUAGE.md: a test is true when it is neither 0 nor NaN. */
export function referenceEvaluate(
  program: Program,
  fnName: string,
  args: readonly number[],
): number[] {
  const functions = new Map<string, FunctionDef>();
  for (const fn of program.functions) functions.set(fn.name, fn);
  const run = (fn: FunctionDef, values: readonly number[]): number[] => {
    const scope = new Map(fn.params.map((p, i) => [p, values[i]!]));
    const value = (root: Expression): number =>
      fold<number>(root, (node, operands) => {
        switch (node.kind) {
          case 'Number':
            return node.value;
          case 'Identifier':
            return scope.get(node.name)!;
          case 'Constant':
            return constants[node.name];
          case 'Unary':
            return node.operator === '-' ? -operands[0]! : operands[0]!;
          case 'Binary':
            return binaryOperators[node.operator].evaluate(operands[0]!, operands[1]!);
          case 'Conditional': {
            const test = operands[0]!;
            return test !== 0 && !Number.isNaN(test) ? operands[1]! : operands[2]!;
          }
          case 'Call': {
            const builtin = catalogue.get(node.callee);
            if (builtin) return builtin.evaluate(...operands);
            return run(functions.get(node.callee)!, operands)[0]!;
          }
        }
      });
    for (const binding of fn.body) scope.set(binding.name, value(binding.value));
    return fn.results.map(value);
  };
  return run(functions.get(fnName)!, args);
}

/** Object.is on every element, with a readable failure. */
export function sameBits(actual: readonly number[], expected: readonly number[]): boolean {
  return actual.length === expected.length && actual.every((v, i) => Object.is(v, expected[i]));
}
