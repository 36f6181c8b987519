/**
 * The command line's own limits (README, "Limits"), on top of the parser's. Like those, each
 * is a `limit` error (exit status 2) that names it, raised before the work starts.
 */

/**
 * The deepest nesting `--json` writes. JSON.stringify recurses (it overflows the stack a few
 * thousand levels down) and indents every level, so a tree N deep is O(N²) characters; a sum of
 * N terms is a syntax tree N deep.
 */
export const maxJsonDepth = 2000;

/**
 * The most nodes (parameters, bindings and results) `ddx graph` lays out as SVG. Graphviz's
 * layout time grows steeply: 200 nodes take about 2 s, 300 about 9 s, 500 half a minute, and
 * 2,000 exhaust its WebAssembly memory. DOT and Mermaid output have no limit of their own.
 */
export const maxSvgNodes = 300;

/**
 * The most entries `ddx gen --hessian` generates: n parameters give n² (3,000 dense ones took
 * 30 s and 2.8 GB). 4·10^6 is 2,000 parameters; choose fewer with --wrt.
 */
export const maxHessianEntries = 4_000_000;

/**
 * Bytes read from a file or standard input. UTF-8 takes at most 3 bytes per UTF-16 code unit,
 * so more than three times the parser's `maxSourceLength` cannot be within it: reading stops
 * there, and the parser reports the source as too long, pointing past its limit.
 */
export const readLimitBytes = (maxSourceLength: number): number => 3 * maxSourceLength + 4;

export const count = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
