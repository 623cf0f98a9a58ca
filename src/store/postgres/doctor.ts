// `whosaid doctor` with DATABASE_URL set: is the Postgres database a sound whosaid store? Reachable, a UTF-8
// locale, the schema version, the extensions and text-search configuration search needs, no index left
// invalid (a failed CREATE INDEX CONCURRENTLY or REINDEX), and no half-written data (a statement with no
// article, speaker counts that disagree with the statements). Reads only.
import type { Diagnosis } from '../doctor.ts';
import type { Sql } from './connection.ts';
import { checkLocale, currentVersion, PG_SCHEMA_VERSION } from './migrations.ts';

const EXTENSIONS = ['pg_trgm', 'unaccent'] as const;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

async function count(db: Sql, table: string): Promise<number | null> {
  try {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return row?.n ?? null;
  } catch {
    return null;
  }
}

/** Examines the database behind `db` (`where`: its address without password) without changing it. */
export async function diagnosePostgres(db: Sql, where: string): Promise<Diagnosis> {
  const base = { engine: 'postgres' as const, file: where, expectedVersion: PG_SCHEMA_VERSION };
  let schemaVersion: number;
  try {
    schemaVersion = await currentVersion(db);
  } catch (error) {
    return { ...base, verdict: 'unreadable', schemaVersion: null, problems: [firstLine(error)], kept: { feeds: null, watches: null } };
  }
  if (schemaVersion === 0) return { ...base, verdict: 'missing', schemaVersion: null, problems: [], kept: { feeds: null, watches: null } };

  const problems: string[] = [];
  await checkLocale(db, 'the database').catch((error: unknown) => problems.push(firstLine(error)));
  const installed = new Set((await db.query<{ extname: string }>('SELECT extname FROM pg_extension')).map((row) => row.extname));
  for (const name of EXTENSIONS) if (!installed.has(name)) problems.push(`extension ${name} is not installed (CREATE EXTENSION ${name})`);
  const [config] = await db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE c.cfgname = 'whosaid_text' AND n.nspname = current_schema()) AS ok`,
  );
  if (!config?.ok) problems.push('text search configuration whosaid_text is missing: full-text search cannot work');

  const invalid = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready)
      ORDER BY 1`,
  );
  for (const { name } of invalid) problems.push(`index ${name} is invalid (REINDEX INDEX CONCURRENTLY ${name})`);

  if (schemaVersion <= PG_SCHEMA_VERSION) {
    const [orphans] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM statements s WHERE NOT EXISTS (SELECT 1 FROM statement_sources x WHERE x.statement_id = s.id)`,
    );
    if (orphans?.n) problems.push(`statements that belong to no article: ${orphans.n} (half-written data)`);
    const [counts] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM speakers p
        WHERE p.statement_count <> (SELECT count(*) FROM statements s WHERE s.speaker_id = p.id)`,
    );
    if (counts?.n) problems.push(`speakers whose statement count disagrees with their statements: ${counts.n}`);
  }
  const kept = { feeds: await count(db, 'feeds'), watches: await count(db, 'watches') };
  return { ...base, verdict: problems.length ? 'damaged' : 'ok', schemaVersion, problems, kept };
}
