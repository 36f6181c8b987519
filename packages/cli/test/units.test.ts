/** In-process tests of the pieces that do not need a process: option values, escaping, paths. */
import { describe, expect, it } from 'vitest';
import { functionDef, ident, mul, binding, binary, num, conditional, call } from '@ddx/ast';
import { parseAssignments, parseNameList, parseNumber, argumentsFor } from '../src/assignments.js';
import { looksLikeProgram } from '../src/input.js';
import { colorFor } from '../src/io.js';
import { buildGraph, annotate } from '../src/graph/model.js';
import { toDot } from '../src/graph/dot.js';
import { toMermaid } from '../src/graph/mermaid.js';
import { formatFor } from '../src/commands/graph.js';
import { declarationsPath } from '../src/commands/gen.js';
import { alignedRows } from '../src/table.js';

describe('--at values', () => {
  it('reads negative numbers, exponents and repeated options into a Map', () => {
    const at = parseAssignments(['w=-2,b=1e-3', 'x=.5', 'y=+4'], '--at');
    expect([...at]).toEqual([
      ['w', -2],
      ['b', 0.001],
      ['x', 0.5],
      ['y', 4],
    ]);
  });

  it('keeps names like __proto__ and constructor as ordinary parameters', () => {
    const at = parseAssignments(['__proto__=1,constructor=2,toString=3'], '--at');
    expect(at.get('__proto__')).toBe(1);
    expect(at.get('constructor')).toBe(2);
    const fn = functionDef('f', ['__proto__', 'constructor', 'toString'], [], [num(0)]);
    expect(argumentsFor(fn, at)).toEqual([1, 2, 3]);
    expect(() => argumentsFor(fn, new Map([['__proto__', 1]]))).toThrow(
      /no value for 'constructor', 'toString'/,
    );
  });

  it('accepts Unicode names and the constants pi, e, inf, nan', () => {
    const at = parseAssignments(['θ=pi,α=-e,β=-inf,γ=nan'], '--at');
    expect(at.get('θ')).toBe(Math.PI);
    expect(at.get('α')).toBe(-Math.E);
    expect(at.get('β')).toBe(-Infinity);
    expect(at.get('γ')).toBeNaN();
  });

  it('rejects what is not name=number, and names given twice', () => {
    expect(() => parseAssignments(['w'], '--at')).toThrow(/expected name=value/);
    expect(() => parseAssignments(['w=3x'], '--at')).toThrow(/'3x' is not a number/);
    expect(() => parseAssignments(['w='], '--at')).toThrow(/not a number/);
    expect(() => parseAssignments(['w=0x10'], '--at')).toThrow(/not a number/);
    expect(() => parseAssignments(['w=1', 'w=2'], '--at')).toThrow(/'w' is given twice/);
    expect(() => parseAssignments(['1w=2'], '--at')).toThrow(/not a parameter name/);
    expect(() => parseNumber('Infinity', 'x')).not.toThrow();
  });

  it('names a function’s missing and unknown parameters', () => {
    const fn = functionDef('J', ['w', 'b'], [], [ident('w')]);
    expect(() => argumentsFor(fn, new Map([['w', 1]]))).toThrow(
      "--at: no value for 'b' ('J' takes w, b; add --at b=…)",
    );
    expect(() => argumentsFor(fn, new Map([['z', 1]]))).toThrow(/'z' is not a parameter of 'J'/);
  });

  it('splits --wrt lists', () => {
    expect(parseNameList(['w1,b1', 'w2'], '--wrt')).toEqual(['w1', 'b1', 'w2']);
    expect(() => parseNameList(['w,w'], '--wrt')).toThrow(/twice/);
    // A higher derivative's parameters repeat, in order.
    expect(parseNameList(['x,y', 'x'], '--wrt', { repeats: true })).toEqual(['x', 'y', 'x']);
  });
});

