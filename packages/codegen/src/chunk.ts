/**
 * Chunking. V8's optimising compiler takes time superlinear in a function's size and gives up on
 * functions over ~60 KB of bytecode, so a 10^5-node gradient written as one function runs in the
 * interpreter. A large straight-line body is therefore cut into consecutive chunk functions of a
 * bounded size. Values that cross a chunk boundary travel through one `Float64Array` scratch
 * buffer allocated once per module (slots are reused once a value is dead), and array elements
 * (`params[i]`) are read again where they are needed. Nothing is allocated per call.
 *
 * The bookkeeping is by local id (locals.ts): arrays indexed by id, linear in the body's size.
 */
import { indent, type ElementRead } from './body.js';
import type { Locals } from './locals.js';
import { abiNames } from './names.js';
import type { ReturnCode } from './results.js';
import type { Statements } from './statements.js';
import type { Block } from './text.js';

/** A function body before it is laid out as one function or as chunks. */
export interface StraightLine {
  readonly locals: Locals;
  /** The exported function's parameters. */
  readonly entryParams: readonly string[];
  /** The parameters of each chunk function (the scratch buffer among them). */
  readonly chunkParams: readonly string[];
  /** Parameters that arrive as arguments (scalars ABI); chunks get them through the scratch. */
  readonly argumentParams: readonly number[];
  /** Definitions that any chunk may repeat: `const w1 = params[0];`. */
  readonly prologue: readonly ElementRead[];
  readonly statements: Statements;
  /**
   * The statements to lay out, in order, when not all of them (a value function within its
   * gradient's statements, emit-function.ts); by default all, with assignments sunk.
   */
  readonly order?: Int32Array;
  readonly returned: ReturnCode;
}

export interface ChunkNames {
  /** A module-level name for chunk `index` (from 1). */
  readonly part: (index: number) => string;
  readonly scratch: string;
  /** Scratch slots below this belong to rerolled loops; chunk slots come after them. */
  readonly reserved?: number;
  /** Arrays ABI: the arrays that chunks read and write through module-level copies. */
  readonly buffers?: readonly BufferedArray[];
}

/**
 * An argument array (`params`, `inputs` or `out`) that the chunks see as a module-level
 * `Float64Array`: the entry copies the argument in (`ddx_copy_in`) before the first chunk, or
 * copies the buffer out (`ddx_copy_out`) after the last. TurboFan knows a module-level buffer and
 * its length, as it knows the scratch's: no bounds check per `params[i]` or `out[i]` (a compare
 * and a branch, a quarter of a chunk's machine code in a random graph's gradient), against one
 * `memcpy` per call.
 */
export interface BufferedArray {
  /** The argument's name, which the chunks alias to the buffer. */
  readonly array: string;
  /** The buffer's module-level name. */
  readonly buffer: string;
  readonly length: number;
  /** Written by the chunks (copied out), rather than read (copied in). */
  readonly output: boolean;
}

/** The helpers that copy arguments into module-level buffers and results out of them. */
export const copyHelpers = { in: 'ddx_copy_in', out: 'ddx_copy_out' } as const;

/** Their source, emitted once in a module that has chunked arrays-ABI functions. */
export const copyHelperSources: readonly string[] = [
  // Exactly the ABI's lengths (the common case) take one memcpy and allocate nothing (a
  // `subarray` would allocate a view per call); anything else is copied element by element.
  `/** Copies \`array\` into \`buffer\`; elements past its end read as NaN, as they do from \`array\`. */
function ${copyHelpers.in}(buffer, array) {
  if (ArrayBuffer.isView(array) && array.length === buffer.length) {
    buffer.set(array);
  } else {
    for (let i = 0; i < buffer.length; i++) buffer[i] = i < array.length ? array[i] : NaN;
  }
}`,
  `/** Copies \`buffer\` into \`array\` (a typed array keeps its length). */
function ${copyHelpers.out}(buffer, array) {
  if (ArrayBuffer.isView(array) && array.length === buffer.length) {
    array.set(buffer);
  } else {
    for (let i = 0; i < buffer.length; i++) array[i] = buffer[i];
  }
}`,
];

/** The module-level code of a chunked function: the scratch, the chunks, the entry's body. */
export interface ChunkedCode {
  /** The scratch buffer's declaration, then the chunk functions (one text, in pieces). */
  readonly declarations: readonly Block[];
  readonly entryBody: readonly string[];
}

