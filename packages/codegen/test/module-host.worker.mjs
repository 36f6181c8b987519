// The module host's worker: writes each generated module to a file, imports it with Node's own
// loader, calls its functions and posts the results back. Its module cache dies with it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { callUnder } from './call-abi.mjs';

const directory = mkdtempSync(join(tmpdir(), 'ddx-module-host-'));
let counter = 0;

/**
 * @typedef {{ name: string, abi: 'scalars' | 'arrays', args: number[], results: number }} Call
 * @typedef {{ id: number, text: string, calls: Call[] }} Request
 */

parentPort?.on('message', async (/** @type {Request | 'close'} */ request) => {
  if (request === 'close') {
    rmSync(directory, { recursive: true, force: true });
    parentPort?.close();
    return;
  }
  try {
    const file = join(directory, `module${++counter}.mjs`);
    writeFileSync(file, request.text);
    const module = await import(pathToFileURL(file).href);
    rmSync(file);
    const results = request.calls.map((call) =>
      callUnder(module[call.name], call.abi, call.args, call.results),
    );
    parentPort?.postMessage({ id: request.id, results });
  } catch (error) {
    parentPort?.postMessage({
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
