import { defineConfig } from 'vitest/config';

// CI shares a 2-core machine with other work: waits are generous and bounded, never tight.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One throwaway Postgres server for the run (the store behaviour tests run on both engines).
    globalSetup: ['test/support/global-postgres.ts'],
    // Test time (issue 17: the whole run under 10 minutes on 2 busy cores). Each worker process imports the
    // app's modules once and runs its files one after another in them (isolate: false): importing them again
    // for every file cost two thirds of the CPU of the run. No test mocks modules, stubs globals or changes
    // process.env; each file makes its own temp folders, ports and schemas. Three workers on two cores: much
    // of a run is waiting (child processes starting, sockets, Postgres), which the third worker fills; the
    // default (cores - 1) ran every file one after another.
    isolate: false,
    maxWorkers: 3,
  },
});
