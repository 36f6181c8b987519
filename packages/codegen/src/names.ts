/**
 * ddx names to JavaScript identifiers. The one rule (documented in the README):
 *
 * - a name is kept as it is when it is a JavaScript identifier made of Unicode ID_Start /
 *   ID_Continue characters (so `w1`, `θ`, `constructor`, `__proto__` stay), is not in the deny-list
 *   below, and does not start with `ddx_` (the prefix of everything the generator adds);
 * - every other name becomes `$` followed by its characters, each character that is not
 *   ID_Continue written as `$<hex code point>$`: `return` → `$return`, `a b` → `$a$20$b`.
 *
 * ddx names never contain `$`, and every mangled name starts with `$` and decodes uniquely, so the
 * map is injective: two different ddx names never meet in JavaScript.
 */

const reservedWords = [
  // ECMAScript keywords and literals
  'break case catch class const continue debugger default delete do else enum export extends',
  'false finally for function if import in instanceof new null return super switch this throw',
  'true try typeof var void while with yield',
  // reserved in strict mode and in modules (generated code is both)
  'let static implements interface package private protected public await',
  // cannot be bound in strict mode
  'eval arguments',
  // a module exporting `then` is a thenable: `await import()` of it would call it and hang
  'then',
];

/** Globals the generated code reads, or that a reader would take for the global. */
const globalNames = [
  'undefined NaN Infinity globalThis Math Function Object Array Number Float64Array',
];

/** Names of the array calling convention's own parameters and of the chunk scratch buffer. */
export const abiNames = {
  params: 'params',
  inputs: 'inputs',
  out: 'out',
  scratch: 'scratch',
} as const;

const denied: ReadonlySet<string> = new Set(
  [...reservedWords, ...globalNames, Object.values(abiNames).join(' ')].join(' ').split(' '),
);

/** The prefix of every module-level name the generator adds (helpers, chunks, scratch buffers). */
export const generatedPrefix = 'ddx_';

const plainIdentifier = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const identifierPart = /^\p{ID_Continue}$/u;

/** Whether `name` may stand in JavaScript as it is. */
export function isKeptName(name: string): boolean {
  return isPlainIdentifier(name) && !denied.has(name) && !name.startsWith(generatedPrefix);
}

/** `plainIdentifier.test(name)`, without the regular expression for ASCII names (most of them). */
function isPlainIdentifier(name: string): boolean {
  if (name.length === 0) return false;
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index);
    if (code >= 128) return plainIdentifier.test(name);
    const letter = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
    if (!letter && !(index > 0 && code >= 48 && code <= 57)) return false;
  }
  return true;
}

/** The JavaScript identifier for a ddx name (see the rule above). Deterministic and injective. */
export function jsIdentifier(name: string): string {
  return isKeptName(name) ? name : mangle(name);
}

/**
 * The identifier of a local (parameter or binding), renamed apart from every module-level name
 * (`moduleNames`: the exported functions; helpers, chunks and scratch buffers start with `ddx_`,
 * which no local does):
 *
 * - a kept name stays, unless a function has that name: then it is mangled (`f` → `$f`);
 * - a mangled name stays, unless a function has that name too (the function's ddx name is the
 *   same, e.g. `eval` → `$eval` for both): then it takes a closing `$` (`$eval$`).
 *
 * A `$` at the very end never ends a mangled name (an escape is `$<hex>$`, so a trailing `$`
 * would open an escape that never closes), so `$eval$` is no function's, helper's or other
 * local's name; and it is still injective over ddx names.
 */
export function jsLocalName(name: string, moduleNames: ReadonlySet<string>): string {
  if (isKeptName(name) && !moduleNames.has(name)) return name;
  const mangled = mangle(name);
  return moduleNames.has(mangled) ? `${mangled}$` : mangled;
}

function mangle(name: string): string {
  let out = '$';
  for (const char of name) {
    out += identifierPart.test(char) ? char : `$${char.codePointAt(0)!.toString(16)}$`;
  }
  return out;
}

/** Whether `key` can be written unquoted as a property name (reserved words can). */
export function isPropertyName(key: string): boolean {
  return /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(key);
}

/**
 * Hands out fresh names that collide with nothing taken: `preferred`, then `preferred_2`, ...
 * Temporaries are `t1`, `t2`, ..., skipping taken names. Besides the names it was given or gave
 * out, `alsoTaken` may answer for a large set it need not copy (a function's locals).
 */
export class NameSupply {
  readonly #taken: Set<string>;
  readonly #alsoTaken: (name: string) => boolean;
  #counter = 0;

  constructor(taken: Iterable<string> = [], alsoTaken: (name: string) => boolean = () => false) {
    this.#taken = new Set(taken);
    this.#alsoTaken = alsoTaken;
  }

  has(name: string): boolean {
    return this.#taken.has(name) || this.#alsoTaken(name);
  }

  take(name: string): void {
    this.#taken.add(name);
  }

  claim(preferred: string): string {
    let name = preferred;
    for (let suffix = 2; this.has(name); suffix++) name = `${preferred}_${suffix}`;
    this.#taken.add(name);
    return name;
  }

  temporary(): string {
    let name: string;
    do name = `t${++this.#counter}`;
    while (this.has(name));
    this.#taken.add(name);
    return name;
  }
}
