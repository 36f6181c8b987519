// Golden fixtures: each test/fixtures/NAME.ddx is parsed and printed into NAME.expected.ddx
// (refresh with `npx vitest run --project parser -u`). The printed text must parse back to
// the same tree and print the same again (printing is idempotent).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { equals, print } from '@ddx/ast';
import { parse } from '@ddx/parser';

const folder = new URL('./fixtures/', import.meta.url);
const names = readdirSync(folder)
  .filter((file) => file.endsWith('.ddx') && !file.endsWith('.expected.ddx'))
  .filter((file) => file !== 'errors.ddx')
  .map((file) => file.slice(0, -'.ddx'.length));

describe('golden fixtures', () => {
  it.each(names)('%s.ddx prints as %s.expected.ddx', async (name) => {
    const source = readFileSync(new URL(`${name}.ddx`, folder), 'utf8');
    const parsed = parse(source, { file: `${name}.ddx` });
    const printed = print(parsed);
    await expect(printed).toMatchFileSnapshot(`./fixtures/${name}.expected.ddx`);
    const again = parse(printed);
    expect(equals(again, parsed)).toBe(true);
    expect(print(again)).toBe(printed);
  });
});
