/** `-o FILE` is atomic: a failing run leaves an existing file byte for byte as it was. */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ddx, lecture } from './helpers.js';

beforeAll(assertBuilt);

const original = '// precious hand-edited module\nexport const keep = 1;\n';

function fixture(): { dir: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ddx-out-'));
  const out = join(dir, 'model.js');
  writeFileSync(out, original);
  return { dir, out };
}

describe('-o FILE', () => {
  it('leaves an existing file untouched when generation fails, and no temporary file', async () => {
    const { dir, out } = fixture();
    const runs = await Promise.all([
      ddx(['gen', 'J(w) = w^', '-o', out]),
      ddx(['gen', lecture('network.ddx'), '--grad', '--wrt', 'nosuch', '-o', out, '--dts']),
      ddx(['gen', 'polar(x, y) {\n  return x, y\n}', '--grad', '-o', out]),
      ddx(['graph', 'J(w) = w^2', '--at', 'v=1', '-o', out]),
    ]);
    expect(runs.map((run) => run.status)).toEqual([2, 2, 2, 2]);
    expect(readFileSync(out, 'utf8')).toBe(original);
    expect(readdirSync(dir)).toEqual(['model.js']);
  });

  it('leaves no temporary file when the rename itself fails', async () => {
    const { dir } = fixture();
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'inside'), 'x');
    const run = await ddx(['parse', 'f(w) = w', '-o', join(dir, 'taken')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^\/.*taken: io: cannot write: /);
    expect(readdirSync(dir).sort()).toEqual(['model.js', 'taken']);
  });

  it('reports a missing directory', async () => {
    const { dir } = fixture();
    const run = await ddx(['parse', 'f(w) = w', '-o', join(dir, 'no', 'such.ddx')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('such.ddx: io: cannot write: no such file or directory');
  });

  it('replaces the file on success and keeps its permissions', async () => {
    const { dir, out } = fixture();
    chmodSync(out, 0o640);
    const run = await ddx(['gen', 'J(w) = w^2', '-o', out]);
    expect(run).toMatchObject({ status: 0, stdout: '' });
    expect(readFileSync(out, 'utf8')).toContain('export function J(w)');
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['model.js']);
  });

  it('formats a file in place with parse -o', async () => {
    const { dir } = fixture();
    const file = join(dir, 'model.ddx');
    writeFileSync(file, 'J(w,b)=w*w+b\n');
    const run = await ddx(['parse', file, '-o', file]);
    expect(run.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('J(w, b) = w * w + b\n');
  });

  it('writes the graph in the format its extension names', async () => {
    const { dir } = fixture();
    const runs = await Promise.all([
      ddx(['graph', lecture('graph.ddx'), '--at', 'w=2,b=8,x=-2,y=2', '-o', join(dir, 'g.svg')]),
      ddx(['graph', lecture('graph.ddx'), '-o', join(dir, 'g.mmd')]),
    ]);
    expect(runs.map((run) => [run.status, run.stdout])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    expect(readFileSync(join(dir, 'g.svg'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(dir, 'g.mmd'), 'utf8')).toMatch(/^flowchart LR\n/);
  });
});
