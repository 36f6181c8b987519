/**
 * @ddx/parser: ddx source text to the @ddx/ast syntax tree, with every problem reported as a
 * `DdxError` that has a stable code and a source location.
 */
export {
  parse,
  parseExpression,
  parseWithDiagnostics,
  parseExpressionWithDiagnostics,
  type ParseOptions,
  type ParseResult,
} from './parse.js';
export { maxErrors, maxIdentifierLength, maxNesting, maxNodes, maxSourceLength } from './limits.js';
