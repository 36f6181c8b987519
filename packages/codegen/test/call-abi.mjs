// Calling a generated function under either calling convention, shared by the tests in this
// process and by the module host's worker (module-host.worker.mjs), which runs plain JavaScript.

/**
 * Calls `fn` at `args` under `abi` and returns every result: the value of a one-result function,
 * the array of a several-result one, or (arrays ABI) the return value then the `out` array.
 * @param {(...args: any[]) => any} fn
 * @param {'scalars' | 'arrays'} abi
 * @param {readonly number[]} args
 * @param {number} results
 * @returns {number[]}
 */
export function callUnder(fn, abi, args, results) {
  if (abi === 'scalars') {
    const value = fn(...args);
    return results === 1 ? [value] : [...value];
  }
  const out = new Float64Array(Math.max(0, results - 1));
  const value = fn(Float64Array.from(args), new Float64Array(0), out);
  return [value, ...out];
}
