/**
 * How results leave a function: `return r;`, `return [a, b];`, `return { value, w1 };` or
 * `out[i] = r;`. Arrays and objects are laid out as prettier lays them out (one line when an
 * array fits, else one element per line, or filled lines for all-number arrays; objects always
 * one property per line, which prettier keeps), so the output needs no formatting pass.
 */
import type { ResultLayout } from './abi.js';
import { indent, printWidth, type Body } from './body.js';
import { isNumeric, textWidth, type JsExpression } from './js-tree.js';
import { abiNames, isPropertyName } from './names.js';

/** The return statement (lines with their indentation) and the locals it reads. */
export interface ReturnCode {
  readonly lines: readonly string[];
  /** Local ids, in order of first appearance. */
  readonly uses: readonly number[];
}

const nested = indent + indent;

export function emitResults(
  results: readonly JsExpression[],
  layout: ResultLayout,
  body: Body,
  /** `out` indices written already (inside rerolled loops). */
  stored: ReadonlySet<number> = new Set(),
): ReturnCode {
  switch (layout.kind) {
    case 'single':
      return returnSingle(results[0]!, body);
    case 'out':
      results.slice(layout.skip).forEach((result, index) => {
        if (!stored.has(index)) body.assign(`${abiNames.out}[${index}]`, result);
      });
      return layout.skip === 1 ? returnSingle(results[0]!, body) : { lines: [], uses: [] };
    case 'tuple':
      return returnArray(results, body);
    case 'object':
      return returnObject(results, layout.keys, body);
  }
}

function returnSingle(result: JsExpression, body: Body): ReturnCode {
  const value = body.fit(result, indent.length + 'return '.length, 1);
  return { lines: [`${indent}return ${value.text};`], uses: readsOf([value], body) };
}

function returnArray(results: readonly JsExpression[], body: Body): ReturnCode {
  const flat = results.reduce((sum, r) => sum + r.width, 2 * (results.length - 1));
  if (indent.length + 'return ['.length + flat + '];'.length <= printWidth) {
    return {
      lines: [`${indent}return [${results.map((r) => r.text).join(', ')}];`],
      uses: readsOf(results, body),
    };
  }
  const elements = results.map((r) => body.fit(r, nested.length, 1));
  const inner = elements.every(isNumeric)
    ? fillLines(elements.map((e) => e.text))
    : elements.map((e) => `${nested}${e.text},`);
  return { lines: [`${indent}return [`, ...inner, `${indent}];`], uses: readsOf(elements, body) };
}

/** The distinct locals that `values` read, in order of first appearance. */
function readsOf(values: readonly JsExpression[], body: Body): number[] {
  const reads = new Set<number>();
  for (const value of values) for (const local of body.locals.readsList(value)) reads.add(local);
  return [...reads];
}

/**
 * prettier's fill for arrays of numbers: as many elements on a line as fit (the separating comma
 * counted), a trailing comma after the last.
 */
function fillLines(texts: readonly string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const text of texts) {
    const candidate = line === '' ? `${nested}${text},` : `${line} ${text},`;
    if (line !== '' && textWidth(candidate) > printWidth) {
      lines.push(line);
      line = `${nested}${text},`;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines;
}

function returnObject(
  results: readonly JsExpression[],
  keys: readonly string[],
  body: Body,
): ReturnCode {
  const values = results.map((result, index) => {
    const key = propertyKey(keys[index]!);
    const value = body.fit(result, nested.length + textWidth(key) + 2, 1);
    return { key, value };
  });
  return {
    lines: [
      `${indent}return {`,
      ...values.map(({ key, value }) => `${nested}${key}: ${value.text},`),
      `${indent}};`,
    ],
    uses: readsOf(
      values.map(({ value }) => value),
      body,
    ),
  };
}

/**
 * A property name that defines an own data property: `__proto__` written plainly (or quoted)
 * would set the object's prototype instead, so it is computed: `['__proto__']`.
 */
export function propertyKey(key: string): string {
  if (key === '__proto__') return `['__proto__']`;
  return isPropertyName(key) ? key : quote(key);
}

/** A single-quoted string literal that holds exactly `text`, whatever it contains. */
export function quote(text: string): string {
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const printable = code >= 0x20 && code !== 0x7f && !(code >= 0x2028 && code <= 0x2029);
    if (char === "'" || char === '\\') out += `\\${char}`;
    else if (printable && !(code >= 0xd800 && code <= 0xdfff)) out += char;
    else out += `\\u{${code.toString(16)}}`;
  }
  return `${out}'`;
}
