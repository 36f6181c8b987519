/**
 * Names to small integers, for a function's parameters and bindings (the lowerings' scopes). The
 * number of names is known up front, so the table is one `Int32Array` (open addressing, at most
 * half full) allocated once. A `Map` grows by rebuilding its table, each time twice the size: a
 * 10^5-node gradient's map of 1.5 * 10^5 names went through ~15 MB of tables, and on these
 * machines every fresh page costs a page fault (~10 µs), more than the lookups themselves.
 */
export class NameTable {
  /** Entry index + 1 per slot, 0 for an empty slot. */
  readonly #slots: Int32Array;
  readonly #names: string[];
  #count = 0;
  readonly #values: Int32Array;

  /** A table for up to `capacity` names. */
  constructor(capacity: number) {
    let size = 16;
    while (size < 2 * capacity) size *= 2;
    this.#slots = new Int32Array(size);
    this.#names = new Array<string>(capacity);
    this.#values = new Int32Array(capacity);
  }

  /** Adds `name` with `value`; false, changing nothing, if the name is in the table already. */
  add(name: string, value: number): boolean {
    const slot = this.#find(name);
    if (this.#slots[slot] !== 0) return false;
    const entry = this.#count++;
    if (entry === this.#values.length) throw new Error('internal: NameTable is full');
    this.#names[entry] = name;
    this.#values[entry] = value;
    this.#slots[slot] = entry + 1;
    return true;
  }

  /** Sets `name` to `value`, adding it if it is not in the table. */
  set(name: string, value: number): void {
    const slot = this.#find(name);
    const entry = this.#slots[slot]! - 1;
    if (entry >= 0) this.#values[entry] = value;
    else this.add(name, value);
  }

  /** Whether `name` is in the table. */
  has(name: string): boolean {
    return this.#slots[this.#find(name)] !== 0;
  }

  /** How many names the table holds. */
  get size(): number {
    return this.#count;
  }

  /** The value of `name`, or undefined. */
  get(name: string): number | undefined {
    const entry = this.#slots[this.#find(name)]! - 1;
    return entry < 0 ? undefined : this.#values[entry];
  }

  /** The slot holding `name`, or the empty slot where it would go (linear probing). */
  #find(name: string): number {
    const mask = this.#slots.length - 1;
    for (let slot = hash(name) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.#slots[slot]! - 1;
      if (entry < 0 || this.#names[entry] === name) return slot;
    }
  }
}

/** FNV-1a over the UTF-16 units, its high bits folded into the low ones the table uses. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    h = Math.imul(h ^ text.charCodeAt(index), 0x01000193);
  }
  return (h ^ (h >>> 15)) >>> 0;
}
