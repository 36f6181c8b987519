/**
 * Module text made of blocks. A large function's chunks are hundreds of thousands of small
 * pieces; they are joined once, with the rest of the module, instead of into a text of their own
 * first (a 10^5-node gradient's chunks are megabytes, which would be copied twice).
 */

/** A block of module text: a string, or pieces to be joined as they are. */
export type Block = string | { readonly pieces: readonly string[] };

/** The blocks, `separator` between them, then `end`, as one string. */
export function joinBlocks(blocks: readonly Block[], separator: string, end = ''): string {
  const pieces: string[] = [];
  blocks.forEach((block, index) => {
    if (index > 0) pieces.push(separator);
    if (typeof block === 'string') pieces.push(block);
    else for (const piece of block.pieces) pieces.push(piece);
  });
  pieces.push(end);
  return pieces.join('');
}
