/**
 * The `.d.ts` text: one typed `export declare function` per exported function, with the same
 * JSDoc, laid out as prettier (parser `typescript`) lays it out.
 */
import type { ResultLayout, Signature } from './abi.js';
import { indent, printWidth } from './body.js';
import { textWidth } from './js-tree.js';
import { isPropertyName } from './names.js';
import { quote } from './results.js';

/** Tuples longer than this are typed `number[]`. */
const maxTupleType = 8;

export interface DeclarationRequest {
  readonly jsName: string;
  readonly signature: Signature;
  readonly doc: readonly string[];
}

export function declareFunction({ jsName, signature, doc }: DeclarationRequest): string {
  const params = signature.entryParams.map(
    (name) => `${name}: ${signature.abi === 'arrays' ? 'Float64Array' : 'number'}`,
  );
  const head = `export declare function ${jsName}(`;
  const result = resultType(signature.results);
  const flat = `${head}${params.join(', ')}): ${result[0]}`;
  let lines: string[];
  if (result.length === 1 && textWidth(flat) + 1 <= printWidth) {
    lines = [flat];
  } else if (params.length <= 1 && textWidth(flat) <= printWidth) {
    // prettier keeps a lone parameter on the line of an expanded object type ("hugging").
    lines = [flat, ...result.slice(1)];
  } else {
    lines = [head, ...params.map((p) => `${indent}${p},`), `): ${result[0]}`, ...result.slice(1)];
  }
  lines[lines.length - 1] += ';';
  return [...doc, ...lines].join('\n');
}

/** The result type, as lines (an object type is always one property per line). */
function resultType(layout: ResultLayout): string[] {
  switch (layout.kind) {
    case 'single':
      return ['number'];
    case 'out':
      return [layout.skip === 1 ? 'number' : 'void'];
    case 'tuple':
      return [tupleType(layout.count)];
    case 'object':
      return ['{', ...layout.keys.map((key) => `${indent}${typeKey(key)}: number;`), '}'];
  }
}

/** A tuple type for `count` results. */
function tupleType(count: number): string {
  return count <= maxTupleType ? `[${Array(count).fill('number').join(', ')}]` : 'number[]';
}

function typeKey(key: string): string {
  return isPropertyName(key) ? key : quote(key);
}
