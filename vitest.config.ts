import { defineConfig } from 'vitest/config';

// CI shares a 2-core machine with other work: waits are generous and bounded, never tight.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One throwaway Postgres server for the run (the store behaviour tests run on both engines).
    globalSetup: ['test/support/global-postgres.ts'],
  },
});
