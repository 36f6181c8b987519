/**
 * @ddx/cli: the `ddx` command. The executable is bin/ddx.js; `run` drives the same CLI
 * in-process (tests, embedding) with any `Io`.
 */
export { run, version } from './cli.js';
export { processIo, colorFor, toJson, type Io, type Output } from './io.js';
export { ExitStatus } from './report.js';
export { maxHessianEntries, maxJsonDepth, maxSvgNodes } from './limits.js';
export { writeFileAtomic } from './atomic.js';
export { parseAssignments, parseNameList, parseNumber } from './assignments.js';
export { looksLikeProgram } from './input.js';
export { buildGraph, type Graph, type GraphNode, type GraphEdge } from './graph/model.js';
export { toDot } from './graph/dot.js';
export { toMermaid } from './graph/mermaid.js';
