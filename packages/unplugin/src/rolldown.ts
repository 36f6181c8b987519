/** `import ddx from '@ddx/unplugin/rolldown'`, then `ddx({ grad: true })` in the plugins list. */
import { ddx } from './plugin.js';

export default ddx.rolldown;
