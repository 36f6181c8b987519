// Walks over expression DAGs: identity-shared nodes are visited once, nothing recurses on the
// JavaScript stack.
import { describe, expect, it } from 'vitest';
import {
  add,
  binding,
  call,
  depthOf,
  equals,
  fold,
  functionDef,
  ident,
  isTreeShaped,
  markTreeShaped,
  mul,
  sharesOperations,
  neg,
  num,
  operandsOf,
  operationCount,
  postorder,
  program,
  stripSpans,
  sub,
  useCounts,
  type Expression,
  type Node,
  type Span,
} from '@ddx/ast';
import { deepFreeze, everyObject, leftDeepSum, minusChain } from './helpers.js';

/** t = x*y; u = t + t; root = u * sin(t): t is shared three times. */
function handMadeDag() {
  const x = ident('x');
  const y = ident('y');
  const t = mul(x, y);
  const u = add(t, t);
  const sinT = call('sin', [t]);
  const root = mul(u, sinT);
  return deepFreeze({ x, y, t, u, sinT, root });
}

/** d0 = x; d(i+1) = d(i) + d(i): as a tree it has 2^levels leaves. */
function doublingDag(levels: number, name = 'x'): Expression {
  let node: Expression = ident(name);
  for (let level = 0; level < levels; level++) node = add(node, node);
  return node;
}

describe('postorder', () => {
  it('visits each shared node once, children before parents, left to right', () => {
    const { x, y, t, u, sinT, root } = handMadeDag();
    expect(postorder([root])).toEqual([x, y, t, u, sinT, root]);
    postorder([root]).forEach((node, index, order) => {
      for (const operand of operandsOf(node)) expect(order.indexOf(operand)).toBeLessThan(index);
    });
  });

  it('walks several roots without repeating what they share', () => {
    const { x, y, t, u, sinT, root } = handMadeDag();
    const order = postorder([sinT, root, t]);
    expect(order).toEqual([x, y, t, sinT, u, root]);
    expect(new Set(order).size).toBe(order.length);
  });

  it('tells shared nodes apart by identity, not by structure', () => {
    const sum = add(ident('x'), ident('x'));
    expect(postorder([sum])).toHaveLength(3);
  });

  it('walks a DAG that is exponentially large as a tree in linear time', () => {
    expect(postorder([doublingDag(200)])).toHaveLength(201);
  });
});

describe('fold', () => {
  it('computes each shared node once, from its operands', () => {
    const { root } = handMadeDag();
    const visited: Expression[] = [];
    const x = 3;
    const y = 5;
    const value = fold<number>(root, (node, operands) => {
      visited.push(node);
      switch (node.kind) {
        case 'Identifier':
          return node.name === 'x' ? x : y;
        case 'Binary':
          return node.operator === '+' ? operands[0]! + operands[1]! : operands[0]! * operands[1]!;
        case 'Call':
          return Math.sin(operands[0]!);
        default:
          throw new Error(`unexpected ${node.kind}`);
      }
    });
    expect(value).toBe((x * y + x * y) * Math.sin(x * y));
    expect(visited).toHaveLength(6);
    expect(new Set(visited).size).toBe(6);
  });

  it('reuses a memo passed in, computing only the nodes it lacks', () => {
    const { t, root } = handMadeDag();
    const memo = new Map<Expression, number>();
    let visits = 0;
    const count = (_node: Expression, operands: readonly number[]) => {
      visits++;
      return 1 + operands.reduce((sum, value) => sum + value, 0);
    };
    expect(fold(t, count, memo)).toBe(3);
    expect(visits).toBe(3);
    expect(fold(root, count, memo)).toBe(1 + 7 + 4);
    expect(visits).toBe(6);
  });

  it('counts the 2^60 leaves of a doubling DAG visiting 61 nodes', () => {
    let visits = 0;
    const leaves = fold<number>(doublingDag(60), (_node, operands) => {
      visits++;
      return operands.length === 0 ? 1 : operands[0]! + operands[1]!;
    });
    expect(leaves).toBe(2 ** 60);
    expect(visits).toBe(61);
  });
});

