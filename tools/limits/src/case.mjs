// One case in its own process: `node case.mjs <index>`. Runs each library stage in turn and
// prints one JSON line as each starts and ends, so the parent knows which stage a crash, a
// timeout or an out-of-memory death happened in. Writes the source to <dir>/input.ddx for the CLI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DdxError } from '@ddx/ast';
import { compile, generateModule } from '@ddx/codegen';
import { evaluate } from '@ddx/evaluator';
import { parseWithDiagnostics } from '@ddx/parser';
import { diff, grad } from '@ddx/transform';
import { cases } from './shapes.mjs';

const [index, dir] = process.argv.slice(2);
const spec = cases()[Number(index)];
const say = (/** @type {object} */ record) => process.stdout.write(`${JSON.stringify(record)}\n`);
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);

const source = spec.source();
writeFileSync(join(dir, 'input.ddx'), source);

/** Runs one stage: ok, a `limit` DdxError (its message), or FAIL (anything else). */
/**
 * @template T
 * @param {string} name
 * @param {() => T | Promise<T>} work
 * @returns {Promise<T | undefined>}
 */
async function stage(name, work) {
  say({ start: name });
  const started = performance.now();
  let outcome;
  let message = '';
  let value;
  try {
    value = await work();
    outcome = 'ok';
  } catch (error) {
    if (error instanceof DdxError && error.code === 'limit') outcome = 'limit';
    else outcome = 'FAIL';
    message = error instanceof DdxError ? `${error.code}: ${error.message}` : String(error);
  }
  const ms = Math.round(performance.now() - started);
  say({ stage: name, outcome, message: message.slice(0, 300), ms, rssMb: rss() });
  return outcome === 'ok' ? value : undefined;
}

const program = await stage('parse', () => {
  const { program, errors } = parseWithDiagnostics(source);
  if (errors.length > 0) {
    const first = errors[0];
    throw first instanceof DdxError ? first : new Error(String(first));
  }
  return program;
});
if (program !== undefined) {
  const fn = spec.fn;
  await stage('evaluate', () => evaluate(program, { fn, args: spec.args }));
  const gradient = await stage('grad', () => grad(program, { fn }));
  await stage('diff', () => diff(program, spec.params[0], { fn }));
  await stage('generateModule+import', async () => {
    const text = generateModule(gradient ?? program);
    const file = join(dir, 'module.js');
    writeFileSync(file, text);
    return import(pathToFileURL(file).href);
  });
  await stage('compile', () => compile(gradient ?? program)(...spec.args));
}
say({ done: true });
