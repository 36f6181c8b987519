/**
 * `npm start`: the fit with generated derivatives and the fit by central differences agree,
 * and the generated gradient matches central differences at the start.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const example = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function number(output: string, pattern: RegExp): number {
  const match = pattern.exec(output);
  if (match === null) throw new Error(`no ${pattern} in:\n${output}`);
  return Number(match[1]);
}

it('fits mpg ≈ a + b·exp(-c·hp) to the 392 complete cars, agreeing with central differences', () => {
  const output = execFileSync(process.execPath, ['dist/fit.js'], {
    cwd: example,
    encoding: 'utf8',
  });
  expect(output).toContain('406 cars, 392 with horsepower and mpg (14 dropped)');
  expect(number(output, /largest relative difference: (\S+)/)).toBeLessThan(1e-6);
  const fit = /^ {2}generated +(\S+) +(\S+) +(\S+) +(\S+) +(\S+) +(\d+)/m.exec(output);
  expect(fit).not.toBeNull();
  const [a, b, c, loss, rmse, iterations] = fit!.slice(1).map(Number) as number[];
  // The least-squares optimum: mpg ≈ 9.45 + 61.85 · exp(-0.01562 · hp), an RMSE of 4.38 mpg.
  expect(a).toBeCloseTo(9.4526, 3);
  expect(b).toBeCloseTo(61.854, 2);
  expect(c).toBeCloseTo(0.0156222, 6);
  expect(loss).toBeCloseTo(9.584611, 5);
  expect(rmse).toBeCloseTo(4.3783, 3);
  expect(iterations).toBeLessThan(30);
  expect(number(output, /fits' parameters: (\S+)/)).toBeLessThan(1e-6);
  expect(output).not.toContain('warning');
});
