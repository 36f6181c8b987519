/**
 * @ddx/codegen: ddx programs (source functions and the derivatives of @ddx/transform) to readable,
 * dependency-free JavaScript. See README.md for the calling conventions and the naming rule.
 */
export {
  generate,
  generateModule,
  generateDeclarations,
  defaultChunkSize,
  type GenerateOptions,
  type GeneratedCode,
} from './module.js';
export { compile, type CompileOptions, type CompiledFunction } from './compile.js';
export type { Abi, GradientForm } from './abi.js';
export type { DerivativeOptions, Derivatives } from './plan.js';
export { jsIdentifier } from './names.js';
export { maxScalarParameters } from './limits.js';
export { numberLiteral } from './numbers.js';