describe('useCounts, operationCount, depthOf', () => {
  it('count parents per node, roots counting one use each', () => {
    const { x, y, t, u, sinT, root } = handMadeDag();
    const counts = useCounts([root]);
    expect(counts.get(t)).toBe(3);
    expect([x, y, u, sinT, root].map((node) => counts.get(node))).toEqual([1, 1, 1, 1, 1]);
    expect(counts.size).toBe(6);
    expect(useCounts([root, t]).get(t)).toBe(4);
    expect(useCounts([root, root]).get(root)).toBe(2);
  });

  it('count distinct operations, not leaves', () => {
    const { t, root } = handMadeDag();
    expect(operationCount([root])).toBe(4);
    expect(operationCount([t, root])).toBe(4);
    expect(operationCount([ident('x'), num(1)])).toBe(0);
    expect(operationCount([doublingDag(50)])).toBe(50);
  });

  it('counts a call without arguments as an operation', () => {
    expect(operationCount([call('g', [])])).toBe(1);
    expect(operationCount([add(call('g', []), num(1))])).toBe(2);
  });

  it('measure depth with a leaf at depth 1', () => {
    const { t, root } = handMadeDag();
    expect(depthOf(ident('x'))).toBe(1);
    expect(depthOf(t)).toBe(2);
    expect(depthOf(root)).toBe(4);
    expect(depthOf(call('g', []))).toBe(1);
    expect(depthOf(doublingDag(1000))).toBe(1001);
  });

  it('handle a call with 200,000 arguments', () => {
    const wide = call(
      'f',
      Array.from({ length: 200_000 }, (_, index) => ident(`x${index}`)),
    );
    expect(depthOf(wide)).toBe(2);
    expect(operationCount([wide])).toBe(1);
    expect(equals(wide, { ...wide, args: [...wide.args] })).toBe(true);
  });
});

describe('walks on 100,000-deep expressions', () => {
  const terms = 100_000;

  it('walk a left-deep sum of 100,000 terms', () => {
    const sum = leftDeepSum(terms);
    expect(postorder([sum])).toHaveLength(2 * terms - 1);
    expect(fold<number>(sum, (_node, operands) => 1 + operands.length)).toBe(3);
    expect(useCounts([sum]).size).toBe(2 * terms - 1);
    expect(operationCount([sum])).toBe(terms - 1);
    expect(depthOf(sum)).toBe(terms);
  });

  it('walk a chain of 100,000 unary minus signs', () => {
    const chain = minusChain(terms);
    expect(postorder([chain])).toHaveLength(terms + 1);
    expect(
      fold<number>(chain, (node, operands) => (operands.length === 0 ? 2 : -operands[0]!)),
    ).toBe(2);
    expect([...useCounts([chain]).values()].every((count) => count === 1)).toBe(true);
    expect(operationCount([chain])).toBe(terms);
    expect(depthOf(chain)).toBe(terms + 1);
  });

  it('compare and strip spans on 100,000-deep trees', () => {
    const sum = leftDeepSum(terms);
    expect(equals(sum, leftDeepSum(terms))).toBe(true);
    expect(equals(sum, leftDeepSum(terms - 1))).toBe(false);
    expect(equals(minusChain(terms), minusChain(terms))).toBe(true);
    expect(equals(minusChain(terms), minusChain(terms + 1))).toBe(false);
    let spanned: Expression = ident('x', { start: 0, end: 1 });
    for (let index = 0; index < terms; index++) spanned = neg(spanned, { start: 0, end: index });
    const stripped = stripSpans(spanned);
    expect(stripped.span).toBeUndefined();
    expect(equals(stripped, minusChain(terms))).toBe(true);
  });
});

