// No name can inject code or reach a global: hostile, reserved, Unicode and huge names produce
// valid modules that only compute, and compute the right numbers.
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  add,
  binding,
  call,
  functionDef,
  ident,
  mul,
  num,
  program,
  type Expression,
  type Program,
} from '@ddx/ast';
import { compile, generate, jsIdentifier, type Abi } from '@ddx/codegen';
import { trapGlobals, type GlobalTraps } from '@ddx/workloads';
import { evaluateFunction, loadModule } from './helpers.js';

const hostile = [
  'constructor',
  '__proto__',
  'return',
  'this',
  'eval',
  'Function',
  'arguments',
  'toString',
  'Math',
  'ddx_sigmoid',
  'undefined',
  'NaN',
  'Infinity',
  'θ',
  'ε',
  'params',
  'inputs',
  'out',
  'scratch',
  'let',
  'await',
  'x'.repeat(10_000),
  'a b',
  '$x',
  '*/ globalThis.pwned = 1; /*',
  'line\nbreak',
  '\u2028',
  '',
];

/** Globals the hostile names could reach if code read or wrote them by name. */
const sentinelNames = [
  'constructor',
  'toString',
  'eval',
  'Function',
  'pwned',
  'θ',
  'ε',
  'params',
  'out',
  'a',
  'x',
];

let traps: GlobalTraps;
beforeEach(() => {
  traps = trapGlobals(sentinelNames);
});
afterEach(() => traps.restore());

/** A sum over the names, so every one of them is read. */
function sumOf(names: readonly string[]): Expression {
  return names.map((n, i) => mul(num(i + 1), ident(n))).reduce((a, b) => add(a, b));
}

// Hostile names as parameters, as bindings (over ordinary parameters) and as function names.
const asParams = functionDef('constructor', hostile, [], [sumOf(hostile)]);
const asBindings = functionDef(
  'return',
  ['p', 'q'],
  hostile.map((name, i) =>
    binding(
      name,
      call('sigmoid', [add(mul(num(i), ident('p')), i > 0 ? ident(hostile[i - 1]!) : ident('q'))]),
    ),
  ),
  [sumOf(hostile)],
);
const namedFunctions: Program = program(
  hostile.map((name, i) => functionDef(name, ['x'], [], [mul(num(i + 1), ident('x'))])),
);

describe.each(['scalars', 'arrays'] as const)('%s ABI', (abi: Abi) => {
  it('hostile parameter and binding names give a valid module that only computes', async () => {
    const source = program([asParams, asBindings]);
    const { module, declarations } = generate(source, {
      abi,
      grad: true,
      gradient: 'tuple',
      sourceName: 'x\n*/ evil()',
    });
    const loaded = await loadModule(module);
    expect(traps.touched).toEqual([]);
    const args = hostile.map((_, i) => i / 7 - 1);
    const result =
      abi === 'scalars'
        ? loaded[jsIdentifier('constructor')]!(...args)
        : loaded[jsIdentifier('constructor')]!(Float64Array.from(args), new Float64Array(0));
    expect(result).toBe(evaluateFunction(source, 'constructor', args)[0]);
    const second =
      abi === 'scalars'
        ? loaded[jsIdentifier('return')]!(0.25, -0.5)
        : loaded[jsIdentifier('return')]!(Float64Array.of(0.25, -0.5), new Float64Array(0));
    expect(second).toBe(evaluateFunction(source, 'return', [0.25, -0.5])[0]);
    expect(traps.touched).toEqual([]);
    expectValidDeclarations(declarations);
  });

  it('hostile function names export under their JavaScript identifiers', async () => {
    const { module, declarations } = generate(namedFunctions, { abi });
    const loaded = await loadModule(module);
    hostile.forEach((name, i) => {
      // The anonymous function's name is `f`, as the printer has it.
      const fn = loaded[jsIdentifier(name || 'f')]!;
      const value = abi === 'scalars' ? fn(2) : fn(Float64Array.of(2), new Float64Array(0));
      expect(value).toBe(2 * (i + 1));
    });
    expect(traps.touched).toEqual([]);
    expectValidDeclarations(declarations);
  });

  it('compile() of hostile names reads no global', () => {
    const fn = compile(program([asBindings]), { abi, grad: true, gradient: 'tuple' });
    const result =
      abi === 'scalars'
        ? fn(0.5, 2)
        : fn(Float64Array.of(0.5, 2), new Float64Array(0), new Float64Array(2));
    expect(Number.isFinite(abi === 'scalars' ? result[0] : result)).toBe(true);
    expect(traps.touched).toEqual([]);
  });
});

