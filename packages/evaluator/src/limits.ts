/**
 * The evaluator's documented limit (README, "Limits"). A check evaluates the function about
 * seven times per parameter (ε-probes on both sides, halves and quarters for kinks, a dual
 * run): checking 10^6 parameters of a 10^6-node function would take 10^13 steps. The cost is
 * known after the first evaluation, and past this many steps the check stops there with a
 * `limit` error rather than run for days.
 */
export const maxCheckSteps = 100_000_000;

/** Evaluations of the function per parameter checked, at most. */
export const evaluationsPerParameter = 7;

const count = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function checkTooLarge(parameters: number, steps: number): string {
  const total = steps * (1 + evaluationsPerParameter * parameters);
  const shown = total < 1e15 ? count(total) : total.toExponential(2);
  return `checking ${count(parameters)} parameter${parameters === 1 ? '' : 's'} of a function of ${count(steps)} steps takes about ${shown} evaluation steps: the limit is ${count(maxCheckSteps)} (maxCheckSteps); check fewer parameters (wrt)`;
}
