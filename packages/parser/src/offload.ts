/**
 * Matching in a worker thread, synchronously from the caller's point of view.
 *
 * ohm matches by recursive descent, about 4 KB of JavaScript stack per nesting level, so the
 * default stack overflows near 250 nested parentheses. A worker can be given a stack of up to a
 * gigabyte (`resourceLimits.stackSizeMb`). The parser posts the job, blocks on a shared flag
 * with `Atomics.wait`, then takes the answer with `receiveMessageOnPort`: `parse` stays a
 * plain synchronous function. The answer is a flat syntax tree in one transferred buffer, so
 * no deep object graph is cloned between threads.
 */
import { DdxError } from '@ddx/ast';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import {
  maxWorkerStackMb,
  minWorkerStackMb,
  workerStackBytesPerChar,
  workerTimeoutMs,
} from './limits.js';
import type { Outcome } from './match.js';

export interface Batch {
  readonly entries: Int32Array;
  readonly outcomes: readonly Outcome[];
}

type Reply = ({ ok: true } & Batch) | { ok: false; message: string };

const workerUrl = new URL('./worker.js', import.meta.url);

/** Matches the statements `ranges` ([start, end) pairs) of `source` in a fresh worker. */
export function matchInWorker(source: string, ranges: Int32Array, rule: string): Batch {
  const worker = new Worker(workerUrl, {
    resourceLimits: {
      stackSizeMb: stackFor(ranges),
      // A deep stack makes every scavenge scan it; a larger young generation means fewer.
      maxYoungGenerationSizeMb: 256,
    },
    // None of the parent's flags: `--inspect-brk` would stop the worker, and under
    // `node --input-type=module -e` an inherited flag kept its imports from ever loading.
    execArgv: [],
    stdout: false,
    stderr: false,
  });
  worker.unref();
  // Whatever goes wrong in the worker is answered through the port (worker.js) or ends in the
  // timeout below; an 'error' event arriving after that must not crash the process.
  worker.on('error', () => {});
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  try {
    worker.postMessage({ source, ranges, rule, signal, port: port2 }, [port2]);
    if (Atomics.wait(signal, 0, 0, workerTimeoutMs) === 'timed-out') {
      const seconds = workerTimeoutMs / 1000;
      throw new DdxError('limit', `the parser gave up after ${seconds} s (deeply nested input)`);
    }
    const reply = receiveMessageOnPort(port1)?.message as Reply | undefined;
    if (reply === undefined) throw new Error('the parser worker did not answer');
    if (!reply.ok) throw new Error(`the parser worker failed: ${reply.message}`);
    return reply;
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** Enough stack for the longest statement, were all of it nesting. */
function stackFor(ranges: Int32Array): number {
  let longest = 0;
  for (let index = 0; index < ranges.length; index += 2) {
    longest = Math.max(longest, ranges[index + 1]! - ranges[index]!);
  }
  const megabytes = Math.ceil((longest * workerStackBytesPerChar) / 2 ** 20);
  return Math.min(maxWorkerStackMb, Math.max(minWorkerStackMb, megabytes));
}
