/** Fixture projects in a temporary folder, and the lecture's numbers every bundler must give. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The lecture's two-layer network (examples/lecture/network.ddx). */
export const network = `# The lecture's two-layer network.
J(w1, b1, w2, b2, x, y) {
  a1 = relu(w1*x + b1)
  a2 = relu(w2*a1 + b2)
  return 1/2 * (a2 - y)^2
}
`;

/** At w1 = 2, b1 = 0, w2 = 3, b2 = 1, x = 1, y = 5: J = 2 and dJ/d(w1, b1, w2, b2) = 6, 6, 4, 2. */
export const lecturePoint = [2, 0, 3, 1, 1, 5] as const;
export const lectureGradient = { value: 2, w1: 6, b1: 6, w2: 4, b2: 2 };

/** A syntax error on line 3: the third `*`, at column 16, cannot start an operand. */
export const broken = `# A typo on line 3.
J(w1, b1, x) {
  a = w1 * x * * b1
  return a^2
}
`;

/** The entry every bundler builds: it re-exports the generated functions. */
export const entry = `export { J, J_grad } from './model.ddx';\n`;

export interface Fixture {
  readonly dir: string;
  readonly path: (name: string) => string;
  readonly write: (name: string, text: string) => string;
  readonly remove: () => void;
}

export function fixture(files: Record<string, string>): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'ddx-unplugin-'));
  const path = (name: string): string => join(dir, name);
  const write = (name: string, text: string): string => {
    writeFileSync(path(name), text);
    return path(name);
  };
  for (const [name, text] of Object.entries(files)) write(name, text);
  return { dir, path, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LectureModule {
  J: (...args: number[]) => number;
  J_grad: (...args: number[]) => Record<string, number>;
}

/** Imports a built ES module (a fresh copy each time: the query defeats the module cache). */
export async function importBuilt(file: string): Promise<LectureModule> {
  return (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as LectureModule;
}
