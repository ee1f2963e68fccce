import { defineConfig } from 'vitest/config';

/**
 * The site settings the commands read from the environment, unset as in a maintainer's shell:
 * tests run the import in their own process, and the builds they start get the same.
 */
const env = { BASE_PATH: '', SITE_URL: '' };

export default defineConfig({
  test: {
    // Build tests mostly wait for the builds they start: a few at once keep both cores busy.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Pure functions and temp folders: the unit files share their workers and module graph.
          isolate: false,
          env,
          // A few unit tests read the whole real corpus: a timeout is there to catch a hang, not to time them.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'build',
          include: ['tests/build/**/*.test.ts'],
          // Each file makes its own temp sites; sharing workers saves loading the project's modules per file.
          isolate: false,
          // The folder where the fixture sites several files read are built once (tests/helpers/shared-sites.ts).
          globalSetup: ['tests/setup/shared-sites.ts'],
          env,
          // Build tests run real `astro build`s; give them room on a two-core machine.
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
