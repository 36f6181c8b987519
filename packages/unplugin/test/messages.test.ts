/** Where each bundler is told a problem is: columns in its own units, every problem kept. */
import { DdxError } from '@ddx/ast';
import { parse } from '@ddx/parser';
import { expect, it } from 'vitest';
import { esbuildMessages, renderedText, rollupError } from '../src/messages.js';

function problemsIn(source: string): DdxError {
  try {
    parse(source, { file: 'model.ddx' });
  } catch (error) {
    if (error instanceof DdxError) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

// 𝑥 (U+1D465) is one code point, two UTF-16 units and four UTF-8 bytes.
const unicode = 'f(𝑥) = 𝑥 + sinn(𝑥)\n';

it('counts columns as each bundler does: Rollup in UTF-16 units, esbuild in UTF-8 bytes', () => {
  const error = problemsIn(unicode);
  expect(error.location?.column).toBe(12);
  expect(rollupError(error, '/p/model.ddx').loc).toEqual({
    file: '/p/model.ddx',
    line: 1,
    column: 13,
  });
  const [message] = esbuildMessages(error, 'model.ddx');
  expect(message?.location).toMatchObject({
    line: 1,
    column: 17,
    length: 4,
    lineText: unicode.trimEnd(),
  });
});

it('keeps every problem: one esbuild message each, and all of them in the Rollup error', () => {
  const error = problemsIn('f(w) = sinn(w)\ng(w) = coss(w) + q\n');
  expect(error.errors).toHaveLength(3);
  const messages = esbuildMessages(error, 'model.ddx');
  expect(messages.map((message) => [message.location?.line, message.location?.column])).toEqual([
    [1, 7],
    [2, 7],
    [2, 17],
  ]);
  const rollup = rollupError(error, '/p/model.ddx');
  expect(rollup.message.split('\n')[0]).toMatch(/^unknown-function: unknown function 'sinn'/);
  expect(rollup.message).toContain("model.ddx:2:8: unknown-function: unknown function 'coss'");
  expect(rollup.message).toContain("model.ddx:2:18: unbound-name: unbound name 'q'");
  expect(rollup.frame).toBe('  f(w) = sinn(w)\n         ^^^^');
  expect(renderedText(error).split('\n')).toHaveLength(9);
});
