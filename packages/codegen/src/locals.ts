/**
 * The locals of one generated function — parameters, bindings, temporaries, loop variables — by
 * integer id. Statements record the ids they read and define, so the chunker's bookkeeping over
 * 10^5 statements is arrays indexed by id rather than maps keyed by name.
 */
import { localAtom, textWidth, type JsExpression } from './js-tree.js';
import type { NameSupply } from './names.js';

export class Locals {
  /** The JavaScript name of each local, by id. */
  readonly names: string[] = [];
  /** The width of each name (`textWidth`), measured once. */
  #widths = new Int32Array(64);
  readonly #supply: NameSupply;
  /** `readsOf`'s output. */
  readBuffer = new Int32Array(64);
  /** `readsOf`'s scratch: the pass that last saw each local, and its walk stack. */
  #seen = new Int32Array(256);
  #pass = 0;
  readonly #stack: JsExpression[] = [];

  constructor(supply: NameSupply) {
    this.#supply = supply;
  }

  get count(): number {
    return this.names.length;
  }

  /** A new local under a name already taken from the supply. */
  add(name: string): number {
    const local = this.names.length;
    this.names.push(name);
    if (local === this.#widths.length) this.#widths = grown(this.#widths, 2 * local);
    this.#widths[local] = textWidth(name);
    return local;
  }

  /** The printed width of local `id`'s name. */
  width(id: number): number {
    return this.#widths[id]!;
  }

  /** A new local named `t1`, `t2`, ... (whichever is free). */
  temporary(): number {
    return this.add(this.#supply.temporary());
  }

  /** A new local named `preferred`, or `preferred_2`, ... when that is taken. */
  claim(preferred: string): number {
    return this.add(this.#supply.claim(preferred));
  }

  /** The expression that reads local `id` (a new one each time: it lives as long as its user). */
  read(id: number): JsExpression {
    return localAtom(this.names[id]!, this.#widths[id]!, id);
  }

  /**
   * The distinct locals `value` reads, in order of first appearance in its text: their number;
   * the locals are `readBuffer[0, number)` (valid until the next call).
   */
  readsOf(value: JsExpression): number {
    if (value.kind === 'atom') {
      if (value.local < 0) return 0;
      this.readBuffer[0] = value.local;
      return 1;
    }
    if (this.#seen.length < this.names.length)
      this.#seen = grown(this.#seen, 2 * this.names.length);
    const pass = ++this.#pass;
    const stack = this.#stack;
    let count = 0;
    stack.push(value);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.local >= 0) {
        if (this.#seen[node.local] !== pass) {
          this.#seen[node.local] = pass;
          if (count === this.readBuffer.length) this.readBuffer = grown(this.readBuffer, 2 * count);
          this.readBuffer[count++] = node.local;
        }
        continue;
      }
      if (node.third) stack.push(node.third);
      if (node.second) stack.push(node.second);
      if (node.first) stack.push(node.first);
      const args = node.args;
      for (let index = args.length - 1; index >= 0; index--) stack.push(args[index]!);
    }
    return count;
  }

  /** `readsOf` as an array of its own. */
  readsList(value: JsExpression): number[] {
    return Array.from(this.readBuffer.subarray(0, this.readsOf(value)));
  }
}

function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(size);
  copy.set(array);
  return copy;
}
