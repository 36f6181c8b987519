/**
 * Comments: a JSDoc block per exported function that quotes its ddx source and says what the
 * calling convention expects. Source text is never trusted inside a comment: `*\/` and line
 * terminators are neutralised, so nothing a name contains can end the comment early.
 *
 * What the generator writes itself is ASCII (`...`, not `…`): V8 stores a string with one
 * character outside Latin-1 at two bytes per character, so a single `…` in a doc comment doubled
 * a 25 MB module to 50 MB and made its final join about twice as slow.
 */
import type { FunctionDef } from '@ddx/ast';
import type { Role, Signature } from './abi.js';
import { abiNames } from './names.js';
import { quoteFunction } from './quote.js';

/** Quoted sources longer than this many lines are shortened. */
const maxQuotedLines = 24;
/** Quoted lines wider than this are cut (with the ` * ` before them, they fit 100 columns). */
const maxQuotedWidth = 97;

export interface DocRequest {
  readonly role: Role;
  /** The user's function the emitted one comes from. */
  readonly source: FunctionDef;
  /** The function emitted (the source itself, or its derivative program). */
  readonly def: FunctionDef;
  readonly wrt: readonly string[];
  readonly signature: Signature;
  readonly functionName: string;
}

/** Text safe inside a block comment and on one line. */
export function commentSafe(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/[\r\n\u2028\u2029]/g, ' ');
}

/** The JSDoc block (lines, no indentation). */
export function docComment(request: DocRequest): string[] {
  const lines = [
    ...summary(request),
    ...quotedSource(request.source),
    ...renamed(request),
    ...tags(request),
  ];
  return ['/**', ...lines.map((line) => (line === '' ? ' *' : ` * ${commentSafe(line)}`)), ' */'];
}

function summary({ role, source, wrt, signature }: DocRequest): string[] {
  const name = source.name || 'f';
  const respect = wrt.length === 0 ? 'no parameter' : nameList(wrt);
  switch (role) {
    case 'value':
      return [];
    case 'gradient': {
      const shape =
        signature.results.kind === 'object'
          ? ` Returns \`{ value, ${nameList(wrt, 4)} }\`.`
          : signature.results.kind === 'tuple'
            ? ` Returns \`[value, d${name}/d${wrt[0] ?? '...'}, ...]\`.`
            : '';
      return [
        ...wrap(`The value of ${name} and its gradient with respect to ${respect}.${shape}`),
        '',
      ];
    }
    case 'hessian':
      return [...wrap(`The Hessian of ${name} with respect to ${respect}, row-major.`), ''];
  }
}

/** Prose cut into lines that fit the print width inside ` * `. */
function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/**
 * A note when the export's name is not the ddx name (mangled: `then` is `$then`), so a reader of
 * the `.d.ts` finds the function they named.
 */
function renamed({ def, functionName }: DocRequest): string[] {
  const name = def.name || 'f';
  if (functionName === name) return [];
  const note = `Exported as \`${functionName}\`: the ddx name \`${name}\` is mangled (README, "Names").`;
  return ['', note.length > maxQuotedWidth ? cut(note) : note];
}

function quotedSource(fn: FunctionDef): string[] {
  // Two UTF-16 units per code point at most: a line printed up to this many units is either
  // whole or longer than the cut, and the cut is the same as of the line printed in full.
  const lines = quoteFunction(fn, 2 * (maxQuotedWidth + 1), maxQuotedLines - 3);
  return lines.map((line) => ([...line].length > maxQuotedWidth ? cut(line) : line));
}

function cut(line: string): string {
  return `${[...line].slice(0, maxQuotedWidth - ellipsis.length).join('')}${ellipsis}`;
}

/** The end of a cut line (ASCII: see the top of the file). */
const ellipsis = ' ...';

function tags({ role, source, wrt, signature }: DocRequest): string[] {
  if (signature.abi !== 'arrays' || !signature.split) return [];
  const name = source.name || 'f';
  const { params, inputs } = signature.split;
  const lines = [
    '',
    `@param {Float64Array} ${abiNames.params} ${describe(params)}`,
    `@param {Float64Array} ${abiNames.inputs} ${describe(inputs)}`,
  ];
  const results = signature.results;
  if (results.kind === 'out') {
    const written =
      role === 'gradient'
        ? `d${name}/d${abiNames.params}[i] in out[i]`
        : role === 'hessian'
          ? `the ${wrt.length} × ${wrt.length} entries, row-major`
          : source.results.length === 2
            ? 'the second result in out[0]'
            : `results 2 to ${source.results.length} in out[0], out[1], ...`;
    lines.push(`@param {Float64Array} ${abiNames.out} receives ${written}`);
  }
  if (!(results.kind === 'out' && results.skip === 0)) {
    lines.push(`@returns {number} the value of ${name}`);
  }
  return lines;
}

function describe(names: readonly string[]): string {
  return names.length === 0 ? '(empty)' : nameList(names);
}

/** `a, b, c`, or `a, b, ..., z (433 values)` for long lists. */
export function nameList(names: readonly string[], keep = 8): string {
  if (names.length <= keep + 3) return names.join(', ');
  const head = names.slice(0, keep).join(', ');
  const tail = names.slice(-2).join(', ');
  return `${head}, ..., ${tail} (${names.length} values)`;
}
