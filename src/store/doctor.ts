// `whosaid doctor`: is the index file sound (PRAGMA integrity_check, schema version, the full-text index's own
// check), and, when it is not, a rebuild that keeps what exists nowhere else. Feeds, their taken items,
// watches and their posts live only in the index; articles and statements are rebuilt from the article files.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { isDamageError } from './handles.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { openSqliteStore, type SqliteStore } from './sqlite.ts';

export interface Diagnosis {
  engine: 'sqlite' | 'postgres';
  /** The index file, or the Postgres database's address without its password. */
  file: string;
  /** ok: sound; damaged: integrity or full-text problems; unreadable: not a database SQLite can read; missing. */
  verdict: 'ok' | 'damaged' | 'unreadable' | 'missing';
  schemaVersion: number | null;
  expectedVersion: number;
  /** The first problems found (integrity_check lines, the FTS check, errors). */
  problems: string[];
  /** Rows of what only the index holds, as far as they could be read (null: unreadable). */
  kept: { feeds: number | null; watches: number | null };
}

function count(db: Db, table: string): number | null {
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } catch {
    return null;
  }
}

/** Examines the index file without changing it (no migration). */
export function diagnose(file: string): Diagnosis {
  const base = { engine: 'sqlite' as const, file, expectedVersion: SCHEMA_VERSION };
  if (!existsSync(file)) return { ...base, verdict: 'missing', schemaVersion: null, problems: [], kept: { feeds: null, watches: null } };
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (error) {
    return {
      ...base,
      verdict: 'unreadable',
      schemaVersion: null,
      problems: [(error as Error).message],
      kept: { feeds: null, watches: null },
    };
  }
  try {
    db.pragma('busy_timeout = 5000');
    const problems: string[] = [];
    let schemaVersion: number | null = null;
    try {
      schemaVersion = db.pragma('user_version', { simple: true }) as number;
      const lines = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
      if (!(lines.length === 1 && lines[0] === 'ok')) problems.push(...lines);
    } catch (error) {
      if (!isDamageError(error)) throw error;
      return { ...base, verdict: 'unreadable', schemaVersion, problems: [(error as Error).message], kept: { feeds: null, watches: null } };
    }
    const hasFts = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'statements_fts'").pluck().get() === 1;
    if (hasFts) {
      try {
        // FTS5's own check: its index matches the statements it was built from. Changes nothing.
        db.prepare("INSERT INTO statements_fts(statements_fts, rank) VALUES ('integrity-check', 1)").run();
      } catch (error) {
        problems.push(`full-text index: ${(error as Error).message}`);
      }
    }
    const kept = { feeds: count(db, 'feeds'), watches: count(db, 'watches') };
    return { ...base, verdict: problems.length ? 'damaged' : 'ok', schemaVersion, problems, kept };
  } finally {
    db.close();
  }
}

/** Tables only the index holds, copied row by row (parents first) into a rebuilt index; a table this index lacks is skipped. */
const KEPT_TABLES = ['feeds', 'feed_items', 'watches', 'watch_outbox', 'watch_posts'] as const;

export interface Salvage {
  /** Rows copied per table. */
  copied: Record<string, number>;
  /** Rows that could not be read (a damaged page), per table. */
  lost: Record<string, string>;
  /** Where the damaged file was moved. */
  damagedCopy: string;
}

function columns(db: Db, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

/**
 * Moves the damaged file aside (with its -wal and -shm), creates a new index at `file` and copies into it the
 * feeds, taken items, watches and posts that can still be read, with their ids. Returns the new index (its
 * articles and statements empty: the caller ingests the article files) and what was kept.
 */
export function rebuildKeeping(file: string, now = new Date()): { index: SqliteStore; salvage: Salvage } {
  const damagedCopy = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  const rows: Record<string, { names: string[]; rows: unknown[][] }> = {};
  const lost: Record<string, string> = {};
  if (existsSync(file)) {
    let old: Db | null = null;
    try {
      old = new Database(file, { readonly: true, fileMustExist: true });
      for (const table of KEPT_TABLES) {
        try {
          const names = columns(old, table);
          if (!names.length) continue;
          rows[table] = { names, rows: old.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][] };
        } catch (error) {
          lost[table] = (error as Error).message;
        }
      }
    } catch (error) {
      for (const table of KEPT_TABLES) lost[table] ??= (error as Error).message;
    } finally {
      old?.close();
    }
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, damagedCopy + suffix);
  }
  const index = openSqliteStore(file);
  const copied: Record<string, number> = {};
  const db = index.db;
  db.transaction(() => {
    for (const table of KEPT_TABLES) {
      const found = rows[table];
      if (!found) continue;
      const target = new Set(columns(db, table));
      const keep = found.names.map((name, i) => [name, i] as const).filter(([name]) => target.has(name));
      const insert = db.prepare(
        `INSERT OR IGNORE INTO ${table} (${keep.map(([n]) => n).join(', ')}) VALUES (${keep.map(() => '?').join(', ')})`,
      );
      let n = 0;
      for (const row of found.rows) {
        try {
          n += insert.run(...keep.map(([, i]) => row[i])).changes;
        } catch {
          // A row whose parent was lost (an item of a feed that could not be read) cannot be kept.
        }
      }
      copied[table] = n;
    }
  }).immediate();
  return { index, salvage: { copied, lost, damagedCopy } };
}
