/**
 * A whole program to one ES module (and its `.d.ts`): helpers first, then for each function its
 * value function and the derivatives asked for, each with a JSDoc block quoting the ddx source.
 */
import {
  DdxError,
  catalogue,
  postorder,
  program as makeProgram,
  type FunctionDef,
  type Program,
} from '@ddx/ast';
import { signatureOf, valueKey, type Abi, type GradientForm, type Signature } from './abi.js';
import { copyHelpers, copyHelperSources } from './chunk.js';
import { commentSafe, docComment } from './comments.js';
import { declareFunction } from './declarations.js';
import {
  emitFunction,
  emitWithGradient,
  printFunction,
  type EmitRequest,
  type EmittedFunction,
} from './emit-function.js';
import type { Callable } from './lower.js';
import { generatedPrefix, jsIdentifier, jsLocalName, NameSupply } from './names.js';
import { maxScalarParameters, tooManyParameters } from './limits.js';
import { joinBlocks, type Block } from './text.js';
import {
  planFunctions,
  transformDerivatives,
  type Derivatives,
  type PlannedFunction,
  type PlanOptions,
} from './plan.js';

export interface GenerateOptions extends PlanOptions {
  /** The calling convention (default `scalars`). */
  readonly abi?: Abi;
  /** Scalars ABI: a gradient as `{ value, w1, ... }` (default) or `[value, dw1, ...]`. */
  readonly gradient?: GradientForm;
  /**
   * Function bodies costing more operations than this are split into chunk functions
   * (default `defaultChunkSize`). `Infinity` turns chunking off.
   */
  readonly chunkSize?: number;
  /**
   * Arrays ABI: write repeated bindings of large functions (over `rerollThreshold` operations)
   * as loops (default true). See reroll.ts.
   */
  readonly reroll?: boolean;
  /** Named in the module's header comment, e.g. `model.ddx`. */
  readonly sourceName?: string;
  /** Where derivatives come from (default: @ddx/transform). */
  readonly derivatives?: Derivatives;
}

/** Operations per chunk; measured in the README's chunking section. */
export const defaultChunkSize = 400;

export interface Unit {
  readonly planned: PlannedFunction;
  readonly jsName: string;
  readonly signature: Signature;
  readonly emitted: EmittedFunction;
  /** A private function is not exported (the scalar twin of a function called in arrays ABI). */
  readonly exported: boolean;
  readonly doc: readonly string[];
}

export interface Assembly {
  /** Helper sources, in catalogue order. */
  readonly helpers: readonly string[];
  readonly units: readonly Unit[];
}

export function toProgram(source: Program | FunctionDef): Program {
  return source.kind === 'Program' ? source : makeProgram([source]);
}

/** Plans and emits every function; derivatives only of `only` when it is given. */
export function assemble(
  source: Program | FunctionDef,
  options: GenerateOptions = {},
  only?: FunctionDef,
): Assembly {
  const program = toProgram(source);
  const abi = options.abi ?? 'scalars';
  const derivatives = options.derivatives ?? transformDerivatives;
  const planned = planFunctions(program, options, derivatives, only);
  const moduleNames = new NameSupply();
  for (const builtin of catalogue.values()) if (builtin.helper) moduleNames.take(builtin.js);
  for (const helper of Object.values(copyHelpers)) moduleNames.take(helper);
  const jsNames = planned.map((p) => exportName(p.def, moduleNames));
  const functionNames: ReadonlySet<string> = new Set(jsNames);
  // Only the arrays ABI needs to know which functions are called (it emits scalar twins, and a
  // value function that calls another is not taken from its gradient, which inlines the call).
  const calls = abi === 'arrays' && program.functions.length > 1 ? userCalls(program) : noCalls;
  const callables = new Map<string, Callable>();
  const units: Unit[] = [];
  const helpers = new Set<string>();
  let copies = false;
  const request = (p: PlannedFunction, jsName: string, unitAbi: Abi): EmitRequest => {
    const signature = signatureOf({
      abi: unitAbi,
      role: p.role,
      params: p.def.params,
      jsParams: p.def.params.map((name) => jsLocalName(name, functionNames)),
      resultCount: p.def.results.length,
      wrt: p.wrt,
      gradientForm: options.gradient ?? 'object',
    });
    checkSignature(signature, p);
    if (signature.entryParams.length > maxScalarParameters) {
      const name = p.def.name || 'f';
      throw new DdxError(
        'limit',
        tooManyParameters(name, signature.entryParams.length, unitAbi !== abi),
      );
    }
    return {
      fn: p.def,
      jsName,
      signature,
      context: { functions: callables, moduleNames: functionNames },
      chunkSize: options.chunkSize ?? defaultChunkSize,
      reroll: options.reroll ?? true,
      moduleNames,
    };
  };
  const add = (p: PlannedFunction, r: EmitRequest, emitted: EmittedFunction, exported: boolean) => {
    for (const helper of emitted.helpers) helpers.add(helper);
    copies ||= emitted.copies === true;
    const { jsName, signature } = r;
    const doc = exported
      ? docComment({ ...p, signature, functionName: jsName })
      : [
          `// ${commentSafe(p.def.name || 'f')} with positional arguments, for calls from other functions.`,
        ];
    units.push({ planned: p, jsName, signature, emitted, exported, doc });
  };
  // A gradient emitted together with its value function (`emitWithGradient`), for its turn.
  let gradientReady:
    { planned: PlannedFunction; request: EmitRequest; emitted: EmittedFunction } | undefined;
  planned.forEach((p, index) => {
    const jsName = jsNames[index]!;
    if (gradientReady?.planned === p) {
      add(p, gradientReady.request, gradientReady.emitted, true);
      gradientReady = undefined;
      return;
    }
    const twin =
      p.role === 'value' && abi === 'arrays' && calls.callees.has(p.def.name)
        ? moduleNames.claim(`${generatedPrefix}${jsName}`)
        : undefined;
    if (twin !== undefined) {
      const r = request(p, twin, 'scalars');
      add(p, r, emitFunction(r), false);
    }
    const r = request(p, jsName, abi);
    const next = planned[index + 1];
    if (
      abi === 'arrays' &&
      p.role === 'value' &&
      next?.role === 'gradient' &&
      next.source === p.def &&
      !calls.callers.has(p.def)
    ) {
      const gradientRequest = request(next, jsNames[index + 1]!, abi);
      const both = emitWithGradient(r, gradientRequest);
      add(p, r, both.value, true);
      gradientReady = { planned: next, request: gradientRequest, emitted: both.gradient };
    } else {
      add(p, r, emitFunction(r), true);
    }
    if (p.role === 'value') {
      const js = twin ?? jsName;
      callables.set(p.def.name, { js, arity: p.def.params.length, results: p.def.results.length });
    }
  });
  const helperSources = [...catalogue.values()]
    .filter((builtin) => helpers.has(builtin.name))
    .map((builtin) => builtin.helper!);
  if (copies) helperSources.push(...copyHelperSources);
  return { helpers: helperSources, units };
}

