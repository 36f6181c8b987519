/**
 * The command's view of the outside world. `run` takes an `Io` so that tests can drive the CLI
 * in-process; `main.ts` wires it to the real process.
 */
import { DdxError } from '@ddx/ast';
import { count, maxJsonDepth } from './limits.js';

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  /**
   * Standard input, as UTF-8 text: all of it, or at least the first `maxBytes` bytes when
   * there are more (the caller then reports the input as too long).
   */
  readStdin(maxBytes?: number): Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
}

export function processIo(): Io {
  const wrap = (stream: NodeJS.WriteStream): Output => ({
    write: (text) => void stream.write(text),
    isTTY: stream.isTTY === true,
  });
  return {
    stdout: wrap(process.stdout),
    stderr: wrap(process.stderr),
    readStdin: async (maxBytes = Infinity) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        bytes += (chunk as Buffer).length;
        if (bytes > maxBytes) break; // leaving the loop stops reading
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Colours only on a terminal, never with NO_COLOR (any non-empty value, as no-color.org says)
 * or TERM=dumb; FORCE_COLOR (any value but `0` or `false`) turns them on anywhere.
 */
export function colorFor(output: Output, env: Io['env']): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env['TERM'] === 'dumb') return false;
  return output.isTTY;
}

export function paint(enabled: boolean, code: number, text: string): string {
  return enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/**
 * JSON with a newline. Non-finite numbers, which JSON cannot spell, become the strings `"NaN"`,
 * `"Infinity"` and `"-Infinity"` (JSON.stringify would silently write null). JSON.stringify
 * recurses, so a value nested deeper than `maxJsonDepth` (an AST of a long sum, say) is a
 * `limit` error, measured without recursion before any output.
 */
export function toJson(value: unknown): string {
  const depth = jsonDepth(value, maxJsonDepth);
  if (depth > maxJsonDepth) {
    throw new DdxError(
      'limit',
      `the result is nested more than ${count(maxJsonDepth)} deep (a sum of N terms is a syntax tree N deep): --json writes up to ${count(maxJsonDepth)} (maxJsonDepth)`,
    );
  }
  try {
    return `${JSON.stringify(
      value,
      (_key, item: unknown) =>
        typeof item === 'number' && !Number.isFinite(item) ? String(item) : item,
      2,
    )}\n`;
  } catch (error) {
    if (error instanceof RangeError) {
      throw new DdxError('limit', 'the result is nested too deeply to write as JSON', {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * How deep objects and arrays nest in `value`: the longest path, each shared object measured
 * once (a derivative's tree shares subtrees), without recursion. Stops once past `limit`.
 */
export function jsonDepth(value: unknown, limit = Infinity): number {
  const depths = new Map<object, number>();
  const stack: object[] = [];
  const onStack = new Set<object>();
  const children = (item: object): unknown[] => (Array.isArray(item) ? item : Object.values(item));
  const isNode = (item: unknown): item is object => typeof item === 'object' && item !== null;
  if (!isNode(value)) return 0;
  stack.push(value);
  onStack.add(value);
  while (stack.length > 0) {
    const item = stack[stack.length - 1]!;
    if (depths.has(item)) {
      stack.pop();
      onStack.delete(item);
      continue;
    }
    let pending = false;
    let deepest = 0;
    for (const child of children(item)) {
      if (!isNode(child)) continue;
      const known = depths.get(child);
      if (known === undefined) {
        // On the stack already: a cycle, which JSON.stringify rejects anyway.
        if (onStack.has(child)) continue;
        stack.push(child);
        onStack.add(child);
        pending = true;
      } else if (known > deepest) deepest = known;
    }
    if (pending) {
      if (stack.length > limit + 1) return stack.length;
      continue;
    }
    stack.pop();
    onStack.delete(item);
    depths.set(item, deepest + 1);
    if (deepest + 1 > limit) return deepest + 1;
  }
  return depths.get(value)!;
}

/** `String(x)`: the shortest text that reads back to the same double. */
export function formatValue(value: number): string {
  return String(value);
}
