/**
 * Chunking. V8's optimising compiler takes time superlinear in a function's size and gives up on
 * functions over ~60 KB of bytecode, so a 10^5-node gradient written as one function runs in the
 * interpreter. A large straight-line body is therefore cut into consecutive chunk functions of a
 * bounded size. Values that cross a chunk boundary travel through one `Float64Array` scratch
 * buffer allocated once per module (slots are reused once a value is dead), and array elements
 * (`params[i]`) are read again where they are needed. Nothing is allocated per call.
 */
import { definedName, indent, printStatement, type Statement } from './body.js';
import { abiNames } from './names.js';
import type { ReturnCode } from './results.js';

/** A function body before it is laid out as one function or as chunks. */
export interface StraightLine {
  /** The exported function's parameters. */
  readonly entryParams: readonly string[];
  /** The parameters of each chunk function (the scratch buffer among them). */
  readonly chunkParams: readonly string[];
  /** Parameters that arrive as arguments (scalars ABI); chunks get them through the scratch. */
  readonly argumentParams: readonly string[];
  /** Definitions that any chunk may repeat: `const w1 = params[0];`. */
  readonly prologue: readonly Statement[];
  readonly statements: readonly Statement[];
  readonly returned: ReturnCode;
}

export interface ChunkNames {
  /** A module-level name for chunk `index` (from 1). */
  readonly part: (index: number) => string;
  readonly scratch: string;
  /** Scratch slots below this belong to rerolled loops; chunk slots come after them. */
  readonly reserved?: number;
}

/** The module-level code of a chunked function: the scratch, the chunks, the entry's body. */
export interface ChunkedCode {
  readonly declarations: readonly string[];
  readonly entryBody: readonly string[];
}

export function totalCost(statements: readonly Statement[]): number {
  return statements.reduce((sum, statement) => sum + statement.cost, 0);
}

export function chunk(code: StraightLine, chunkSize: number, names: ChunkNames): ChunkedCode {
  const statements = sinkAssignments(code.statements, code.prologue);
  const chunks = partition(statements, chunkSize);
  const uses = chunks.map((statements) => {
    const names = new Set<string>();
    for (const statement of statements) for (const name of statement.reads) names.add(name);
    return [...names];
  });
  const prologue = new Map(code.prologue.map((s) => [nameOf(s)!, s]));
  const definedIn = new Map<string, number>();
  for (const name of code.argumentParams) definedIn.set(name, -1);
  chunks.forEach((statements, index) => {
    for (const statement of statements) {
      const name = definedName(statement);
      if (name !== undefined) definedIn.set(name, index);
    }
  });
  // The entry reads the returned values after the last chunk: it is "chunk" chunks.length.
  const lastUse = new Map<string, number>();
  [...uses, code.returned.uses].forEach((names, index) => {
    for (const name of names) if (!prologue.has(name)) lastUse.set(name, index);
  });
  const reserved = names.reserved ?? 0;
  const slots = allocateSlots(definedIn, lastUse, chunks.length, reserved);
  const { chunkParams } = code;

  const declarations: string[] = [];
  const entryBody = [`${indent}const ${abiNames.scratch} = ${names.scratch};`];
  for (const name of code.argumentParams) {
    const slot = slots.get(name);
    if (slot !== undefined) entryBody.push(`${indent}${abiNames.scratch}[${slot}] = ${name};`);
  }
  chunks.forEach((statements, index) => {
    const imports = uses[index]!.filter(
      (name) => (definedIn.get(name) ?? index) < index || prologue.has(name),
    );
    const lines = [`function ${names.part(index + 1)}(${chunkParams.join(', ')}) {`];
    for (const name of imports) lines.push(readLine(name, prologue, slots));
    for (const statement of statements) lines.push(printStatement(statement));
    for (const statement of statements) {
      const name = definedName(statement);
      const slot = name === undefined ? undefined : slots.get(name);
      if (slot !== undefined) lines.push(`${indent}${abiNames.scratch}[${slot}] = ${name};`);
    }
    lines.push('}');
    declarations.push(lines.join('\n'));
    entryBody.push(`${indent}${names.part(index + 1)}(${chunkParams.join(', ')});`);
  });
  for (const name of code.returned.uses) {
    if (definedIn.get(name) === -1) continue;
    entryBody.push(readLine(name, prologue, slots));
  }
  entryBody.push(...code.returned.lines);
  let size = reserved;
  for (const slot of slots.values()) size = Math.max(size, slot + 1);
  declarations.unshift(`const ${names.scratch} = new Float64Array(${size});`);
  return { declarations, entryBody };
}

function nameOf(statement: Statement): string | undefined {
  return statement.kind === 'const' ? statement.name : undefined;
}