function exportName(fn: FunctionDef, taken: NameSupply): string {
  const name = jsIdentifier(fn.name || 'f');
  if (taken.has(name)) {
    throw new DdxError(
      'duplicate-function',
      `two functions of the module would be named '${name}' (rename '${fn.name}')`,
    );
  }
  taken.take(name);
  return name;
}

function checkSignature(signature: Signature, p: PlannedFunction): void {
  if (signature.results.kind === 'object' && p.wrt.includes(valueKey)) {
    throw new DdxError(
      'usage',
      `a parameter named '${valueKey}' collides with the gradient object's value key; ` +
        `use the tuple form (gradient: 'tuple') or the arrays ABI`,
    );
  }
}

interface UserCalls {
  /** The names of the user functions that some function calls. */
  readonly callees: ReadonlySet<string>;
  /** The functions that call a user function. */
  readonly callers: ReadonlySet<FunctionDef>;
}

const noCalls: UserCalls = { callees: new Set(), callers: new Set() };

function userCalls(program: Program): UserCalls {
  const callees = new Set<string>();
  const callers = new Set<FunctionDef>();
  for (const fn of program.functions) {
    for (const node of postorder([...fn.body.map((b) => b.value), ...fn.results])) {
      if (node.kind === 'Call' && !catalogue.has(node.callee)) {
        callees.add(node.callee);
        callers.add(fn);
      }
    }
  }
  return { callees, callers };
}

/** The top-level blocks of the module (or of a script, without `export`). */
export function blocks(assembly: Assembly, exported: boolean): Block[] {
  const out: Block[] = [...assembly.helpers];
  for (const unit of assembly.units) {
    for (const declaration of unit.emitted.declarations) out.push(declaration);
    out.push([...unit.doc, printFunction(unit.emitted.code, exported && unit.exported)].join('\n'));
  }
  return out;
}

export function renderModule(assembly: Assembly, options: GenerateOptions = {}): string {
  const from = options.sourceName === undefined ? '' : ` from ${commentSafe(options.sourceName)}`;
  const header = `// Generated by @ddx/codegen${from}. Edit the ddx source, not this file.`;
  return joinBlocks([header, ...blocks(assembly, true)], '\n\n', '\n');
}

export function renderDeclarations(assembly: Assembly, options: GenerateOptions = {}): string {
  const from = options.sourceName === undefined ? '' : ` from ${commentSafe(options.sourceName)}`;
  const header = `// Generated by @ddx/codegen${from}.`;
  const declarations = assembly.units
    .filter((unit) => unit.exported)
    .map((unit) =>
      declareFunction({ jsName: unit.jsName, signature: unit.signature, doc: unit.doc }),
    );
  return `${[header, ...declarations].join('\n\n')}\n`;
}

export interface GeneratedCode {
  /** The ES module's text. */
  readonly module: string;
  /** The matching `.d.ts` text. */
  readonly declarations: string;
}

/** The module and its declarations, from one pass. */
export function generate(
  source: Program | FunctionDef,
  options: GenerateOptions = {},
): GeneratedCode {
  const assembly = assemble(source, options);
  return {
    module: renderModule(assembly, options),
    declarations: renderDeclarations(assembly, options),
  };
}

/** The ES module's text. */
export function generateModule(
  source: Program | FunctionDef,
  options: GenerateOptions = {},
): string {
  return renderModule(assemble(source, options), options);
}

/** The `.d.ts` text matching `generateModule`. */
export function generateDeclarations(
  source: Program | FunctionDef,
  options: GenerateOptions = {},
): string {
  return renderDeclarations(assemble(source, options), options);
}
