/**
 * One ddx function to JavaScript under a calling convention: lower the body, read the
 * parameters, emit the results, and lay the result out as one function or, when it is large, as
 * chunk functions behind a small entry (chunk.ts).
 */
import type { FunctionDef } from '@ddx/ast';
import type { Signature } from './abi.js';
import { indent, printWidth, selectionGroups, type ElementRead } from './body.js';
import { chunk, totalCost, type BufferedArray, type StraightLine } from './chunk.js';
import { lowerFunction, type LowerContext, type LoweredFunction } from './lower.js';
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
  return layOut(request, prepare(request));
}

/** A function lowered, with its results emitted: what either layout is made from. */
interface Prepared {
  readonly lowered: LoweredFunction;
  readonly straight: StraightLine;
}

function prepare(request: EmitRequest): Prepared {
  const { signature } = request;
  const lowered = lowerFunction(request.fn, request.context, rerollRequest(request));
  const returned = emitResults(lowered.results, signature.results, lowered.body, lowered.stored);
  const statements = lowered.body.statements;
  const used = new Uint8Array(lowered.locals.count);
  for (const local of returned.uses) used[local] = 1;
  const pool = statements.readPool;
  const readCount = statements.count > 0 ? statements.readsEnd(statements.count - 1) : 0;
  for (let r = 0; r < readCount; r++) used[pool[r]!] = 1;
  const straight: StraightLine = {
    locals: lowered.locals,
    entryParams: signature.entryParams,
    // Arrays ABI: the chunks see the arrays as module-level buffers (chunk.ts, `BufferedArray`).
    chunkParams: [abiNames.scratch],
    argumentParams: signature.abi === 'scalars' ? lowered.params : [],
    prologue: prologueOf(signature, lowered, used),
    statements,
    returned,
  };
  return { lowered, straight };
}

/** `const w1 = params[0];` for each parameter that is an array element and is `used`. */
function prologueOf(
  signature: Signature,
  lowered: LoweredFunction,
  used: Uint8Array,
): ElementRead[] {
  const names = lowered.locals.names;
  const prologue: ElementRead[] = [];
  signature.sources.forEach((source, index) => {
    const local = lowered.params[index]!;
    if (source.kind === 'element' && used[local]) {
      const line = `${indent}const ${names[local]} = ${source.array}[${source.index}];`;
      prologue.push({ local, line });
    }
  });
  return prologue;
}

/** One function as it is laid out: straight-line when it is small, else in chunks. */
function layOut(request: EmitRequest, { lowered, straight }: Prepared): EmittedFunction {
  const { signature } = request;
  const statements = straight.statements;
  const code = { name: request.jsName, params: signature.entryParams };
  // Loops keep their values in the scratch buffer, which only the chunked layout has.
  if (lowered.loopSlots === 0 && totalCost(statements) <= request.chunkSize) {
    const body = [...straight.prologue.map((read) => read.line), ...selectionGroups(lowered.body)];
    return {
      declarations: [],
      code: { ...code, body: [...body, ...straight.returned.lines] },
      helpers: lowered.helpers,
    };
  }
  return chunked(request, straight, lowered);
}

function chunked(
  request: EmitRequest,
  straight: StraightLine,
  lowered: LoweredFunction,
): EmittedFunction {
  const scalars = request.signature.abi === 'scalars';
  const base = `${generatedPrefix}${request.jsName}`;
  const partNames: string[] = [];
  const laidOut = chunk(straight, request.chunkSize, {
    part: (index) => (partNames[index] ??= request.moduleNames.claim(`${base}_part${index}`)),
    scratch: request.moduleNames.claim(`${base}_scratch`),
    reserved: lowered.loopSlots,
    buffers: scalars ? [] : arrayBuffers(request, base),
  });
  return {
    declarations: laidOut.declarations,
    code: { name: request.jsName, params: request.signature.entryParams, body: laidOut.entryBody },
    helpers: lowered.helpers,
    copies: !scalars,
  };
}

