import { program, type FunctionDef, type Program } from '@ddx/ast';
import { evaluate } from '@ddx/evaluator';
import { parse, parseExpression } from '@ddx/parser';

export { parse, parseExpression };

/** Evaluates a function (or the last function of a program) at named or positional arguments. */
export function run(
  source: Program | FunctionDef,
  args: Record<string, number> | readonly number[],
): number[] {
  const wrapped = source.kind === 'Program' ? source : program([source]);
  const fn = source.kind === 'Program' ? source.functions.at(-1)!.name : source.name;
  return [...evaluate(wrapped, { fn, args: args as never })];
}

/** Central difference of result 0 of `fn` with respect to parameter `index`. */
export function centralDifference(
  source: Program,
  point: readonly number[],
  index: number,
  eps = 1e-6,
): number {
  const h = eps * Math.max(1, Math.abs(point[index]!));
  const up = [...point];
  const down = [...point];
  up[index]! += h;
  down[index]! -= h;
  return (run(source, up)[0]! - run(source, down)[0]!) / (up[index]! - down[index]!);
}

/** |a - b| within a mixed absolute/relative tolerance. */
export function close(a: number, b: number, tolerance = 1e-6): boolean {
  if (Object.is(a, b)) return true;
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}
