// vitest globalSetup: one throwaway Postgres server for the whole run (all projects) (where the binaries exist); each test
// file makes its own schemas in it (test/support/store-engines.ts). Without the binaries, test files fall
// back to PGlite in their own process, so nothing is skipped.
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startTestPostgres, type TestPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

// vitest calls this once per project (and for the root config) in its main process: they share one server,
// stopped when the last of them tears down.
interface Shared {
  server: Promise<TestPostgres | null>;
  users: number;
}
const KEY = Symbol.for('whosaid.test.postgres');
const holder = globalThis as unknown as Record<symbol, Shared | undefined>;

export async function setup(project: TestProject): Promise<void> {
  const shared = (holder[KEY] ??= {
    server: findPostgresBin() ? startTestPostgres({ prefer: 'server' }) : Promise.resolve(null),
    users: 0,
  });
  shared.users++;
  project.provide('postgresUrl', (await shared.server)?.url ?? null);
}

export async function teardown(): Promise<void> {
  const shared = holder[KEY];
  if (!shared || --shared.users > 0) return;
  holder[KEY] = undefined;
  await (await shared.server)?.close();
}
