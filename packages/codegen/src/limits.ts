/**
 * The generator's documented limit (README, "Limits"). V8 refuses a function with more than
 * 65,534 formal parameters (and a call with more than 65,534 arguments): a module holding one does
 * not load, and `new Function` throws a SyntaxError. The scalars ABI writes one parameter per ddx
 * parameter, so past this many it is a `limit` error before any code is written; the arrays ABI
 * takes any number (its functions have two or three parameters).
 */
export const maxScalarParameters = 65_534;

const count = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The message of a function with too many positional parameters. */
export function tooManyParameters(name: string, parameters: number, twin: boolean): string {
  const why = twin
    ? `another function calls it, and calls pass arguments one by one; `
    : `the scalars ABI passes them one by one; use the arrays ABI ({ abi: 'arrays' }, --abi arrays); `;
  return `'${name}' has ${count(parameters)} parameters: ${why}JavaScript allows at most ${count(maxScalarParameters)} (maxScalarParameters)`;
}
