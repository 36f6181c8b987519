/**
 * The ddx syntax tree. Every node kind is declared once, in `nodeKinds`: its plain fields and its
 * children. Child walks (`childrenOf`, `mapChildren`) are derived from that table, so no pass has to
 * know a node's children by heart.
 *
 * Nodes are immutable plain objects. A `span` (source offsets) is optional and never part of
 * equality; interned (hash-consed) expressions share one object per structure and carry no span.
 */

/** UTF-16 offsets into the source text: `start` inclusive, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type UnaryOperator = '-' | '+';
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '^';
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator;
export type ConstantName = 'pi' | 'e';

/** A non-negative finite number literal. Negative values are `Unary('-', Number)`. */
export interface NumberLiteral {
  readonly kind: 'Number';
  readonly value: number;
  readonly span?: Span;
}

export interface Identifier {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly span?: Span;
}

/** A built-in constant: `pi` or `e`. */
export interface Constant {
  readonly kind: 'Constant';
  readonly name: ConstantName;
  readonly span?: Span;
}

export interface Unary {
  readonly kind: 'Unary';
  readonly operator: UnaryOperator;
  readonly operand: Expression;
  readonly span?: Span;
}

export interface Binary {
  readonly kind: 'Binary';
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
  readonly span?: Span;
}

/** `test ? consequent : alternate`; the test is true when it is non-zero. */
export interface Conditional {
  readonly kind: 'Conditional';
  readonly test: Expression;
  readonly consequent: Expression;
  readonly alternate: Expression;
  readonly span?: Span;
}

/** A call of a built-in (see the catalogue) or of a function defined earlier in the program. */
export interface Call {
  readonly kind: 'Call';
  readonly callee: string;
  readonly args: readonly Expression[];
  readonly span?: Span;
}

export type Expression =
  NumberLiteral | Identifier | Constant | Unary | Binary | Conditional | Call;

/** `name = value`: one node of the function's computation graph. */
export interface Binding {
  readonly kind: 'Binding';
  readonly name: string;
  readonly value: Expression;
  readonly span?: Span;
  /** Where the bound name stands in the source. */
  readonly nameSpan?: Span;
}

/**
 * A function definition. `name` is `''` for the anonymous function of a bare expression.
 * `results` holds one expression per returned value.
 */
export interface FunctionDef {
  readonly kind: 'Function';
  readonly name: string;
  readonly params: readonly string[];
  readonly body: readonly Binding[];
  readonly results: readonly Expression[];
  readonly span?: Span;
  readonly nameSpan?: Span;
  /** Where each parameter stands in the source, index for index with `params`. */
  readonly paramSpans?: readonly Span[];
}

export interface Program {
  readonly kind: 'Program';
  readonly functions: readonly FunctionDef[];
  readonly span?: Span;
}

export type Node = Expression | Binding | FunctionDef | Program;
export type NodeKind = Node['kind'];
export type NodeOfKind<K extends NodeKind> = Extract<Node, { kind: K }>;

interface KindDeclaration {
  /** Plain data fields, compared by value. */
  readonly fields: readonly string[];
  /** Child fields, in evaluation order: a node, or a list of nodes. */
  readonly children: readonly string[];
}

/** The one table of node kinds. */
export const nodeKinds: { readonly [K in NodeKind]: KindDeclaration } = {
  Number: { fields: ['value'], children: [] },
  Identifier: { fields: ['name'], children: [] },
  Constant: { fields: ['name'], children: [] },
  Unary: { fields: ['operator'], children: ['operand'] },
  Binary: { fields: ['operator'], children: ['left', 'right'] },
  Conditional: { fields: [], children: ['test', 'consequent', 'alternate'] },
  Call: { fields: ['callee'], children: ['args'] },
  Binding: { fields: ['name'], children: ['value'] },
  Function: { fields: ['name', 'params'], children: ['body', 'results'] },
  Program: { fields: [], children: ['functions'] },
};

const expressionKinds: ReadonlySet<string> = new Set([
  'Number',
  'Identifier',
  'Constant',
  'Unary',
  'Binary',
  'Conditional',
  'Call',
]);

export function isExpression(node: Node): node is Expression {
  return expressionKinds.has(node.kind);
}

/** A type guard per kind: `is('Binary', node)`. */
export function is<K extends NodeKind>(kind: K, node: Node | undefined): node is NodeOfKind<K> {
  return node !== undefined && node.kind === kind;
}

/** The children of a node, in declaration (evaluation) order. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  const record = node as unknown as Record<string, Node | readonly Node[]>;
  for (const field of nodeKinds[node.kind].children) {
    const child = record[field];
    // A loop, not push(...child): spreading 10^5 arguments overflows the stack.
    if (Array.isArray(child)) for (const item of child as readonly Node[]) out.push(item);
    else out.push(child as Node);
  }
  return out;
}

/** The expression children of an expression (expressions only have expression children). */
export function operandsOf(node: Expression): readonly Expression[] {
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
      return node.args;
  }
}

/**
 * Rebuilds `node` with each child replaced by `replace(child)`. Returns `node` itself when no
 * child changed. The span is kept.
 */
export function mapChildren<N extends Node>(node: N, replace: (child: Node) => Node): N {
  const record = node as unknown as Record<string, Node | readonly Node[]>;
  let changed = false;
  const updates: Record<string, Node | Node[]> = {};
  for (const field of nodeKinds[node.kind].children) {
    const child = record[field];
    if (Array.isArray(child)) {
      const mapped = (child as readonly Node[]).map(replace);
      if (mapped.some((value, index) => value !== (child as readonly Node[])[index])) {
        changed = true;
        updates[field] = mapped;
      }
    } else {
      const mapped = replace(child as Node);
      if (mapped !== child) {
        changed = true;
        updates[field] = mapped;
      }
    }
  }
  return changed ? ({ ...node, ...updates } as N) : node;
}

/**
 * `node` with its operands replaced, in `operandsOf` order. Returns `node` itself when every
 * operand is the same object. The number of operands cannot change (a RangeError says so).
 */
export function withOperands<E extends Expression>(node: E, operands: readonly Expression[]): E {
  const current = operandsOf(node);
  if (current.length !== operands.length) {
    throw new RangeError(`${node.kind} has ${current.length} operands, got ${operands.length}`);
  }
  if (current.every((value, i) => value === operands[i])) return node;
  return rebuildExpression(node, operands, node.span) as E;
}

/**
 * A node of `template`'s kind and plain fields over `operands`, with `span` (none if undefined).
 * One object literal per kind keeps node shapes stable, which the hot passes depend on; the
 * node-table tests check it against `nodeKinds`.
 */
export function rebuildExpression(
  template: Expression,
  operands: readonly Expression[],
  span: Span | undefined,
): Expression {
  let node: Expression;
  switch (template.kind) {
    case 'Number':
      node = { kind: 'Number', value: template.value };
      break;
    case 'Identifier':
      node = { kind: 'Identifier', name: template.name };
      break;
    case 'Constant':
      node = { kind: 'Constant', name: template.name };
      break;
    case 'Unary':
      node = { kind: 'Unary', operator: template.operator, operand: operands[0]! };
      break;
    case 'Binary':
      node = {
        kind: 'Binary',
        operator: template.operator,
        left: operands[0]!,
        right: operands[1]!,
      };
      break;
    case 'Conditional':
      node = {
        kind: 'Conditional',
        test: operands[0]!,
        consequent: operands[1]!,
        alternate: operands[2]!,
      };
      break;
    case 'Call':
      node = { kind: 'Call', callee: template.callee, args: operands.slice() };
      break;
  }
  return span === undefined ? node : { ...node, span };
}
