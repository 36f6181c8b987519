// Sizes: 10,000 levels of nesting of every shape (parsed by the direct parser, without ohm), a
// sum of 100,000 terms, a program of 100,000 bindings, and the nesting limit. Expected values
// are computed with loops and `fold`, never by recursion.
import { beforeAll, describe, expect, it } from 'vitest';
import { depthOf, type Expression, type Program } from '@ddx/ast';
import { maxNesting, parse, parseExpression, parseWithDiagnostics } from '@ddx/parser';

const levels = 10_000;
const chain = 3_000;
const nest = (open: string, inner: string, close: string): string =>
  open.repeat(levels) + inner + close.repeat(levels);

describe('deep nesting', () => {
  const shapes = {
    parentheses: [nest('(', 'x', ')'), 1],
    calls: [nest('sin(', 'x', ')'), levels + 1],
    negations: [nest('-(', 'x', ')'), levels + 1],
    'right-nested sums': [nest('1+(', 'x', ')'), levels + 1],
    // Chains without parentheses overflow ohm's stack in this thread; 3,000 levels (ten times
    // what it takes) show that they go to the direct parser too.
    signs: ['-'.repeat(chain) + 'x', chain + 1],
    powers: ['x^'.repeat(chain) + 'x', chain + 1],
    conditionals: ['x ? 1 : '.repeat(chain) + 'x', chain + 1],
  } as const;
  const names = Object.keys(shapes) as (keyof typeof shapes)[];
  const source = names.map((name, index) => `f${index}(x) = ${shapes[name][0]}`).join('\n');
  let parsed: Program;
  let seconds = 0;
  beforeAll(() => {
    const started = performance.now();
    parsed = parse(source);
    seconds = (performance.now() - started) / 1000;
  }, 60_000);

  it.each(names)('parses deeply nested %s', (name) => {
    const result: Expression = parsed.functions[names.indexOf(name)]!.results[0]!;
    expect(depthOf(result)).toBe(shapes[name][1]);
  });

  it('does so in seconds', () => {
    // The direct parser needs no worker: well under a second on an idle 2-core machine.
    expect(seconds).toBeLessThan(10);
  });

  it(`rejects parentheses nested deeper than ${maxNesting} with a limit error`, () => {
    const tooDeep = `f(x) = ${'('.repeat(maxNesting + 1)}x${')'.repeat(maxNesting + 1)}`;
    const { errors } = parseWithDiagnostics(tooDeep);
    expect(errors.map((error) => error.code)).toEqual(['limit']);
    expect(errors[0]!.message).toContain(
      `the limit is ${maxNesting.toLocaleString('en-US')} (maxNesting)`,
    );
  });
});

describe('long and many', () => {
  it('parses a sum of 100,000 terms into a left-deep tree', () => {
    const terms = Array.from({ length: 100_000 }, (_, index) => `x${index % 10}`);
    const sum = parseExpression(terms.join(' + ')).functions[0]!.results[0]!;
    expect(depthOf(sum)).toBe(100_000);
    let node: Expression = sum;
    let count = 1;
    while (node.kind === 'Binary') {
      expect(node.operator).toBe('+');
      node = node.left;
      count++;
    }
    expect(count).toBe(100_000);
    expect(node).toMatchObject({ kind: 'Identifier', name: 'x0' });
  });

  it('parses a program of 100,000 bindings', () => {
    const lines = ['f(x, w) {', '  t0 = x * w'];
    for (let index = 1; index < 100_000; index++) {
      lines.push(
        index % 3
          ? `  t${index} = t${index - 1} * w + ${index}`
          : `  t${index} = sin(t${index - 1})`,
      );
    }
    lines.push('  return t99999', '}');
    const parsed = parse(lines.join('\n'));
    expect(parsed.functions[0]!.body).toHaveLength(100_000);
    expect(parsed.functions[0]!.body[99_999]!.nameSpan).toBeDefined();
  });
});