export function totalCost(statements: Statements): number {
  let cost = 0;
  for (let s = 0; s < statements.count; s++) cost += statements.cost(s);
  return cost;
}

/** `text` stored contiguously: reading a character makes V8 copy a concatenation into one piece. */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** `definedIn` of a local no chunk defines (it compares as later than every chunk). */
const nowhere = 0x7fffffff;
/** `definedIn` of a parameter that arrives as an argument: the entry holds it. */
const entry = -1;

export function chunk(code: StraightLine, chunkSize: number, names: ChunkNames): ChunkedCode {
  const plan = planChunks(code, chunkSize, names.reserved ?? 0);
  const { locals } = code;
  // Chunks read the module's buffer itself, not an argument: TurboFan then knows the buffer and
  // its length, and drops the bounds check of every `scratch[k]` (10^5-node gradient: 15% less
  // machine code, ~30% faster once optimised).
  // So do the arrays ABI's arrays, through module-level copies (`BufferedArray`).
  const buffers = names.buffers ?? [];
  const buffered = new Set(buffers.map((b) => b.array));
  const parameters = code.chunkParams
    .filter((name) => name !== abiNames.scratch && !buffered.has(name))
    .join(', ');
  let alias = `\n${indent}const ${abiNames.scratch} = ${names.scratch};`;
  for (const b of buffers) alias += `\n${indent}const ${b.array} = ${b.buffer};`;
  // One string per chunk, each joined as soon as it is written (`writeChunk`).
  const pieces: string[] = [];
  const entryBody = [`${indent}const ${abiNames.scratch} = ${names.scratch};`];
  for (const b of buffers) {
    if (!b.output) entryBody.push(`${indent}${copyHelpers.in}(${b.buffer}, ${b.array});`);
  }
  for (const local of code.argumentParams) {
    if (plan.slots[local]! >= 0) {
      entryBody.push(`${indent}${plan.slot(local)} = ${locals.names[local]};`);
    }
  }
  // The chunk in which each local was last declared (imports are declared at their first use).
  const seenIn = new Int32Array(locals.count).fill(-1);
  for (let c = 0; c + 1 < plan.cuts.length; c++) {
    const name = names.part(c + 1);
    if (c > 0) pieces.push('\n\n');
    writeChunk(pieces, `function ${name}(${parameters}) {${alias}`, c, plan, code, seenIn);
    entryBody.push(`${indent}${name}(${parameters});`);
  }
  for (const b of buffers) {
    if (b.output) entryBody.push(`${indent}${copyHelpers.out}(${b.buffer}, ${b.array});`);
  }
  for (const local of code.returned.uses) {
    if (plan.definedIn[local] === entry) continue;
    entryBody.push(
      plan.prologue[local]?.line ?? `${indent}const ${locals.names[local]} = ${plan.slot(local)};`,
    );
  }
  // A loop, not push(...lines): a 10^5-entry return would exceed the arguments limit.
  for (const line of code.returned.lines) entryBody.push(line);
  const scratch = [`const ${names.scratch} = new Float64Array(${plan.size});`];
  for (const b of buffers) scratch.push(`const ${b.buffer} = new Float64Array(${b.length});`);
  return { declarations: [scratch.join('\n'), { pieces }], entryBody };
}

/** Where the cuts fall and where each value crossing one travels. */
interface ChunkPlan {
  /** The statements in their final order (assignments sunk), as indices. */
  readonly order: Int32Array;
  /** Chunk c is `order[cuts[c], cuts[c + 1])`. */
  readonly cuts: readonly number[];
  /** For each chunk, the locals it reads, in order of first appearance. */
  readonly uses: readonly (readonly number[])[];
  /** The prologue read of each array element's local. */
  readonly prologue: readonly (ElementRead | undefined)[];
  /** The chunk defining each local (`entry` for arguments, `nowhere` for prologue locals). */
  readonly definedIn: Int32Array;
  /** Each local's scratch slot, or -1. */
  readonly slots: Int32Array;
  /** `scratch[k]` for local's slot k. */
  readonly slot: (local: number) => string;
  /** ` = scratch[k];` for local's slot k (an import's end). */
  readonly importEnd: (local: number) => string;
  /** A line break and `  scratch[k] = ` for local's slot k (an export's start). */
  readonly exportStart: (local: number) => string;
  /** The scratch buffer's length. */
  readonly size: number;
}

