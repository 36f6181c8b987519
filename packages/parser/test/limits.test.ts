// The parser's documented limits (README, "Limits"): each works at its documented size and
// fails just past it with a `limit` error that names it, points at the place and never throws
// anything but a DdxError. The biggest inputs (a 10 MB sum of 10^6 terms) run here at full
// size; tools/limits measures the whole pipeline on them.
import { describe, expect, it } from 'vitest';
import { depthOf, printExpression, type DdxError, type Expression } from '@ddx/ast';
import {
  maxErrors,
  maxIdentifierLength,
  maxNesting,
  maxNodes,
  maxSourceLength,
  parse,
  parseExpression,
  parseWithDiagnostics,
} from '@ddx/parser';
import { runParser } from '../src/parse.js';

const count = (value: number): string => value.toLocaleString('en-US');

/** The one error of a parse, which must be a `limit` error naming `limit`. */
function limitError(errors: readonly DdxError[], limit: string): DdxError {
  expect(errors.map((error) => error.code)).toEqual(['limit']);
  expect(errors[0]!.message).toContain(`(${limit})`);
  return errors[0]!;
}

/** `f(x) = x + x*2 + ... + x*terms`: 4 nodes a term, 10.9 MB at 10^6 terms. */
function longSum(terms: number): string {
  const parts = ['x'];
  for (let k = 2; k <= terms; k++) parts.push(`x*${k}`);
  return `f(x) = ${parts.join(' + ')}\n`;
}

describe('source length', () => {
  it(`parses a source of exactly maxSourceLength (${count(maxSourceLength)}) characters`, () => {
    const source = 'f(x) = x #'.padEnd(maxSourceLength - 1, ' ') + '\n';
    expect(source.length).toBe(maxSourceLength);
    expect(parse(source).functions).toHaveLength(1);
  });

  it('rejects one character more before any work, pointing at the first one past the limit', () => {
    const source = `f(x) = x\n${'#'.repeat(maxSourceLength - 8)}`;
    expect(source.length).toBe(maxSourceLength + 1);
    const started = performance.now();
    const error = limitError(parseWithDiagnostics(source).errors, 'maxSourceLength');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.message).toBe(
      `the source is ${count(maxSourceLength + 1)} characters long: the limit is ${count(maxSourceLength)} (maxSourceLength)`,
    );
    expect(error.span).toEqual({ start: maxSourceLength, end: maxSourceLength + 1 });
    expect([error.line, error.column]).toEqual([2, maxSourceLength - 9 + 1]);
    expect(error.render().split('\n').at(-1)).toMatch(/^ +\^$/);
  });
});

