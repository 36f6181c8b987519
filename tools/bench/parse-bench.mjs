// Parser benchmark: parse time and peak heap of generated ddx programs (seeded, so every run
// parses the same text). Each workload runs in its own child process, so heaps do not mix.
//
//   npx nx run-many -t build && node tools/bench/parse-bench.mjs [--quick]
//
// Time: the first parse (cold: the CLI's case) and the median of the runs after it.
// Peak heap: the largest heap in use that V8 reports before any garbage collection of the
// child (--trace-gc), which is what a parse needs at most, give or take a young generation.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '@ddx/workloads';

const quick = process.argv.includes('--quick');
const childFlag = process.argv.indexOf('--child');

const letters = 'abcdfghijklmnoqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Short distinct names: a, b, ..., Z, ba, bb, ... (never `e` or `pi`). */
function nameOf(index) {
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
function compactProgram({ bytes = Infinity, count = Infinity }, seed) {
  const next = seededRandom(seed);
  // Digits keep the parameters apart from the generated binding names.
  const names = ['x1', 'y1', 'w1', 'b1'];
  const recent = () => names[Math.max(0, names.length - 1 - Math.floor(next() * 8))];
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
  let size = lines[0].length;
  for (let index = 0; size < bytes - 20 && index < count; index++) {
    const line = ` ${nameOf(index)}=${forms[Math.floor(next() * forms.length)]()}`;
    lines.push(line);
    names.push(nameOf(index));
    size += line.length + 1;
  }
  lines.push(` return ${names.at(-1)}`, '}');
  return lines.join('\n') + '\n';
}

/** Bindings of random expression trees with random spacing: almost no two lines alike. */
function variedProgram(bytes, seed) {
  const next = seededRandom(seed);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const names = ['x', 'y', 'w', 'b'];
  const space = () => pick(['', ' ', ' ', '  ']);
  const expression = (depth) => {
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
  let size = lines[0].length;
  for (let index = 0; size < bytes - 20; index++) {
    const line = `  v${index}${space()}=${space()}${expression(3)}`;
    lines.push(line);
    names.push(`v${index}`);
    size += line.length + 1;
  }
  lines.push(`  return ${names.at(-1)}`, '}');
  return lines.join('\n') + '\n';
}

function longSum(terms) {
  return `f(x0, x1, x2, x3, x4, x5, x6, x7, x8, x9) = ${Array.from({ length: terms }, (_, i) => `x${i % 10}`).join(' + ')}\n`;
}

function deepNesting(levels) {
  return `f(x) = ${'('.repeat(levels)}x${')'.repeat(levels)}\n`;
}

const workloads = {
  compact: (bytes) => compactProgram({ bytes }, 1),
  bindings: (count) => compactProgram({ count }, 1),
  varied: (bytes) => variedProgram(bytes, 2),
  sum: (terms) => longSum(terms),
  deep: (levels) => deepNesting(levels),
};

async function child(kind, amount, runs) {
  const { parse } = await import('@ddx/parser');
  const source = workloads[kind](amount);
  const times = [];
  let statements = 0;
  for (let run = 0; run < runs; run++) {
    globalThis.gc();
    const start = performance.now();
    const program = parse(source);
    times.push(performance.now() - start);
    statements = program.functions.reduce((sum, fn) => sum + fn.body.length + 1, 0);
  }
  const [cold, ...warm] = times;
  warm.sort((a, b) => a - b);
  const median = warm.length > 0 ? warm[Math.floor(warm.length / 2)] : cold;
  console.log(`RESULT ${JSON.stringify({ bytes: source.length, statements, cold, median })}`);
}

/** The largest "used before GC" figure of --trace-gc lines: `Scavenge 181.2 (190.0) -> ...`. */
function peakHeapMb(output) {
  let peak = 0;
  for (const match of output.matchAll(
    /(?:Scavenge|Mark-Compact|Mark-sweep)[^\d]*([\d.]+) \([\d.]+\) ->/g,
  )) {
    peak = Math.max(peak, Number(match[1]));
  }
  return peak;
}

function measure(kind, amount, runs) {
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--trace-gc', script, '--child', kind, String(amount), String(runs)],
    { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 },
  );
  const line = result.stdout.split('\n').find((text) => text.startsWith('RESULT '));
  if (result.status !== 0 || line === undefined) {
    throw new Error(`${kind} ${amount} failed:\n${result.stderr}`);
  }
  return { ...JSON.parse(line.slice('RESULT '.length)), peakMb: peakHeapMb(result.stdout) };
}

const formatBytes = (bytes) =>
  bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(2)} MB` : `${Math.round(bytes / 1024)} KB`;
const formatMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

async function main() {
  const KB = 1024;
  const cases = [
    ['compact bindings', 'compact', 10 * KB, 9],
    ['compact bindings', 'compact', 100 * KB, 7],
    ['compact bindings', 'compact', 1024 * KB, quick ? 2 : 5],
    ['100,000 compact bindings', 'bindings', 100_000, quick ? 2 : 5],
    ['varied expressions', 'varied', 10 * KB, 9],
    ['varied expressions', 'varied', 100 * KB, 5],
    ...(quick ? [] : [['varied expressions', 'varied', 1024 * KB, 3]]),
    ['one sum of 100,000 terms', 'sum', 100_000, quick ? 2 : 3],
    ['10,000 nested parentheses (worker)', 'deep', 10_000, quick ? 1 : 3],
  ];
  const rows = [];
  for (const [label, kind, amount, runs] of cases) {
    const result = measure(kind, amount, runs);
    console.error(`${label}, ${formatBytes(result.bytes)}: ${formatMs(result.median)}`);
    rows.push([
      label,
      formatBytes(result.bytes),
      result.statements.toLocaleString('en-US'),
      formatMs(result.cold),
      formatMs(result.median),
      // The worker's heap is not the child's: no figure for the deep case.
      kind === 'deep' ? '—' : `${Math.round(result.peakMb)} MB`,
    ]);
  }
  console.log('| program | size | statements | first parse | median | peak heap |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

if (childFlag !== -1) {
  const [kind, amount, runs] = process.argv.slice(childFlag + 1);
  await child(kind, Number(amount), Number(runs));
} else {
  await main();
}
