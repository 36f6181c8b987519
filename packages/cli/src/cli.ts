/**
 * The `ddx` command line: commander declares the commands and options; each command's action
 * lives in `commands/` and is imported only when that command runs, so `ddx eval` never loads
 * the code generator or Graphviz.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { DdxError } from '@ddx/ast';
import { Context, type CommonOptions } from './context.js';
import type { Io } from './io.js';
import {
  ExitStatus,
  describeInternal,
  errorJson,
  isDdxError,
  locateError,
  renderError,
} from './report.js';
import { toJson } from './io.js';

export function version(): string {
  const url = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

function number(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('expected a positive number, such as 0.001 or 1e-6');
  }
  return parsed;
}

const options = {
  at: () =>
    new Option(
      '--at <name=value,...>',
      'the point: a value for every parameter (repeatable: --at w=3 --at b=-1)',
    ).argParser(collect),
  wrt: (what: string) => new Option('--wrt <names>', what).argParser(collect),
  output: (what: string) =>
    new Option('-o, --output <file>', `write ${what} to FILE (atomically: temp file, then rename)`),
};

/** The options every command takes. */
function common(command: Command): Command {
  return command
    .option('--fn <name>', 'the function to use (default: the only or last one)')
    .option('--json', 'machine-readable output (see the README for each shape)')
    .option('--debug', 'show the stack trace of an internal error');
}