function planChunks(code: StraightLine, chunkSize: number, reserved: number): ChunkPlan {
  const { statements } = code;
  const count = code.locals.count;
  const order = code.order ?? sinkAssignments(statements, code.prologue, count);
  const cuts = partition(statements, order, chunkSize, count);
  const chunkCount = cuts.length - 1;
  const uses = usesByChunk(statements, order, cuts, count);
  const prologue: (ElementRead | undefined)[] = [];
  for (const read of code.prologue) prologue[read.local] = read;
  const definedIn = new Int32Array(count).fill(nowhere);
  // The order in which slots are handed out: arguments, then definitions in statement order.
  const defined: number[] = [];
  for (const local of code.argumentParams) {
    definedIn[local] = entry;
    defined.push(local);
  }
  for (let c = 0; c < chunkCount; c++) {
    for (let k = cuts[c]!; k < cuts[c + 1]!; k++) {
      const local = statements.local(order[k]!);
      if (local < 0) continue;
      definedIn[local] = c;
      defined.push(local);
    }
  }
  // The entry reads the returned values after the last chunk: it is "chunk" chunkCount.
  const lastUse = new Int32Array(count).fill(-1);
  [...uses, code.returned.uses].forEach((used, index) => {
    for (let u = 0; u < used.length; u++) {
      if (prologue[used[u]!] === undefined) lastUse[used[u]!] = index;
    }
  });
  const slots = allocateSlots(defined, definedIn, lastUse, chunkCount, reserved);
  let size = reserved;
  for (let index = 0; index < defined.length; index++) {
    size = Math.max(size, slots[defined[index]!]! + 1);
  }
  // The texts that depend on the slot alone, made once per slot (and stored contiguously:
  // joining a string built by concatenation walks its pieces each time).
  // Sized up front: filled out of order, a growing array would fall back to a dictionary.
  const references = new Array<string | undefined>(size);
  const importEnds = new Array<string | undefined>(size);
  const exportStarts = new Array<string | undefined>(size);
  const slot = (local: number): string => {
    const k = slots[local]!;
    return (references[k] ??= flat(`${abiNames.scratch}[${k}]`));
  };
  const importEnd = (local: number): string =>
    (importEnds[slots[local]!] ??= flat(` = ${slot(local)};`));
  const exportStart = (local: number): string =>
    (exportStarts[slots[local]!] ??= flat(`\n${indent}${slot(local)} = `));
  return { order, cuts, uses, prologue, definedIn, slots, slot, importEnd, exportStart, size };
}

/**
 * Chunk c as a function, appended to `pieces`: its statements, each value from outside the chunk
 * (`const x = scratch[k];`, or a prologue line) declared right before the first statement that
 * reads it, and each value read after the chunk stored (`scratch[k] = x;`) right after its
 * definition. TurboFan keeps loads from and stores to typed arrays in program order: imports
 * declared all at the top were all loaded on entry and exports written at the end kept every
 * exported value alive to the end, so most were spilled to the stack (a load, a spill and a
 * reload instead of one load). A slot written in chunk c held a value last read before c.
 *
 * The chunk's pieces are joined into one string before the next chunk is written. The hundreds of
 * thousands of import and export lines of a large function make no strings of their own (their
 * parts are pieces), and runs of statements that kept their order and import nothing come out of
 * the store as one piece. Pieces joined per chunk die young; joined all at once at the end (10^6
 * pieces for a 10^5-node gradient), they all lived until then and the collector promoted them.
 * Together with the join per chunk that made codegen of that gradient ~20% faster.
 */
