/**
 * SVG rendered in-process by Graphviz compiled to WebAssembly (@viz-js/viz): no system `dot`
 * binary. Loaded only when asked for, so other commands do not pay its ~40 ms start-up.
 */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const result = viz.render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    const messages = result.errors.map((error) => error.message).join('; ');
    throw new Error(`Graphviz could not render the graph: ${messages}`);
  }
  return result.output;
}
