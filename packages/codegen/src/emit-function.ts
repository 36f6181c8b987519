/**
 * One ddx function to JavaScript under a calling convention: lower the body, read the
 * parameters, emit the results, and lay the result out as one function or, when it is large, as
 * chunk functions behind a small entry (chunk.ts).
 */
import type { FunctionDef } from '@ddx/ast';
import type { Signature } from './abi.js';
import { indent, printWidth, selectionGroups, type ElementRead } from './body.js';
import { chunk, totalCost, type BufferedArray, type StraightLine } from './chunk.js';
import { lowerFunction, type LowerContext } from './lower.js';
import type { RerollRequest } from './loop-plan.js';
import { rerollThreshold, type ParamPlace } from './reroll.js';
import { abiNames, generatedPrefix, type NameSupply } from './names.js';
import { emitResults } from './results.js';
import type { Block } from './text.js';

/** A function declaration, printable with or without `export`. */
export interface FunctionCode {
  readonly name: string;
  readonly params: readonly string[];
  /** Body lines, indented. */
  readonly body: readonly string[];
}

export interface EmittedFunction {
  /** Module-level declarations the function needs (its scratch buffer and chunks). */
  readonly declarations: readonly Block[];
  readonly code: FunctionCode;
  /** Catalogue names of the helpers it calls. */
  readonly helpers: ReadonlySet<string>;
  /** Whether it calls `ddx_copy_in` and `ddx_copy_out` (chunk.ts, `copyHelpers`). */
  readonly copies?: boolean;
}

export interface EmitRequest {
  readonly fn: FunctionDef;
  readonly jsName: string;
  readonly signature: Signature;
  readonly context: LowerContext;
  /** Bodies costing more operations than this are chunked. */
  readonly chunkSize: number;
  /** Whether large functions may be rerolled into loops (arrays ABI). */
  readonly reroll: boolean;
  /** Module-level names, to claim names for chunks. */
  readonly moduleNames: NameSupply;
}

export function emitFunction(request: EmitRequest): EmittedFunction {
  const { signature } = request;
  const lowered = lowerFunction(request.fn, request.context, rerollRequest(request));
  const { locals } = lowered;
  const returned = emitResults(lowered.results, signature.results, lowered.body, lowered.stored);
  const statements = lowered.body.statements;
  const used = new Uint8Array(locals.count);
  for (const local of returned.uses) used[local] = 1;
  const pool = statements.readPool;
  const readCount = statements.count > 0 ? statements.readsEnd(statements.count - 1) : 0;
  for (let r = 0; r < readCount; r++) used[pool[r]!] = 1;
  const prologue: ElementRead[] = [];
  signature.sources.forEach((source, index) => {
    const local = lowered.params[index]!;
    if (source.kind === 'element' && used[local]) {
      const line = `${indent}const ${locals.names[local]} = ${source.array}[${source.index}];`;
      prologue.push({ local, line });
    }
  });
  const scalars = signature.abi === 'scalars';
  const straight: StraightLine = {
    locals,
    entryParams: signature.entryParams,
    // Arrays ABI: the chunks see the arrays as module-level buffers (chunk.ts, `BufferedArray`).
    chunkParams: [abiNames.scratch],
    argumentParams: scalars ? lowered.params : [],
    prologue,
    statements,
    returned,
  };
  const code = { name: request.jsName, params: signature.entryParams };
  // Loops keep their values in the scratch buffer, which only the chunked layout has.
  if (lowered.loopSlots === 0 && totalCost(statements) <= request.chunkSize) {
    const body = [...prologue.map((read) => read.line), ...selectionGroups(lowered.body)];
    return {
      declarations: [],
      code: { ...code, body: [...body, ...returned.lines] },
      helpers: lowered.helpers,
    };
  }
  const base = `${generatedPrefix}${request.jsName}`;
  const partNames: string[] = [];
  const chunked = chunk(straight, request.chunkSize, {
    part: (index) => (partNames[index] ??= request.moduleNames.claim(`${base}_part${index}`)),
    scratch: request.moduleNames.claim(`${base}_scratch`),
    reserved: lowered.loopSlots,
    buffers: scalars ? [] : arrayBuffers(request, base),
  });
  return {
    declarations: chunked.declarations,
    code: { ...code, body: chunked.entryBody },
    helpers: lowered.helpers,
    copies: !scalars,
  };
}

/** The longest buffer name prefix that keeps `  ddx_copy_out(buffer, out);` within the width. */
const maxBufferBase = 60;

/** The module-level buffers of a chunked arrays-ABI function: one per array it has elements in. */
function arrayBuffers(request: EmitRequest, base: string): BufferedArray[] {
  const { signature, moduleNames } = request;
  const prefix = base.length <= maxBufferBase ? base : `${generatedPrefix}f`;
  const buffers: BufferedArray[] = [];
  const add = (array: string, length: number, output: boolean): void => {
    if (length === 0) return;
    buffers.push({ array, buffer: moduleNames.claim(`${prefix}_${array}`), length, output });
  };
  add(abiNames.params, signature.split?.params.length ?? 0, false);
  add(abiNames.inputs, signature.split?.inputs.length ?? 0, false);
  const layout = signature.results;
  if (layout.kind === 'out') add(abiNames.out, request.fn.results.length - layout.skip, true);
  return buffers;
}

/**
 * What rerolling needs (arrays ABI only): where each parameter lives, and which binding each
 * `out[i]` stores. Functions of up to `rerollThreshold` operations are never rerolled.
 */
function rerollRequest({ fn, signature, reroll }: EmitRequest): RerollRequest | undefined {
  if (signature.abi !== 'arrays' || !reroll) return undefined;
  const params = new Map<string, ParamPlace>();
  signature.sources.forEach((source, index) => {
    if (source.kind === 'element') params.set(fn.params[index]!, source);
  });
  const stores = new Map<string, number[]>();
  const storeResults = new Set<number>();
  const layout = signature.results;
  if (layout.kind === 'out') {
    fn.results.forEach((result, index) => {
      if (index < layout.skip || result.kind !== 'Identifier' || params.has(result.name)) return;
      const list = stores.get(result.name) ?? [];
      list.push(index - layout.skip);
      stores.set(result.name, list);
      storeResults.add(index);
    });
  }
  return { params, stores, storeResults, minimumOperations: rerollThreshold };
}

/** `function name(a, b) {...}`, with prettier's parameter breaking when the header is long. */
export function printFunction(code: FunctionCode, exported: boolean): string {
  const keyword = `${exported ? 'export ' : ''}function ${code.name}(`;
  const flat = `${keyword}${code.params.join(', ')}) {`;
  const header =
    [...flat].length <= printWidth
      ? [flat]
      : [keyword, ...code.params.map((p) => `${indent}${p},`), ') {'];
  if (code.body.length === 0) return `${header.join('\n').slice(0, -1)}{}`;
  return [...header, ...code.body, '}'].join('\n');
}
