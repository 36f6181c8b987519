// The shared generators keep their promises: valid programs (checked here by a small scope and
// arity checker written from LANGUAGE.md, not by the parser), every node kind, builtin and arity
// reached, the name styles and counts asked for, and decorated text that only adds layout.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue, postorder, type Expression, type FunctionDef, type Program } from '@ddx/ast';
import {
  anyFunction,
  anyProgram,
  decorate,
  javascriptNames,
  mutate,
  programArbitrary,
  smoothFunction,
  tokenSoup,
  variedNames,
} from '@ddx/workloads';

/** Every problem LANGUAGE.md names: unbound names, rebinding, bad arities, later callees. */
function problemsOf(program: Program): string[] {
  const problems: string[] = [];
  const earlier = new Map<string, FunctionDef>();
  for (const fn of program.functions) {
    const scope = new Set<string>();
    const bind = (name: string) => {
      if (scope.has(name) || name === 'pi' || name === 'e')
        problems.push(`${fn.name}: ${name} twice`);
      scope.add(name);
    };
    const check = (expression: Expression) => {
      for (const node of postorder([expression])) {
        if (node.kind === 'Identifier' && !scope.has(node.name)) {
          problems.push(`${fn.name}: ${node.name} unbound`);
        }
        if (node.kind !== 'Call') continue;
        const callee = earlier.get(node.callee);
        const builtin = catalogue.get(node.callee);
        if (callee) {
          if (callee.results.length !== 1) problems.push(`${node.callee} has several results`);
          if (callee.params.length !== node.args.length) problems.push(`${node.callee} arity`);
        } else if (builtin) {
          const n = node.args.length;
          if (n < builtin.minArity || n > builtin.maxArity) problems.push(`${node.callee} arity`);
        } else {
          problems.push(`${node.callee} unknown`);
        }
      }
    };
    fn.params.forEach(bind);
    for (const { name, value } of fn.body) {
      check(value);
      bind(name);
    }
    fn.results.forEach(check);
    if (fn.results.length === 0) problems.push(`${fn.name} returns nothing`);
    if (earlier.has(fn.name)) problems.push(`${fn.name} defined twice`);
    earlier.set(fn.name, fn);
  }
  return problems;
}

const nodesOf = (program: Program) =>
  postorder(program.functions.flatMap((fn) => [...fn.body.map((b) => b.value), ...fn.results]));

describe('programArbitrary', () => {
  it.each([
    ['anyProgram', anyProgram],
    ['javascript names', programArbitrary({ names: 'javascript' })],
    ['javascript names, shadowing', programArbitrary({ names: 'javascript', shadowing: true })],
    ['smooth', smoothFunction()],
    ['piecewise, several functions', anyFunction(undefined, { functions: { min: 1, max: 3 } })],
  ] as const)('%s: valid programs', (_, programs) => {
    fc.assert(
      fc.property(programs, (program) => {
        expect(problemsOf(program)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reaches every node kind, builtin and arity, user calls and every edge literal', () => {
    const seen = new Set<string>();
    for (const program of fc.sample(anyProgram, { numRuns: 2000, seed: 1 })) {
      for (const node of nodesOf(program)) {
        seen.add(node.kind);
        if (node.kind === 'Call') seen.add(`${node.callee}/${node.args.length}`);
        if (node.kind === 'Number') seen.add(String(node.value));
      }
      if (
        program.functions.some((fn) =>
          nodesOf(program).some((n) => n.kind === 'Call' && n.callee === fn.name),
        )
      ) {
        seen.add('user call');
      }
    }
    const expected = ['Number', 'Identifier', 'Constant', 'Unary', 'Binary', 'Conditional', 'Call'];
    for (const builtin of catalogue.values()) {
      for (let n = builtin.minArity; n <= builtin.maxArity; n++)
        expected.push(`${builtin.name}/${n}`);
    }
    expected.push('user call', '5e-324', '1.7976931348623157e+308', '1e+21');
    expect(expected.filter((item) => !seen.has(item))).toEqual([]);
  });

  it('keeps to the counts and name styles asked for', () => {
    const programs = programArbitrary({
      functions: 2,
      params: { min: 1, max: 2 },
      bindings: 3,
      results: 1,
      names: 'javascript',
    });
    for (const program of fc.sample(programs, { numRuns: 200, seed: 2 })) {
      expect(program.functions).toHaveLength(2);
      for (const fn of program.functions) {
        expect(fn.params.length).toBeGreaterThanOrEqual(1);
        expect(fn.params.length).toBeLessThanOrEqual(2);
        expect(fn.body).toHaveLength(3);
        for (const name of [fn.name, ...fn.params, ...fn.body.map((b) => b.name)]) {
          expect(javascriptNames).toContain(name);
        }
        // Without shadowing, no local has the name of a function of the program.
        const functionNames = program.functions.map((f) => f.name);
        expect(fn.params.filter((name) => functionNames.includes(name))).toEqual([]);
      }
    }
    const [indexed] = fc.sample(smoothFunction({ params: 4, bindings: 2 }), { numRuns: 1 });
    expect(indexed!.functions[0]!.params).toEqual(['p0', 'p1', 'p2', 'p3']);
  });

  it('uses every binding of a smooth or piecewise function in its result', () => {
    fc.assert(
      fc.property(fc.oneof(smoothFunction(), anyFunction()), (program) => {
        const fn = program.functions[0]!;
        const used = new Set<string>();
        for (const node of postorder([...fn.body.map((b) => b.value), ...fn.results])) {
          if (node.kind === 'Identifier') used.add(node.name);
        }
        expect(fn.body.filter((b) => !used.has(b.name))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('text', () => {
  it('decorate only adds layout: without comments, spaces and ** it is the text again', () => {
    const text = 'f(x, θ) {\n  a = x^2 * θ\n  return a, -x\n}\n';
    for (let seed = 0; seed < 200; seed++) {
      const decorated = decorate(text, seed, {
        comments: true,
        spacing: true,
        powerOperator: true,
        byteOrderMark: true,
      });
      const stripped = decorated
        .replace(/^\uFEFF/, '')
        .replace(/#[^\n]*/g, '')
        .replace(/\*\*/g, '^')
        .replace(/[ \t\r]+/g, '')
        .replace(/\n+/g, '\n')
        .replace(/^\n/, '');
      expect(stripped).toBe(text.replace(/ /g, ''));
    }
  });

  it('mutate edits, token soup uses the tokens, names are what they say', () => {
    expect(
      new Set(Array.from({ length: 50 }, (_, seed) => mutate('f(x) = x^2', seed))).size,
    ).toBeGreaterThan(20);
    for (const text of fc.sample(tokenSoup(5, ['a', '(']), 50)) expect(text).toMatch(/^[a(]*$/);
    for (const name of variedNames) expect(name).toMatch(/^[\p{L}_][\p{L}\p{N}_]*$/u);
    for (const name of javascriptNames) expect(name).toMatch(/^[\p{L}_][\p{L}\p{N}_]*$/u);
  });
});
