// NameTable: the lowerings' scopes, checked against a Map on random names and operations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameTable } from '@ddx/ast';

describe('NameTable', () => {
  it('answers as a Map does for any names, added, set and looked up in any order', () => {
    const name = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('x', 'x1', 'x_1', 'ë', '𝑥', '__proto__', 'constructor', ''),
      fc.integer({ min: 0, max: 50 }).map((k) => `n${k}`),
    );
    const operation = fc.tuple(fc.constantFrom('add', 'set', 'get'), name, fc.integer());
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 120 }), (operations) => {
        const table = new NameTable(operations.length);
        const reference = new Map<string, number>();
        for (const [kind, key, value] of operations) {
          if (kind === 'add') {
            const fresh = !reference.has(key);
            expect(table.add(key, value)).toBe(fresh);
            if (fresh) reference.set(key, value);
          } else if (kind === 'set') {
            table.set(key, value);
            reference.set(key, value);
          }
          expect(table.get(key)).toBe(reference.get(key));
          expect(table.has(key)).toBe(reference.has(key));
          expect(table.size).toBe(reference.size);
        }
        for (const [key, value] of reference) expect(table.get(key)).toBe(value);
      }),
    );
  });

  it('holds as many names as it was made for, 10^5 of them, and refuses one more', () => {
    const table = new NameTable(100_000);
    for (let k = 0; k < 100_000; k++) expect(table.add(`n${k}`, k)).toBe(true);
    for (let k = 0; k < 100_000; k += 997) expect(table.get(`n${k}`)).toBe(k);
    expect(table.get('n100000')).toBeUndefined();
    expect(() => table.add('one more', 0)).toThrow();
  });
});
