/**
 * Evaluates a flat syntax tree (match.js) bottom-up with a table of semantic actions, the way
 * an ohm Semantics would, but with a value stack instead of recursion: a statement nested
 * 10,000 deep costs no JavaScript stack here.
 *
 * Each node becomes a `Syntax`: the value its action returned and the node's source span.
 * - a lexical rule (token) is a leaf whose value is its text, or `actions[rule](span, text)`;
 * - an iteration's value is the list of its children's `Syntax`;
 * - a rule with an action gets `(span, ...children)`; a rule without one must have exactly one
 *   child, which passes through unchanged (so `Expr -> Cond -> Cmp -> ...` chains cost nothing).
 */
import type { Span } from '@ddx/ast';
import { FIELDS, ITERATION, TERMINAL, ruleNames } from './match.js';

export interface Syntax {
  readonly value: unknown;
  readonly span: Span;
}

export type RuleAction = (span: Span, ...children: Syntax[]) => unknown;
export type TokenAction = (span: Span, text: string) => unknown;

export interface Actions {
  readonly rules: Readonly<Record<string, RuleAction>>;
  readonly tokens: Readonly<Record<string, TokenAction>>;
}

interface RuleInfo {
  readonly name: string;
  readonly lexical: boolean;
}

const rules: readonly RuleInfo[] = ruleNames.map((name) => ({
  name,
  lexical: name[0] === name[0]!.toLowerCase(),
}));

/** Evaluates the tree in `entries[from, to)` (integer offsets) and returns its root. */
export function evaluate(
  entries: Int32Array,
  from: number,
  to: number,
  source: string,
  actions: Actions,
): Syntax {
  const stack: Syntax[] = [];
  for (let at = from; at < to; at += FIELDS) {
    const kind = entries[at]!;
    const count = entries[at + 3]!;
    if (
      kind >= 0 &&
      count === 1 &&
      !rules[kind]!.lexical &&
      !(rules[kind]!.name in actions.rules)
    ) {
      continue; // a chain rule: its only child, already on the stack, stands for it
    }
    const span: Span = { start: entries[at + 1]!, end: entries[at + 2]! };
    if (kind === TERMINAL) {
      stack.push({ value: undefined, span });
    } else if (kind === ITERATION) {
      stack.push({ value: stack.splice(stack.length - count, count), span });
    } else {
      stack.push(reduce(rules[kind]!, span, stack, count, source, actions));
    }
  }
  if (stack.length !== 1) throw new Error(`malformed syntax tree: ${stack.length} roots`);
  return stack[0]!;
}

function reduce(
  rule: RuleInfo,
  span: Span,
  stack: Syntax[],
  count: number,
  source: string,
  actions: Actions,
): Syntax {
  if (rule.lexical) {
    const text = source.slice(span.start, span.end);
    const token = actions.tokens[rule.name];
    return { value: token ? token(span, text) : text, span };
  }
  const action = actions.rules[rule.name];
  if (action === undefined) {
    throw new Error(`no semantic action for ${rule.name} (${count} children)`);
  }
  const children = stack.splice(stack.length - count, count);
  return { value: action(span, ...children), span };
}
