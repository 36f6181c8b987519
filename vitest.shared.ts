import { defineConfig } from 'vitest/config';

// Tests run from TypeScript source: the `@ddx/source` export condition points every
// workspace package at its src/index.ts, so no build is needed before `vitest run`.
export default defineConfig({
  resolve: {
    conditions: ['@ddx/source', 'module', 'node', 'import', 'default'],
  },
  ssr: {
    resolve: {
      conditions: ['@ddx/source', 'module', 'node', 'import', 'default'],
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
