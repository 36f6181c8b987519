/**
 * The command's view of the outside world. `run` takes an `Io` so that tests can drive the CLI
 * in-process; `main.ts` wires it to the real process.
 */
import { DdxError } from '@ddx/ast';

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  /** The whole of standard input, as UTF-8 text. */
  readStdin(): Promise<string>;
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
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
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
 * recurses, so an AST nested tens of thousands deep is a `limit` error, not a stack overflow.
 */
export function toJson(value: unknown): string {
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

/** `String(x)`: the shortest text that reads back to the same double. */
export function formatValue(value: number): string {
  return String(value);
}
