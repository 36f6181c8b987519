// DdxError: where an error points (lines, code-point columns) and how it reads on a terminal.
import { describe, expect, it } from 'vitest';
import { DdxError, isDdxError, locate, type Span } from '@ddx/ast';

/** The span of the first occurrence of `text` in `source` (UTF-16 offsets). */
function spanOf(source: string, text: string): Span {
  const start = source.indexOf(text);
  if (start === -1) throw new Error(`${text} is not in ${source}`);
  return { start, end: start + text.length };
}

function unknownFunction(source: string, name = 'sinn', file?: string): DdxError {
  return new DdxError('unknown-function', `unknown function '${name}'`, {
    source,
    span: spanOf(source, name),
    ...(file === undefined ? {} : { file }),
  });
}

const ansi = /\u001b\[[0-9;]*m/g;

describe('locate', () => {
  it('counts lines from 1 and columns in code points from 1', () => {
    const source = 'a\nθ𝑥b';
    expect(locate(source, 0)).toEqual({ line: 1, column: 1 });
    expect(locate(source, 1)).toEqual({ line: 1, column: 2 });
    expect(locate(source, 2)).toEqual({ line: 2, column: 1 });
    expect(locate(source, source.indexOf('b'))).toEqual({ line: 2, column: 3 });
  });
});

describe('DdxError location', () => {
  it('counts columns in code points after θ and an astral 𝑥', () => {
    const source = 'f(θ, 𝑥) = θ + sinn(𝑥)';
    const error = unknownFunction(source);
    expect(error.span!.start).toBe(15);
    expect(error.location).toEqual({ line: 1, column: 15, offset: 15, length: 4 });
    expect([error.line, error.column]).toEqual([1, 15]);
    expect(error.sourceLine).toBe(source);
  });

  it('finds the line of an error further down', () => {
    const source = 'f(x) = x\ng(y) {\n  a = sinn(y)\n  return a\n}\n';
    const error = unknownFunction(source);
    expect([error.line, error.column]).toEqual([3, 7]);
    expect(error.sourceLine).toBe('  a = sinn(y)');
  });

  it('shows the right line for an error at offset 0 of a source that opens with a newline', () => {
    const error = new DdxError('syntax', 'a blank first line', {
      source: '\nf(x) = x',
      span: { start: 0, end: 0 },
    });
    expect([error.line, error.column]).toEqual([1, 1]);
    expect(error.sourceLine).toBe('');
  });

  it('drops the carriage return of a CRLF line', () => {
    const error = unknownFunction('f(x) = 1\r\ng(y) = sinn(y)\r\n');
    expect([error.line, error.column]).toEqual([2, 8]);
    expect(error.sourceLine).toBe('g(y) = sinn(y)');
  });

  it('points just past the end of the input', () => {
    const source = 'f(x) = ';
    const error = new DdxError('syntax', 'expected an expression', {
      source,
      span: { start: source.length, end: source.length },
    });
    expect(error.location).toEqual({ line: 1, column: 8, offset: 7, length: 1 });
    expect(error.render()).toBe(
      '<input>:1:8: syntax: expected an expression\n  f(x) = \n         ^',
    );
  });

  it('measures the length in code points and stops it at the end of the line', () => {
    const astral = new DdxError('syntax', 'x', {
      source: 'a = 𝑥𝑥 + 1',
      span: spanOf('a = 𝑥𝑥 + 1', '𝑥𝑥'),
    });
    expect(astral.location!.length).toBe(2);
    const source = 'a = sinn(x\n  + 1)';
    const multiline = new DdxError('syntax', 'x', {
      source,
      span: { start: source.indexOf('sinn'), end: source.length },
    });
    expect(multiline.location!.length).toBe('sinn(x'.length);
  });

  it('has no location without a source', () => {
    const error = new DdxError('usage', 'no input file');
    expect(error.location).toBeUndefined();
    expect([error.line, error.column]).toEqual([undefined, undefined]);
    expect(error.render()).toBe('<input>: usage: no input file');
  });
});

describe('DdxError.render', () => {
  it('gives file:line:col: code: message, the source line and a caret of the right width', () => {
    const error = unknownFunction('f(θ, 𝑥) = θ + sinn(𝑥)', 'sinn', 'model.ddx');
    expect(error.render()).toBe(
      [
        "model.ddx:1:15: unknown-function: unknown function 'sinn'",
        '  f(θ, 𝑥) = θ + sinn(𝑥)',
        `  ${' '.repeat(14)}^^^^`,
      ].join('\n'),
    );
  });

  it('names <input> when there is no file', () => {
    expect(unknownFunction('sinn(x)').render().split('\n')[0]).toBe(
      "<input>:1:1: unknown-function: unknown function 'sinn'",
    );
  });

  it('keeps the caret aligned under tabs', () => {
    const error = unknownFunction('g(y) {\n\ta = \tsinn(y)\n}');
    expect([error.line, error.column]).toEqual([2, 7]);
    const [, line, caret] = error.render().split('\n');
    expect(line).toBe('  \ta = \tsinn(y)');
    expect(caret).toBe('  \t    \t^^^^');
  });

  it('shows a 10,000-character line as a window around the column', () => {
    const source = `${'x + '.repeat(1250)}sinn(x)${' + x'.repeat(1249)}`;
    expect(source.length).toBeGreaterThanOrEqual(10_000);
    const error = unknownFunction(source);
    expect(error.column).toBe(5001);
    const [head, line, caret] = error.render().split('\n') as [string, string, string];
    expect(head).toBe("<input>:1:5001: unknown-function: unknown function 'sinn'");
    expect(line.length).toBeLessThanOrEqual(2 + 2 + 120);
    expect(line.startsWith('  …')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(caret.indexOf('^')).toBe(line.indexOf('sinn'));
    expect(caret.trim()).toBe('^^^^');
  });

  it('opens the window at the start of a long line for an early column', () => {
    const source = `sinn(x)${' + x'.repeat(2500)}`;
    const [, line, caret] = unknownFunction(source).render().split('\n') as [
      string,
      string,
      string,
    ];
    expect(line.startsWith('  sinn(x) + x')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(caret).toBe('  ^^^^');
  });

  it('adds ANSI colours only when asked', () => {
    const error = unknownFunction('a = sinn(x)');
    const plain = error.render();
    const coloured = error.render({ color: true });
    expect(plain).not.toMatch(ansi);
    expect(coloured).toMatch(ansi);
    expect(coloured.replace(ansi, '')).toBe(plain);
  });

  it('renderAll renders every error of a multi-error report', () => {
    const source = 'a = sinn(x)\nb = coss(x)';
    const second = unknownFunction(source, 'coss');
    const first = new DdxError('unknown-function', "unknown function 'sinn'", {
      source,
      span: spanOf(source, 'sinn'),
      errors: [unknownFunction(source), second],
    });
    const rendered = first.renderAll();
    expect(rendered.split('\n')).toHaveLength(6);
    expect(rendered).toContain('<input>:1:5: unknown-function');
    expect(rendered).toContain('<input>:2:5: unknown-function');
  });
});

describe('DdxError as a value', () => {
  it('is an Error with a name, code, message and optional cause', () => {
    const cause = new Error('disk full');
    const error = new DdxError('io', 'cannot write out.js', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(isDdxError(error)).toBe(true);
    expect(isDdxError(new Error('no'))).toBe(false);
    expect(error.name).toBe('DdxError');
    expect(error.code).toBe('io');
    expect(error.message).toBe('cannot write out.js');
    expect(error.cause).toBe(cause);
  });

  it('serialises to code, message, file, line and column', () => {
    const error = unknownFunction('a = sinn(x)', 'sinn', 'model.ddx');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'unknown-function',
      message: "unknown function 'sinn'",
      file: 'model.ddx',
      line: 1,
      column: 5,
    });
    expect(JSON.parse(JSON.stringify(new DdxError('usage', 'no input')))).toEqual({
      code: 'usage',
      message: 'no input',
    });
  });

  it('lists itself as its only error by default', () => {
    const error = new DdxError('syntax', 'x');
    expect(error.errors).toEqual([error]);
    expect(error.errors[0]).toBe(error);
    const other = new DdxError('syntax', 'y');
    expect(new DdxError('syntax', 'x', { errors: [error, other] }).errors).toEqual([error, other]);
  });

  it('withFile returns a copy naming the file, leaving the original alone', () => {
    const original = unknownFunction('a = sinn(x)');
    const named = original.withFile('model.ddx');
    expect(named).not.toBe(original);
    expect(named).toBeInstanceOf(DdxError);
    expect(named.file).toBe('model.ddx');
    expect(original.file).toBeUndefined();
    expect([named.code, named.message, named.line, named.column]).toEqual([
      original.code,
      original.message,
      1,
      5,
    ]);
    expect(named.stack).toBe(original.stack);
    expect(
      named.render().startsWith("model.ddx:1:5: unknown-function: unknown function 'sinn'"),
    ).toBe(true);
    expect(original.render().startsWith('<input>:1:5:')).toBe(true);
  });

  it('withFile names the file in every error of the report', () => {
    const source = 'a = sinn(x)\nb = coss(x)';
    const single = unknownFunction(source).withFile('model.ddx');
    expect(single.errors).toEqual([single]);
    expect(single.renderAll()).toBe(single.render());
    const several = new DdxError('unknown-function', "unknown function 'sinn'", {
      source,
      span: spanOf(source, 'sinn'),
      errors: [unknownFunction(source), unknownFunction(source, 'coss')],
    }).withFile('model.ddx');
    for (const error of several.errors) expect(error.file).toBe('model.ddx');
    expect(several.renderAll()).not.toContain('<input>');
  });

  it('withFile keeps the cause', () => {
    const cause = new Error('root');
    expect(new DdxError('io', 'x', { cause }).withFile('a.ddx').cause).toBe(cause);
  });
});
