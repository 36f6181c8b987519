/**
 * Imports generated modules for real, with Node's own loader, in a worker thread that is replaced
 * every `modulesPerWorker` modules: a process never forgets a module it imported, so the 10^5
 * modules of a fuzz run would otherwise fill the heap. Results come back by structured clone,
 * which keeps NaN and -0.
 */
import { Worker } from 'node:worker_threads';
import type { Abi } from '@ddx/codegen';

export interface ModuleCall {
  /** The export to call (a JavaScript identifier: `jsIdentifier(fn.name)`). */
  readonly name: string;
  readonly abi: Abi;
  readonly args: readonly number[];
  /** How many results the function returns. */
  readonly results: number;
}

interface Reply {
  readonly id: number;
  readonly results?: number[][];
  readonly error?: string;
}

const modulesPerWorker = 2_000;

export class ModuleHost {
  private worker: Worker | undefined;
  private imported = 0;
  private nextId = 0;
  private readonly pending = new Map<number, (reply: Reply) => void>();

  /** Imports `text` as a module and returns the results of each call, in order. */
  async run(text: string, calls: readonly ModuleCall[]): Promise<number[][]> {
    if (this.worker === undefined || this.imported >= modulesPerWorker) await this.restart();
    this.imported++;
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve) => {
      this.pending.set(id, resolve);
      this.worker!.postMessage({ id, text, calls });
    });
    if (reply.error !== undefined) throw new Error(`in the imported module: ${reply.error}`);
    return reply.results!;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker === undefined) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    await exited;
  }

  private async restart(): Promise<void> {
    await this.close();
    this.imported = 0;
    const worker = new Worker(new URL('./module-host.worker.mjs', import.meta.url));
    worker.on('message', (reply: Reply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    worker.on('error', (error) => {
      for (const [id, resolve] of this.pending) resolve({ id, error: String(error) });
      this.pending.clear();
    });
    this.worker = worker;
  }
}