describe('equals', () => {
  const span: Span = { start: 2, end: 5 };

  it('ignores spans, name spans and parameter spans', () => {
    expect(equals(add(num(1, span), ident('x', span)), add(num(1), ident('x')))).toBe(true);
    const plain = functionDef('f', ['x'], [binding('a', ident('x'))], [ident('a')]);
    const spanned = { ...plain, span, nameSpan: span, paramSpans: [span] };
    expect(equals(plain, spanned)).toBe(true);
  });

  it('compares number values with Object.is: 0 and -0 differ', () => {
    const negativeZero = { kind: 'Number', value: -0 } as Expression;
    expect(equals(num(0), negativeZero)).toBe(false);
    expect(equals(negativeZero, { kind: 'Number', value: -0 } as Expression)).toBe(true);
    expect(equals(num(0.1), num(0.1))).toBe(true);
    expect(equals(num(1), num(1 + Number.EPSILON))).toBe(false);
  });

  it.each<[string, Node, Node]>([
    ['operators', add(ident('x'), ident('y')), sub(ident('x'), ident('y'))],
    ['operand order', add(ident('x'), ident('y')), add(ident('y'), ident('x'))],
    ['kinds', ident('e'), { kind: 'Constant', name: 'e' }],
    ['callees', call('sin', [ident('x')]), call('cos', [ident('x')])],
    ['argument counts', call('log', [ident('x')]), call('log', [ident('x'), num(2)])],
    ['unary operators', neg(ident('x')), { kind: 'Unary', operator: '+', operand: ident('x') }],
    [
      'parameters',
      functionDef('f', ['x', 'y'], [], [ident('x')]),
      functionDef('f', ['y', 'x'], [], [ident('x')]),
    ],
    [
      'function names',
      functionDef('f', ['x'], [], [ident('x')]),
      functionDef('g', ['x'], [], [ident('x')]),
    ],
    [
      'bindings against results',
      functionDef('f', [], [binding('a', num(1))], [num(1), num(2)]),
      functionDef('f', [], [binding('a', num(1)), binding('b', num(2))], [num(2)]),
    ],
    [
      'program lengths',
      program([functionDef('f', [], [], [num(1)])]),
      program([functionDef('f', [], [], [num(1)]), functionDef('f', [], [], [num(1)])]),
    ],
  ])('tells apart different %s', (_label, a, b) => {
    expect(equals(a, b)).toBe(false);
    expect(equals(b, a)).toBe(false);
  });

  it('compares a shared DAG with an unshared tree of the same structure', () => {
    const { root } = handMadeDag();
    const tree = mul(
      add(mul(ident('x'), ident('y')), mul(ident('x'), ident('y'))),
      call('sin', [mul(ident('x'), ident('y'))]),
    );
    expect(equals(root, tree)).toBe(true);
  });

  it('compares two separately built exponential DAGs in linear time', () => {
    expect(equals(doublingDag(200), doublingDag(200))).toBe(true);
    expect(equals(doublingDag(200, 'x'), doublingDag(200, 'y'))).toBe(false);
  });
});

describe('stripSpans', () => {
  const at = (start: number): Span => ({ start, end: start + 1 });

  it('removes every span, name span and parameter span, leaving the input as it was', () => {
    const x = ident('x', at(1));
    const fn = {
      ...functionDef(
        'f',
        ['x'],
        [binding('a', neg(x, at(2)), at(3))],
        [add(x, num(1, at(4)))],
        at(5),
      ),
      nameSpan: at(6),
      paramSpans: [at(7)],
    };
    const file = deepFreeze(program([fn], at(8)));
    const before = JSON.stringify(file);
    const stripped = stripSpans(file);
    for (const object of everyObject(stripped)) {
      expect(object).not.toHaveProperty('span');
      expect(object).not.toHaveProperty('nameSpan');
      expect(object).not.toHaveProperty('paramSpans');
    }
    expect(equals(stripped, file)).toBe(true);
    expect(JSON.stringify(file)).toBe(before);
  });

  it('keeps shared nodes shared, within an expression and across functions', () => {
    const t = mul(ident('x', at(0)), ident('y', at(2)));
    const spannedT = { ...t, span: at(0) };
    const root = add(spannedT, spannedT);
    const stripped = stripSpans(root);
    expect(stripped.left).toBe(stripped.right);
    const file = stripSpans(
      program([functionDef('f', [], [], [spannedT]), functionDef('g', [], [], [spannedT])]),
    );
    expect(file.functions[0]!.results[0]).toBe(file.functions[1]!.results[0]);
  });
});

describe('markTreeShaped', () => {
  it('marks the object it is given, not its copies, and returns it', () => {
    const fn = functionDef('f', ['x'], [binding('a', mul(ident('x'), ident('x')))], [ident('a')]);
    expect(isTreeShaped(fn)).toBe(false);
    expect(markTreeShaped(fn)).toBe(fn);
    expect(isTreeShaped(fn)).toBe(true);
    expect(isTreeShaped({ ...fn })).toBe(false);
  });

  it('sharesOperations finds an operation node reached twice, not a shared name', () => {
    const x = ident('x');
    const product = mul(x, x);
    expect(sharesOperations(functionDef('f', ['x'], [], [add(product, product)]))).toBe(true);
    const apart = functionDef('f', ['x'], [binding('a', mul(x, x))], [add(ident('a'), x)]);
    expect(sharesOperations(apart)).toBe(false);
  });
});
