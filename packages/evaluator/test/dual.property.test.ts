// The evaluator's dual numbers (its own derivative rules, the complex-step derivative) against
// its central differences, on random programs. CI runs budget(n) cases; `npm run fuzz` 10^5.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkGradient,
  environmentOf,
  execute,
  formatReport,
  seed,
  trackedDomain,
  type Source,
} from '@ddx/evaluator';
import { pointFor, smoothFunction } from '@ddx/workloads';
import { budget } from '@ddx/workloads/budget';

/** dJ/dparam for every parameter, by dual numbers: the evaluator's own derivative rules. */
function dualGradient(source: Source) {
  const environment = environmentOf(source);
  const fn = environment.target(undefined);
  return (args: readonly number[]) => {
    const run = (index: number) =>
      execute(
        environment,
        trackedDomain,
        fn,
        args.map((value, i) => seed(value, i === index ? 1 : 0)),
      ).results[0]!;
    return [run(-1).value, ...fn.params.map((_, index) => run(index).tangent)];
  };
}

describe('every builtin’s derivative rule', () => {
  it('agrees with central differences on random smooth programs', () => {
    fc.assert(
      fc.property(smoothFunction(), pointFor(3), (source, at) => {
        const report = checkGradient(source, { at, gradient: dualGradient(source) });
        expect(report.passed, formatReport(report)).toBe(true);
        expect(report.verdict).toBe('ok');
      }),
      budget(150),
    );
  });
});