/**
 * A value function and its gradient (arrays ABI), the value function taken from the gradient's
 * lowering. The gradient computes the value function's operations (the transform interns them:
 * each distinct operation once, none rewritten) and returns the value first, so the value
 * function is the statements that `return` depends on, and the same `return`: the same
 * operations on the same operands, so the same bits, without lowering the function a second
 * time (for a 10^5-node function, a fifth of the module's generation). Each is then laid out on
 * its own: the value function's chunks store only what its own later chunks read, not the
 * gradient's tape.
 *
 * Only when both are chunked and nothing is rerolled into loops; otherwise each function is
 * lowered from its own source, as is a value function that calls another (module.ts: the
 * gradient has the call inlined).
 */
export function emitWithGradient(
  value: EmitRequest,
  gradient: EmitRequest,
): { value: EmittedFunction; gradient: EmittedFunction } {
  const prepared = prepare(gradient);
  const derived = derivedValue(value, gradient, prepared);
  return {
    // The value function's names are claimed first, as when each is emitted on its own.
    value: derived ? chunked(value, derived, prepared.lowered) : emitFunction(value),
    gradient: layOut(gradient, prepared),
  };
}

/** The value function's straight line within the gradient's, or undefined (see above). */
function derivedValue(
  value: EmitRequest,
  gradient: EmitRequest,
  { lowered, straight }: Prepared,
): StraightLine | undefined {
  const { statements } = straight;
  const valueLayout = value.signature.results;
  const gradientLayout = gradient.signature.results;
  if (
    value.signature.abi !== 'arrays' ||
    gradient.signature.abi !== 'arrays' ||
    valueLayout.kind !== 'single' ||
    gradientLayout.kind !== 'out' ||
    gradientLayout.skip !== 1 ||
    !sameParameters(value, gradient) ||
    lowered.loopSlots !== 0 ||
    lowered.stored.size !== 0 ||
    totalCost(statements) <= gradient.chunkSize
  ) {
    return undefined;
  }
  // Backwards from what the `return` reads: the statements defining what is needed.
  const count = statements.count;
  const pool = statements.readPool;
  const needed = new Uint8Array(lowered.locals.count);
  for (const local of straight.returned.uses) needed[local] = 1;
  const keep = new Uint8Array(count);
  let kept = 0;
  let cost = 0;
  for (let s = count - 1; s >= 0; s--) {
    const local = statements.local(s);
    // Anything touching the scratch buffer keeps its place among such statements (chunk.ts).
    if (statements.pinned(s)) return undefined;
    if (local < 0 || !needed[local]) continue;
    keep[s] = 1;
    kept++;
    cost += statements.cost(s);
    for (let r = statements.readsStart(s); r < statements.readsEnd(s); r++) needed[pool[r]!] = 1;
  }
  // A value function small enough to be one function is lowered on its own, as it reads best.
  if (cost <= value.chunkSize) return undefined;
  const order = new Int32Array(kept);
  for (let s = 0, k = 0; s < count; s++) if (keep[s]) order[k++] = s;
  return {
    ...straight,
    entryParams: value.signature.entryParams,
    prologue: prologueOf(value.signature, lowered, needed),
    order,
  };
}

/** Whether both functions take the same parameters from the same array elements. */
function sameParameters(value: EmitRequest, gradient: EmitRequest): boolean {
  const a = value.fn.params;
  const b = gradient.fn.params;
  if (a.length !== b.length) return false;
  const sa = value.signature.sources;
  const sb = gradient.signature.sources;
  for (let index = 0; index < a.length; index++) {
    const x = sa[index]!;
    const y = sb[index]!;
    if (a[index] !== b[index] || x.kind !== 'element' || y.kind !== 'element') return false;
    if (x.array !== y.array || x.index !== y.index) return false;
  }
  return true;
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
