// At a kink or a jump the one-sided slopes disagree: the check says "not differentiable here",
// shows both sides, and does not call it a mismatch — whatever the symbolic value claims.
import { describe, expect, it } from 'vitest';
import { parse } from '@ddx/parser';
import { checkDerivative, checkGradient, formatReport, type Method } from '@ddx/evaluator';
import { ofW } from './helpers.js';

const methods: Method[] = ['forward', 'central', 'dual'];

// Each with the derivative LANGUAGE.md prescribes.
const abs = ofW('abs(w)', 'sign(w)');
const relu = ofW('relu(w)', 'w > 0 ? 1 : 0');
const maxWith2 = ofW('max(w, 2)', 'w >= 2 ? 1 : 0');
const sign = ofW('sign(w)', '0');
const stair = ofW('w > 0 ? 1 : 0', '0');

describe('kinks', () => {
  it.each([
    ['abs', abs, 0, 1, -1],
    ['relu', relu, 0, 1, 0],
    ['max(w, 2) at the tie', maxWith2, 2, 1, 0],
  ])(
    '%s at w = %s: not differentiable, slope %s on the right, %s on the left',
    (_name, { J, dJ }, at, right, left) => {
      for (const method of methods) {
        const eps = method === 'forward' ? 0.001 : undefined;
        const report = checkDerivative(J, { wrt: 'w', at: [at], derivative: dJ, method, eps });
        const row = report.rows[0]!;
        expect(row.verdict, method).toBe('not-differentiable');
        expect(row.sides.forward).toBeCloseTo(right, 9);
        expect(row.sides.backward).toBeCloseTo(left, 9);
        expect(row.sentence).toContain(`(slope ${right})`);
        expect(row.sentence).toContain(`(slope ${left})`);
        expect(row.sentence).toContain('not differentiable here');
        expect(report.passed).toBe(true);
      }
    },
  );

  it('shows both sides in the lecture’s words', () => {
    const report = checkDerivative(abs.J, {
      wrt: 'w',
      at: { w: 0 },
      derivative: abs.dJ,
      method: 'forward',
      eps: 0.001,
    });
    expect(report.rows[0]!.sentence).toBe(
      'w ↑ 0.001 ⇒ J ↑ 0.001 (slope 1); w ↓ 0.001 ⇒ J ↑ 0.001 (slope -1): the slopes differ, not differentiable here (symbolic dJ/dw = 0)',
    );
    expect(formatReport(report)).toContain('passed: 1 not-differentiable');
  });

  it('is never a mismatch, whatever the symbolic value claims', () => {
    for (const method of methods) {
      const report = checkDerivative(abs.J, { wrt: 'w', at: [0], derivative: () => [5], method });
      expect(report.rows[0]!.verdict).toBe('not-differentiable');
      expect(report.passed).toBe(true);
    }
  });

  it('finds the tie of max(a, b) for both arguments', () => {
    const J = parse('J(a, b) = max(a, b)');
    // Ties go to the first argument.
    const report = checkGradient(J, { at: { a: 1, b: 1 }, gradient: () => [1, 1, 0] });
    expect(report.rows.map((row) => row.verdict)).toEqual([
      'not-differentiable',
      'not-differentiable',
    ]);
  });
});

describe('jumps', () => {
  it.each([
    ['sign', sign],
    ['w > 0 ? 1 : 0', stair],
  ])('%s at 0: J jumps, not differentiable', (_name, { J, dJ }) => {
    for (const method of methods) {
      const row = checkDerivative(J, { wrt: 'w', at: [0], derivative: dJ, method }).rows[0]!;
      expect(row.verdict, method).toBe('not-differentiable');
      expect(row.sentence).toContain('J jumps here');
    }
  });
});

describe('away from kinks', () => {
  it.each([
    ['abs', abs, [-1.5, -1e-3, 1e-3, 2]],
    ['relu', relu, [-0.5, 0.25, 3]],
    ['max(w, 2)', maxWith2, [1.5, 2.5]],
    ['sign', sign, [-1, 1]],
    ['w > 0 ? 1 : 0', stair, [-1, 1]],
  ])('%s is ok', (_name, { J, dJ }, points) => {
    for (const at of points) {
      for (const method of methods) {
        const row = checkDerivative(J, { wrt: 'w', at: [at], derivative: dJ, method }).rows[0]!;
        expect(row.verdict, `${method} at ${at}`).toBe('ok');
      }
    }
  });

  it('still catches a wrong derivative next to a kink', () => {
    // |w| at w = -1 has slope -1; claiming the slope of the other side is wrong.
    for (const method of methods) {
      const row = checkDerivative(abs.J, { wrt: 'w', at: [-1], derivative: () => [1], method })
        .rows[0]!;
      expect(row.verdict, method).toBe('mismatch');
    }
  });

  it('tells an extremum from a kink', () => {
    // (w - 1)^2 near its minimum, closer to it than the step: smooth, so ok.
    const { J, dJ } = ofW('(w - 1)^2', '2 * (w - 1)');
    for (const at of [1, 1 + 1e-6, 1 - 3e-6, 1 + 4.5e-6, 1 - 4.5e-6]) {
      for (const method of methods) {
        const row = checkDerivative(J, { wrt: 'w', at: [at], derivative: dJ, method }).rows[0]!;
        expect(row.verdict, `${method} at ${at}`).toBe('ok');
      }
    }
  });
});

describe('where J is not finite', () => {
  it.each([
    ['sqrt at 0, central', ofW('sqrt(w)', '0.5 / sqrt(w)'), 0],
    ['log at -1', ofW('log(w)', '1 / w'), -1],
    ['1/w at 0', ofW('1 / w', '0'), 0],
  ])('%s is non-finite, not a mismatch', (_name, { J, dJ }, at) => {
    const report = checkDerivative(J, { wrt: 'w', at: [at], derivative: dJ });
    expect(report.rows[0]!.verdict).toBe('non-finite');
    expect(report.passed).toBe(true);
  });

  it('uses only the side it needs: forward differences of sqrt at 0 are finite', () => {
    const { J, dJ } = ofW('sqrt(w)', '0.5 / sqrt(w)');
    const row = checkDerivative(J, { wrt: 'w', at: [0], derivative: dJ, method: 'forward' })
      .rows[0]!;
    // The slope is finite, the symbolic value is not.
    expect(Number.isFinite(row.numeric)).toBe(true);
    expect(row.verdict).toBe('non-finite');
  });
});
