// Number literals read back exactly, and a negated literal keeps its sign (-0 included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { functionDef, neg, num, signedNumber } from '@ddx/ast';
import { compile, generateModule, numberLiteral } from '@ddx/codegen';
import { formatJs } from './helpers.js';

const samples = [
  5e-324,
  1e300,
  0.1,
  1 / 3,
  0,
  1e21,
  1.7976931348623157e308,
  2 ** -1074 * 3,
  123456789012345680000,
];

describe('number literals', () => {
  it.each(samples)('%s reads back exactly', (value) => {
    expect(Number(numberLiteral(value))).toBe(value);
  });

  it('every finite non-negative double reads back exactly', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (value) => {
        fc.pre(!Object.is(value, -0));
        expect(Object.is(Number(numberLiteral(value)), value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not a literal (signs are operators)', () => {
    expect(() => numberLiteral(-1)).toThrow(RangeError);
    expect(() => numberLiteral(-0)).toThrow(RangeError);
    expect(() => numberLiteral(NaN)).toThrow(RangeError);
  });

  it.each([...samples, -0, -5e-324, -1e300])('%s survives the round trip through code', (value) => {
    const fn = functionDef('k', [], [], [signedNumber(value)]);
    expect(Object.is(compile(fn)(), value)).toBe(true);
  });

  it('literals are printed as prettier prints them', async () => {
    const fn = functionDef('k', [], [], [neg(num(0)), num(1e21), num(5e-324)]);
    const text = generateModule(fn);
    expect(text).toContain('return [-0, 1e21, 5e-324];');
    expect(await formatJs(text)).toBe(text);
  });
});
