/**
 * How the time per line of straight-line code grows with the size of its machine code
 * (`npm run footprint -w @ddx/bench -- [options]`). A generated gradient of an irregular graph is
 * straight-line code in chunks of ~400 operations (codegen README, "Large functions"); once
 * optimised it runs at a few instructions a line, and every call streams all of its machine code
 * through the CPU. This measures that cost in isolation, on code of the shape of a reverse pass's
 * parameter lines (`out[k] = t * scratch[a]`, ten lines per adjoint `t`), at growing sizes, in a
 * fresh process per size and form (`--no-concurrent-recompilation`), and the same products
 * written as one loop over index tables (`Int32Array`s), whose code does not grow.
 *
 *   --lines <list>       sizes in lines (comma-separated; default 50000,100000,200000,400000,800000)
 *   --runs <n>           fresh processes per size and form (default 1)
 *   --warm-calls <n>     calls before timing (default 1000: V8 tiers up after ~450 on Node 20;
 *                        pass 4000 on Node 22 and 24)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runChild } from './child.js';
import { duration, table } from './report.js';
import { window as timingWindow } from './timing.js';

/** Lines per chunk function, as codegen's default chunk of 400 operations. */
const linesPerChunk = 400;
/**
 * Optimised machine code per straight-line line: 2,221,572 bytes for 10^5 lines (250 chunks) in
 * TurboFan's `Instructions (size = …)` under `--print-opt-code`, Node 20, 2026-12-07.
 */
const bytesPerLine = 22.2;
/** Lines that share one adjoint, as a random graph's node shares its ten parameters'. */
const linesPerAdjoint = 10;

/**
 * A module exporting `straight()` and `gather()`, which both fill `result()` with the same
 * `lines` products `out[k] = scratch[t] * scratch[a]` (seeded indices): as chunk functions of
 * straight-line code, and as one loop over index tables.
 */
export function footprintModule(lines: number, seed = 1): string {
  let state = seed >>> 0 || 1;
  // xorshift32: the same module on every machine.
  const next = (bound: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % bound;
  };
  const slots = 20_000;
  const outs = new Int32Array(lines);
  const reads = new Int32Array(lines);
  const adjoints = new Int32Array(Math.ceil(lines / linesPerAdjoint));
  for (let i = 0; i < lines; i++) {
    outs[i] = next(lines);
    reads[i] = next(slots);
  }
  for (let g = 0; g < adjoints.length; g++) adjoints[g] = next(slots);
  const parts: string[] = [
    `const scratch = new Float64Array(${slots}).map((_, i) => 1 + i / ${slots});`,
    // Not exported: TurboFan then knows the array and its length, as it knows a generated
    // module's buffers, and drops the bounds check of every `o[k]`.
    `const out = new Float64Array(${lines});`,
    'export function result() {\n  return out;\n}',
  ];
  const chunks: string[] = [];
  for (let from = 0; from < lines; from += linesPerChunk) {
    const name = `part${chunks.length + 1}`;
    chunks.push(name);
    const body = [`function ${name}() {`, '  const s = scratch;', '  const o = out;'];
    for (let i = from; i < Math.min(lines, from + linesPerChunk); i++) {
      const group = Math.floor(i / linesPerAdjoint);
      if (i % linesPerAdjoint === 0 || i === from)
        body.push(`  const t${group} = s[${adjoints[group]}];`);
      body.push(`  o[${outs[i]}] = t${group} * s[${reads[i]}];`);
    }
    body.push('}');
    parts.push(body.join('\n'));
  }
  parts.push(`export function straight() {\n${chunks.map((c) => `  ${c}();`).join('\n')}\n}`);
  const adjointOf = Int32Array.from(outs, (_, i) => adjoints[Math.floor(i / linesPerAdjoint)]!);
  parts.push(
    `const outIndex = new Int32Array([${outs.join(',')}]);`,
    `const adjointIndex = new Int32Array([${adjointOf.join(',')}]);`,
    `const readIndex = new Int32Array([${reads.join(',')}]);`,
    [
      'export function gather() {',
      '  const s = scratch;',
      '  const o = out;',
      `  for (let i = 0; i < ${lines}; i++) o[outIndex[i]] = s[adjointIndex[i]] * s[readIndex[i]];`,
      '}',
    ].join('\n'),
  );
  return `${parts.join('\n\n')}\n`;
}

export type Form = 'straight' | 'gather';

interface Measured {
  /** Nanoseconds per line, median of the timing windows. */
  readonly nsPerLine: number;
}

async function child(file: string, form: Form, lines: number, warmCalls: number): Promise<void> {
  const module = (await import(pathToFileURL(file).href)) as Record<Form, () => void>;
  const call = module[form];
  for (let i = 0; i < warmCalls; i++) call();
  // Then windows of ~200 ms (timing.ts) until the best has not improved by 5% for 2 s.
  const window = (): number => (timingWindow(() => (call(), 0), 200).us * 1000) / lines;
  let best = Infinity;
  let improved = performance.now();
  while (performance.now() - improved < 2000) {
    const ns = window();
    if (ns < best * 0.95) improved = performance.now();
    best = Math.min(best, ns);
  }
  const windows = Array.from({ length: 15 }, window).sort((a, b) => a - b);
  const measured: Measured = { nsPerLine: windows[7]! };
  process.stdout.write(`RESULT ${JSON.stringify(measured)}\n`);
}

async function main(args: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const index = args.indexOf(name);
    return index < 0 ? undefined : args[index + 1];
  };
  if (args[0] === '--child') {
    await child(args[1]!, args[2] as Form, Number(args[3]), Number(args[4]));
    return;
  }
  const sizes = (option('--lines') ?? '50000,100000,200000,400000,800000').split(',').map(Number);
  const runs = Number(option('--runs') ?? 1);
  const warmCalls = option('--warm-calls') ?? '1000';
  const directory = mkdtempSync(join(tmpdir(), 'ddx-footprint-'));
  const rows: string[][] = [];
  try {
    for (const lines of sizes) {
      const file = join(directory, `footprint-${lines}.mjs`);
      const text = footprintModule(lines);
      writeFileSync(file, text);
      for (let run = 1; run <= runs; run++) {
        const perLine: number[] = [];
        for (const form of ['straight', 'gather'] as const) {
          const { result } = await runChild(
            fileURLToPath(import.meta.url),
            ['--child', file, form, String(lines), warmCalls],
            { flags: ['--no-concurrent-recompilation'] },
          );
          perLine.push((JSON.parse(result) as Measured).nsPerLine);
        }
        const [straight, gather] = perLine as [number, number];
        const row = [
          lines.toLocaleString('en-US'),
          `${((lines * bytesPerLine) / 2 ** 20).toFixed(1)} MB`,
          `${straight.toFixed(2)} ns (${duration((straight * lines) / 1000)} a call)`,
          `${gather.toFixed(2)} ns (${duration((gather * lines) / 1000)} a call)`,
        ];
        process.stderr.write(`${row.join('  ')}\n`);
        rows.push(row);
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const header = ['lines', 'machine code (straight-line)', 'straight-line', 'loop over tables'];
  process.stdout.write(`${table(header, rows)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
