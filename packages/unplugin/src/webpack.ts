/** `import ddx from '@ddx/unplugin/webpack'`, then `ddx({ grad: true })` in the plugins list. */
import { ddx } from './plugin.js';

export default ddx.webpack;
