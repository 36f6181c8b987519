/**
 * The statements of a function body, stored column by column: what each defines, reads and
 * costs in typed arrays, and the printed lines joined into blocks as they come. A 10^5-node
 * gradient has hundreds of thousands of statements that all live until the body is cut into
 * chunks; as objects (a record, an array of reads, a string per line) they cost the garbage
 * collector more than generating them does.
 */

/**
 * Lines joined into one string at a time: enough that a block (over 128 KB) goes straight to
 * V8's large-object space, where the collector never copies it.
 */
const linesPerBlock = 4096;

export class Statements {
  #count = 0;
  /** The local each statement defines, or -1. */
  #local = new Int32Array(64);
  /** Operations plus one: the measure of chunk sizes. */
  #cost = new Int32Array(64);
  /** Bit 0: touches the scratch buffer (keeps its place among such statements); bit 1: `out[i] = `. */
  #flags = new Uint8Array(64);
  /** The reads of statement s are `#reads[#readsEnd[s - 1], #readsEnd[s])`, locals by id. */
  #readsEnd = new Int32Array(64);
  #reads = new Int32Array(256);
  #readCount = 0;
  /** Where each statement's text is: a block, and its start and end in the block. */
  #block = new Int32Array(64);
  #start = new Int32Array(64);
  #end = new Int32Array(64);
  readonly #blocks: string[] = [];
  /** Lines not yet joined into a block. */
  #pending: string[] = [];
  #pendingLength = 0;

  get count(): number {
    return this.#count;
  }

  /**
   * Appends a statement: its printed line (with indentation; several lines for a loop), the
   * local it defines (or -1), its cost, whether it touches the scratch buffer, whether it is an
   * assignment to the output (which may move, chunk.ts), and the locals it reads (`reads[0, n)`).
   */
  add(
    line: string,
    local: number,
    cost: number,
    pinned: boolean,
    output: boolean,
    reads: ArrayLike<number>,
    n = reads.length,
  ): void {
    const s = this.#count;
    if (s === this.#local.length) this.#grow();
    if (this.#readCount + n > this.#reads.length) {
      this.#reads = grown(this.#reads, Math.max(2 * this.#reads.length, this.#readCount + n));
    }
    this.#local[s] = local;
    this.#cost[s] = cost;
    this.#flags[s] = (pinned ? 1 : 0) | (output ? 2 : 0);
    for (let r = 0; r < n; r++) this.#reads[this.#readCount++] = reads[r]!;
    this.#readsEnd[s] = this.#readCount;
    this.#block[s] = this.#blocks.length;
    this.#start[s] = this.#pendingLength;
    this.#pendingLength += line.length;
    this.#end[s] = this.#pendingLength;
    this.#pendingLength += 1; // the line break
    this.#pending.push(line);
    this.#count = s + 1;
    if (this.#pending.length === linesPerBlock) this.#flush();
  }

  /** The local statement `s` defines, or -1. */
  local(s: number): number {
    return this.#local[s]!;
  }

  cost(s: number): number {
    return this.#cost[s]!;
  }

  pinned(s: number): boolean {
    return (this.#flags[s]! & 1) !== 0;
  }

  /** Whether `s` is an assignment to the output that touches no scratch (it may move). */
  movable(s: number): boolean {
    return this.#flags[s] === 2;
  }

  /** The reads of all statements: statement s reads `readPool[readsStart(s), readsEnd(s))`. */
  get readPool(): Int32Array {
    return this.#reads;
  }

  readsStart(s: number): number {
    return s === 0 ? 0 : this.#readsEnd[s - 1]!;
  }

  readsEnd(s: number): number {
    return this.#readsEnd[s]!;
  }

  /** The lines of statements `from` to `to - 1`, joined by line breaks. */
  text(from: number, to: number): string {
    if (from >= to) return '';
    this.#flush();
    const block = this.#block[from]!;
    // Most runs lie in one block (chunk.ts asks for one statement at a time): a slice of it.
    if (this.#block[to - 1] === block)
      return this.#blocks[block]!.slice(this.#start[from], this.#end[to - 1]);
    const pieces: string[] = [];
    for (let s = from; s < to;) {
      const block = this.#block[s]!;
      let last = s;
      while (last + 1 < to && this.#block[last + 1] === block) last++;
      pieces.push(this.#blocks[block]!.slice(this.#start[s], this.#end[last]));
      s = last + 1;
    }
    return pieces.join('\n');
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    this.#blocks.push(this.#pending.join('\n'));
    this.#pending = [];
    this.#pendingLength = 0;
  }

  #grow(): void {
    const size = 2 * this.#local.length;
    this.#local = grown(this.#local, size);
    this.#cost = grown(this.#cost, size);
    this.#flags = grown(this.#flags, size);
    this.#readsEnd = grown(this.#readsEnd, size);
    this.#block = grown(this.#block, size);
    this.#start = grown(this.#start, size);
    this.#end = grown(this.#end, size);
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, size: number): T {
  const copy = new (array.constructor as new (size: number) => T)(size);
  copy.set(array);
  return copy;
}
