/**
 * What a command works on. The <input> argument is, in this order:
 * - `-`: standard input;
 * - the path of an existing file (its name appears in error locations);
 * - otherwise inline source: a program when it contains a definition (`f(w) = …` or
 *   `f(w) { … }`), else a bare expression whose parameters are its free variables in order of
 *   first appearance.
 * A missing `*.ddx` path is reported as a missing file rather than parsed as source.
 */
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DdxError, type FunctionDef, type Program } from '@ddx/ast';
import { maxSourceLength, parse, parseExpression } from '@ddx/parser';
import { describeErrno } from './atomic.js';
import type { Io } from './io.js';
import { count, readLimitBytes } from './limits.js';

/** Past this many bytes a source cannot be within `maxSourceLength`: reading stops there. */
const readLimit = readLimitBytes(maxSourceLength);

export interface Input {
  /** The name used in error locations: the path, `<stdin>` or `<input>`. */
  readonly file: string;
  readonly source: string;
  readonly program: Program;
}

/** A definition opens a line: `name(params) =` (not `==`) or `name(params) {`. */
const definition = /^[ \t]*[\p{L}_][\p{L}\p{N}_]*[ \t]*\([^()]*\)[ \t]*(?:=(?!=)|\{)/mu;

export function looksLikeProgram(source: string): boolean {
  return definition.test(source);
}

/** Parses `source` as a program or as a bare expression (see the module comment). */
export function parseSource(source: string, file: string, programOnly: boolean): Program {
  if (programOnly || looksLikeProgram(source)) return parse(source, { file });
  return parseExpression(source, { file });
}

/**
 * A source the CLI stopped reading, being past any the parser accepts: the `limit` error the
 * parser would give, pointing at the first character past the limit, with the size in bytes.
 */
function tooLong(text: string, file: string, size: string): DdxError {
  const message = `the source is longer than ${count(maxSourceLength)} characters (${size}): the limit is ${count(maxSourceLength)} (maxSourceLength)`;
  const span = { start: maxSourceLength, end: maxSourceLength + 1 };
  return new DdxError('limit', message, { source: text, span, file });
}

async function readInputFile(path: string, name: string): Promise<string | undefined> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') return undefined;
    throw new DdxError('io', `cannot read: ${describeErrno(code ?? String(error))}`, {
      file: name,
    });
  }
  if (!isFile) throw new DdxError('io', 'cannot read: not a file', { file: name });
  try {
    const { text, size } = await readHead(path, readLimit);
    if (size > readLimit) throw tooLong(text, name, `the file has ${count(size)} bytes`);
    return text;
  } catch (error) {
    if (error instanceof DdxError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new DdxError('io', `cannot read: ${describeErrno(code)}`, { file: name });
  }
}

/**
 * The file's text, or its first `limit` bytes when it is longer: those are more than the parser
 * accepts, so it reports the file as too long (with the place), and a 10 GB file is never read.
 */
async function readHead(path: string, limit: number): Promise<{ text: string; size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= limit) return { text: await handle.readFile('utf8'), size };
    const buffer = Buffer.alloc(limit);
    const { bytesRead } = await handle.read(buffer, 0, limit, 0);
    return { text: buffer.toString('utf8', 0, bytesRead), size };
  } finally {
    await handle.close();
  }
}

export async function loadInput(argument: string, io: Io): Promise<Input> {
  if (argument === '-') {
    const source = await io.readStdin(readLimit);
    if (Buffer.byteLength(source) > readLimit) {
      throw tooLong(source, '<stdin>', `standard input has more than ${count(readLimit)} bytes`);
    }
    return { file: '<stdin>', source, program: parseSource(source, '<stdin>', false) };
  }
  // Inline source spans lines or holds characters no sensible path has; skip the file system.
  const couldBePath = argument.length > 0 && !/[\n\r]/.test(argument);
  const text = couldBePath ? await readInputFile(resolve(io.cwd, argument), argument) : undefined;
  if (text !== undefined) {
    return { file: argument, source: text, program: parseSource(text, argument, true) };
  }
  if (/\.ddx$/i.test(argument.trim())) {
    throw new DdxError('io', 'cannot read: no such file', { file: argument });
  }
  return { file: '<input>', source: argument, program: parseSource(argument, '<input>', false) };
}

/** The function a command works on: `--fn NAME`, else the only or last one. */
export function pickFunction(program: Program, name: string | undefined): FunctionDef {
  const { functions } = program;
  if (functions.length === 0) throw new DdxError('unknown-function', 'the program has no function');
  if (name === undefined) return functions[functions.length - 1]!;
  const found = functions.find((candidate) => candidate.name === name);
  if (found) return found;
  const names = functions.map((candidate) => candidate.name || '(anonymous)').join(', ');
  throw new DdxError('usage', `--fn: there is no function '${name}' (defined: ${names})`);
}

/** The `fn` option for the other packages: the function's name (none for a bare expression). */
export function fnOption(fn: FunctionDef): { fn?: string } {
  return fn.name === '' ? {} : { fn: fn.name };
}

/** The name a function's value goes by in labels: `J`, or `f` for a bare expression. */
export function valueName(fn: FunctionDef): string {
  return fn.name === '' ? 'f' : fn.name;
}
