// The footprint study's module: its two forms must compute the same products, or the comparison
// of their speed means nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { footprintModule } from '../src/footprint.js';

const directory = mkdtempSync(join(tmpdir(), 'ddx-footprint-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function load(lines: number, seed: number) {
  const file = join(directory, `m-${lines}-${seed}.mjs`);
  writeFileSync(file, footprintModule(lines, seed));
  return (await import(pathToFileURL(file).href)) as {
    straight: () => void;
    gather: () => void;
    result: () => Float64Array;
  };
}

describe('footprintModule', () => {
  it('writes the same products as straight-line chunks and as a loop over tables', async () => {
    const m = await load(2_345, 3);
    m.straight();
    const straight = m.result().slice();
    m.result().fill(0);
    m.gather();
    expect(m.result()).toEqual(straight);
    // Seeded indices: most of out is written, with products of scratch values in [1, 2).
    const written = straight.filter((x) => x !== 0);
    expect(written.length).toBeGreaterThan(1_000);
    expect(Math.min(...written)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...written)).toBeLessThan(4);
  });

  it('cuts the straight-line form into chunks of 400 lines, and is seeded', () => {
    const text = footprintModule(2_345, 3);
    expect(text.match(/^function part\d+\(\)/gm)).toHaveLength(6);
    expect(footprintModule(2_345, 3)).toBe(text);
    expect(footprintModule(2_345, 4)).not.toBe(text);
  });
});
