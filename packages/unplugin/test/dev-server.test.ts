/**
 * Vite's dev server serves a .ddx file as its generated module, and serves the new module after
 * the file is edited (the watcher invalidates it; no restart).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import ddxVite from '../src/vite.js';
import { broken, entry, fixture, network, type Fixture } from './helpers.js';

let project: Fixture;
let server: ViteDevServer;
let base: string;

beforeAll(async () => {
  project = fixture({ 'model.ddx': network, 'main.js': entry });
  server = await createServer({
    root: project.dir,
    configFile: false,
    logLevel: 'silent',
    plugins: [ddxVite({ grad: true })],
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (address === null || typeof address !== 'object')
    throw new Error('the dev server has no port');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await server?.close();
  project?.remove();
});

/**
 * What the browser does: fetch main.js, whose `import ... from './model.ddx'` Vite has rewritten
 * to a URL of its own (`/model.ddx?import`), then fetch that.
 */
async function fetchModule(): Promise<{ status: number; type: string; body: string }> {
  const main = await (await fetch(`${base}/main.js`)).text();
  const url = /from ["'](\/model\.ddx[^"']*)["']/.exec(main)?.[1];
  if (url === undefined) throw new Error(`main.js does not import model.ddx:\n${main}`);
  const response = await fetch(`${base}${url}`);
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

/**
 * Edits a file as a person would: not within 50 ms of the last edit, since the watcher
 * (chokidar) drops a second change event for the same path inside that window.
 */
async function edit(text: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  project.write('model.ddx', text);
}

/** Asks again until `accept` holds: the watcher sees the edit a moment after it is written. */
async function fetchUntil(accept: (body: string) => boolean): Promise<string> {
  let body = '';
  for (let attempt = 0; attempt < 100; attempt += 1) {
    body = (await fetchModule()).body;
    if (accept(body)) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return body;
}

it('serves model.ddx as JavaScript with the generated functions', async () => {
  const { status, type, body } = await fetchModule();
  expect(status).toBe(200);
  expect(type).toMatch(/javascript/);
  expect(body).toMatch(/export function J\(/);
  expect(body).toMatch(/export function J_grad\(/);
});

it('serves the regenerated module after the file is edited', async () => {
  await edit(`${network}\nK(w) = w^3\n`);
  const body = await fetchUntil((text) => text.includes('export function K_grad('));
  expect(body).toMatch(/export function K_grad\(/);
  expect(body).toMatch(/export function J_grad\(/);
});

it('answers a broken file with an error naming its line and column, then recovers', async () => {
  await edit(broken);
  const failure = await fetchUntil((text) => text.includes('syntax'));
  // Vite answers with a page that opens its error overlay on this error.
  const shown = JSON.parse(/const error = (\{.*\})\n/.exec(failure)?.[1] ?? 'null') as {
    message: string;
    frame: string;
    loc: { file: string; line: number; column: number };
  } | null;
  expect(shown?.message).toMatch(/^syntax: /);
  expect(shown?.loc).toEqual({ file: project.path('model.ddx'), line: 3, column: 15 });
  expect(shown?.frame).toBe('    a = w1 * x * * b1\n                 ^');
  await edit(network);
  const body = await fetchUntil(
    (text) => text.includes('export function J_grad(') && !text.includes('K('),
  );
  expect(body).not.toMatch(/function K/);
});