it('a gradient object has an own __proto__ key and keeps Object.prototype', () => {
  const fn = compile(
    functionDef(
      'f',
      ['__proto__', 'constructor'],
      [],
      [mul(ident('__proto__'), ident('constructor'))],
    ),
    { grad: true },
  );
  const result = fn(3, 5);
  expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  expect(Object.keys(result)).toEqual(['value', '__proto__', 'constructor']);
  expect(result.value).toBe(15);
  expect(Object.getOwnPropertyDescriptor(result, '__proto__')!.value).toBe(5);
  expect(result.constructor).toBe(3);
});

it('a parameter named value is refused in the object form, with a way out', () => {
  const fn = functionDef('f', ['value'], [], [mul(ident('value'), ident('value'))]);
  expect(() => generate(fn, { grad: true })).toThrow(/tuple/);
  expect(compile(fn, { grad: true, gradient: 'tuple' })(3)).toEqual([9, 6]);
});

function expectValidDeclarations(text: string): void {
  const file = ts.createSourceFile('m.d.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics = (file as unknown as { parseDiagnostics: readonly ts.Diagnostic[] })
    .parseDiagnostics;
  expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
}

describe('locals and exports renamed apart', () => {
  // A parameter or binding whose name is mangled (`eval` → `$eval`) used to hide the function of
  // the same ddx name, mangled the same way: `g($eval) { return $eval($eval); }` called a number.
  // Such a local now takes a closing `$` (`$eval$`), which no mangled name ends with. Found by the
  // agreement property with programArbitrary({ names: 'javascript', shadowing: true }).
  it('a local named like a mangled function does not hide it: eval(x), g(eval)', () => {
    const source = program([
      functionDef('eval', ['x'], [], [mul(num(2), ident('x'))]),
      functionDef('g', ['eval'], [], [call('eval', [ident('eval')])]),
    ]);
    expect(evaluateFunction(source, 'g', [3])).toEqual([6]);
    expect(compile(source)(3)).toBe(6);
  });

  // Every kind of collision at once: locals named like kept functions (`f`, `t1`), like mangled
  // ones (`eval`, `ddx_sigmoid`, `then`, `Math`), like the helper the body calls (`ddx_sigmoid`
  // is sigmoid's helper) and like temporaries (`t1`), as parameters and as bindings, in both
  // calling conventions, in a module and through compile(), with a gradient.
  const clashing = ['f', 't1', 'eval', 'ddx_sigmoid', 'then', 'Math', 'arguments'];
  const clashProgram = program([
    ...clashing.map((name, k) => functionDef(name, ['x'], [], [mul(num(k + 2), ident('x'))])),
    functionDef(
      'g',
      clashing.slice(0, 4),
      clashing
        .slice(4)
        .map((name, k) => binding(name, call('sigmoid', [add(ident(clashing[k]!), num(k))]))),
      [
        clashing
          .map((name, k): Expression =>
            call(name, [mul(ident(name), call(clashing[(k + 1) % 7]!, [num(k)]))]),
          )
          .reduce((a, b) => add(a, b)),
      ],
    ),
  ]);
  const at = [0.5, -1.25, 2, 0.75];

  it.each(['scalars', 'arrays'] as const)(
    'locals named like functions, helpers and temporaries call the functions (%s ABI)',
    async (abi) => {
      const [expected] = evaluateFunction(clashProgram, 'g', at);
      const loaded = await loadModule(generate(clashProgram, { abi, grad: true }).module);
      const compiled = compile(clashProgram, { abi });
      if (abi === 'scalars') {
        expect(loaded['g']!(...at)).toBe(expected);
        expect(compiled(...at)).toBe(expected);
        expect(loaded['g_grad']!(...at).value).toBe(expected);
      } else {
        const params = Float64Array.from(at);
        const none = new Float64Array(0);
        expect(loaded['g']!(params, none)).toBe(expected);
        expect(compiled(params, none)).toBe(expected);
        expect(loaded['g_grad']!(params, none, new Float64Array(4))).toBe(expected);
      }
    },
  );

  // A module that exports a function named `then` is a thenable: `await import()` of it calls
  // then(resolve, reject) and never settles. `then` is therefore mangled like a reserved word.
  it('a function named then does not make the module a thenable', async () => {
    const text = generate(functionDef('then', ['x'], [], [ident('x')])).module;
    const timeout = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('import() did not settle in 2 s')), 2_000),
    );
    const loaded = (await Promise.race([loadModule(text), timeout])) as Record<string, unknown>;
    expect(Object.keys(loaded)).toEqual([jsIdentifier('then')]);
    expect(jsIdentifier('then')).toBe('$then');
    expect((loaded['$then'] as (x: number) => number)(4)).toBe(4);
  });
});