describe('inline input', () => {
  it('is a program when a line defines a function, else an expression', () => {
    expect(looksLikeProgram('f(w) = w^2')).toBe(true);
    expect(looksLikeProgram('J(w, b) {\n  return w\n}')).toBe(true);
    expect(looksLikeProgram('# a comment\nJ(w) = w')).toBe(true);
    expect(looksLikeProgram('θ(α) = α')).toBe(true);
    expect(looksLikeProgram('w^2')).toBe(false);
    expect(looksLikeProgram('sin(w) == 0')).toBe(false);
    expect(looksLikeProgram('sin(w) * 2')).toBe(false);
  });
});

describe('colours', () => {
  const tty = { write: () => undefined, isTTY: true };
  const pipe = { write: () => undefined, isTTY: false };
  it('appear on a terminal only, never with NO_COLOR, always with FORCE_COLOR', () => {
    expect(colorFor(tty, {})).toBe(true);
    expect(colorFor(pipe, {})).toBe(false);
    expect(colorFor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorFor(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorFor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorFor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorFor(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
    expect(colorFor(tty, { TERM: 'dumb' })).toBe(false);
  });
});

describe('graph rendering', () => {
  // f(__proto__, θ) { "a<b" = __proto__ > 0 ? θ : 0 ...}: odd names and operators in labels.
  const fn = functionDef(
    'f',
    ['__proto__', 'θ'],
    [
      binding('r', conditional(binary('>', ident('__proto__'), num(0)), ident('θ'), num(0))),
      binding('s', mul(ident('r'), call('sin', [ident('θ')]))),
    ],
    [ident('s')],
  );

  it('connects each operand to its users', () => {
    const graph = buildGraph(fn, 'f');
    expect(graph.nodes.map((node) => [node.role, node.name, node.operation])).toEqual([
      ['parameter', '__proto__', undefined],
      ['parameter', 'θ', undefined],
      ['binding', 'r', '__proto__ > 0 ? θ : 0'],
      ['binding', 's', 'r * sin(θ)'],
      ['result', 'f', 's'],
    ]);
    expect(graph.edges).toEqual([
      { from: 'n0', to: 'n2' },
      { from: 'n1', to: 'n2' },
      { from: 'n2', to: 'n3' },
      { from: 'n1', to: 'n3' },
      { from: 'n3', to: 'n4' },
    ]);
  });

  it('escapes labels in DOT (HTML labels) and Mermaid', () => {
    const graph = buildGraph(fn, 'f');
    annotate(graph, [1, 2], [2, 1.8, 1.8], [1.8, 0.9, 1, 0, 1.3]);
    const dot = toDot(graph);
    expect(dot).toContain(
      'n2 [label=<r = __proto__ &gt; 0 ? θ : 0<br/><font color="#1f4e9c">r = 2</font>',
    );
    expect(dot).toContain('n0 -> n2;');
    expect(dot).toContain('df/dθ = 1.3');
    expect(dot).not.toMatch(/label=<[^\n]*[^-]>[^\n]*> 0/);
    const mermaid = toMermaid(graph);
    expect(mermaid).toContain('n2["r = __proto__ #62; 0 ? θ : 0<br/>r = 2<br/>df/dr = 0.9"]');
    expect(mermaid).toContain('n0(["__proto__<br/>__proto__ = 1<br/>df/d__proto__ = 0"])');
    expect(mermaid).toContain('n4[["f = s<br/>f = 1.8<br/>df/df = 1"]]');
  });

  it('picks the format from --format, else from the output file, else DOT', () => {
    expect(formatFor({})).toBe('dot');
    expect(formatFor({ output: 'g.SVG' })).toBe('svg');
    expect(formatFor({ output: 'g.mmd' })).toBe('mermaid');
    expect(formatFor({ output: 'g.svg', format: 'dot' })).toBe('dot');
  });
});

describe('small helpers', () => {
  it('puts the declarations beside the module', () => {
    expect(declarationsPath('out.js')).toBe('out.d.ts');
    expect(declarationsPath('dir/out.mjs')).toBe('dir/out.d.mts');
    expect(declarationsPath('out')).toBe('out.d.ts');
  });

  it('aligns table rows on =', () => {
    expect(
      alignedRows([
        ['J', '2'],
        ['dJ/dw', '-4'],
      ]),
    ).toBe('J     = 2\ndJ/dw = -4');
  });
});