describe('expression nodes', () => {
  it('parses a sum of 10^6 terms in a 10.9 MB line: 3,999,997 nodes, just under maxNodes', () => {
    const source = longSum(1_000_000);
    expect(source.length).toBeGreaterThan(10_000_000);
    const started = performance.now();
    let node: Expression = parse(source).functions[0]!.results[0]!;
    const seconds = (performance.now() - started) / 1000;
    // Down the left spine: 999,999 additions of `x*k`, k from 10^6 down, then `x`.
    let k = 1_000_000;
    while (node.kind === 'Binary' && node.operator === '+') {
      const term = node.right;
      if (term.kind !== 'Binary' || term.right.kind !== 'Number' || term.right.value !== k--) {
        expect.fail(`term ${k + 1} is ${printExpression(term)}`);
      }
      node = node.left;
    }
    expect(k).toBe(1);
    expect(node).toMatchObject({ kind: 'Identifier', name: 'x', span: { start: 7, end: 8 } });
    // About 3 s on an idle 2-core machine.
    expect(seconds).toBeLessThan(30);
  }, 60_000);

  it(`stops at the statement that crosses maxNodes (${count(maxNodes)})`, () => {
    // 2,000,001 terms `x` and 2,000,000 `+`: one node too many, in a 4 MB line.
    const source = `f(x) = ${'x+'.repeat(2_000_000)}x\ng(y) = z`;
    const error = limitError(parseWithDiagnostics(source).errors, 'maxNodes');
    expect(error.message).toBe(
      `the program has more than ${count(maxNodes)} expression nodes (names, numbers, operators and calls): the limit is ${count(maxNodes)} (maxNodes)`,
    );
    // Nothing after it is checked: no complaint about the unbound `z` of line 2.
    expect(error.line).toBe(1);
  }, 60_000);

  it('counts the nodes of every statement, parsed by ohm or directly (lowered limit)', () => {
    const lines = ['f(x) {', ...Array.from({ length: 50 }, (_, k) => `  t${k} = x * ${k}`)];
    const source = [...lines, '  return x', '}'].join('\n');
    // 50 bindings of 3 nodes, then the result: 151 nodes.
    expect(runParser(source, 'program', { maxNodes: 151 }).errors).toEqual([]);
    const { errors } = runParser(source, 'program', { maxNodes: 150 });
    expect(limitError(errors, 'maxNodes').line).toBe(52);
    const direct = runParser(source, 'program', { maxNodes: 150, directLength: 0 });
    expect(limitError(direct.errors, 'maxNodes').line).toBe(52);
  });

  it('holds each function, with the functions it calls expanded in place, to maxNodes', () => {
    // f_k calls f_(k-1) twice: 2^k copies of f0 once expanded, in a program of 41 lines.
    const lines = ['f0(x) = x*x + 1'];
    for (let k = 1; k <= 40; k++) lines.push(`f${k}(x) = f${k - 1}(f${k - 1}(x))`);
    const { errors } = parseWithDiagnostics(lines.join('\n'));
    // f18 expands to 2,097,149 nodes, f19 to 4,194,301: the first over the limit.
    expect(errors[0]!.code).toBe('limit');
    expect(errors[0]!.message).toBe(
      `'f19' has 4,194,301 expression nodes with the functions it calls expanded in place: the limit is ${count(maxNodes)} (maxNodes)`,
    );
    expect([errors[0]!.line, errors[0]!.column]).toEqual([20, 1]);
    expect(errors).toHaveLength(22);
    expect(parse(lines.slice(0, 19).join('\n')).functions).toHaveLength(19);
  });
});

describe('nesting', () => {
  const shapes: Record<string, (levels: number) => string> = {
    parentheses: (levels) => `${'('.repeat(levels)}x${')'.repeat(levels)}`,
    calls: (levels) => `${'sin('.repeat(levels)}x${')'.repeat(levels)}`,
    signs: (levels) => `${'-'.repeat(levels)}x`,
    powers: (levels) => `${'x^'.repeat(levels)}x`,
    conditionals: (levels) => `${'x ? 1 : '.repeat(levels)}x`,
    // A sign and a parenthesis a level each, and a sign more when `levels` is odd.
    'a mixture': (levels) => {
      const pairs = Math.floor(levels / 2);
      return `${'-('.repeat(pairs)}${levels % 2 ? '-' : ''}x${')'.repeat(pairs)}`;
    },
  };

  it.each(Object.keys(shapes))(
    `parses %s nested maxNesting (${count(maxNesting)}) deep`,
    (name) => {
      const started = performance.now();
      const result = parseExpression(shapes[name]!(maxNesting)).functions[0]!.results[0]!;
      // Parentheses make no node of their own; the other levels make one each.
      const nodes = { parentheses: 0, 'a mixture': maxNesting / 2 }[name] ?? maxNesting;
      expect(depthOf(result)).toBe(nodes + 1);
      expect(performance.now() - started).toBeLessThan(10_000);
    },
  );

  it.each(Object.keys(shapes))('rejects %s nested one level deeper, at that level', (name) => {
    const source = `f(x) = ${shapes[name]!(maxNesting + 1)}`;
    const started = performance.now();
    const error = limitError(parseWithDiagnostics(source).errors, 'maxNesting');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error.line).toBe(1);
    // The caret stands where the nesting crossed the limit, deep inside the line.
    expect(error.column).toBeGreaterThan(maxNesting);
  });

  it('has ohm describe a syntax error deep inside 1,000 parentheses (in a worker)', () => {
    const source = `f(x) = ${'('.repeat(1_000)}x +${')'.repeat(1_000)}`;
    const { errors } = parseWithDiagnostics(source);
    expect(errors.map((error) => [error.code, error.column])).toEqual([['syntax', 1_011]]);
    expect(errors[0]!.message).toBe("expected an expression, found ')'");
  });
});

