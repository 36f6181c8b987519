import { defineProject, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// The end-to-end tests spawn bin/ddx.js: the global setup builds it (and its dependencies) first.
export default mergeConfig(
  shared,
  defineProject({ test: { name: 'cli', globalSetup: ['test/global-setup.ts'] } }),
);