function writeChunk(
  out: string[],
  header: string,
  c: number,
  plan: ChunkPlan,
  code: StraightLine,
  seenIn: Int32Array,
): void {
  const { order, cuts, prologue, definedIn, slots } = plan;
  const { statements } = code;
  const pool = statements.readPool;
  const names = code.locals.names;
  // Sized for the chunk up front (at most seven pieces per statement, with the run before it and
  // its export, and three per import): grown by pushing, the arrays of a 10^5-node gradient's
  // 2,000 chunks were copied over and over. What is left unused is cut off before the join.
  const from = cuts[c]!;
  const to = cuts[c + 1]!;
  let reads = 0;
  for (let k = from; k < to; k++)
    reads += statements.readsEnd(order[k]!) - statements.readsStart(order[k]!);
  const pieces: string[] = new Array<string>(7 * (to - from) + 3 * reads + 4);
  pieces[0] = header;
  let n = 1;
  // The statements [runFrom, runTo) of the store, consecutive there and in `order`, not yet
  // written: they come out of the store as one piece.
  let runFrom = -1;
  let runTo = -1;
  for (let k = from; k < to; k++) {
    const s = order[k]!;
    for (let r = statements.readsStart(s); r < statements.readsEnd(s); r++) {
      const local = pool[r]!;
      if (seenIn[local] === c) continue;
      const definition = prologue[local];
      if (definition === undefined && definedIn[local]! >= c) continue;
      // A value from outside the chunk, read here for the first time: declared just before.
      seenIn[local] = c;
      if (runFrom >= 0) {
        pieces[n++] = '\n';
        pieces[n++] = statements.text(runFrom, runTo);
        runFrom = -1;
      }
      if (definition) {
        pieces[n++] = '\n';
        pieces[n++] = definition.line;
      } else {
        pieces[n++] = importStart;
        pieces[n++] = names[local]!;
        pieces[n++] = plan.importEnd(local);
      }
    }
    if (runFrom >= 0 && s !== runTo) {
      pieces[n++] = '\n';
      pieces[n++] = statements.text(runFrom, runTo);
      runFrom = -1;
    }
    if (runFrom < 0) runFrom = s;
    runTo = s + 1;
    const local = statements.local(s);
    if (local >= 0 && slots[local]! >= 0) {
      // Read after the chunk: stored right after it is computed.
      pieces[n++] = '\n';
      pieces[n++] = statements.text(runFrom, runTo);
      runFrom = -1;
      pieces[n++] = plan.exportStart(local);
      pieces[n++] = names[local]!;
      pieces[n++] = ';';
    }
  }
  if (runFrom >= 0) {
    pieces[n++] = '\n';
    pieces[n++] = statements.text(runFrom, runTo);
  }
  pieces[n++] = '\n}';
  pieces.length = n;
  out.push(pieces.join(''));
}

const importStart = `\n${indent}const `;

/** For each chunk, the distinct locals its statements read, in order of first appearance. */
function usesByChunk(
  statements: Statements,
  order: Int32Array,
  cuts: readonly number[],
  localCount: number,
): number[][] {
  const pool = statements.readPool;
  const seenIn = new Int32Array(localCount).fill(-1);
  const uses: number[][] = [];
  for (let c = 0; c + 1 < cuts.length; c++) {
    const used: number[] = [];
    for (let k = cuts[c]!; k < cuts[c + 1]!; k++) {
      const s = order[k]!;
      for (let r = statements.readsStart(s); r < statements.readsEnd(s); r++) {
        const local = pool[r]!;
        if (seenIn[local] === c) continue;
        seenIn[local] = c;
        used.push(local);
      }
    }
    uses.push(used);
  }
  return uses;
}

/**
 * The statements' final order: each `out[i] = ...` moves right after the definition of the last
 * value it reads, so that a partial derivative is stored where it is computed instead of living
 * until the end. Statements that touch the scratch buffer (loops, their inputs and readers)
 * keep their order.
 */
function sinkAssignments(
  statements: Statements,
  prologue: readonly ElementRead[],
  localCount: number,
): Int32Array {
  const count = statements.count;
  const pool = statements.readPool;
  const position = new Int32Array(localCount).fill(-1);
  for (let s = 0; s < count; s++) {
    const local = statements.local(s);
    if (local >= 0) position[local] = s;
  }
  const available = new Uint8Array(localCount);
  for (const read of prologue) available[read.local] = 1;
  const first: number[] = [];
  // Only defining statements receive assignments, so few positions have a list.
  const after = new Map<number, number[]>();
  for (let s = 0; s < count; s++) {
    if (!statements.movable(s)) continue;
    let last = -1;
    for (let r = statements.readsStart(s); r < statements.readsEnd(s); r++) {
      if (!available[pool[r]!]) last = Math.max(last, position[pool[r]!]!);
    }
    if (last === -1) first.push(s);
    else {
      const list = after.get(last);
      if (list) list.push(s);
      else after.set(last, [s]);
    }
  }
  const order = new Int32Array(count);
  let k = 0;
  for (const s of first) order[k++] = s;
  for (let s = 0; s < count; s++) {
    if (statements.movable(s)) continue;
    order[k++] = s;
    const moved = after.get(s);
    if (moved) for (let m = 0; m < moved.length; m++) order[k++] = moved[m]!;
  }
  return order;
}

