/**
 * SVG rendered in-process by Graphviz compiled to WebAssembly (@viz-js/viz): no system `dot`
 * binary. Loaded only when asked for, so other commands do not pay its ~40 ms start-up.
 */
import { DdxError } from '@ddx/ast';

export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  let result: ReturnType<typeof viz.render>;
  try {
    result = viz.render(dot, { format: 'svg' });
  } catch (error) {
    // Graphviz aborts with a non-Error value when its WebAssembly memory runs out (a graph of
    // many nodes or edges): a limit of the input, not a bug.
    if (error instanceof Error) throw error;
    throw new DdxError(
      'limit',
      'Graphviz ran out of memory laying out the graph as SVG; write DOT (-o graph.dot) or Mermaid (-o graph.mmd) instead',
    );
  }
  if (result.status !== 'success') {
    const messages = result.errors.map((error) => error.message).join('; ');
    throw new Error(`Graphviz could not render the graph: ${messages}`);
  }
  return result.output;
}
