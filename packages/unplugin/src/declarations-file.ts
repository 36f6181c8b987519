/**
 * The `dts` option: `model.ddx` gets `model.d.ddx.ts` beside it, the name TypeScript looks up
 * for `import ... from './model.ddx'` under `allowArbitraryExtensions`.
 */
import { readFile, writeFile } from 'node:fs/promises';

/** `src/model.ddx` → `src/model.d.ddx.ts`. */
export function declarationsPathFor(file: string): string {
  const dot = file.lastIndexOf('.');
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return dot > slash + 1 ? `${file.slice(0, dot)}.d${file.slice(dot)}.ts` : `${file}.d.ts`;
}

/**
 * Writes `text` unless the file already holds it: an unchanged file keeps its time stamp, so
 * watchers (tsc --watch, a dev server) are not woken for nothing.
 */
export async function writeIfChanged(path: string, text: string): Promise<void> {
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== text) await writeFile(path, text);
}
