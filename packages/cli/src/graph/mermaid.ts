/**
 * A Mermaid flowchart. Label text is escaped with Mermaid's entity codes (`#lt;`, `#quot;`…),
 * so no character of a name or an expression can end the label early.
 */
import { labelLines, type Graph } from './model.js';

export function escapeMermaid(text: string): string {
  return text.replace(/[#&<>"]/g, (ch) => `#${ch.codePointAt(0)};`);
}

export function toMermaid(graph: Graph): string {
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const label = labelLines(graph, node)
      .map(({ text }) => escapeMermaid(text))
      .join('<br/>');
    const [open, close] =
      node.role === 'parameter' ? ['([', '])'] : node.role === 'result' ? ['[[', ']]'] : ['[', ']'];
    lines.push(`  ${node.id}${open}"${label}"${close}`);
  }
  for (const edge of graph.edges) lines.push(`  ${edge.from} --> ${edge.to}`);
  return `${lines.join('\n')}\n`;
}
