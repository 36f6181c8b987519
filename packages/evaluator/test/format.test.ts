// Numbers for people, and the defaults the README states.
import { describe, expect, it } from 'vitest';
import { checkDefaults, defaultStep, formatNumber } from '@ddx/evaluator';

describe('formatNumber', () => {
  it.each([
    [6.000999999999479, '6.001'],
    [9.006000999999999, '9.006001'],
    [0.006000999999999479, '0.006001'],
    [-5.999000000000578, '-5.999'],
    [2, '2'],
    [0, '0'],
    [-0, '0'],
    [1 / 3, '0.3333333333'],
    [1.816636335718e-5, '1.816636336e-5'],
    [1e21, '1e21'],
    [NaN, 'NaN'],
    [-Infinity, '-Infinity'],
  ])('%s reads %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it('rounds to fewer digits on request', () => {
    expect(formatNumber(1.816636335718e-5, 4)).toBe('1.817e-5');
    expect(formatNumber(0.0060045, 4)).toBe('0.006005');
  });
});

describe('defaults', () => {
  it('central differences by default, with the textbook steps', () => {
    expect(checkDefaults.method).toBe('central');
    expect(defaultStep('central', 0.5)).toBeCloseTo(6.055454e-6, 11);
    expect(defaultStep('central', -3)).toBeCloseTo(3 * 6.055454e-6, 11);
    expect(defaultStep('forward', 2)).toBeCloseTo(2 * 1.490116e-8, 14);
  });
});
