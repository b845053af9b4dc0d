import { defineConfig } from 'vitest/config';

// Node-side tests: the pure core, the CLI, the engine, the local server and the Electron
// shell (with `electron` mocked). Browser tests drive Debian Chromium from here as well.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
