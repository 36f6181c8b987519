// The printer against golden fixtures: test/fixtures/printer-cases.ts holds the ASTs,
// test/fixtures/printer/<name>.out the expected text (refresh with `-u`).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  add,
  binding,
  functionDef,
  ident,
  isExpression,
  mul,
  num,
  print,
  printExpression,
  printFunction,
  printProgram,
  program,
  type Expression,
} from '@ddx/ast';
import { printerCases } from './fixtures/printer-cases.js';
import { deepFreeze, leftDeepSum, minusChain } from './helpers.js';

const fixtureDirectory = new URL('./fixtures/printer/', import.meta.url);

describe('print: golden fixtures', () => {
  for (const [name, node] of Object.entries(printerCases)) {
    it(name, async () => {
      await expect(print(deepFreeze(node))).toMatchFileSnapshot(`./fixtures/printer/${name}.out`);
    });
  }

  it('has a case for every fixture file and a fixture file for every case', () => {
    const files = readdirSync(fixtureDirectory)
      .filter((file) => file.endsWith('.out'))
      .map((file) => file.slice(0, -'.out'.length))
      .sort();
    expect(files).toEqual(Object.keys(printerCases).sort());
  });
});

describe('print and its parts agree', () => {
  it('printExpression is print for every expression case', () => {
    for (const node of Object.values(printerCases)) {
      if (isExpression(node)) expect(printExpression(node)).toBe(print(node));
    }
  });

  it('printFunction and printProgram print without the final newline that print adds', () => {
    const fn = functionDef('f', ['w'], [], [mul(ident('w'), ident('w'))]);
    const file = program([fn, fn]);
    expect(printFunction(fn)).toBe('f(w) = w * w');
    expect(printProgram(file)).toBe('f(w) = w * w\n\nf(w) = w * w');
    expect(print(file)).toBe(`${printProgram(file)}\n`);
  });

  it('ignores spans', () => {
    const spanned = add(
      num(1, { start: 0, end: 1 }),
      ident('x', { start: 4, end: 5 }),
    ) as Expression;
    const withSpan = { ...spanned, span: { start: 0, end: 5 } } as Expression;
    expect(print(withSpan)).toBe('1 + x');
    expect(print(binding('a', withSpan, { start: 0, end: 9 }))).toBe('a = 1 + x');
  });
});

describe('print: deep expressions', () => {
  it('prints a left-deep sum of 100,000 terms without parentheses or stack overflow', () => {
    const text = print(leftDeepSum(100_000));
    expect(text.startsWith('x0 + x1 + x2 + ')).toBe(true);
    expect(text.endsWith(' + x99998 + x99999')).toBe(true);
    expect(text).not.toContain('(');
    expect(text.split(' + ')).toHaveLength(100_000);
  });

  it('prints a chain of 100,000 unary minus signs', () => {
    expect(print(minusChain(100_000))).toBe(`${'-'.repeat(100_000)}x`);
  });
});
