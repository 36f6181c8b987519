// The node table and what is derived from it: child lists, rebuilding, guards.
import { describe, expect, it } from 'vitest';
import {
  add,
  binding,
  call,
  childrenOf,
  conditional,
  constant,
  functionDef,
  ident,
  is,
  isExpression,
  mapChildren,
  neg,
  nodeKinds,
  num,
  operandsOf,
  program,
  withOperands,
  type Expression,
  type Node,
  type NodeKind,
} from '@ddx/ast';
import { deepFreeze } from './helpers.js';

const x = ident('x');
const y = ident('y');
const z = ident('z');
const span = { start: 1, end: 9 };

/** One node of every kind, with distinct children, all frozen. */
const samples: { [K in NodeKind]: Node } = deepFreeze({
  Number: num(2),
  Identifier: x,
  Constant: constant('e'),
  Unary: neg(x, span),
  Binary: { ...add(x, y), span },
  Conditional: conditional(x, y, z, span),
  Call: call('hypot', [x, y, z], span),
  Binding: binding('a', add(x, y), span),
  Function: functionDef('f', ['x', 'y'], [binding('a', x), binding('b', y)], [x, z], span),
  Program: program([functionDef('f', ['x'], [], [x]), functionDef('g', [], [], [y])], span),
});

/** The children written out by hand, in evaluation order. */
function expectedChildren(node: Node): Node[] {
  switch (node.kind) {
    case 'Number':
    case 'Identifier':
    case 'Constant':
      return [];
    case 'Unary':
      return [node.operand];
    case 'Binary':
      return [node.left, node.right];
    case 'Conditional':
      return [node.test, node.consequent, node.alternate];
    case 'Call':
      return [...node.args];
    case 'Binding':
      return [node.value];
    case 'Function':
      return [...node.body, ...node.results];
    case 'Program':
      return [...node.functions];
  }
}

const expressionKinds = [
  'Number',
  'Identifier',
  'Constant',
  'Unary',
  'Binary',
  'Conditional',
  'Call',
];

/** A replacement of the same kind family: expressions by expressions, bindings by bindings… */
function replacementFor(child: Node): Node {
  if (isExpression(child)) return ident(`new_${labelOf(child)}`);
  if (child.kind === 'Binding') return binding(`new_${child.name}`, child.value);
  if (child.kind === 'Function') return { ...child, name: `new_${child.name}` };
  return child;
}

function labelOf(node: Expression): string {
  return node.kind === 'Identifier' ? node.name : node.kind;
}

describe('nodeKinds', () => {
  it('declares exactly the ten node kinds', () => {
    expect(Object.keys(nodeKinds).sort()).toEqual(Object.keys(samples).sort());
  });

  it('names fields and children that every sample node has', () => {
    for (const [kind, declaration] of Object.entries(nodeKinds)) {
      const sample = samples[kind as NodeKind] as unknown as Record<string, unknown>;
      for (const field of [...declaration.fields, ...declaration.children]) {
        expect(sample, `${kind}.${field}`).toHaveProperty(field);
      }
    }
  });
});

describe('childrenOf and operandsOf', () => {
  it.each(Object.keys(samples) as NodeKind[])('list the children of %s in order', (kind) => {
    const node = samples[kind];
    expect(childrenOf(node)).toEqual(expectedChildren(node));
    childrenOf(node).forEach((child, index) => expect(child).toBe(expectedChildren(node)[index]));
    if (isExpression(node)) expect(operandsOf(node)).toEqual(childrenOf(node));
  });

  it('list the 200,000 arguments of a very wide call', () => {
    const args = Array.from({ length: 200_000 }, (_, index) => num(index));
    const wide = call('f', args);
    expect(childrenOf(wide)).toHaveLength(200_000);
    expect(childrenOf(program([functionDef('f', [], [], args)]).functions[0]!)).toHaveLength(
      200_000,
    );
  });

  it('agree on a call without arguments', () => {
    const node = call('g', []);
    expect(childrenOf(node)).toEqual([]);
    expect(operandsOf(node)).toEqual([]);
  });
});

