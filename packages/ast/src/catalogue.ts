/**
 * The one function catalogue: every built-in of LANGUAGE.md with its arity, numeric
 * implementation and JavaScript spelling. The parser checks calls against it, the evaluator runs
 * `evaluate`, code generators emit `js`, and the transform keeps one derivative rule per entry.
 *
 * `js` is either a `Math` function or a helper whose source (`helper`) a generated module carries,
 * so generated code needs nothing at run time. A helper computes exactly what `evaluate` computes
 * (a test checks them bit for bit).
 */

export interface BuiltinFunction {
  readonly name: string;
  /** Smallest and largest number of arguments. */
  readonly minArity: number;
  readonly maxArity: number;
  /** Argument names, for signatures in messages and documentation. */
  readonly params: readonly string[];
  readonly evaluate: (...args: number[]) => number;
  /** The JavaScript function to call: `Math.sin`, or the name of a helper. */
  readonly js: string;
  /** The source of the helper function named `js`, when `js` is not a `Math` function. */
  readonly helper?: string;
  readonly summary: string;
}

type Entry = Omit<BuiltinFunction, 'name' | 'minArity' | 'maxArity' | 'js'> & {
  readonly minArity?: number;
  readonly js?: string;
};

function math(name: keyof typeof Math & string, params: string[], summary: string): Entry {
  return {
    params,
    evaluate: Math[name] as (...args: number[]) => number,
    js: `Math.${name}`,
    summary,
  };
}

function helper(
  params: string[],
  evaluate: (...args: number[]) => number,
  helperBody: string,
  summary: string,
  minArity?: number,
): Entry {
  return { params, evaluate, helper: helperBody, summary, ...(minArity ? { minArity } : {}) };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function relu(x: number): number {
  return x <= 0 ? 0 : x;
}

function log(x: number, base?: number): number {
  return base === undefined ? Math.log(x) : Math.log(x) / Math.log(base);
}

function sec(x: number): number {
  return 1 / Math.cos(x);
}

function csc(x: number): number {
  return 1 / Math.sin(x);
}

function cot(x: number): number {
  return 1 / Math.tan(x);
}

function min(a: number, b: number): number {
  return a <= b || a !== a ? a : b;
}

function max(a: number, b: number): number {
  return a >= b || a !== a ? a : b;
}

const entries: Record<string, Entry> = {
  sin: math('sin', ['x'], 'sine'),
  cos: math('cos', ['x'], 'cosine'),
  tan: math('tan', ['x'], 'tangent'),
  sec: helper(['x'], sec, 'function ddx_sec(x) {\n  return 1 / Math.cos(x);\n}', 'secant, 1/cos'),
  csc: helper(['x'], csc, 'function ddx_csc(x) {\n  return 1 / Math.sin(x);\n}', 'cosecant, 1/sin'),
  cot: helper(
    ['x'],
    cot,
    'function ddx_cot(x) {\n  return 1 / Math.tan(x);\n}',
    'cotangent, 1/tan',
  ),
  asin: math('asin', ['x'], 'inverse sine'),
  acos: math('acos', ['x'], 'inverse cosine'),
  atan: math('atan', ['x'], 'inverse tangent'),
  sinh: math('sinh', ['x'], 'hyperbolic sine'),
  cosh: math('cosh', ['x'], 'hyperbolic cosine'),
  tanh: math('tanh', ['x'], 'hyperbolic tangent'),
  asinh: math('asinh', ['x'], 'inverse hyperbolic sine'),
  acosh: math('acosh', ['x'], 'inverse hyperbolic cosine'),
  atanh: math('atanh', ['x'], 'inverse hyperbolic tangent'),
  exp: math('exp', ['x'], 'e to the x'),
  log: helper(
    ['x', 'base'],
    log,
    'function ddx_log(x, base) {\n  return base === undefined ? Math.log(x) : Math.log(x) / Math.log(base);\n}',
    'natural logarithm; log(x, b) is the logarithm to base b',
    1,
  ),
  sqrt: math('sqrt', ['x'], 'square root'),
  cbrt: math('cbrt', ['x'], 'cube root'),
  abs: math('abs', ['x'], 'absolute value'),
  sign: math('sign', ['x'], 'sign: -1, 0 or 1'),
  log2: math('log2', ['x'], 'logarithm to base 2'),
  log10: math('log10', ['x'], 'logarithm to base 10'),
  pow: math('pow', ['a', 'b'], 'a to the power b, the same as a^b'),
  min: helper(
    ['a', 'b'],
    min,
    'function ddx_min(a, b) {\n  return a <= b || a !== a ? a : b;\n}',
    'the smaller argument (ties: the first; NaN if either is NaN)',
  ),
  max: helper(
    ['a', 'b'],
    max,
    'function ddx_max(a, b) {\n  return a >= b || a !== a ? a : b;\n}',
    'the larger argument (ties: the first; NaN if either is NaN)',
  ),
  atan2: math('atan2', ['y', 'x'], 'the angle of the point (x, y)'),
  hypot: math('hypot', ['a', 'b'], 'sqrt(a^2 + b^2) without overflow'),
  sigmoid: helper(
    ['x'],
    sigmoid,
    'function ddx_sigmoid(x) {\n  return 1 / (1 + Math.exp(-x));\n}',
    'logistic function 1/(1 + e^-x)',
  ),
  relu: helper(
    ['x'],
    relu,
    'function ddx_relu(x) {\n  return x <= 0 ? 0 : x;\n}',
    'max(x, 0); relu(NaN) is NaN',
  ),
  softplus: helper(
    ['x'],
    softplus,
    'function ddx_softplus(x) {\n  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));\n}',
    'log(1 + e^x), computed without overflow',
  ),
};

export const catalogue: ReadonlyMap<string, BuiltinFunction> = new Map(
  Object.entries(entries).map(([name, entry]) => {
    const maxArity = entry.params.length;
    const builtin: BuiltinFunction = {
      name,
      minArity: entry.minArity ?? maxArity,
      maxArity,
      params: entry.params,
      evaluate: entry.evaluate,
      js: entry.js ?? `ddx_${name}`,
      summary: entry.summary,
      ...(entry.helper === undefined ? {} : { helper: entry.helper }),
    };
    return [name, builtin];
  }),
);

export function lookupBuiltin(name: string): BuiltinFunction | undefined {
  return catalogue.get(name);
}

/** `sin(x)`, `log(x[, base])`: a signature for messages. */
export function signatureOf(builtin: BuiltinFunction): string {
  const required = builtin.params.slice(0, builtin.minArity).join(', ');
  const optional = builtin.params.slice(builtin.minArity);
  const tail = optional.length === 0 ? '' : `[, ${optional.join(', ')}]`;
  return `${builtin.name}(${required}${tail})`;
}
