/**
 * Module hooks (node:module `register`) that let Node 20 load TensorFlow.js's gradient
 * registrations. `@tensorflow/tfjs-core`'s CommonJS bundle (its `main`) registers no gradients;
 * they exist only as ES modules under `dist/`, which Node cannot load as they are: the package
 * is not `"type": "module"` and the imports omit `.js`. Within tfjs-core's `dist/` the hooks add
 * the extension and load the files as ES modules; nothing else is touched. They are registered as
 * a `data:` URL, so the same text works from the TypeScript sources (tests) and from `dist/`.
 */
const hooks = `
const dist = /\\/node_modules\\/@tensorflow\\/tfjs-core\\/dist\\//;
export async function resolve(specifier, context, next) {
  const inside = context.parentURL !== undefined && dist.test(context.parentURL);
  if (inside && specifier.startsWith('.') && !specifier.endsWith('.js')) {
    try {
      return await next(specifier + '.js', context);
    } catch {
      return next(specifier + '/index.js', context);
    }
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (dist.test(url) && !url.endsWith('.node.js')) return next(url, { ...context, format: 'module' });
  return next(url, context);
}
`;

export const tfjsHooksUrl = `data:text/javascript,${encodeURIComponent(hooks)}`;
