/**
 * Parser suite: parse time and peak heap of generated ddx programs (seeded, so every run parses
 * the same text). Each case runs in a child process of its own (`--parse-child`), with
 * `--trace-gc`: the peak heap is the largest "used before collection" figure V8 reports, which is
 * what a parse needs at most, give or take a young generation.
 */
import { seededRandom } from '@ddx/workloads';
import type { ParseResult } from '../results.js';

const letters = 'abcdfghijklmnoqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Short distinct names: a, b, ..., Z, ba, bb, ... (never `e` or `pi`). */
function nameOf(index: number): string {
  let name = '';
  do {
    name += letters[index % letters.length];
    index = Math.floor(index / letters.length);
  } while (index > 0);
  return name;
}

/**
 * One function of compact bindings, as generated code looks: ~11 bytes a binding. It stops at
 * `bytes` of text or `count` bindings, whichever comes first.
 */
function compactProgram(limits: { bytes?: number; count?: number }, seed: number): string {
  const { bytes = Infinity, count = Infinity } = limits;
  const next = seededRandom(seed);
  // Digits keep the parameters apart from the generated binding names.
  const names = ['x1', 'y1', 'w1', 'b1'];
  const recent = (): string => names[Math.max(0, names.length - 1 - Math.floor(next() * 8))]!;
  const forms = [
    () => `${recent()}*${recent()}`,
    () => `${recent()}+${recent()}`,
    () => `${recent()}-${recent()}`,
    () => `${recent()}/${recent()}`,
    () => `sin(${recent()})`,
    () => `${recent()}^2`,
    () => `${recent()}*${Math.floor(next() * 10)}`,
  ];
  const lines = [`f(${names.join(', ')}) {`];
  let size = lines[0]!.length;
  for (let index = 0; size < bytes - 20 && index < count; index++) {
    const line = ` ${nameOf(index)}=${forms[Math.floor(next() * forms.length)]!()}`;
    lines.push(line);
    names.push(nameOf(index));
    size += line.length + 1;
  }
  lines.push(` return ${names.at(-1)}`, '}');
  return lines.join('\n') + '\n';
}

/** Bindings of random expression trees with random spacing: almost no two lines alike. */
function variedProgram(bytes: number, seed: number): string {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const names = ['x', 'y', 'w', 'b'];
  const space = (): string => pick(['', ' ', ' ', '  ']);
  const expression = (depth: number): string => {
    const roll = next();
    if (depth === 0 || roll < 0.3) {
      return next() < 0.7 ? pick(names.slice(-12)) : String(Math.floor(next() * 1000) / 10);
    }
    if (roll < 0.45) return `${pick(['sin', 'exp', 'relu', 'sqrt'])}(${expression(depth - 1)})`;
    if (roll < 0.5) return `max(${expression(depth - 1)},${space()}${expression(depth - 1)})`;
    if (roll < 0.55) return `-${expression(depth - 1)}`;
    if (roll < 0.6) return `(${expression(depth - 1)})^2`;
    const operator = pick(['+', '-', '*', '/', '+', '*']);
    return `(${expression(depth - 1)}${space()}${operator}${space()}${expression(depth - 1)})`;
  };
  const lines = ['g(x, y, w, b) {'];
  let size = lines[0]!.length;
  for (let index = 0; size < bytes - 20; index++) {
    const line = `  v${index}${space()}=${space()}${expression(3)}`;
    lines.push(line);
    names.push(`v${index}`);
    size += line.length + 1;
  }
  lines.push(`  return ${names.at(-1)}`, '}');
  return lines.join('\n') + '\n';
}

const programs: Record<string, (amount: number) => string> = {
  compact: (bytes) => compactProgram({ bytes }, 1),
  bindings: (count) => compactProgram({ count }, 1),
  varied: (bytes) => variedProgram(bytes, 2),
  sum: (terms) =>
    `f(x0, x1, x2, x3, x4, x5, x6, x7, x8, x9) = ${Array.from({ length: terms }, (_, i) => `x${i % 10}`).join(' + ')}\n`,
  deep: (levels) => `f(x) = ${'('.repeat(levels)}x${')'.repeat(levels)}\n`,
};

export interface ParseCase {
  readonly label: string;
  readonly kind: string;
  readonly amount: number;
  readonly runs: number;
}

const KB = 1024;
export function parseCases(quick: boolean): ParseCase[] {
  // --quick leaves out the megabyte programs (seconds each, in a child process each).
  const cases: [string, string, number, number, boolean][] = [
    ['compact bindings', 'compact', 10 * KB, 9, true],
    ['compact bindings', 'compact', 100 * KB, 7, true],
    ['compact bindings', 'compact', 1024 * KB, 5, false],
    ['100,000 compact bindings', 'bindings', 100_000, 5, false],
    ['varied expressions', 'varied', 10 * KB, 9, true],
    ['varied expressions', 'varied', 100 * KB, 5, true],
    ['varied expressions', 'varied', 1024 * KB, 3, false],
    ['one sum of 100,000 terms', 'sum', 100_000, 3, true],
    ['10,000 nested parentheses (worker)', 'deep', 10_000, 3, true],
  ];
  return cases
    .filter(([, , , , inQuick]) => inQuick || !quick)
    .map(([label, kind, amount, runs]) => ({
      label,
      kind,
      amount,
      runs: quick ? Math.min(runs, 3) : runs,
    }));
}
/** In the child: parse `runs` times; the first parse (cold: the CLI's case) and the median after. */
export async function parseChild(kind: string, amount: number, runs: number): Promise<string> {
  const { parse } = await import('@ddx/parser');
  const source = programs[kind]!(amount);
  const times: number[] = [];
  let statements = 0;
  for (let run = 0; run < runs; run++) {
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    const program = parse(source);
    times.push(performance.now() - start);
    statements = program.functions.reduce((sum, fn) => sum + fn.body.length + 1, 0);
  }
  const [first, ...warm] = times;
  warm.sort((a, b) => a - b);
  const median = warm.length > 0 ? warm[warm.length >> 1]! : first!;
  return JSON.stringify({ bytes: source.length, statements, firstMs: first, medianMs: median });
}

/** The largest "used before GC" figure of --trace-gc lines: `Scavenge 181.2 (190.0) -> ...`. */
export function peakHeapMb(output: string): number {
  let peak = 0;
  for (const match of output.matchAll(
    /(?:Scavenge|Mark-Compact|Mark-sweep)[^\d]*([\d.]+) \([\d.]+\) ->/g,
  )) {
    peak = Math.max(peak, Number(match[1]));
  }
  return peak;
}

export function parseResult(kase: ParseCase, childJson: string, gcTrace: string): ParseResult {
  const measured = JSON.parse(childJson) as Omit<ParseResult, 'label' | 'peakHeapMB'>;
  return {
    label: kase.label,
    ...measured,
    // The worker's heap is not the child's: no figure for the deep case.
    ...(kase.kind === 'deep' ? {} : { peakHeapMB: peakHeapMb(gcTrace) }),
  };
}
