/** `import ddx from '@ddx/unplugin/esbuild'`, then `ddx({ grad: true })` in the plugins list. */
import { ddx } from './plugin.js';

export default ddx.esbuild;
