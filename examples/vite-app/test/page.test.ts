/**
 * The built page in a real browser: Debian's Chromium, driven by playwright-core, loads dist/
 * from a static server on 127.0.0.1 and the test reads the numbers the page computed with the
 * J_grad that the plugin generated.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const chromiumPath = process.env['DDX_CHROMIUM'] ?? '/usr/bin/chromium';
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

let server: Server;
let browser: Browser;
let url: string;

/** dist/ over HTTP: `vite preview` without Vite, so the test sees only the built files. */
function serve(root: string): Promise<Server> {
  const files = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((done) => files.listen(0, '127.0.0.1', () => done(files)));
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `no Chromium at ${chromiumPath}. Install Debian's: apt-get update && apt-get install -y chromium ` +
        '(as root), or set DDX_CHROMIUM to a Chromium executable.',
    );
  }
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(
      `no ${dist}/index.html: build the page first (npx nx run @ddx/example-vite-app:build)`,
    );
  }
  server = await serve(dist);
  const address = server.address();
  if (address === null || typeof address !== 'object')
    throw new Error('the static server has no port');
  url = `http://127.0.0.1:${address.port}/`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

it('shows the value and gradient computed in the browser by the generated J_grad', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  expect(await page.textContent('#value')).toBe('2');
  expect(await page.textContent('#gradient')).toBe('6, 6, 4, 2');
  expect(Number(await page.textContent('#trained'))).toBeLessThan(1e-12);
  expect(problems).toEqual([]);
  await page.close();
});
