import { defineConfig } from 'vitest/config';

// Node-side tests: the pure core, the CLI, the engine, the local server and the Electron
// shell (with `electron` mocked). Browser tests drive Debian Chromium from here as well:
// they are their own project, after a global setup that builds the renderer once. Both
// projects share the one pool of two workers: a project run one file at a time would
// form its own group, which vitest runs only after every other group, and that serial
// tail was half the suite's wall time. Both first build the project's own
// sample set (tests/fixtures/generator/sample-set.ts), so no test needs ../shared.
export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/e2e/**', 'node_modules/**'], globalSetup: ['tests/support/sample-set.setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/sample-set.setup.ts', 'tests/e2e/support/global-setup.ts'],
          testTimeout: 180_000,
          // A page answers in well under a second on a quiet machine; beside other test
          // files on two cores it can take several. A poll that passes returns at once.
          expect: { poll: { timeout: 15_000 } },
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