describe('mapChildren', () => {
  it.each(Object.keys(samples) as NodeKind[])(
    'returns the same %s when no child changes',
    (kind) => {
      const node = samples[kind];
      expect(mapChildren(node, (child) => child)).toBe(node);
    },
  );

  it.each(
    Object.keys(samples).filter(
      (kind) => expectedChildren(samples[kind as NodeKind]).length > 0,
    ) as NodeKind[],
  )(
    'returns a new %s with every child replaced, keeping fields and span, input untouched',
    (kind) => {
      const node = samples[kind];
      const before = JSON.stringify(node);
      const mapped = mapChildren(node, replacementFor);
      expect(mapped).not.toBe(node);
      expect(mapped.kind).toBe(node.kind);
      expect(childrenOf(mapped)).toEqual(childrenOf(node).map(replacementFor));
      for (const field of nodeKinds[kind].fields) {
        expect((mapped as unknown as Record<string, unknown>)[field]).toEqual(
          (node as unknown as Record<string, unknown>)[field],
        );
      }
      expect(mapped.span).toEqual(node.span);
      expect(JSON.stringify(node)).toBe(before);
    },
  );

  it('replaces only the children that changed', () => {
    const node = samples.Call as Expression;
    const mapped = mapChildren(node, (child) => (child === y ? z : child));
    expect(mapped).toEqual({ ...node, args: [x, z, z] });
    expect(operandsOf(mapped)[0]).toBe(x);
  });
});

describe('withOperands', () => {
  const expressions = (Object.keys(samples) as NodeKind[])
    .filter((kind) => expressionKinds.includes(kind))
    .map((kind) => samples[kind] as Expression);

  it.each(expressions.map((node) => [node.kind, node] as const))(
    'returns the same %s for the same operands',
    (_kind, node) => {
      expect(withOperands(node, [...operandsOf(node)])).toBe(node);
    },
  );

  it.each(
    expressions
      .filter((node) => operandsOf(node).length > 0)
      .map((node) => [node.kind, node] as const),
  )('returns a new %s over new operands, leaving the input as it was', (_kind, node) => {
    const before = JSON.stringify(node);
    const operands = operandsOf(node).map((_operand, index) => ident(`o${index}`));
    const rebuilt = withOperands(node, operands);
    expect(rebuilt).not.toBe(node);
    expect(operandsOf(rebuilt)).toEqual(operands);
    expect(rebuilt.kind).toBe(node.kind);
    expect(rebuilt.span).toEqual(node.span);
    expect(JSON.stringify(node)).toBe(before);
  });

  it('refuses a different number of operands instead of building a malformed node', () => {
    expect(() => withOperands(add(x, y), [x])).toThrow(RangeError);
    expect(() => withOperands(call('f', [x]), [x, y])).toThrow(RangeError);
    expect(() => withOperands(call('f', [x, y]), [x])).toThrow(RangeError);
  });

  it('keeps the operator, callee and other fields', () => {
    const rebuilt = withOperands(samples.Call as Expression, [z, y, x]);
    expect(rebuilt).toEqual({ kind: 'Call', callee: 'hypot', args: [z, y, x], span });
    expect(withOperands(neg(x), [y])).toEqual({ kind: 'Unary', operator: '-', operand: y });
  });
});

describe('is and isExpression', () => {
  it.each(Object.keys(samples) as NodeKind[])('recognise %s and nothing else', (kind) => {
    const node = samples[kind];
    for (const other of Object.keys(samples) as NodeKind[]) {
      expect(is(other, node)).toBe(other === kind);
    }
    expect(isExpression(node)).toBe(expressionKinds.includes(kind));
  });

  it('is accepts undefined and says no', () => {
    expect(is('Number', undefined)).toBe(false);
  });
});
