import { describe, expect, it } from 'vitest';
import {
  add,
  binary,
  binding,
  call,
  conditional,
  constant,
  div,
  functionDef,
  ident,
  mul,
  neg,
  num,
  pow,
  program,
  signedNumber,
  sub,
  unary,
} from '@ddx/ast';

describe('num', () => {
  it.each([
    ['a negative number', -3],
    ['negative zero', -0],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('rejects %s with a RangeError', (_label, value) => {
    expect(() => num(value)).toThrow(RangeError);
  });

  it('accepts zero, the smallest subnormal and the largest double', () => {
    expect(num(0)).toEqual({ kind: 'Number', value: 0 });
    expect(num(5e-324).value).toBe(5e-324);
    expect(num(Number.MAX_VALUE).value).toBe(Number.MAX_VALUE);
  });
});

describe('signedNumber', () => {
  it('builds a negative value as unary minus applied to its magnitude', () => {
    expect(signedNumber(-3)).toEqual({
      kind: 'Unary',
      operator: '-',
      operand: { kind: 'Number', value: 3 },
    });
  });

  it('keeps negative zero as -0, a literal 0 under unary minus', () => {
    const node = signedNumber(-0);
    expect(node).toMatchObject({ kind: 'Unary', operator: '-', operand: { kind: 'Number' } });
    expect(Object.is((node as { operand: { value: number } }).operand.value, 0)).toBe(true);
  });

  it('builds a non-negative value as a plain literal', () => {
    expect(signedNumber(2.5)).toEqual({ kind: 'Number', value: 2.5 });
    expect(signedNumber(0)).toEqual({ kind: 'Number', value: 0 });
  });

  it('rejects NaN and infinities', () => {
    expect(() => signedNumber(NaN)).toThrow(RangeError);
    expect(() => signedNumber(Infinity)).toThrow(RangeError);
    expect(() => signedNumber(-Infinity)).toThrow(RangeError);
  });

  it('puts the span on the outermost node', () => {
    const span = { start: 0, end: 2 };
    expect(signedNumber(-1, span).span).toEqual(span);
    expect((signedNumber(-1, span) as { operand: { span?: unknown } }).operand.span).toBe(
      undefined,
    );
  });
});

describe('builders', () => {
  const x = ident('x');
  const y = ident('y');

  it('build the node each one names', () => {
    expect(ident('θ')).toEqual({ kind: 'Identifier', name: 'θ' });
    expect(constant('pi')).toEqual({ kind: 'Constant', name: 'pi' });
    expect(unary('+', x)).toEqual({ kind: 'Unary', operator: '+', operand: x });
    expect(neg(x)).toEqual({ kind: 'Unary', operator: '-', operand: x });
    expect(binary('<=', x, y)).toEqual({ kind: 'Binary', operator: '<=', left: x, right: y });
    expect(conditional(x, y, x)).toEqual({
      kind: 'Conditional',
      test: x,
      consequent: y,
      alternate: x,
    });
    expect(call('atan2', [y, x])).toEqual({ kind: 'Call', callee: 'atan2', args: [y, x] });
    expect(binding('a', x)).toEqual({ kind: 'Binding', name: 'a', value: x });
    expect(program([])).toEqual({ kind: 'Program', functions: [] });
  });

  it.each([
    ['+', add],
    ['-', sub],
    ['*', mul],
    ['/', div],
    ['^', pow],
  ] as const)('the %s shorthand builds that binary operator', (operator, build) => {
    expect(build(x, y)).toEqual({ kind: 'Binary', operator, left: x, right: y });
  });

  it('leave out `span` entirely when none is given, and keep it when given', () => {
    expect('span' in ident('x')).toBe(false);
    expect('span' in add(x, y)).toBe(false);
    expect(ident('x', { start: 3, end: 4 }).span).toEqual({ start: 3, end: 4 });
    expect(call('f', [], { start: 0, end: 3 }).span).toEqual({ start: 0, end: 3 });
  });

  it('functionDef rejects a function without results', () => {
    expect(() => functionDef('f', ['x'], [], [])).toThrow(RangeError);
  });

  it('functionDef keeps several results in order', () => {
    const fn = functionDef('polar', ['x', 'y'], [binding('r', x)], [x, y]);
    expect(fn).toEqual({
      kind: 'Function',
      name: 'polar',
      params: ['x', 'y'],
      body: [{ kind: 'Binding', name: 'r', value: x }],
      results: [x, y],
    });
  });
});
