// Hash-consing: one object per structure, so structural equality becomes identity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Interner,
  add,
  binary,
  call,
  conditional,
  constant,
  equals,
  ident,
  mul,
  neg,
  num,
  operandsOf,
  postorder,
  unary,
  type Expression,
} from '@ddx/ast';
import {
  deepFreeze,
  everyObject,
  expressionArbitrary,
  leftDeepSum,
  minusChain,
} from './helpers.js';

const x = ident('x');
const y = ident('y');

describe('Interner.intern', () => {
  it('gives structurally equal expressions, built separately, the same object', () => {
    const interner = new Interner();
    const first = interner.intern(mul(add(ident('x'), num(1)), call('sin', [ident('x')])));
    const second = interner.intern(mul(add(ident('x'), num(1)), call('sin', [ident('x')])));
    expect(second).toBe(first);
    const [sum, sine] = operandsOf(first);
    expect(operandsOf(sum!)[0]).toBe(operandsOf(sine!)[0]);
  });

  it.each<[string, Expression, Expression]>([
    ['operand order', add(x, y), add(y, x)],
    ['operators', add(x, y), mul(x, y)],
    ['comparisons', binary('<', x, y), binary('<=', x, y)],
    ['unary operators', neg(x), unary('+', x)],
    ['a constant and an identifier of the same name', constant('e'), ident('e')],
    ['numbers one ulp apart', num(0.1), num(0.1 + 2 ** -56)],
    ['callees', call('sin', [x]), call('cos', [x])],
    ['a builtin and a user function', call('sin', [x]), call('g', [x])],
    ['argument counts', call('log', [x]), call('log', [x, num(2)])],
    [
      'user calls that differ in the fourth argument',
      call('g', [x, x, x, x]),
      call('g', [x, x, x, y]),
    ],
    ['user calls of different arity', call('g', [x]), call('g', [x, x])],
    ['conditional branches', conditional(x, y, num(0)), conditional(x, num(0), y)],
  ])('keeps different %s apart', (_label, a, b) => {
    const interner = new Interner();
    expect(interner.intern(a)).not.toBe(interner.intern(b));
    expect(interner.size).toBe(new Set(postorder([interner.intern(a), interner.intern(b)])).size);
  });

  it('keeps the number 0 and a hand-made -0 apart, as equals does', () => {
    const interner = new Interner();
    const negativeZero = { kind: 'Number', value: -0 } as Expression;
    expect(interner.intern(num(0))).not.toBe(interner.intern(negativeZero));
    expect(Object.is((interner.intern(negativeZero) as { value: number }).value, -0)).toBe(true);
  });

  it('interns to the same object exactly when equals says the structures are equal', () => {
    const small = expressionArbitrary({
      names: ['x', 'y'],
      numbers: fc.constantFrom(0, 1, 2),
      depth: 3,
    });
    fc.assert(
      fc.property(small, small, (a, b) => {
        const interner = new Interner();
        const internedA = interner.intern(a);
        const internedB = interner.intern(b);
        expect(internedA === internedB).toBe(equals(a, b));
        expect(equals(internedA, a)).toBe(true);
        expect(equals(internedB, b)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns nodes without spans and leaves a frozen input as it was', () => {
    const span = { start: 0, end: 3 };
    const input = deepFreeze(
      add(mul(ident('x', span), num(2, span)), call('f', [constant('pi', span)], span)),
    );
    const before = JSON.stringify(input);
    const interned = new Interner().intern(input);
    for (const object of everyObject(interned)) expect(object).not.toHaveProperty('span');
    expect(equals(interned, input)).toBe(true);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('does not share the argument array of the call it was given', () => {
    const interner = new Interner();
    const args = [interner.intern(x)];
    const interned = interner.intern(call('f', args));
    args.push(interner.intern(y));
    expect(interned.args).toHaveLength(1);
    expect(interner.intern(call('f', [x]))).toBe(interned);
  });

  it('returns an interned node itself', () => {
    const interner = new Interner();
    const interned = interner.intern(add(x, y));
    expect(interner.intern(interned)).toBe(interned);
  });

  it('reuses interned subexpressions inside a new expression', () => {
    const interner = new Interner();
    const product = interner.intern(mul(x, y));
    const sum = interner.intern(add(mul(ident('x'), ident('y')), num(1)));
    expect(sum.left).toBe(product);
  });

  it('interns a 100,000-deep sum and minus chain without recursion', () => {
    const interner = new Interner();
    const sum = interner.intern(leftDeepSum(100_000));
    expect(interner.size).toBe(2 * 100_000 - 1);
    expect(interner.intern(leftDeepSum(100_000))).toBe(sum);
    expect(interner.size).toBe(2 * 100_000 - 1);
    const chain = interner.intern(minusChain(100_000));
    expect(interner.intern(minusChain(100_000))).toBe(chain);
    expect(interner.size).toBe(2 * 100_000 - 1 + 100_001);
  });
});

describe('Interner.make', () => {
  it('builds the canonical node shaped like a template over interned operands', () => {
    const interner = new Interner();
    const [ix, iy] = [interner.intern(ident('x')), interner.intern(ident('y'))];
    const made = interner.make(mul(ident('a'), ident('b')), [ix, iy]);
    expect(made).toBe(interner.intern(mul(x, y)));
    expect(interner.make(call('hypot', []), [iy, ix])).toBe(interner.intern(call('hypot', [y, x])));
    expect(interner.make(num(2), [])).toBe(interner.intern(num(2)));
  });

  it('refuses operands that were not interned here', () => {
    expect(() => new Interner().make(add(x, y), [x, y])).toThrow();
  });
});

describe('Interner ids', () => {
  it('idOf is stable, nodeAt inverts it, and operand ids come first', () => {
    const interner = new Interner();
    const root = interner.intern(mul(add(x, num(1)), call('sin', [x])));
    const id = interner.idOf(root);
    interner.intern(leftDeepSum(1000));
    expect(interner.idOf(root)).toBe(id);
    expect(interner.idOf(interner.intern(mul(add(x, num(1)), call('sin', [x]))))).toBe(id);
    expect(interner.nodeAt(id)).toBe(root);
    for (let index = 0; index < interner.size; index++) {
      const node = interner.nodeAt(index);
      expect(interner.idOf(node)).toBe(index);
      const operandIds = interner.operandIdsOf(index);
      expect(operandIds).toEqual(operandsOf(node).map((operand) => interner.idOf(operand)));
      for (const operandId of operandIds) expect(operandId).toBeLessThan(index);
      expect(interner.arityOf(index)).toBe(operandIds.length);
      operandIds.forEach((operandId, position) =>
        expect(interner.operandIdAt(index, position)).toBe(operandId),
      );
    }
  });

  it.each([0, 100_000])(
    'finds every node again after its tables grow past the capacity hint (capacity %i)',
    (capacity) => {
      const interner = new Interner({ capacity });
      const leaves = Array.from({ length: 60 }, (_, i) => interner.intern(ident(`v${i}`)));
      // 3,540 products, 3,540 sums, calls of one to three arguments: several table growths
      // from the default 1,024 slots, with keys that differ only in operator or argument count.
      const built: Expression[] = [];
      for (const a of leaves)
        for (const b of leaves) {
          if (a === b) continue;
          built.push(interner.binary('*', a, b), interner.binary('+', a, b));
        }
      for (const a of leaves) built.push(interner.intern(call('max', [a, x])));
      for (const a of leaves) built.push(interner.intern(call('max', [a, x, y])));
      const size = interner.size;
      expect(new Set(built).size).toBe(built.length);
      let index = 0;
      for (const a of leaves)
        for (const b of leaves) {
          if (a === b) continue;
          expect(interner.binary('*', a, b)).toBe(built[index++]);
          expect(interner.binary('+', a, b)).toBe(built[index++]);
        }
      for (const a of leaves) expect(interner.intern(call('max', [a, x]))).toBe(built[index++]);
      for (const a of leaves) expect(interner.intern(call('max', [a, x, y]))).toBe(built[index++]);
      expect(interner.size).toBe(size);
    },
  );

  it('keeps the operand ids of calls with more than three arguments', () => {
    const interner = new Interner();
    const args = ['a', 'b', 'c', 'd', 'e'].map((name) => ident(name));
    const wide = interner.intern(call('g', args));
    const id = interner.idOf(wide);
    expect(interner.arityOf(id)).toBe(5);
    expect(interner.operandIdsOf(id)).toEqual(
      args.map((arg) => interner.idOf(interner.intern(arg))),
    );
    expect(interner.operandIdAt(id, 4)).toBe(interner.idOf(interner.intern(ident('e'))));
  });

  it('binary and unary build the same canonical nodes as intern, with the plain node shape', () => {
    const interner = new Interner();
    const [ix, iy] = [interner.intern(x), interner.intern(y)];
    const product = interner.binary('*', ix, iy);
    expect(product).toBe(interner.intern(mul(x, y)));
    expect(product).toStrictEqual(mul(x, y));
    expect(Object.getPrototypeOf(product)).toBe(Object.prototype);
    expect(JSON.stringify(product)).toBe(JSON.stringify(mul(x, y)));
    expect(Object.keys(product)).toEqual(Object.keys(mul(x, y)));
    expect(interner.unary('-', product)).toBe(interner.intern(neg(mul(x, y))));
    expect(() => interner.binary('+', x, iy)).toThrow();
  });

  it('conditional and make of a builtin call build what intern builds, with their operand ids', () => {
    const interner = new Interner();
    const [ix, iy] = [interner.intern(x), interner.intern(y)];
    const test = interner.binary('<', ix, iy);
    const selected = interner.conditional(test, ix, iy);
    expect(selected).toBe(interner.intern(conditional(binary('<', x, y), x, y)));
    expect(selected).toStrictEqual(conditional(binary('<', x, y), x, y));
    expect(interner.operandIdsOf(interner.idOf(selected))).toEqual(
      [test, ix, iy].map((node) => interner.idOf(node)),
    );
    const args = [iy, ix];
    const made = interner.make(call('atan2', [x, x]), args);
    expect(made).toBe(interner.intern(call('atan2', [y, x])));
    args.reverse();
    expect(made).toStrictEqual(call('atan2', [y, x]));
    expect(interner.make(call('atan2', []), [ix, iy])).not.toBe(made);
    expect(() => interner.conditional(test, x, iy)).toThrow();
  });

  it('has and idOf know only this interner’s own canonical nodes', () => {
    const first = new Interner();
    const second = new Interner();
    const interned = first.intern(add(x, y));
    expect(first.has(interned)).toBe(true);
    expect(first.has(add(x, y))).toBe(false);
    expect(second.has(interned)).toBe(false);
    expect(() => second.idOf(interned)).toThrow();
    const again = second.intern(interned);
    expect(again).not.toBe(interned);
    expect(equals(again, interned)).toBe(true);
    expect(first.has({ ...interned })).toBe(false);
  });
});

describe('Interner nodes as ids', () => {
  it('builds by id what intern builds by object, and reads each node back by id', () => {
    const interner = new Interner();
    const ix = interner.identifierId('x');
    const two = interner.numberId(2);
    const product = interner.binaryId('*', two, ix);
    const sine = interner.callId('sin', [product]);
    const root = interner.conditionalId(
      interner.binaryId('<', ix, two),
      interner.unaryId('-', sine),
      interner.constantId('pi'),
    );
    const expected = conditional(
      binary('<', x, num(2)),
      neg(call('sin', [mul(num(2), x)])),
      constant('pi'),
    );
    expect(interner.idFor(expected)).toBe(root);
    expect(interner.nodeAt(root)).toStrictEqual(expected);
    expect(interner.nodeAt(root)).toBe(interner.intern(expected));
    expect([root, sine, product, two, ix].map((id) => interner.kindAt(id))).toEqual([
      'Conditional',
      'Call',
      'Binary',
      'Number',
      'Identifier',
    ]);
    expect(interner.valueAt(two)).toBe(2);
    expect(interner.nameAt(ix)).toBe('x');
    expect(interner.nameAt(sine)).toBe('sin');
    expect(interner.operatorAt(product)).toBe('*');
    expect(interner.operatorAt(interner.operandIdAt(root, 1))).toBe('-');
    expect(interner.callId('g', [ix, two, ix, two])).toBe(
      interner.idFor(call('g', [x, num(2), x, num(2)])),
    );
    expect(interner.nameAt(interner.callId('g', [ix]))).toBe('g');
  });

  it('gives a node made by id its canonical object when one is asked for', () => {
    const interner = new Interner();
    const sum = interner.binaryId('+', interner.identifierId('x'), interner.identifierId('y'));
    const made = interner.intern(add(x, y));
    // The object asked for now is the canonical one, stamped with the id made earlier.
    expect(interner.idOf(made)).toBe(sum);
    expect(interner.has(operandsOf(made)[0]!)).toBe(true);
    // A deep chain made by id alone becomes objects without recursion.
    let chain = interner.identifierId('x');
    for (let index = 0; index < 100_000; index++) chain = interner.unaryId('-', chain);
    let node = interner.nodeAt(chain);
    let depth = 0;
    while (node.kind === 'Unary') {
      node = node.operand;
      depth++;
    }
    expect(depth).toBe(100_000);
  });

  it('reads every binary operator back from the node it made', () => {
    const interner = new Interner();
    const [ix, iy] = [interner.identifierId('x'), interner.identifierId('y')];
    const operators = ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!='] as const;
    const ids = operators.map((operator) => interner.binaryId(operator, ix, iy));
    expect(new Set(ids).size).toBe(operators.length);
    expect(ids.map((id) => interner.operatorAt(id))).toEqual([...operators]);
  });

  it('refuses ids it did not hand out', () => {
    const interner = new Interner();
    const ix = interner.identifierId('x');
    expect(() => interner.binaryId('+', ix, ix + 1)).toThrow(RangeError);
    expect(() => interner.nodeAt(7)).toThrow(RangeError);
    expect(() => interner.callId('g', [ix, 9])).toThrow(RangeError);
  });
});
