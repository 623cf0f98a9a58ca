// The index of a data folder: <dataDir>/index/whosaid.db, fed from <dataDir>/articles, speakers from
// <dataDir>/speakers.yaml (or the registry shipped with whosaid). What the bot calls at start-up.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import { DEFAULT_SPEAKERS_FILE, loadSpeakerRegistry, type SpeakerRegistry } from '../speakers/registry.ts';
import { ingestPaths, type IngestOptions, type IngestReport } from './ingest.ts';

export function indexFileFor(dataDir: string): string {
  return join(dataDir, 'index', 'whosaid.db');
}

export function articlesDirFor(dataDir: string): string {
  return join(dataDir, 'articles');
}

/** <dataDir>/speakers.yaml when the folder has one, else the registry shipped in data/speakers.yaml. */
export function registryFor(dataDir: string): SpeakerRegistry {
  const own = join(dataDir, 'speakers.yaml');
  return loadSpeakerRegistry(existsSync(own) ? own : DEFAULT_SPEAKERS_FILE);
}

/**
 * The configured store: Postgres when `databaseUrl` (DATABASE_URL) is set, else the data folder's SQLite
 * index. Throws a UserFacingError with a one-line message when it cannot be opened.
 */
export async function openStore(
  where: { dataDir: string; databaseUrl?: string | undefined },
  options: { readonly?: boolean } = {},
): Promise<Store> {
  if (where.databaseUrl) {
    // Loaded only in Postgres mode: the default (SQLite) never loads pg.
    const { openPostgresStore } = await import('../store/postgres/store.ts');
    return openPostgresStore(where.databaseUrl, options);
  }
  return openIndexForDataDir(where.dataDir, options);
}

/** Opens (creating when needed) the data folder's index. Throws IndexOpenError with a clear message. */
export function openIndexForDataDir(dataDir: string, options: { readonly?: boolean } = {}): Store {
  return openSqliteStore(indexFileFor(dataDir), options);
}

/**
 * Brings the index up to date with the data folder's articles: new and changed files ingested, deleted ones
 * removed, unchanged ones skipped by size and mtime (cheap enough for every start-up).
 */
export function refreshIndex(index: Store, dataDir: string, options: Omit<IngestOptions, 'dataDir' | 'prune'> = {}): Promise<IngestReport> {
  const articles = articlesDirFor(dataDir);
  if (!existsSync(articles)) {
    return ingestPaths(index, [], { ...options, dataDir, registry: options.registry ?? registryFor(dataDir), prune: false });
  }
  // A shared database is never pruned to one machine's folder.
  const prune = index.engine === 'sqlite';
  return ingestPaths(index, [articles], { ...options, dataDir, registry: options.registry ?? registryFor(dataDir), prune });
}
