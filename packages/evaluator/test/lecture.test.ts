// The worked numbers of shared/examples/backprop-intuition.md, through the evaluator and checks.
import { describe, expect, it } from 'vitest';
import { checkDerivative, checkGradient, formatReport, trace, type Method } from '@ddx/evaluator';
import { computationGraph, network, networkGradient, networkPoint, ofW } from './helpers.js';

const square = ofW('w^2', '2*w');

describe('a derivative is what an ε-perturbation reveals (forward differences)', () => {
  it.each([
    // w, ε, J(w), J(w+ε), k, exact
    [3, 0.001, 9, 9.006001, 6.001, 6],
    [3, 0.002, 9, 9.012004, 6.002, 6],
    [2, 0.001, 4, 4.004001, 4.001, 4],
    [-3, 0.001, 9, 8.994001, -5.999, -6],
  ])('w^2 at w = %s, ε = %s: J(w+ε) and k as in the lecture', (at, eps, value, plus, k, exact) => {
    const report = checkDerivative(square.J, {
      wrt: 'w',
      at: { w: at },
      derivative: square.dJ,
      method: 'forward',
      eps,
    });
    const row = report.rows[0]!;
    expect(row.value).toBe(value);
    expect(row.valuePlus).toBeCloseTo(plus, 12);
    expect(row.numeric).toBeCloseTo(k, 10);
    expect(row.symbolic).toBe(exact);
    // The one-sided difference errs by ε·f''/2 = ε: the check allows it, and says so.
    expect(row.absoluteError).toBeCloseTo(eps, 10);
    expect(row.verdict).toBe('ok');
  });

  it('tells the story in the lecture’s words', () => {
    const sentence = (at: number, eps: number) =>
      checkDerivative(square.J, {
        wrt: 'w',
        at: { w: at },
        derivative: square.dJ,
        method: 'forward',
        eps,
      }).rows[0]!.sentence;
    expect(sentence(3, 0.001)).toBe('w ↑ 0.001 ⇒ J ↑ 0.006001 ≈ 6.001 × ε; dJ/dw = 6');
    expect(sentence(3, 0.002)).toBe('w ↑ 0.002 ⇒ J ↑ 0.012004 ≈ 6.002 × ε; dJ/dw = 6');
    expect(sentence(-3, 0.001)).toBe('w ↑ 0.001 ⇒ J ↑ -0.005999 ≈ -5.999 × ε; dJ/dw = -6');
  });

  it('shows J(3.001) = 9.006001 and k = 6.001 next to the exact 6 in the table', () => {
    const text = formatReport(
      checkDerivative(square.J, {
        wrt: 'w',
        at: { w: 3 },
        derivative: square.dJ,
        method: 'forward',
        eps: 0.001,
      }),
    );
    expect(text).toContain('J at w = 3 (forward differences)');
    expect(text).toMatch(/^w\s+3\s+0\.001\s+9\s+9\.006001\s+6\.001\s+6\s.*\bok$/m);
  });

  it('the error of a one-sided difference grows with ε', () => {
    const errors = [0.004, 0.002, 0.001].map(
      (eps) =>
        checkDerivative(square.J, {
          wrt: 'w',
          at: { w: 3 },
          derivative: square.dJ,
          method: 'forward',
          eps,
        }).rows[0]!.absoluteError,
    );
    expect(errors[0]).toBeGreaterThan(errors[1]!);
    expect(errors[1]).toBeGreaterThan(errors[2]!);
  });

  it.each([
    ['w^3', ofW('w^3', '3*w^2'), 8, 12],
    ['w', ofW('w', '1'), 2, 1],
    ['1/w', ofW('1/w', '-1/w^2'), 0.5, -0.25],
  ])('%s at w = 2: J = %s, dJ/dw = %s by every method', (_name, { J, dJ }, value, slope) => {
    for (const method of ['forward', 'central', 'dual'] as const) {
      const row = checkDerivative(J, { wrt: 'w', at: [2], derivative: dJ, method }).rows[0]!;
      expect(row.value).toBe(value);
      expect(row.symbolic).toBe(slope);
      expect(row.numeric).toBeCloseTo(slope, method === 'forward' ? 6 : 9);
      expect(row.verdict).toBe('ok');
    }
  });
});

describe('the computation graph, forward', () => {
  it('traces c = -4, a = 4, d = 2, J = 2', () => {
    const forward = trace(computationGraph(), { args: { w: 2, b: 8, x: -2, y: 2 } });
    expect([...forward.bindings]).toEqual([
      ['c', -4],
      ['a', 4],
      ['d', 2],
    ]);
    expect(forward.results).toEqual([2]);
    expect([...forward.params]).toEqual([
      ['w', 2],
      ['b', 8],
      ['x', -2],
      ['y', 2],
    ]);
  });
});

type Options = { method?: Method; eps?: number };

