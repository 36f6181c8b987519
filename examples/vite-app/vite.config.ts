import ddx from '@ddx/unplugin/vite';
import { defineConfig } from 'vite';

// `import { J, J_grad } from './network.ddx'` is the module `ddx gen --grad --wrt w1,b1,w2,b2` writes.
export default defineConfig({
  plugins: [ddx({ grad: true, wrt: ['w1', 'b1', 'w2', 'b2'] })],
  build: { target: 'es2022' },
});
