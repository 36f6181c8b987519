/**
 * @ddx/unplugin: `import { J, J_grad } from './model.ddx'` in Vite, Rollup, Rolldown, esbuild and
 * webpack, the module generated at build time by @ddx/codegen. See README.md.
 */
export { ddx, unpluginFactory, pluginName } from './plugin.js';
export type { DdxPluginOptions, IdPattern } from './options.js';
export { declarationsPathFor } from './declarations-file.js';