describe('identifier length', () => {
  const name = (length: number): string => 'w'.repeat(length - 1) + '1';

  it(`accepts names of maxIdentifierLength (${count(maxIdentifierLength)}) characters`, () => {
    const long = name(maxIdentifierLength);
    const other = 'v'.repeat(maxIdentifierLength);
    const program = parse(`f(${long}) {\n  ${other} = 1\n  return ${long} * ${other}\n}`);
    expect(program.functions[0]!.params).toEqual([long]);
  });

  it.each([
    ['as a parameter', (long: string) => `f(${long}) = 1`, 3],
    ['as a binding', (long: string) => `f(x) {\n  ${long} = x\n  return x\n}`, 3],
    ['as a variable', (long: string) => `f(x) = x + ${long}`, 12],
    ['as a function', (long: string) => `${long}(x) = x`, 1],
  ])('rejects one more character %s, pointing at the name', (_, program, column) => {
    const long = name(maxIdentifierLength + 1);
    // Both parsers check names: ohm (statements up to 16 KB here) and the direct one.
    for (const directLength of [0, 16_384]) {
      const { errors } = runParser(program(long), 'program', { directLength });
      const error = errors.find((each) => each.code === 'limit')!;
      expect(error.message).toBe(
        `the name '${long.slice(0, 16)}…' is ${count(maxIdentifierLength + 1)} characters long: the limit is ${count(maxIdentifierLength)} (maxIdentifierLength)`,
      );
      expect(error.column).toBe(column);
      expect(error.location!.length).toBe(maxIdentifierLength + 1);
    }
  });
});

describe('errors', () => {
  it(`reports the first maxErrors (${count(maxErrors)}) problems and counts the rest`, () => {
    const names = Array.from({ length: 2_500 }, (_, k) => `q${k}`);
    const { errors } = parseWithDiagnostics(`f(x) = x + ${names.join(' + ')}`);
    expect(errors).toHaveLength(maxErrors + 1);
    expect(errors.slice(0, maxErrors).every((error) => error.code === 'unbound-name')).toBe(true);
    const last = errors.at(-1)!;
    expect([last.code, last.message]).toEqual([
      'limit',
      `too many errors: 2,500 found, the first ${count(maxErrors)} are shown (maxErrors)`,
    ]);
    expect(last.location).toEqual(errors[maxErrors - 1]!.location);
  });
});

describe('bindings', () => {
  it('parses 200,000 bindings, and 100 misspelt names among them in bounded time', () => {
    const lines = ['f(w) {'];
    for (let k = 0; k < 200_000; k++) lines.push(`  t${k} = w * ${k}`);
    for (let k = 0; k < 100; k++) lines.push(`  u${k} = q${k} + t${k}x`);
    lines.push('  return w', '}');
    const started = performance.now();
    const { errors } = parseWithDiagnostics(lines.join('\n'));
    // Each misspelt name is looked up among 200,000: the suggestions share one budget.
    expect(errors).toHaveLength(200);
    expect(errors[1]!.message).toContain("did you mean 't0'?");
    expect((performance.now() - started) / 1000).toBeLessThan(30);
  }, 60_000);
});
