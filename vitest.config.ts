import { defineConfig } from 'vitest/config';

// Test time (issue 17: the whole run under 10 minutes on 2 busy cores). Most test files run in worker
// processes that import the app's modules once and run file after file in them (isolate: false): importing
// them again for every file was two thirds of the CPU of the run. No test mocks modules, stubs globals or
// changes process.env; each file makes its own temp folders, ports and schemas. The end-to-end files (a
// discord.js bot against the fake Discord) keep a fresh module graph each, as a bot process has. (Files that
// loaded discord.js after a chart failed with "string "Set()" is not iterable": Vega-Lite's Set.prototype.toJSON,
// now taken off after it loads, src/timeline/render.ts.)
const E2E = 'test/e2e/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One throwaway Postgres server for the run (the store behaviour tests run on both engines).
    globalSetup: ['test/support/global-postgres.ts'],
    // Three workers on two cores: much of a run is waiting (child processes starting, sockets, Postgres),
    // which the third fills; the default (cores - 1) ran every file one after another.
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [E2E], isolate: false } },
      { extends: true, test: { name: 'e2e', include: [E2E], isolate: true } },
    ],
  },
});
