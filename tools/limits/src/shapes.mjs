// The full-size inputs, one per case: the same shapes as the packages' limits tests
// (packages/*/test/limits.test.ts), at the sizes the parser documents (packages/parser/README.md).
import { maxIdentifierLength, maxNesting, maxSourceLength } from '@ddx/parser';

/** `f(x) = x + x*2 + ... + x*terms`: 4 nodes a term, 10.9 MB at 10^6 terms. */
const longSum = (/** @type {number} */ terms) => {
  const parts = ['x'];
  for (let k = 2; k <= terms; k++) parts.push(`x*${k}`);
  return `f(x) = ${parts.join(' + ')}\n`;
};

/** `levels` of one kind around x, in `f(x, y, c) = ...` (as in the transform limits test). */
/** @type {Record<string, (n: number) => string>} */
const nested = {
  parentheses: (n) => `${'y*(1+'.repeat(n)}x${')'.repeat(n)}`,
  calls: (n) => `${'sin('.repeat(n)}x${')'.repeat(n)}`,
  signs: (n) => `${'-'.repeat(n)}x`,
  powers: (n) => `${'x^'.repeat(n)}x`,
  conditionals: (n) => `${'x > 0 ? 1 : '.repeat(n)}x`,
  mixture: (n) => `${'c ? 1 : y^-sin('.repeat(n / 4)}x${')'.repeat(n / 4)}`,
};

/** 10^6 bindings `  bk=bj+x` (names in base 36) in a block: 15.9 MB. */
/** @param {number} count */
function manyBindings(count) {
  const id = (/** @type {number} */ k) => `b${k.toString(36)}`;
  const lines = ['f(x) {', '  b0=x'];
  for (let k = 1; k < count; k++) lines.push(`  ${id(k)}=${id(k - 1)}+x`);
  lines.push(`  return ${id(count - 1)}`, '}', '');
  return lines.join('\n');
}

/** f_k calls f_(k-1) twice: f18 expands to 2,097,149 nodes, f19 to 4,194,301 (past maxNodes). */
/** @param {number} last */
function expanded(last) {
  const lines = ['f0(x) = x*x + 1'];
  for (let k = 1; k <= last; k++) lines.push(`f${k}(x) = f${k - 1}(f${k - 1}(x))`);
  return lines.join('\n') + '\n';
}

/** Every case: its source, the function to run, its parameters (the first is differentiated by
 * `diff`), their values and, for a case past a limit, the limit it names. */
/**
 * @typedef {{ name: string, fn: string, params: string[], args: number[], expect?: string,
 *   source: () => string }} Case
 * @returns {Case[]}
 */
export function cases() {
  /** @type {Case[]} */
  const list = [];
  for (const levels of [10_000, maxNesting]) {
    for (const [kind, body] of Object.entries(nested)) {
      list.push({
        name: `${levels.toLocaleString('en-US')} nested ${kind}`,
        fn: 'f',
        params: ['x', 'y', 'c'],
        args: [0.5, 0.9, 1],
        source: () => `f(x, y, c) = ${body(levels)}\n`,
      });
    }
  }
  const name = 'w'.repeat(maxIdentifierLength - 1) + 'x';
  list.push(
    {
      name: `identifier of ${maxIdentifierLength.toLocaleString('en-US')} characters`,
      fn: 'f',
      params: [name],
      args: [2],
      source: () => `f(${name}) = ${name}^2 + ${name}\n`,
    },
    {
      name: 'f18: 2,097,149 nodes expanded',
      fn: 'f18',
      params: ['x'],
      args: [0.5],
      source: () => expanded(18),
    },
    {
      name: 'past maxNodes (f19 expanded)',
      fn: 'f19',
      params: ['x'],
      args: [0.5],
      expect: 'maxNodes',
      source: () => expanded(19),
    },
    {
      name: 'past maxSourceLength',
      fn: 'f',
      params: ['x'],
      args: [1],
      expect: 'maxSourceLength',
      source: () => `f(x) = x\n${'#'.repeat(maxSourceLength - 8)}`,
    },
    {
      name: 'past maxNesting (parentheses)',
      fn: 'f',
      params: ['x', 'y', 'c'],
      args: [0.5, 0.9, 1],
      expect: 'maxNesting',
      source: () => `f(x, y, c) = ${nested.parentheses(maxNesting + 1)}\n`,
    },
    {
      name: 'past maxIdentifierLength',
      fn: 'f',
      params: [`${name}y`],
      args: [2],
      expect: 'maxIdentifierLength',
      source: () => `f(${name}y) = ${name}y\n`,
    },
    {
      // transform's Algebra.neg once recursed here (a RangeError).
      name: '20,000 nested cosines',
      fn: 'f',
      params: ['x', 'y', 'c'],
      args: [0.5, 0.9, 1],
      source: () => `f(x, y, c) = ${'cos('.repeat(20_000)}x${')'.repeat(20_000)}\n`,
    },
    {
      // Past codegen's maxScalarParameters (65,534): the scalars ABI is a `limit` error.
      name: '70,000 parameters',
      fn: 'f',
      params: ['x', ...Array.from({ length: 69_999 }, (_, k) => `x${k + 1}`)],
      args: Array.from({ length: 70_000 }, (_, k) => k % 7),
      source: () => {
        const names = ['x', ...Array.from({ length: 69_999 }, (_, k) => `x${k + 1}`)];
        return `f(${names.join(', ')}) = ${names.join(' + ')}\n`;
      },
    },
    // The slowest last.
    {
      name: 'sum of 10^6 terms',
      fn: 'f',
      params: ['x'],
      args: [1],
      source: () => longSum(1_000_000),
    },
    {
      name: '10^6 bindings',
      fn: 'f',
      params: ['x'],
      args: [0.5],
      source: () => manyBindings(1_000_000),
    },
  );
  return list;
}