function readLine(
  name: string,
  prologue: ReadonlyMap<string, Statement>,
  slots: ReadonlyMap<string, number>,
): string {
  const definition = prologue.get(name);
  if (definition) return printStatement(definition);
  return `${indent}const ${name} = ${abiNames.scratch}[${slots.get(name)!}];`;
}

/**
 * Moves each `out[i] = ...` right after the definition of the last value it reads, so that a
 * partial derivative is stored where it is computed instead of living until the end. Statements
 * that touch the scratch buffer (loops, their inputs and readers) keep their order.
 */
function sinkAssignments(
  statements: readonly Statement[],
  prologue: readonly Statement[],
): Statement[] {
  const movable = (s: Statement): boolean => s.kind === 'assign' && !s.pinned;
  const position = new Map<string, number>();
  statements.forEach((statement, index) => {
    const name = definedName(statement);
    if (name !== undefined) position.set(name, index);
  });
  const after: Statement[][] = statements.map(() => []);
  const first: Statement[] = [];
  const available = new Set(prologue.map(nameOf));
  for (const statement of statements) {
    if (!movable(statement)) continue;
    let last = -1;
    for (const name of statement.reads) {
      if (!available.has(name)) last = Math.max(last, position.get(name) ?? -1);
    }
    (last === -1 ? first : after[last]!).push(statement);
  }
  const out = [...first];
  statements.forEach((statement, index) => {
    if (!movable(statement)) out.push(statement, ...after[index]!);
  });
  return out;
}

/**
 * Consecutive runs of statements of about `chunkSize` cost each. Every value live across a cut
 * costs a scratch write and a read, so each cut is placed where the fewest values are live,
 * anywhere between half and one and a half chunks after the previous cut (in a layered network,
 * between layers rather than in the middle of one).
 */
function partition(statements: readonly Statement[], chunkSize: number): Statement[][] {
  const live = liveAcross(statements);
  const chunks: Statement[][] = [];
  let start = 0;
  while (start < statements.length) {
    let cost = 0;
    let end = start;
    let best = -1;
    // `end` is a candidate cut: the chunk would be statements[start, end).
    while (end < statements.length && cost <= 1.5 * chunkSize) {
      cost += statements[end]!.cost;
      end++;
      if (cost >= 0.5 * chunkSize && (best === -1 || live[end]! <= live[best]!)) best = end;
    }
    const cut =
      end === statements.length && cost <= 1.5 * chunkSize ? end : Math.max(best, start + 1);
    chunks.push(statements.slice(start, cut));
    start = cut;
  }
  return chunks;
}

/** For each cut position p (before statement p), how many defined values are read at or after p. */
function liveAcross(statements: readonly Statement[]): Int32Array {
  const definedAt = new Map<string, number>();
  const lastRead = new Map<string, number>();
  statements.forEach((statement, index) => {
    for (const name of statement.reads) lastRead.set(name, index);
    const name = definedName(statement);
    if (name !== undefined) definedAt.set(name, index);
  });
  // A value defined at d and last read at r is live across every cut p with d < p <= r.
  const change = new Int32Array(statements.length + 2);
  for (const [name, at] of definedAt) {
    const last = lastRead.get(name);
    if (last === undefined || last <= at) continue;
    change[at + 1]! += 1;
    change[last + 1]! -= 1;
  }
  const live = new Int32Array(statements.length + 1);
  for (let p = 1, running = 0; p <= statements.length; p++) live[p] = running += change[p]!;
  return live;
}

/**
 * A scratch slot for every value read after the chunk that defines it. A slot is free again in
 * the chunk after its value's last reader, so the buffer stays about as small as the widest cut.
 */
function allocateSlots(
  definedIn: ReadonlyMap<string, number>,
  lastUse: ReadonlyMap<string, number>,
  chunkCount: number,
  first: number,
): Map<string, number> {
  const byChunk: string[][] = Array.from({ length: chunkCount + 1 }, () => []);
  for (const [name, chunk] of definedIn) {
    if ((lastUse.get(name) ?? chunk) > chunk) byChunk[chunk + 1]!.push(name);
  }
  const expiring: string[][] = Array.from({ length: chunkCount + 2 }, () => []);
  const slots = new Map<string, number>();
  const free: number[] = [];
  let next = first;
  // byChunk[c + 1] holds the values defined in chunk c (c = -1: the entry's arguments).
  for (let c = 0; c <= chunkCount; c++) {
    for (const name of expiring[c]!) free.push(slots.get(name)!);
    for (const name of byChunk[c]!) {
      const slot = free.length > 0 ? free.pop()! : next++;
      slots.set(name, slot);
      expiring[lastUse.get(name)! + 1]!.push(name);
    }
  }
  return slots;
}
