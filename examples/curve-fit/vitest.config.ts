import { defineProject, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// The tests run the built example: the global setup builds it with nx first (cached).
export default mergeConfig(
  shared,
  defineProject({ test: { name: 'example-curve-fit', globalSetup: ['../global-setup.ts'] } }),
);
