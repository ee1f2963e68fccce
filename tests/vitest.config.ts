import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/build/**/*.test.ts'],
    // Build tests run real `astro build`s; give them room on a two-core machine.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
