// @ts-check
/**
 * A worker thread that matches statements with a large stack (see offload.ts). It answers one
 * job on the port it is sent, then wakes the waiting parser through the shared `signal`.
 * Plain JavaScript: a Node 20 worker cannot load TypeScript (see match.js).
 */
import { parentPort } from 'node:worker_threads';

/**
 * @typedef {{
 *   source: string, ranges: Int32Array, rule: string,
 *   signal: Int32Array, port: import('node:worker_threads').MessagePort
 * }} Job
 */

// Imported here rather than at the top so that a failure to load (a missing ddx.ohm, say)
// is an answer to the job instead of a silent exit that leaves the parser waiting.
const matching = import('./match.js');

parentPort?.on('message', async (/** @type {Job} */ job) => {
  try {
    const { matchStatements } = await matching;
    const reply = matchStatements(job.source, job.ranges, job.rule);
    job.port.postMessage({ ok: true, ...reply }, [reply.entries.buffer]);
  } catch (error) {
    job.port.postMessage({ ok: false, message: String(error) });
  } finally {
    job.port.close();
    Atomics.store(job.signal, 0, 1);
    Atomics.notify(job.signal, 0);
  }
});
