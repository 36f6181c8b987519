/**
 * Module text made of blocks. A large function's chunks are hundreds of strings (one per chunk,
 * chunk.ts); they are joined once, with the rest of the module, instead of into a text of their
 * own first (a 10^5-node gradient's chunks are megabytes, which would be copied twice).
 */

/** A block of module text: a string, or pieces to be joined as they are. */
export type Block = string | { readonly pieces: readonly string[] };

/** The blocks, `separator` between them, then `end`, as one string. */
export function joinBlocks(blocks: readonly Block[], separator: string, end = ''): string {
  // Into an array of the final length, not pushed one by one (growing the array).
  let count = blocks.length + 1;
  for (const block of blocks) if (typeof block !== 'string') count += block.pieces.length;
  const all = new Array<string>(count);
  let next = 0;
  blocks.forEach((block, index) => {
    all[next++] = index > 0 ? separator : '';
    if (typeof block === 'string') all[next++] = block;
    else for (const piece of block.pieces) all[next++] = piece;
  });
  all[next++] = end;
  all.length = next;
  return all.join('');
}
