import { describe, expect, it } from 'vitest';
import { add, ident, mul, num, neg, pow, print, program, functionDef } from '@ddx/ast';

describe('printer smoke', () => {
  it('prints the lecture formula', () => {
    const w = ident('w');
    expect(print(mul(num(3), pow(w, num(2))))).toBe('3 * w^2');
    expect(print(pow(neg(w), num(2)))).toBe('(-w)^2');
    expect(print(neg(pow(w, num(2))))).toBe('-w^2');
    expect(print(program([functionDef('f', ['w'], [], [add(w, num(1))])]))).toBe('f(w) = w + 1\n');
  });
});
