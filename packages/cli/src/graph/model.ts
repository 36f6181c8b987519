/**
 * The computation graph as the lecture draws it: one node per parameter, per binding and per
 * result, an edge from each operand to each user. Each node can carry its forward value and
 * its adjoint dJ/dnode.
 */
import { postorder, printExpression, type Expression, type FunctionDef } from '@ddx/ast';

export type NodeRole = 'parameter' | 'binding' | 'result';

export interface GraphNode {
  /** `n0`, `n1`, …: safe in every output format, whatever the name. */
  readonly id: string;
  readonly role: NodeRole;
  /** The parameter's or binding's name; the function's name (`f` if anonymous) for a result. */
  readonly name: string;
  /** The expression computed, printed (`w * x`); none for a parameter. */
  readonly operation?: string;
  value?: number;
  /** dJ/dnode. */
  adjoint?: number;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

export interface Graph {
  /** The function's name (`f` for a bare expression). */
  readonly name: string;
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

/** The names an expression reads, each once, in order of first use. */
function namesUsed(expression: Expression): string[] {
  const names = new Set<string>();
  for (const node of postorder([expression])) {
    if (node.kind === 'Identifier') names.add(node.name);
  }
  return [...names];
}

export function buildGraph(fn: FunctionDef, name: string): Graph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const idOf = new Map<string, string>();
  const add = (role: NodeRole, nodeName: string, value?: Expression): GraphNode => {
    const node: GraphNode = {
      id: `n${nodes.length}`,
      role,
      name: nodeName,
      ...(value === undefined ? {} : { operation: printExpression(value) }),
    };
    nodes.push(node);
    if (value !== undefined) {
      for (const used of namesUsed(value)) {
        const from = idOf.get(used);
        if (from !== undefined) edges.push({ from, to: node.id });
      }
    }
    return node;
  };
  for (const param of fn.params) idOf.set(param, add('parameter', param).id);
  for (const binding of fn.body)
    idOf.set(binding.name, add('binding', binding.name, binding.value).id);
  fn.results.forEach((result, index) =>
    add('result', fn.results.length === 1 ? name : `${name}[${index + 1}]`, result),
  );
  return { name, nodes, edges };
}

/**
 * Fills in forward values and adjoints. `values`: each binding's value, then each result's;
 * `adjoints`: the transform's `bindingAdjoints` layout — the value, dJ/d(binding) for each
 * binding, then dJ/d(parameter) for each parameter.
 */
export function annotate(
  graph: Graph,
  args: readonly number[],
  values: readonly number[],
  adjoints: readonly number[] | undefined,
): void {
  const params = graph.nodes.filter((node) => node.role === 'parameter');
  const bindings = graph.nodes.filter((node) => node.role === 'binding');
  const results = graph.nodes.filter((node) => node.role === 'result');
  params.forEach((node, index) => (node.value = args[index]));
  [...bindings, ...results].forEach((node, index) => (node.value = values[index]));
  if (adjoints === undefined) return;
  bindings.forEach((node, index) => (node.adjoint = adjoints[1 + index]));
  params.forEach((node, index) => (node.adjoint = adjoints[1 + bindings.length + index]));
  for (const node of results) node.adjoint = 1;
}

/** The label's lines: the operation, the forward value, the adjoint. */
export function labelLines(graph: Graph, node: GraphNode): { text: string; part: LabelPart }[] {
  const lines: { text: string; part: LabelPart }[] = [
    {
      text: node.operation === undefined ? node.name : `${node.name} = ${node.operation}`,
      part: 'operation',
    },
  ];
  if (node.value !== undefined)
    lines.push({ text: `${node.name} = ${String(node.value)}`, part: 'value' });
  if (node.adjoint !== undefined) {
    lines.push({ text: `d${graph.name}/d${node.name} = ${String(node.adjoint)}`, part: 'adjoint' });
  }
  return lines;
}

export type LabelPart = 'operation' | 'value' | 'adjoint';
