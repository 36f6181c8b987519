/** What every command gets: the outside world, the common options, and output helpers. */
import { colorFor, type Io } from './io.js';
import type { Input } from './input.js';
import { writeFileAtomic } from './atomic.js';
import type { ErrorContext } from './report.js';

export interface CommonOptions {
  readonly json?: boolean;
  readonly debug?: boolean;
  readonly fn?: string;
}

export class Context {
  readonly color: { readonly stdout: boolean; readonly stderr: boolean };
  /** Set once the input is read, so that errors can point into it. */
  errorContext: ErrorContext = {};

  constructor(
    readonly io: Io,
    readonly options: CommonOptions,
  ) {
    this.color = { stdout: colorFor(io.stdout, io.env), stderr: colorFor(io.stderr, io.env) };
  }

  get json(): boolean {
    return this.options.json === true;
  }

  async load(argument: string): Promise<Input> {
    if (argument === '-') this.errorContext = { file: '<stdin>' };
    // Loaded here, not at start-up: `ddx --version` and `--help` never load the parser.
    const { loadInput } = await import('./input.js');
    const input = await loadInput(argument, this.io);
    this.errorContext = { file: input.file, source: input.source };
    return input;
  }

  /** Writes `text` to stdout, adding the final newline if it lacks one. */
  print(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** The command's artifact: to `-o FILE` atomically, else to stdout. */
  emit(text: string, output: string | undefined): void {
    if (output === undefined) this.print(text);
    else writeFileAtomic(output, text.endsWith('\n') ? text : `${text}\n`, this.io.cwd);
  }
}
