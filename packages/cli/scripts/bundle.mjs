// Build step: the `ddx` executable as a handful of files (bundle/), which bin/ddx.js loads.
//
// Unbundled, `ddx eval "w^2" --at w=3` loads ~70 modules (the CLI, @ddx/ast, parser and
// evaluator, commander), and resolving and compiling them one by one is about a quarter of what
// the command spends above a bare `node -e 0`. esbuild joins them; each command stays a chunk of
// its own, loaded when it runs (cli.ts imports commands lazily), so `ddx eval` still never loads
// the transform or the code generator. The library entry (`import { run } from '@ddx/cli'`)
// stays dist/.
//
// Three things are found beside the module that uses them, through `import.meta.url`, so they
// are placed beside the bundle's chunks: the parser's worker (offload.ts starts `./worker.js`),
// the grammar's recipe (match.js), and package.json one level up (cli.ts, --version).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const parserDist = '../parser/dist';
const outdir = 'bundle';

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir);
await build({
  entryPoints: { ddx: 'dist/main.js', worker: `${parserDist}/worker.js` },
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ohm-js is loaded with require() (match.js) and @viz-js/viz only by `ddx graph --format svg`:
  // both are resolved from node_modules as before.
  external: ['ohm-js', '@viz-js/viz'],
  // commander is CommonJS: its require('node:events') needs a real require in an ES module.
  banner: {
    js: [
      "import { createRequire as ddxCreateRequire } from 'node:module';",
      'const require = ddxCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(`${parserDist}/ddx.recipe.json`, `${outdir}/ddx.recipe.json`);