function examplesText(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => (line === '' ? '' : `  ${line}`)).join('\n')}\n`;
}

const inputHelp =
  'a .ddx file, - for stdin, or inline source: a program ("f(w) = w^2") or an expression ("w^2")';

type Action = (
  input: string,
  options: Record<string, unknown>,
  context: Context,
) => Promise<number>;

/** One command: its options, where its action lives, and the examples its --help shows. */
interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly configure: (command: Command) => Command;
  /** Imported when the command runs, so each command loads only what it needs. */
  readonly load: () => Promise<Action>;
  readonly examples: readonly string[];
}

const spec = (
  name: string,
  description: string,
  configure: CommandSpec['configure'],
  load: CommandSpec['load'],
  examples: readonly string[],
): CommandSpec => ({ name, description, configure, load, examples });

const commands: readonly CommandSpec[] = [
  spec(
    'parse',
    'print the program back in the house style (a formatter), or its AST as JSON',
    (command) =>
      command
        .option('--spans', 'with --json: keep the source spans of the nodes')
        .addOption(options.output('the printed program')),
    async () => (await import('./commands/parse.js')).parseCommand as Action,
    [
      '$ ddx parse "f(w)=w ^ 2"',
      'f(w) = w^2',
      '$ ddx parse examples/lecture/graph.ddx -o examples/lecture/graph.ddx   # format in place',
    ],
  ),
  spec(
    'eval',
    'evaluate the function at a point: one line per result',
    (command) => command.addOption(options.at()),
    async () => (await import('./commands/eval.js')).evalCommand as Action,
    [
      '$ ddx eval "w^2" --at w=3',
      '9',
      '$ ddx eval examples/lecture/graph.ddx --at w=2,b=8,x=-2,y=2',
      '2',
    ],
  ),
  spec(
    'diff',
    'the derivative d(result)/d(wrt) as a ddx program; with --at, also its value (last line)',
    (command) =>
      command
        .addOption(
          options.wrt(
            'the parameter to differentiate with respect to; several, in order, for a higher derivative (x,x: d²/dx²; x,y: ∂²/∂x∂y)',
          ),
        )
        .addOption(options.at())
        .addOption(options.output('the derivative program')),
    async () => (await import('./commands/diff.js')).diffCommand as Action,
    [
      '$ ddx diff "w^3" --wrt w --at w=2',
      '3 * w^2',
      '12',
      '$ ddx diff "w^3" --wrt w,w --at w=2',
      '6 * w',
      '12',
    ],
  ),
  spec(
    'grad',
    'the gradient program (reverse mode); with --at, a table of the value and every partial',
    (command) =>
      command
        .addOption(options.wrt('the parameters, comma-separated (default: all)'))
        .addOption(options.at())
        .addOption(options.output('the gradient program')),
    async () => (await import('./commands/grad.js')).gradCommand as Action,
    [
      '$ ddx grad examples/lecture/graph.ddx --wrt w,b --at w=2,b=8,x=-2,y=2',
      'J     = 2',
      'dJ/dw = -4',
      'dJ/db = 2',
    ],
  ),
  spec(
    'gen',
    'generate a JavaScript module (and .d.ts) with the function and the requested derivatives',
    (command) =>
      command
        .addOption(options.output('the module (FILE.d.ts beside it with --dts)'))
        .option('--dts', 'also write the TypeScript declarations')
        .addOption(
          new Option('--abi <abi>', 'how generated functions take arguments')
            .choices(['scalars', 'arrays'])
            .default('scalars'),
        )
        .option('--grad', 'also export the gradient (reverse mode)')
        .addOption(options.wrt('the parameters for --grad and --hessian (default: all)'))
        .option('--hessian', 'also export the Hessian'),
    async () => (await import('./commands/gen.js')).genCommand as Action,
    [
      '$ ddx gen examples/lecture/network.ddx --grad -o network.js --dts',
      '$ node -e "import(\'./network.js\').then(m => console.log(m.J_grad(2, 0, 3, 1, 1, 5)))"',
    ],
  ),
  spec(
    'check',
    'compare every symbolic partial with an ε-perturbation; exit 1 if any disagrees',
    (command) =>
      command
        .addOption(options.at())
        .addOption(options.wrt('the parameters to check (default: all)'))
        .addOption(
          new Option(
            '--method <method>',
            'forward or central differences, or complex (the complex step, computed with dual numbers) (default: central)',
          ).choices(['forward', 'central', 'complex', 'dual']),
        )
        .addOption(
          new Option(
            '--eps <ε>',
            'the step (default: chosen per parameter to balance truncation and rounding)',
          ).argParser(number),
        )
        .addOption(
          new Option(
            '--claim <name=value,...>',
            'check claimed values of dJ/dname instead of the symbolic ones (repeatable)',
          ).argParser(collect),
        ),
    async () => (await import('./commands/check.js')).checkCommand as Action,
    [
      '$ ddx check examples/lecture/network.ddx --at w1=2,b1=0,w2=3,b2=1,x=1,y=5 --method forward --eps 0.001',
      '$ ddx check examples/lecture/network.ddx --at w1=2,b1=0,w2=3,b2=1,x=1,y=5 --claim w2=6   # exit 1',
    ],
  ),
  spec(
    'graph',
    'the computation graph: each node with its operation, forward value and adjoint dJ/dnode',
    (command) =>
      command
        .addOption(options.at())
        .addOption(
          new Option(
            '--format <format>',
            'dot, svg or mermaid (default: from -o, else dot)',
          ).choices(['dot', 'svg', 'mermaid']),
        )
        .addOption(options.output('the graph')),
    async () => (await import('./commands/graph.js')).graphCommand as Action,
    [
      '$ ddx graph examples/lecture/graph.ddx --at w=2,b=8,x=-2,y=2 -o graph.svg',
      '$ ddx graph "w^2" --format mermaid',
    ],
  ),
];

/** The commander program; `onAction` runs a command's action with its context. */
function buildProgram(
  io: Io,
  onAction: (spec: CommandSpec, input: string, options: CommonOptions) => Promise<void>,
): Command {
  const program = new Command('ddx')
    .description(
      'ddx: a compiler-style symbolic differentiator.\n' +
        'If w goes up by a tiny ε and J goes up by k·ε, then dJ/dw = k.',
    )
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(withHint(text)),
    })
    .addHelpText(
      'after',
      examplesText([
        '$ ddx eval "w^2" --at w=3',
        '9',
        '$ ddx diff "w^2" --wrt w',
        '2 * w',
        '$ ddx grad examples/lecture/graph.ddx --wrt w,b --at w=2,b=8,x=-2,y=2',
        '$ ddx check examples/lecture/network.ddx --at w1=2,b1=0,w2=3,b2=1,x=1,y=5 --claim w2=6',
        '',
        'Exit status: 0 success, 1 a check failed, 2 bad usage or bad input, 70 internal error.',
      ]),
    );
  for (const each of commands) {
    const command = program.command(each.name).description(each.description);
    common(each.configure(command.argument('<input>', inputHelp)))
      .addHelpText('after', examplesText(each.examples))
      .action((input: string, options: CommonOptions) => onAction(each, input, options));
  }
  return program;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let status: number = ExitStatus.ok;
  let active: Context | undefined;
  const program = buildProgram(io, async (each, input, options) => {
    active = new Context(io, options);
    const action = await each.load();
    status = await action(input, options as Record<string, unknown>, active);
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return commanderStatus(error);
    return reportFailure(error, io, active, argv.includes('--debug'));
  }
}

/** A DdxError is the user's to fix (exit 2); anything else is a bug in ddx (exit 70). */
function reportFailure(
  error: unknown,
  io: Io,
  active: Context | undefined,
  debugFlag: boolean,
): number {
  const debug = active?.options.debug === true || debugFlag;
  if (!isDdxError(error)) {
    io.stderr.write(`${describeInternal(error, debug)}\n`);
    return ExitStatus.internal;
  }
  const located: DdxError = locateError(error, active?.errorContext ?? {});
  if (active?.json) io.stdout.write(toJson(errorJson(located)));
  io.stderr.write(`${renderError(located, active?.color.stderr ?? false)}\n`);
  if (debug && located.stack) io.stderr.write(`${located.stack}\n`);
  return ExitStatus.usage;
}

function commanderStatus(error: CommanderError): number {
  switch (error.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return ExitStatus.ok;
    case 'commander.help':
      return error.exitCode === 0 ? ExitStatus.ok : ExitStatus.usage;
    default:
      return ExitStatus.usage;
  }
}

/** An inline expression that starts with `-` reads as an option; say how to pass it. */
function withHint(text: string): string {
  const match = /unknown option '(-[^']*)'/.exec(text);
  if (match && !/^--?[a-zA-Z][\w-]*$/.test(match[1]!)) {
    return `${text.trimEnd()}\n(an expression that starts with '-' goes after '--': ddx eval --at w=3 -- "${match[1]}")\n`;
  }
  return text;
}
