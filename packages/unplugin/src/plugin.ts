/**
 * The unplugin: a module whose id ends in `.ddx` is loaded as the ES module `ddx gen` would
 * write for it. Loading (not transforming) keeps other plugins from reading ddx source as
 * JavaScript, and registers the file with the bundler's watcher. esbuild gets an `onLoad` of its
 * own, because only that way can its messages carry the line of source they point into.
 */
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, relative } from 'node:path';
import { DdxError } from '@ddx/ast';
import type { GeneratedCode } from '@ddx/codegen';
import type { OnLoadResult, PluginBuild } from 'esbuild';
import { createUnplugin, type UnpluginFactory, type UnpluginOptions } from 'unplugin';
import { declarationsPathFor, writeIfChanged } from './declarations-file.js';
import { generateFromSource } from './generate.js';
import { esbuildMessages, renderedText, rollupError } from './messages.js';
import { generationOptions, idFilter, idPatterns, type DdxPluginOptions } from './options.js';

export const pluginName = 'ddx';

type Loaded =
  | { readonly file: string; readonly generated: GeneratedCode }
  | { readonly file: string; readonly error: DdxError };

export const unpluginFactory: UnpluginFactory<DdxPluginOptions | undefined, false> = (
  options = {},
  meta,
) => {
  const generation = generationOptions(options);
  const isDdx = idFilter(options);

  /** Reads and generates; a problem in the program is returned, anything else thrown. */
  async function load(id: string): Promise<Loaded> {
    const file = id.replace(/[?#].*$/, '');
    const source = await readFile(file, 'utf8');
    try {
      const generated = generateFromSource(source, displayName(file), generation, headerName(file));
      if (options.dts) await writeIfChanged(declarationsPathFor(file), generated.declarations);
      return { file, generated };
    } catch (error) {
      if (error instanceof DdxError) return { file, error };
      throw error;
    }
  }

  if (meta.framework === 'esbuild') {
    return {
      name: pluginName,
      esbuild: {
        setup(build: PluginBuild) {
          // Without a custom `include`, esbuild's own filter keeps other files out of JavaScript.
          const filter = options.include === undefined ? /\.ddx$/ : /.*/;
          build.onLoad({ filter }, async (args): Promise<OnLoadResult | undefined> => {
            if (args.namespace !== 'file' || !isDdx(args.path)) return undefined;
            const loaded = await load(args.path);
            const watchFiles = [loaded.file];
            if ('error' in loaded) {
              return {
                errors: esbuildMessages(loaded.error, displayName(loaded.file)),
                watchFiles,
              };
            }
            return { contents: loaded.generated.module, loader: 'js', watchFiles };
          });
        },
      },
    };
  }

  const { include, exclude } = idPatterns(options);
  const plugin: UnpluginOptions = {
    name: pluginName,
    enforce: 'pre',
    load: {
      // Vite and Rolldown apply this filter natively: other modules never reach the plugin.
      filter: { id: { include: [...include], exclude: [...exclude] } },
      async handler(id) {
        const loaded = await load(id);
        this.addWatchFile(loaded.file);
        if ('generated' in loaded) {
          // Rolldown (and so Vite 8) decides a module's type by its extension unless told.
          return { code: loaded.generated.module, moduleType: 'js' } as { code: string };
        }
        if (rollupFamily.has(meta.framework)) {
          // Rollup's error fields; unplugin's message type knows only some of them.
          this.error(rollupError(loaded.error, loaded.file) as Parameters<typeof this.error>[0]);
        }
        // webpack (and the rest): one error whose text says where, without the plugin's stack.
        throw Object.assign(new Error(renderedText(loaded.error)), { hideStack: true, stack: '' });
      },
    },
  };
  return plugin;
};

const rollupFamily: ReadonlySet<string> = new Set(['rollup', 'vite', 'rolldown', 'unloader']);

/** The path relative to the working directory when the file is inside it, as `ddx gen` names it. */
function relativeName(file: string): string | undefined {
  const name = relative(process.cwd(), file);
  return name === '' || name.startsWith('..') || isAbsolute(name)
    ? undefined
    : name.replaceAll('\\', '/');
}

/** Errors name the file so that a terminal or editor can open it. */
function displayName(file: string): string {
  return relativeName(file) ?? file;
}

/** The module's header never holds an absolute path: builds stay the same on every machine. */
function headerName(file: string): string {
  return relativeName(file) ?? basename(file);
}

/** The plugin for every bundler unplugin supports: `ddx.vite()`, `ddx.rollup()`, `ddx.esbuild()`, ... */
export const ddx = createUnplugin(unpluginFactory);
