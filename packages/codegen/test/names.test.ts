// The naming rule: readable names stay, everything else is mangled, injectively and validly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsIdentifier } from '@ddx/codegen';

describe('jsIdentifier', () => {
  it.each([
    ['w1', 'w1'],
    ['θ', 'θ'],
    ['_tmp', '_tmp'],
    ['constructor', 'constructor'],
    ['__proto__', '__proto__'],
    ['return', '$return'],
    ['this', '$this'],
    ['eval', '$eval'],
    ['then', '$then'],
    ['arguments', '$arguments'],
    ['Math', '$Math'],
    ['undefined', '$undefined'],
    ['ddx_sigmoid', '$ddx_sigmoid'],
    ['params', '$params'],
    ['a b', '$a$20$b'],
    ['$x', '$$24$x'],
    ['', '$'],
  ])('%j → %j', (name, expected) => {
    expect(jsIdentifier(name)).toBe(expected);
  });

  it('is injective and always gives an identifier that can be declared in a module', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.string({ unit: 'binary', maxLength: 12 }),
        (a, b) => {
          fc.pre(a !== b);
          expect(jsIdentifier(a)).not.toBe(jsIdentifier(b));
          // Strict mode, as in a module: `eval`, `arguments` and reserved words would throw here.
          expect(() => new Function(`'use strict'; const ${jsIdentifier(a)} = 1;`)).not.toThrow();
        },
      ),
      { numRuns: 2000 },
    );
  });
});