describe('the two-layer network', () => {
  it('runs forward to a1 = 2, a2 = 7, J = 2', () => {
    const forward = trace(network(), { args: networkPoint });
    expect([...forward.bindings]).toEqual([
      ['a1', 2],
      ['a2', 7],
    ]);
    expect(forward.results).toEqual([2]);
  });

  const wrt = ['w1', 'b1', 'w2', 'b2'];
  const expected = { w1: 6, b1: 6, w2: 4, b2: 2 };

  it.each<[string, Options]>([
    ['forward at ε = 0.001', { method: 'forward', eps: 0.001 }],
    ['the default method', {}],
    ['dual numbers', { method: 'dual' }],
  ])('reports 6, 6, 4, 2 with %s', (_label, options) => {
    const report = checkGradient(network(), {
      at: networkPoint,
      gradient: networkGradient(),
      wrt,
      ...options,
    });
    expect(report.passed).toBe(true);
    expect(report.value).toEqual({ function: 2, gradient: 2, agrees: true });
    for (const row of report.rows) {
      expect(row.verdict).toBe('ok');
      expect(row.symbolic).toBe(expected[row.parameter as keyof typeof expected]);
      expect(row.numeric).toBeCloseTo(row.symbolic, options.eps ? 1 : 8);
    }
  });

  it('says w1 moves J by 6ε and w2 by 4ε', () => {
    const report = checkGradient(network(), {
      at: networkPoint,
      gradient: networkGradient(),
      wrt,
      method: 'forward',
      eps: 0.001,
    });
    expect(report.rows.map((row) => row.sentence)).toEqual([
      'w1 ↑ 0.001 ⇒ J ↑ 0.0060045 ≈ 6.0045 × ε; dJ/dw1 = 6',
      'b1 ↑ 0.001 ⇒ J ↑ 0.0060045 ≈ 6.0045 × ε; dJ/db1 = 6',
      'w2 ↑ 0.001 ⇒ J ↑ 0.004002 ≈ 4.002 × ε; dJ/dw2 = 4',
      'b2 ↑ 0.001 ⇒ J ↑ 0.0020005 ≈ 2.0005 × ε; dJ/db2 = 2',
    ]);
  });

  it.each<[string, Options, string]>([
    ['forward at ε = 0.001', { method: 'forward', eps: 0.001 }, '4.002 × ε'],
    ['the default method', {}, '4 × ε'],
    ['dual numbers', { method: 'dual' }, '4 × ε'],
  ])('catches the slide’s claim dJ/dw2 = 6 with %s', (_label, options, seen) => {
    const report = checkGradient(network(), {
      at: networkPoint,
      gradient: networkGradient('6'),
      wrt,
      ...options,
    });
    expect(report.passed).toBe(false);
    expect(report.verdict).toBe('mismatch');
    const verdicts = report.rows.map((row) => [row.parameter, row.verdict]);
    expect(verdicts).toEqual([
      ['w1', 'ok'],
      ['b1', 'ok'],
      ['w2', 'mismatch'],
      ['b2', 'ok'],
    ]);
    const w2 = report.rows[2]!;
    expect(w2.numeric).toBeCloseTo(4, options.eps ? 2 : 8);
    expect(w2.symbolic).toBe(6);
    expect(w2.sentence).toContain(seen);
    expect(w2.sentence).toMatch(/symbolic dJ\/dw2 = 6 — MISMATCH$/);
  });

  it('prints a table a person can read', () => {
    const text = formatReport(
      checkGradient(network(), {
        at: networkPoint,
        gradient: networkGradient('6'),
        wrt,
        method: 'forward',
        eps: 0.001,
      }),
    );
    expect(text).toBe(
      [
        'J at w1 = 2, b1 = 0, w2 = 3, b2 = 1, x = 1, y = 5 (forward differences)',
        "value: J = 2, the gradient's value = 2 (agrees)",
        '',
        'parameter  w      ε  J(w)     J(w+ε)       k  symbolic  abs error  rel error  verdict',
        'w1         2  0.001     2  2.0060045  6.0045         6     0.0045    0.00075  ok',
        'b1         0  0.001     2  2.0060045  6.0045         6     0.0045    0.00075  ok',
        'w2         3  0.001     2   2.004002   4.002         6          2      0.333  mismatch',
        'b2         1  0.001     2  2.0020005  2.0005         2     0.0005    0.00025  ok',
        '',
        'w1 ↑ 0.001 ⇒ J ↑ 0.0060045 ≈ 6.0045 × ε; dJ/dw1 = 6',
        'b1 ↑ 0.001 ⇒ J ↑ 0.0060045 ≈ 6.0045 × ε; dJ/db1 = 6',
        'w2 ↑ 0.001 ⇒ J ↑ 0.004002 ≈ 4.002 × ε; symbolic dJ/dw2 = 6 — MISMATCH',
        'b2 ↑ 0.001 ⇒ J ↑ 0.0020005 ≈ 2.0005 × ε; dJ/db2 = 2',
        '',
        'FAILED: 3 ok, 1 mismatch',
      ].join('\n'),
    );
  });
});
