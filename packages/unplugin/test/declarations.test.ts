/**
 * `dts: true` writes model.d.ddx.ts beside model.ddx, and TypeScript (allowArbitraryExtensions)
 * types `import { J_grad } from './model.ddx'` with it: right calls check, wrong ones do not.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rollup } from 'rollup';
import ts from 'typescript';
import ddxRollup from '../src/rollup.js';
import { declarationsPathFor } from '../src/declarations-file.js';
import { entry, fixture, network, type Fixture } from './helpers.js';

let project: Fixture;
beforeAll(() => {
  project = fixture({ 'entry.js': entry, 'model.ddx': network });
});
afterAll(() => project.remove());

async function build(): Promise<void> {
  const bundle = await rollup({
    input: project.path('entry.js'),
    plugins: [ddxRollup({ grad: true, wrt: 'w1, b1, w2, b2', dts: true })],
  });
  await bundle.close();
}

/** tsc's diagnostics for `main.ts` of the fixture, one `line: message` each. */
function typeCheck(main: string): string[] {
  const file = project.write('main.ts', main);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowArbitraryExtensions: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const line = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    return `${line === undefined ? '' : `${line + 1}: `}${text}`;
  });
}

it('names the declarations file as allowArbitraryExtensions expects', () => {
  expect(declarationsPathFor('/src/model.ddx')).toBe('/src/model.d.ddx.ts');
  expect(declarationsPathFor('/src/my.model.ddx')).toBe('/src/my.model.d.ddx.ts');
});

it('writes model.d.ddx.ts beside model.ddx, and leaves an unchanged one alone', async () => {
  await build();
  const path = project.path('model.d.ddx.ts');
  expect(existsSync(path)).toBe(true);
  const text = readFileSync(path, 'utf8');
  expect(text).toMatch(/export declare function J_grad\(/);
  const written = statSync(path).mtimeMs;
  await new Promise((resolve) => setTimeout(resolve, 20));
  await build();
  expect(statSync(path).mtimeMs).toBe(written);
});

it('types the imports: the gradient object has w1..b2 and no x', async () => {
  await build();
  const ok = typeCheck(
    [
      "import { J, J_grad } from './model.ddx';",
      'const g: { value: number; w1: number; b1: number; w2: number; b2: number } = J_grad(2, 0, 3, 1, 1, 5);',
      'const v: number = J(2, 0, 3, 1, 1, 5);',
      'export const sum = g.value + v;',
    ].join('\n'),
  );
  expect(ok).toEqual([]);
  const wrong = typeCheck(
    [
      "import { J_grad } from './model.ddx';",
      'export const a = J_grad(2, 0, 3).w1;',
      'export const b = J_grad(2, 0, 3, 1, 1, 5).x;',
    ].join('\n'),
  );
  expect(wrong).toHaveLength(2);
  expect(wrong[0]).toMatch(/^2: Expected 6 arguments, but got 3/);
  expect(wrong[1]).toMatch(/^3: Property 'x' does not exist/);
});
