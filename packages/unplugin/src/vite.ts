/** `import ddx from '@ddx/unplugin/vite'`, then `ddx({ grad: true })` in the plugins list. */
import { ddx } from './plugin.js';

export default ddx.vite;
