/** Spawning the built CLI, as a user (or a script) would. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const workspaceRoot = resolve(packageRoot, '../..');
export const bin = join(packageRoot, 'bin/ddx.js');
export const lecture = (name: string): string => join(workspaceRoot, 'examples/lecture', name);

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout's lines without the final empty one. */
  readonly lines: string[];
  /** The last line of stdout. */
  readonly last: string;
}

export interface RunOptions {
  readonly input?: string;
  readonly cwd?: string;
  /** Added to a clean environment (no NO_COLOR, FORCE_COLOR, DEBUG …). */
  readonly env?: Record<string, string>;
}

/** The environment without the variables that change ddx's output (CI sets NO_COLOR=1). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'TERM']) delete env[name];
  return { ...env, ...extra };
}

export function ddx(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? workspaceRoot,
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const lines = stdout.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      resolvePromise({ status, stdout, stderr, lines, last: lines[lines.length - 1] ?? '' });
    });
    child.stdin.end(options.input ?? '');
  });
}

export function assertBuilt(): void {
  if (!existsSync(join(packageRoot, 'bundle/ddx.js'))) {
    throw new Error('packages/cli/bundle/ddx.js is missing: run npx nx run-many -t build');
  }
}

/** The text of each node of a Graphviz SVG, entities decoded: one array of lines per node. */
export function svgNodeTexts(svg: string): string[][] {
  const decode = (text: string): string =>
    text
      .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
      .replace(/&#x([0-9a-f]+);/gi, (_m, code: string) => String.fromCodePoint(parseInt(code, 16)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const nodes: string[][] = [];
  for (const group of svg.matchAll(/<g id="node\d+" class="node">([\s\S]*?)<\/g>/g)) {
    nodes.push([...group[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]!)));
  }
  return nodes;
}
