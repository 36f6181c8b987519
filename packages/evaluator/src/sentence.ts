/**
 * Each row in the lecture's words: "if w goes up by ε and J goes up by k·ε, then dJ/dw = k".
 * The arbitrary numbers of a method (a default ε, the change it causes) get 4 significant
 * digits; the facts (k, the symbolic value, the lecture's forward differences) get 10.
 */
import { formatNumber } from './numbers.js';
import type { CheckRow } from './report-types.js';
import type { Method } from './tolerance.js';

export type RowFacts = Omit<CheckRow, 'sentence'>;

/** What made a row not differentiable, when it is. */
export type Irregularity = 'kink' | 'jump' | undefined;

const brief = (x: number): string => formatNumber(x, 4);
const full = (x: number): string => formatNumber(x, 10);

export function sentenceFor(row: RowFacts, method: Method, irregularity: Irregularity): string {
  const d = `d${row.result}/d${row.parameter}`;
  switch (row.verdict) {
    case 'non-finite':
      return `${row.result} = ${full(row.value)}, k = ${full(row.numeric)}, symbolic ${d} = ${full(row.symbolic)} at ${row.parameter} = ${full(row.at)}: not finite, nothing to compare`;
    case 'not-differentiable':
      return notDifferentiable(row, d, irregularity, method === 'forward' ? full : brief);
    case 'ok':
      return `${experiment(row, method)}; ${d} = ${full(row.symbolic)}`;
    case 'mismatch':
      return `${experiment(row, method)}; symbolic ${d} = ${full(row.symbolic)} — MISMATCH`;
  }
}

/** "w ↑ 0.001 ⇒ J ↑ 0.006001 ≈ 6.001 × ε", as the method saw it. */
function experiment(row: RowFacts, method: Method): string {
  const { parameter: p, result: J } = row;
  const k = full(row.numeric);
  switch (method) {
    case 'forward':
      return `${p} ↑ ${brief(row.eps)} ⇒ ${J} ↑ ${full(row.valuePlus - row.value)} ≈ ${k} × ε`;
    case 'central':
      return `${p} ± ${brief(row.eps)} ⇒ ${J} ± ${brief((row.valuePlus - row.valueMinus) / 2)} ≈ ${k} × ε`;
    case 'dual':
      return `${p} ↑ ε ⇒ ${J} ↑ ${k} × ε to first order (dual numbers)`;
  }
}

function notDifferentiable(
  row: RowFacts,
  d: string,
  irregularity: Irregularity,
  change: (x: number) => string,
): string {
  const { parameter: p, result: J } = row;
  const eps = brief(row.eps);
  const right = `${p} ↑ ${eps} ⇒ ${J} ↑ ${change(row.valuePlus - row.value)} (slope ${full(row.sides.forward)})`;
  const left = `${p} ↓ ${eps} ⇒ ${J} ↑ ${change(row.valueMinus - row.value)} (slope ${full(row.sides.backward)})`;
  const what = irregularity === 'jump' ? `${J} jumps here` : 'the slopes differ';
  return `${right}; ${left}: ${what}, not differentiable here (symbolic ${d} = ${full(row.symbolic)})`;
}
