/** `npm start`: the lecture's gradient at the start, then J falling to ~0 by gradient descent. */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const example = resolve(dirname(fileURLToPath(import.meta.url)), '..');

it("prints the lecture's gradient, then J falling to ~0", () => {
  const output = execFileSync(process.execPath, ['dist/train.js'], {
    cwd: example,
    encoding: 'utf8',
  });
  expect(output).toContain('  J = 2\n');
  expect(output).toContain('dJ/dw1 = 6, dJ/db1 = 6, dJ/dw2 = 4, dJ/db2 = 2');
  const losses = [...output.matchAll(/^ +\d+ +(\S+)$/gm)].map((match) => Number(match[1]));
  expect(losses.length).toBeGreaterThan(5);
  expect(losses[0]).toBe(2);
  for (let i = 1; i < losses.length; i += 1) expect(losses[i]).toBeLessThan(losses[i - 1]!);
  const final = Number(/^final J = (\S+)$/m.exec(output)?.[1]);
  expect(final).toBeLessThan(1e-12);
});