/**
 * Cuts into consecutive runs of statements of about `chunkSize` cost each: chunk c is
 * `order[cuts[c], cuts[c + 1])`. Every value live across a cut costs a scratch write and a
 * read, so each cut is placed where the fewest values are live, anywhere between half and one
 * and a half chunks after the previous cut (in a layered network, between layers rather than in
 * the middle of one).
 */
function partition(
  statements: Statements,
  order: Int32Array,
  chunkSize: number,
  localCount: number,
): number[] {
  const live = liveAcross(statements, order, localCount);
  const length = order.length;
  const cuts = [0];
  let start = 0;
  while (start < length) {
    let cost = 0;
    let end = start;
    let best = -1;
    // `end` is a candidate cut: the chunk would be order[start, end).
    while (end < length && cost <= 1.5 * chunkSize) {
      cost += statements.cost(order[end]!);
      end++;
      if (cost >= 0.5 * chunkSize && (best === -1 || live[end]! <= live[best]!)) best = end;
    }
    const cut = end === length && cost <= 1.5 * chunkSize ? end : Math.max(best, start + 1);
    cuts.push(cut);
    start = cut;
  }
  return cuts;
}

/** For each cut position p (before order[p]), how many defined values are read at or after p. */
function liveAcross(statements: Statements, order: Int32Array, localCount: number): Int32Array {
  const pool = statements.readPool;
  const definedAt = new Int32Array(localCount).fill(-1);
  const lastRead = new Int32Array(localCount).fill(-1);
  for (let k = 0; k < order.length; k++) {
    const s = order[k]!;
    for (let r = statements.readsStart(s); r < statements.readsEnd(s); r++) lastRead[pool[r]!] = k;
    const local = statements.local(s);
    if (local >= 0) definedAt[local] = k;
  }
  // A value defined at d and last read at r is live across every cut p with d < p <= r.
  const change = new Int32Array(order.length + 2);
  for (let local = 0; local < localCount; local++) {
    const at = definedAt[local]!;
    const last = lastRead[local]!;
    if (at < 0 || last <= at) continue;
    change[at + 1]! += 1;
    change[last + 1]! -= 1;
  }
  const live = new Int32Array(order.length + 1);
  for (let p = 1, running = 0; p <= order.length; p++) live[p] = running += change[p]!;
  return live;
}

/**
 * A scratch slot for every value read after the chunk that defines it (-1 for the others). A
 * slot is free again for values defined after its value's last reader (not in that reader's own
 * chunk: a chunk stores an export right after computing it, maybe before its last import), so
 * the buffer stays about as small as the widest cut. Slots are handed out in `order`.
 */
function allocateSlots(
  order: readonly number[],
  definedIn: Int32Array,
  lastUse: Int32Array,
  chunkCount: number,
  first: number,
): Int32Array {
  // byChunk[c + 1] holds the values defined in chunk c (c = -1: the entry's arguments).
  const byChunk: number[][] = Array.from({ length: chunkCount + 1 }, () => []);
  for (let index = 0; index < order.length; index++) {
    const local = order[index]!;
    const chunk = definedIn[local]!;
    if (lastUse[local]! > chunk) byChunk[chunk + 1]!.push(local);
  }
  // expiring[c]: values whose slots are free for the values defined in chunk c - 1.
  const expiring: number[][] = Array.from({ length: chunkCount + 3 }, () => []);
  const slots = new Int32Array(definedIn.length).fill(-1);
  const free: number[] = [];
  let next = first;
  for (let c = 0; c <= chunkCount; c++) {
    const expired = expiring[c]!;
    for (let e = 0; e < expired.length; e++) free.push(slots[expired[e]!]!);
    const defined = byChunk[c]!;
    for (let d = 0; d < defined.length; d++) {
      const local = defined[d]!;
      const slot = free.length > 0 ? free.pop()! : next++;
      slots[local] = slot;
      expiring[lastUse[local]! + 2]!.push(local);
    }
  }
  return slots;
}
