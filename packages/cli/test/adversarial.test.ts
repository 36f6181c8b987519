/**
 * A hostile .ddx file, end to end: names that mean something to JavaScript are ordinary ddx
 * names in every command (`--at __proto__=2`, `--wrt this`), and the module `ddx gen` writes —
 * from a path made to break out of a comment — only computes: imported with traps on the
 * globals it could reach, it reads and writes none of them. Expected numbers are worked by hand.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { trapGlobals, type GlobalTraps } from '@ddx/workloads';
import { assertBuilt, ddx } from './helpers.js';

beforeAll(assertBuilt);

// constructor(2, 3) = 7; eval(this, arguments) = 2 * (2 * this * arguments + 1), so at
// (2, 3) it is 26, d/dthis = 4 * arguments = 12 and d/darguments = 4 * this = 8.
const hostile = `# */ globalThis.pwned = 1; /* a comment that would close a JavaScript one
constructor(__proto__, toString) = __proto__ * toString + 1

eval(this, arguments) {
  Function = this * arguments   # ${'\u2028'} a line separator in a comment
  globalThis = Function + constructor(this, arguments)
  return globalThis * 2
}
`;

const directory = mkdtempSync(join(tmpdir(), 'ddx-adversarial-'));
// A path that closes a block comment (folders `a *`, ` globalThis.pwned = 1; `, `*`) and holds
// a line separator and a template literal.
const folder = join(directory, 'a */ globalThis.pwned = 1; /*');
mkdirSync(folder, { recursive: true });
const file = join(folder, 'x\u2028${globalThis.pwned = 1}.ddx');
writeFileSync(file, hostile);

describe('JavaScript names are ddx names in every command', () => {
  it('eval and --at', async () => {
    const [constructor, evalFn] = await Promise.all([
      ddx(['eval', file, '--fn', 'constructor', '--at', '__proto__=2,toString=3']),
      ddx(['eval', file, '--fn', 'eval', '--at', 'this=2', '--at', 'arguments=3']),
    ]);
    expect(constructor).toMatchObject({ status: 0, last: '7' });
    expect(evalFn).toMatchObject({ status: 0, last: '26' });
  });

  it('grad and diff with --wrt', async () => {
    const [gradient, derivative] = await Promise.all([
      ddx(['grad', file, '--fn', 'eval', '--wrt', 'this,arguments', '--at', 'this=2,arguments=3']),
      ddx([
        'diff',
        file,
        '--fn',
        'constructor',
        '--wrt',
        '__proto__',
        '--at',
        '__proto__=2,toString=3',
      ]),
    ]);
    expect(gradient.status).toBe(0);
    expect(gradient.lines).toEqual([
      'eval             = 26',
      'deval/dthis      = 12',
      'deval/darguments = 8',
    ]);
    expect(derivative.lines).toEqual([
      'dconstructor_d__proto__(__proto__, toString) = toString',
      '3',
    ]);
  });

  it('check passes, and --json keys the values by name', async () => {
    const [check, json] = await Promise.all([
      ddx(['check', file, '--fn', 'eval', '--at', 'this=2,arguments=3']),
      ddx(['grad', file, '--fn', 'constructor', '--at', '__proto__=2,toString=3', '--json']),
    ]);
    expect(check.status).toBe(0);
    expect(check.last).toBe('passed: 2 ok');
    const parsed = JSON.parse(json.stdout);
    expect(JSON.stringify(parsed)).toContain('"__proto__"');
    expect(json.stdout).toMatch(/"__proto__":\s*3/);
    expect(json.stdout).toMatch(/"toString":\s*2/);
  });

  it('reserved words and Object.prototype names in --at: eval and grad', async () => {
    const reserved =
      'f(class, hasOwnProperty, new, valueOf) = class * hasOwnProperty + new - valueOf';
    const at = 'class=2,hasOwnProperty=3,new=4,valueOf=1';
    const [value, gradient, missing] = await Promise.all([
      ddx(['eval', reserved, '--at', at]),
      ddx(['grad', reserved, '--at', at]),
      ddx(['eval', 'f(class) = class', '--at', 'hasOwnProperty=1']),
    ]);
    expect(value).toMatchObject({ status: 0, last: '9' });
    expect(gradient.status).toBe(0);
    expect(gradient.lines.map((line) => line.replace(/ +/g, ' '))).toEqual([
      'f = 9',
      'df/dclass = 3',
      'df/dhasOwnProperty = 2',
      'df/dnew = 1',
      'df/dvalueOf = -1',
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/'hasOwnProperty' is not a parameter of 'f'/);
  });

  it('a name that is not a parameter is an error, never a prototype property', async () => {
    const [at, wrt] = await Promise.all([
      ddx(['eval', 'f(x) = x', '--at', 'x=1,constructor=2']),
      ddx(['grad', 'f(x) = x', '--wrt', 'toString', '--at', 'x=1']),
    ]);
    expect(at.status).not.toBe(0);
    expect(at.stderr).toMatch(/constructor/);
    expect(wrt.status).not.toBe(0);
    expect(wrt.stderr).toMatch(/toString/);
    expect(`${at.stderr}${wrt.stderr}`).not.toMatch(/internal error|TypeError|RangeError/);
  });
});

/** Globals the generated module could reach if it read or wrote a name instead of a local. */
const trapped = ['pwned', 'constructor', 'toString', 'eval', 'Function', 'arguments', 'valueOf'];
let traps: GlobalTraps;
beforeEach(() => {
  traps = trapGlobals(trapped);
});
afterEach(() => traps.restore());

describe('ddx gen of the hostile file', () => {
  it.each(['scalars', 'arrays'] as const)(
    'writes a %s module that only computes, under the traps',
    async (abi) => {
      const output = join(folder, `module-${abi}.mjs`);
      const run = await ddx(['gen', file, '--grad', '--abi', abi, '--dts', '-o', output]);
      expect(run.status, run.stderr).toBe(0);
      const module = await import(pathToFileURL(output).href);
      expect(traps.touched).toEqual([]);
      const call = (name: string, args: number[]) =>
        abi === 'scalars'
          ? module[name](...args)
          : module[name](Float64Array.from(args), new Float64Array(0));
      expect(call('constructor', [2, 3])).toBe(7);
      expect(call('$eval', [2, 3])).toBe(26);
      if (abi === 'scalars') {
        const gradient = module['eval_grad'](2, 3);
        expect(Object.getPrototypeOf(gradient)).toBe(Object.prototype);
        expect(gradient).toEqual({ value: 26, this: 12, arguments: 8 });
        const own = module['constructor_grad'](2, 3);
        expect(Object.getOwnPropertyDescriptor(own, '__proto__')?.value).toBe(3);
        expect(Object.getPrototypeOf(own)).toBe(Object.prototype);
      }
      expect(traps.touched).toEqual([]);
    },
  );
});
