/**
 * Each bundler builds `import { J, J_grad } from './model.ddx'` through the plugin; the built
 * module gives the lecture's numbers, and a broken .ddx file fails the build with its file, line
 * and column.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as esbuild, type Message } from 'esbuild';
import { rollup } from 'rollup';
import { build as viteBuild } from 'vite';
import webpack, { type Stats } from 'webpack';
import ddxEsbuild from '../src/esbuild.js';
import ddxRollup from '../src/rollup.js';
import ddxVite from '../src/vite.js';
import ddxWebpack from '../src/webpack.js';
import type { DdxPluginOptions } from '../src/options.js';
import {
  broken,
  entry,
  fixture,
  importBuilt,
  lectureGradient,
  lecturePoint,
  network,
  type Fixture,
} from './helpers.js';

type Bundle = (project: Fixture, options: DdxPluginOptions) => Promise<string>;

/** Each bundler's JS API: build `entry.js` of `project` to one ES module, return its path. */
const bundlers: Record<string, Bundle> = {
  async vite(project, options) {
    await viteBuild({
      root: project.dir,
      configFile: false,
      logLevel: 'silent',
      plugins: [ddxVite(options)],
      build: {
        outDir: 'out-vite',
        minify: false,
        lib: { entry: project.path('entry.js'), formats: ['es'], fileName: () => 'bundle.mjs' },
      },
    });
    return project.path('out-vite/bundle.mjs');
  },
  async rollup(project, options) {
    const bundle = await rollup({ input: project.path('entry.js'), plugins: [ddxRollup(options)] });
    await bundle.write({ file: project.path('out-rollup.mjs'), format: 'es' });
    await bundle.close();
    return project.path('out-rollup.mjs');
  },
  async esbuild(project, options) {
    await esbuild({
      entryPoints: [project.path('entry.js')],
      bundle: true,
      format: 'esm',
      outfile: project.path('out-esbuild.mjs'),
      plugins: [ddxEsbuild(options)],
      logLevel: 'silent',
    });
    return project.path('out-esbuild.mjs');
  },
  async webpack(project, options) {
    const stats = await new Promise<Stats>((resolve, reject) =>
      webpack(
        {
          mode: 'none',
          context: project.dir,
          entry: project.path('entry.js'),
          output: {
            path: project.dir,
            filename: 'out-webpack.mjs',
            module: true,
            library: { type: 'module' },
          },
          experiments: { outputModule: true },
          plugins: [ddxWebpack(options)],
        },
        (error, result) => (error || !result ? reject(error) : resolve(result)),
      ),
    );
    if (stats.hasErrors()) throw new WebpackErrors(stats);
    return project.path('out-webpack.mjs');
  },
};

/** webpack reports failures in its stats, not by rejecting. */
class WebpackErrors extends Error {
  readonly errors: unknown[];
  constructor(stats: Stats) {
    const { errors = [] } = stats.toJson({ all: false, errors: true });
    super(errors.map((error) => error.message).join('\n'));
    this.errors = errors;
  }
}

let project: Fixture;
beforeAll(() => {
  project = fixture({ 'entry.js': entry, 'model.ddx': network });
});
afterAll(() => project.remove());

describe.each(Object.keys(bundlers))('%s', (name) => {
  const bundle = bundlers[name]!;

  it("builds import { J, J_grad } from './model.ddx' with the lecture's numbers", async () => {
    const built = await importBuilt(await bundle(project, { grad: true }));
    expect(built.J(...lecturePoint)).toBe(2);
    expect(built.J_grad(...lecturePoint)).toEqual({ ...lectureGradient, x: 12, y: -2 });
  });

  it('loads the files `include` names, whatever their extension', async () => {
    const other = fixture({
      'entry.js': "export { J_grad } from './network.math';\n",
      'network.math': network,
    });
    try {
      const built = await importBuilt(
        await bundle(other, { grad: true, wrt: 'w1,b1,w2,b2', include: /\.math$/ }),
      );
      expect(built.J_grad(...lecturePoint)).toEqual(lectureGradient);
    } finally {
      other.remove();
    }
  });

  it('fails on a syntax error with the file, line and column', async () => {
    const bad = fixture({ 'entry.js': entry, 'model.ddx': broken });
    try {
      const error: unknown = await bundle(bad, { grad: true }).then(
        () => expect.fail('the build succeeded'),
        (caught: unknown) => caught,
      );
      const shown = whatIsShown(error);
      if (name === 'webpack') {
        // webpack keeps a loader's error as text: ddx's own `file:line:column` (1-based), line, caret.
        expect(shown.text).toMatch(
          /model\.ddx:3:16: syntax: .*\n {4}a = w1 \* x \* \* b1\n {17}\^/,
        );
        return;
      }
      expect(shown.text).toMatch(/syntax: /);
      // The bundler's own fields, which count columns from 0: the third `*` is column 15.
      expect(shown.location).toEqual({ file: bad.path('model.ddx'), line: 3, column: 15 });
      expect(shown.line).toMatch(/a = w1 \* x \* \* b1/);
    } finally {
      bad.remove();
    }
  });
});

/** esbuild's messages, or undefined for the Rollup family (Rollup, Vite). */
function esbuildMessages(error: unknown): Message[] | undefined {
  const messages = (error as { errors?: unknown[] }).errors;
  return Array.isArray(messages) &&
    messages.every(
      (message) => typeof message === 'object' && message !== null && 'text' in message,
    )
    ? (messages as Message[])
    : undefined;
}

interface Shown {
  readonly text: string;
  readonly location?: { file: string; line: number; column: number };
  /** The source line the bundler shows with the error (esbuild's `lineText`, Rollup's `frame`). */
  readonly line?: string;
}

/** What a bundler shows of a failed build: the message, its location and line of source. */
function whatIsShown(error: unknown): Shown {
  const messages = esbuildMessages(error);
  if (messages) {
    const [first] = messages;
    const location = first?.location;
    return {
      text: messages.map((message) => message.text).join('\n'),
      // esbuild keeps paths relative to the working directory.
      ...(location && {
        location: { file: resolve(location.file), line: location.line, column: location.column },
        line: location.lineText,
      }),
    };
  }
  // Vite 8 (Rolldown) throws an aggregate whose `errors` hold the plugin's error.
  const first = ((error as { errors?: unknown[] }).errors?.[0] ?? error) as {
    message: string;
    loc?: { file?: string; line: number; column: number };
    frame?: string;
  };
  const loc = first.loc;
  return {
    // Rollup writes `Could not load … [plugin ddx] model.ddx (3:15): ` before the plugin's text.
    text: String(first.message),
    ...(loc && { location: { file: loc.file ?? '', line: loc.line, column: loc.column } }),
    ...(first.frame !== undefined && { line: first.frame }),
  };
}
