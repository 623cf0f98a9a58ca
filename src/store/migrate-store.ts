// `whosaid migrate-store`: copies an SQLite index, row for row with its ids, into an empty Postgres database
// (same schema version), in one transaction, and checks every table's count before committing. Articles
// gain their text (Postgres keeps it; SQLite mode reads it from the article files).
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { parseArticleFile } from '../articles/parse.ts';
import { UserFacingError } from '../errors.ts';
import { schemaVersion } from './migrations.ts';
import type { PgDatabase, Sql } from './postgres/connection.ts';
import { PG_SCHEMA_VERSION } from './postgres/migrations.ts';

export class MigrateStoreError extends UserFacingError {
  override name = 'MigrateStoreError';
}

/** Parents before children (foreign keys are checked row by row). */
export const COPIED_TABLES = [
  'articles',
  'speakers',
  'speaker_names',
  'speaker_roles',
  'statements',
  'statement_topics',
  'statement_sources',
  'feeds',
  'feed_items',
  'watches',
  'watch_outbox',
  'watch_posts',
  'seen_interactions',
  'meta',
] as const;

/** Tables whose ids come from a sequence (BIGSERIAL): advanced past the copied ids. */
const SERIAL_TABLES = ['articles', 'speakers', 'feeds', 'watches', 'watch_outbox'] as const;

/** A table with rows here means the target is not empty (meta may hold bookkeeping of an empty one). */
const DATA_TABLES = COPIED_TABLES.filter((t) => t !== 'meta');

const BATCH = 500;

export interface MigrateStoreLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface MigrateStoreReport {
  /** Rows copied per table (verified equal on both sides). */
  counts: Record<string, number>;
  /** Articles whose file could not be read: copied without their text. */
  missingText: string[];
}

/**
 * Copies `source` (an open SQLite index) into `target` (a migrated, empty Postgres database). `dataDir`
 * resolves the articles' files (their keys are relative to it). Throws MigrateStoreError, leaving the
 * target untouched, when the target holds data, the schema versions differ, or a count does not match.
 */
export async function migrateSqliteToPostgres(
  source: Database,
  target: PgDatabase,
  options: { dataDir: string; where: string; log?: MigrateStoreLog },
): Promise<MigrateStoreReport> {
  const version = schemaVersion(source);
  if (version !== PG_SCHEMA_VERSION) {
    throw new MigrateStoreError(
      `the SQLite index has schema version ${version}, this whosaid's Postgres schema is ${PG_SCHEMA_VERSION}; run \`whosaid ingest\` with this whosaid first`,
    );
  }
  const missingText: string[] = [];
  const counts: Record<string, number> = {};
  await target.transaction(async (tx) => {
    // Nobody else writes while we copy (a process starting on the new database waits for us).
    await tx.query(`LOCK TABLE ${DATA_TABLES.join(', ')} IN EXCLUSIVE MODE`);
    const busy: string[] = [];
    for (const table of DATA_TABLES) {
      const [row] = await tx.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS any`);
      if (row?.any) busy.push(table);
    }
    if (busy.length) {
      throw new MigrateStoreError(
        `${options.where} is not empty (${busy.join(', ')} hold rows); migrate-store only fills an empty database`,
      );
    }
    for (const table of COPIED_TABLES) {
      const columns = await sharedColumns(source, tx, table);
      const select = source.prepare(`SELECT ${columns.join(', ')} FROM ${table}`);
      const into = table === 'articles' ? [...columns, 'body'] : columns;
      const conflict = table === 'meta' ? ' ON CONFLICT (key) DO UPDATE SET value = excluded.value' : '';
      const insert = `INSERT INTO ${table} (${into.join(', ')}) SELECT ${into.join(', ')} FROM json_populate_recordset(null::${table}, $1::json)${conflict}`;
      let batch: Record<string, unknown>[] = [];
      let copied = 0;
      const flush = async () => {
        if (!batch.length) return;
        await tx.query(insert, [JSON.stringify(batch)]);
        copied += batch.length;
        batch = [];
      };
      for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
        if (table === 'articles') row.body = articleText(String(row.file), options.dataDir, missingText);
        batch.push(row);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      const expected = (source.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const [got] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      if (copied !== expected || Number(got?.n) !== expected) {
        throw new MigrateStoreError(`${table}: ${expected} rows in the SQLite index but ${got?.n ?? 0} in Postgres; nothing was written`);
      }
      counts[table] = expected;
      options.log?.info({ table, rows: expected }, 'table copied');
    }
    for (const table of SERIAL_TABLES) {
      await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`);
    }
    // Caches of processes already open on this database reload.
    await tx.query('UPDATE change_counter SET n = n + 1');
  });
  for (const file of missingText) options.log?.warn({ file }, 'article file not found: copied without its text');
  return { counts, missingText };
}

/** The table's columns both engines have (Postgres's generated and Postgres-only columns are left out). */
async function sharedColumns(source: Database, tx: Sql, table: string): Promise<string[]> {
  const sqlite = (source.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const rows = await tx.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'`,
    [table],
  );
  const pg = new Set(rows.map((r) => r.name));
  const shared = sqlite.filter((c) => pg.has(c));
  if (!shared.length) throw new MigrateStoreError(`${table}: no table of that name in both databases`);
  return shared;
}

function articleText(file: string, dataDir: string, missing: string[]): string {
  const path = isAbsolute(file) ? file : join(dataDir, file);
  try {
    return parseArticleFile(file, readFileSync(path)).body;
  } catch {
    missing.push(file);
    return '';
  }
}
