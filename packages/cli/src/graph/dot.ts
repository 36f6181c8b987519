/**
 * Graphviz DOT with HTML-like labels: the operation in black, the forward value in blue, the
 * adjoint in red. Node ids are `n0`, `n1`, …, and label text is escaped for HTML, so any name
 * (Unicode, `__proto__`) and any operator (`<`, `>`) is safe.
 */
import { labelLines, type Graph, type LabelPart } from './model.js';

const colors: Record<LabelPart, string | undefined> = {
  operation: undefined,
  value: '#1f4e9c',
  adjoint: '#b3261e',
};

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A DOT double-quoted string. */
export function quoteDot(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function toDot(graph: Graph): string {
  const lines = [
    `digraph ${quoteDot(graph.name)} {`,
    '  rankdir=LR;',
    // A monospace font: every renderer agrees with Graphviz on its width, and labels are code.
    '  node [shape=box, style=rounded, fontname="Courier", fontsize=12];',
    '  edge [color="#555555"];',
  ];
  for (const node of graph.nodes) {
    const label = labelLines(graph, node)
      .map(({ text, part }) => {
        const color = colors[part];
        const escaped = escapeHtml(text);
        return color === undefined ? escaped : `<font color="${color}">${escaped}</font>`;
      })
      .join('<br/>');
    const shape =
      node.role === 'parameter'
        ? ', shape=ellipse'
        : node.role === 'result'
          ? ', peripheries=2'
          : '';
    lines.push(`  ${node.id} [label=<${label}>${shape}];`);
  }
  for (const edge of graph.edges) lines.push(`  ${edge.from} -> ${edge.to};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
