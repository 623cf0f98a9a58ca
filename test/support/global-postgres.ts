// vitest globalSetup: one throwaway Postgres server for the whole run (where the binaries exist); each test
// file makes its own schemas in it (test/support/store-engines.ts). Without the binaries, test files fall
// back to PGlite in their own process, so nothing is skipped.
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startTestPostgres, type TestPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

let server: TestPostgres | null = null;

export async function setup(project: TestProject): Promise<void> {
  server = findPostgresBin() ? await startTestPostgres({ prefer: 'server' }) : null;
  project.provide('postgresUrl', server?.url ?? null);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
