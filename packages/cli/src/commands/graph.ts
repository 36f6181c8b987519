/**
 * `ddx graph`: the computation graph, each node labelled with its operation and, with `--at`,
 * its forward value and its adjoint dJ/dnode — the lecture's picture of the forward and the
 * backward pass.
 */
import { DdxError, program as programNode } from '@ddx/ast';
import { evaluate, trace } from '@ddx/evaluator';
import { bindingAdjoints } from '@ddx/transform';
import { argumentsFor, parseAssignments, pointObject } from '../assignments.js';
import type { Context } from '../context.js';
import { toDot } from '../graph/dot.js';
import { toMermaid } from '../graph/mermaid.js';
import { annotate, buildGraph, type Graph } from '../graph/model.js';
import { fnOption, pickFunction, valueName } from '../input.js';
import { toJson } from '../io.js';
import { count, maxSvgNodes } from '../limits.js';

export type GraphFormat = 'dot' | 'svg' | 'mermaid';

export interface GraphOptions {
  readonly at?: readonly string[];
  readonly format?: GraphFormat;
  readonly output?: string;
}

/** The format: `--format`, else the output file's extension, else DOT. */
export function formatFor(options: GraphOptions): GraphFormat {
  if (options.format !== undefined) return options.format;
  const extension = /\.([^./\\]+)$/.exec(options.output ?? '')?.[1]?.toLowerCase();
  if (extension === 'svg') return 'svg';
  if (extension === 'mmd' || extension === 'mermaid') return 'mermaid';
  return 'dot';
}

export async function render(graph: Graph, format: GraphFormat): Promise<string> {
  if (format === 'mermaid') return toMermaid(graph);
  if (format === 'svg' && graph.nodes.length > maxSvgNodes) {
    throw new DdxError(
      'limit',
      `the graph has ${count(graph.nodes.length)} nodes: SVG is laid out for up to ${count(maxSvgNodes)} (maxSvgNodes); write DOT (-o graph.dot) or Mermaid (-o graph.mmd) instead`,
    );
  }
  const dot = toDot(graph);
  if (format === 'dot') return dot;
  const { renderSvg } = await import('../graph/svg.js');
  return renderSvg(dot);
}

export async function graphCommand(
  argument: string,
  options: GraphOptions,
  context: Context,
): Promise<number> {
  const format = formatFor(options);
  const { program } = await context.load(argument);
  const fn = pickFunction(program, context.options.fn);
  const graph = buildGraph(fn, valueName(fn));
  const args =
    options.at === undefined ? undefined : argumentsFor(fn, parseAssignments(options.at, '--at'));
  if (args !== undefined) {
    const forward = trace(program, { ...fnOption(fn), args });
    const values = [
      ...fn.body.map((binding) => forward.bindings.get(binding.name)!),
      ...forward.results,
    ];
    let adjoints: number[] | undefined;
    if (fn.results.length === 1) {
      adjoints = evaluate(programNode([bindingAdjoints(program, fnOption(fn))]), { args });
    }
    annotate(graph, args, values, adjoints);
  }
  if (context.json) {
    context.print(
      toJson({
        function: fn.name,
        ...(args === undefined ? {} : { at: pointObject(fn, args) }),
        nodes: graph.nodes,
        edges: graph.edges,
      }),
    );
    if (options.output !== undefined) context.emit(await render(graph, format), options.output);
  } else {
    context.emit(await render(graph, format), options.output);
  }
  return 0;
}
