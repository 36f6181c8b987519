// Errors are values: every problem of test/fixtures/errors.ddx is reported with its stable
// code, line and column; `parse` throws the first and lists them all; rendering shows the line
// with a caret under the problem.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DdxError, type ErrorCode } from '@ddx/ast';
import { parse, parseExpression, parseWithDiagnostics } from '@ddx/parser';

const source = readFileSync(new URL('./fixtures/errors.ddx', import.meta.url), 'utf8');

/** [code, line, column, a phrase of the message] for every mistake in errors.ddx. */
const expected: [ErrorCode, number, number, string][] = [
  ['duplicate-parameter', 8, 16, "parameter 'w' is listed twice"],
  ['unknown-function', 9, 7, "unknown function 'sinn'; did you mean 'sin'?"],
  ['arity', 9, 21, "'atan2' takes 2 arguments, got 1: atan2(y, x)"],
  ['rebinding', 10, 3, "'t' is already bound on line 9"],
  ['arity', 10, 7, "'f' takes 1 argument, got 2: f(x)"],
  ['unknown-function', 10, 17, "'later' is defined later, on line 21"],
  ['multiple-results', 11, 11, "'polar' returns 2 values"],
  ['unbound-name', 11, 25, "unbound name 'q'"],
  ['syntax', 12, 17, "expected an operator or ')', found the end of the line"],
  ['rebinding', 13, 3, "'b' is a parameter of 'model'"],
  ['reserved-name', 14, 3, "'pi' is a built-in constant and cannot be bound"],
  ['unbound-name', 15, 18, "unbound name 'z'"],
  ['reserved-name', 18, 1, "'sin' is a built-in function and cannot be redefined"],
  ['duplicate-function', 19, 1, "'f' is already defined on line 3"],
  ['reserved-name', 19, 3, "'e' is a built-in constant and cannot be a parameter"],
  ['syntax', 20, 14, 'comparisons do not chain'],
  ['syntax', 22, 1, 'a bare expression is not a statement'],
  ['syntax', 23, 1, "unexpected '}': no block is open"],
  ['unbound-name', 25, 7, "'r' is used before it is bound (on line 26)"],
  ['unbound-name', 27, 7, "'n' is used in its own binding"],
  ['syntax', 28, 1, "the block of 'k' ends without 'return'"],
  ['syntax', 29, 9, "the block of 'open' is not closed"],
];

describe('errors.ddx', () => {
  const { program, errors } = parseWithDiagnostics(source, { file: 'errors.ddx' });

  it('reports every mistake, in source order, with its code, line and column', () => {
    expect(program).toBeUndefined();
    const found = errors.map((error) => [error.code, error.line, error.column]);
    expect(found).toEqual(expected.map(([code, line, column]) => [code, line, column]));
    errors.forEach((error, index) => expect(error.message).toContain(expected[index]![3]));
  });

  it('does not report follow-on errors of a statement that did not parse', () => {
    // Line 12 binds `v` but does not parse; line 11 uses `v` before, line 15 after.
    expect(errors.some((error) => / 'v'/.test(error.message))).toBe(false);
  });

  it('renders the file, the line and a caret under the problem', () => {
    expect(errors[1]!.render()).toBe(
      [
        "errors.ddx:9:7: unknown-function: unknown function 'sinn'; did you mean 'sin'?",
        '    t = sinn(w * x) + atan2(x)',
        '        ^^^^',
      ].join('\n'),
    );
    expect(errors[2]!.render().split('\n')[2]).toBe('                      ^^^^^^^^');
    // An error at the end of a line puts the caret just past its last character.
    expect(errors[8]!.render().split('\n').slice(1)).toEqual([
      '    v = b * (x + 1',
      '                  ^',
    ]);
  });

  it('makes parse throw the first error, carrying all of them', () => {
    let thrown: unknown;
    try {
      parse(source, { file: 'errors.ddx' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DdxError);
    const error = thrown as DdxError;
    expect([error.code, error.line, error.column]).toEqual(['duplicate-parameter', 8, 16]);
    expect(error.errors).toHaveLength(expected.length);
    expect(error.errors[0]).toBe(error);
    expect(error.renderAll().split('\n')).toHaveLength(3 * expected.length);
  });
});

describe('single mistakes', () => {
  const problem = (text: string): DdxError => parseWithDiagnostics(text).errors[0]!;

  it.each([
    ['f(x) = x $ 2', 'syntax', 10, "unexpected character '$'"],
    ['f(x) = 2x', 'syntax', 9, "multiplication is written with '*'"],
    ['f(x) = x = 1', 'syntax', 10, "to compare, write '=='"],
    ['f(x) = (x + 1', 'syntax', 14, "expected an operator or ')'"],
    ['f(x) = x +', 'syntax', 11, 'expected an expression, found the end of the line'],
    ['f(x) = 1e999', 'syntax', 8, 'the number 1e999 is too large'],
    ['f(x, ) = x', 'syntax', 6, "expected an expression, found ')'"],
    ['f(x) = f(x)', 'unknown-function', 8, "'f' cannot call itself"],
    ['f(x) = Sin(x)', 'unknown-function', 8, "did you mean 'sin'?"],
    ['f(x) = log(x, 2, 3)', 'arity', 8, "'log' takes 1 or 2 arguments, got 3: log(x[, base])"],
    ['f(x) = sin', 'unbound-name', 8, "'sin' is a function"],
    ['pi(x) = x', 'reserved-name', 1, "'pi' is a built-in constant and cannot name a function"],
    ['a = 1', 'syntax', 1, 'a binding outside a function'],
    ['return 1', 'syntax', 1, "'return' outside a function block"],
    ['f(x) {\n  return x\n  y = 1\n}', 'syntax', 3, "nothing may follow 'return'"],
    ['f(x) {\n  x + 1\n  return x\n}', 'syntax', 3, 'an expression alone is not a statement'],
    ['f(x) {\n  return x\ng(x) = x', 'syntax', 1, "the block of 'f' is not closed"],
  ] as const)('%j: %s at column %i', (text, code, column, message) => {
    const error = problem(text);
    expect(error.code).toBe(code);
    expect(error.column).toBe(column);
    expect(error.message).toContain(message);
  });

  it('reports a bare expression that is empty or runs over two lines', () => {
    expect(() => parseExpression('')).toThrow('expected an expression');
    expect(() => parseExpression('  # nothing\n')).toThrow('expected an expression');
    expect(() => parseExpression('x\ny')).toThrow('a bare expression is a single line');
    expect(() => parseExpression('x = 1')).toThrow("to compare, write '=='");
    expect(() => parseExpression('sinn(x)')).toThrow("did you mean 'sin'?");
  });

  it('counts columns in code points', () => {
    const error = problem('f(θ) = 𝑥 + θ');
    expect([error.code, error.line, error.column]).toEqual(['unbound-name', 1, 8]);
  });

  it('caps a flood of errors with one limit error', () => {
    const flood = Array.from({ length: 1500 }, (_, index) => `f${index}(x) = y`).join('\n');
    const { errors } = parseWithDiagnostics(flood);
    expect(errors).toHaveLength(1001);
    expect(errors.at(-1)!.code).toBe('limit');
    expect(errors.at(-1)!.message).toContain('1,500 found');
  });
});
