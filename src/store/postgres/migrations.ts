// Versioned schema of the Postgres engine, recorded in schema_migrations with the SQLite engine's version
// numbers: a Postgres database starts at version 7 (the SQLite schema of that version, whole), and later
// versions follow the SQLite ones. Append new migrations at the end; never edit one that has shipped.
import { UserFacingError } from '../../errors.ts';
import { SchemaVersionError } from '../migrations.ts';
import type { PgDatabase, Sql } from './connection.ts';
import { COORDINATION_MIGRATION } from './coordination.ts';

export class PostgresOpenError extends UserFacingError {
  override name = 'PostgresOpenError';
}

/** The statement text, the speaker's names and the context, weighted A, B and C (as bm25's column weights). */
const TSV = `setweight(to_tsvector('whosaid_text', text), 'A')
    || setweight(to_tsvector('whosaid_text', speaker_names), 'B')
    || setweight(to_tsvector('whosaid_text', coalesce(context, '')), 'C')`;

export const PG_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 7,
    sql: `
  CREATE EXTENSION IF NOT EXISTS unaccent;
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  -- FTS5's unicode61 remove_diacritics 2: lower case (from the database's ctype) and accents folded.
  CREATE TEXT SEARCH CONFIGURATION whosaid_text (COPY = simple);
  ALTER TEXT SEARCH CONFIGURATION whosaid_text
    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
    WITH unaccent, simple;

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  -- Bumped by every write: other processes' caches (speaker table, counts) notice changes by it.
  CREATE TABLE change_counter (one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), n BIGINT NOT NULL);
  INSERT INTO change_counter (n) VALUES (0);

  -- Articles keep their text in Postgres mode: processes on other machines read the same articles.
  CREATE TABLE articles (
    id BIGSERIAL PRIMARY KEY,
    file TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    size BIGINT NOT NULL,
    mtime_ms BIGINT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT NOT NULL,
    url TEXT,
    published TEXT NOT NULL,
    language TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    owner TEXT,
    provenance TEXT,
    body TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX articles_published ON articles(published, id);
  CREATE INDEX articles_owner ON articles(owner, id) WHERE owner IS NOT NULL;

  CREATE TABLE speakers (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL CHECK (type IN ('person', 'organisation', 'group', 'unknown')),
    role TEXT,
    role_since TEXT,
    curated INTEGER NOT NULL DEFAULT 0,
    statement_count INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE speaker_names (
    key TEXT NOT NULL,
    speaker_id BIGINT NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (key, speaker_id)
  );
  CREATE INDEX speaker_names_speaker ON speaker_names(speaker_id);
  CREATE INDEX speaker_names_trgm ON speaker_names USING gin (key gin_trgm_ops);

  CREATE TABLE speaker_roles (
    speaker_id BIGINT NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    date_from TEXT NOT NULL DEFAULT '',
    date_to TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('registry', 'article')),
    PRIMARY KEY (speaker_id, title, source, date_from)
  );

  -- Ids carry the publication day (statement-ids.ts), as in the SQLite engine.
  CREATE TABLE statements (
    id BIGINT PRIMARY KEY,
    dedup_key TEXT NOT NULL UNIQUE,
    speaker_id BIGINT REFERENCES speakers(id),
    speaker_role TEXT,
    speaker_names TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'mixed', 'continuation')),
    context TEXT,
    venue TEXT,
    cue TEXT,
    topics TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL,
    unnamed_source TEXT,
    unattributed TEXT,
    inner_source TEXT,
    owner TEXT,
    tsv tsvector GENERATED ALWAYS AS (${TSV}) STORED
  );
  CREATE INDEX statements_published ON statements(published, id);
  CREATE INDEX statements_speaker ON statements(speaker_id, published, id);
  CREATE INDEX statements_speaker_id ON statements(speaker_id, id);
  CREATE INDEX statements_kind ON statements(kind, published, id);
  CREATE INDEX statements_owner ON statements(owner, id) WHERE owner IS NOT NULL;
  CREATE INDEX statements_tsv ON statements USING gin (tsv);

  -- Children follow a statement re-keyed to another day's id (ON UPDATE CASCADE).
  CREATE TABLE statement_topics (
    topic TEXT NOT NULL,
    published TEXT NOT NULL,
    statement_id BIGINT NOT NULL REFERENCES statements(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (topic, published, statement_id)
  );
  CREATE INDEX statement_topics_statement ON statement_topics(statement_id);

  CREATE TABLE statement_sources (
    statement_id BIGINT NOT NULL REFERENCES statements(id) ON DELETE CASCADE ON UPDATE CASCADE,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    parts TEXT,
    mention TEXT,
    rule TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (statement_id, article_id)
  );
  CREATE INDEX statement_sources_article ON statement_sources(article_id, statement_id);

  CREATE TABLE feeds (
    id BIGSERIAL PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    primed INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    next_poll_ms BIGINT NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    last_polled_at TEXT,
    last_ok_at TEXT,
    last_error TEXT,
    guild_id TEXT
  );
  CREATE TABLE feed_items (
    feed_id BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    url TEXT,
    outcome TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
  );
  CREATE TABLE watches (
    id BIGSERIAL PRIMARY KEY,
    guild_id TEXT,
    channel_id TEXT NOT NULL,
    speaker_id BIGINT,
    speaker_name TEXT,
    topic TEXT,
    query TEXT,
    ping_role_id TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    exclude TEXT NOT NULL DEFAULT '[]'
  );
  CREATE TABLE watch_posts (
    watch_id BIGINT NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    statement_key TEXT NOT NULL,
    posted_at TEXT NOT NULL,
    PRIMARY KEY (watch_id, statement_key)
  );
  `,
  },
  {
    // 8 (as SQLite's): a feed address is unique per owner (NULL: the global corpus), not across all servers.
    version: 8,
    sql: `
  ALTER TABLE feeds DROP CONSTRAINT feeds_url_key;
  CREATE UNIQUE INDEX feeds_owner_url ON feeds ((coalesce(guild_id, '')), url);
  `,
  },
  // 9: the watch outbox, seen interactions, feed leases and change counters (coordination.ts).
  { version: 9, sql: COORDINATION_MIGRATION },
  {
    // As the SQLite engine's 10: where a feed's notices go, and since when it is declared broken.
    version: 10,
    sql: `
  ALTER TABLE feeds ADD COLUMN alert_channel TEXT;
  ALTER TABLE feeds ADD COLUMN broken_since TEXT;
  `,
  },
  {
    // As the SQLite engine's 11: one article per link and per text for each owner, held by the database, so
    // two processes storing the same link at once store it once. Existing articles are re-read to fill the keys.
    version: 11,
    sql: `
  ALTER TABLE articles ADD COLUMN url_key TEXT;
  ALTER TABLE articles ADD COLUMN body_hash TEXT;
  CREATE UNIQUE INDEX articles_owner_url_key ON articles ((coalesce(owner, '')), url_key) WHERE url_key IS NOT NULL;
  CREATE UNIQUE INDEX articles_owner_body_hash ON articles ((coalesce(owner, '')), body_hash) WHERE body_hash IS NOT NULL;
  UPDATE articles SET hash = '';
  `,
  },
  {
    // As the SQLite engine's 12: a watch may open a discussion thread under each of its posts.
    version: 12,
    sql: `
  ALTER TABLE watches ADD COLUMN open_thread BOOLEAN NOT NULL DEFAULT false;
  `,
  },
  {
    // 9 also created change_counters, which nothing ever used (the counter is change_counter, from 7). 9 is
    // left as it shipped; the table goes here. The SQLite engine's 13 changes nothing (it never had one).
    version: 13,
    sql: `
  DROP TABLE IF EXISTS change_counters;
  `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/** Migrations run one at a time across processes: whoever holds this lock migrates, the others wait. */
const MIGRATION_LOCK = 0x77686f73; // "whos"

export async function currentVersion(db: Sql): Promise<number> {
  const [exists] = await db.query<{ ok: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS ok`);
  if (!exists?.ok) return 0;
  const [row] = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return row?.v ?? 0;
}

/**
 * A database whose character classification is C (or POSIX) neither lower-cases nor matches non-ASCII
 * letters: Cyrillic searches would silently find nothing. Refused with one line.
 */
export async function checkLocale(db: Sql, where: string): Promise<void> {
  const [row] = await db.query<{ ctype: string; folds: boolean }>(
    // pg_database, not current_setting('lc_ctype'): Postgres 16+ (and PGlite) no longer have that setting.
    `SELECT (SELECT datctype FROM pg_database WHERE datname = current_database()) AS ctype, lower('ЗЕЛЕНСЬКИЙ É') = 'зеленський é' AS folds`,
  );
  if (!row) return;
  if (/^(C|POSIX)$/i.test(row.ctype) || !row.folds) {
    throw new PostgresOpenError(
      `${where}: the database's LC_CTYPE is ${row.ctype}, which does not fold the case of non-ASCII letters (searches would miss them); create it with a UTF-8 locale, e.g. CREATE DATABASE whosaid LOCALE 'C.UTF-8' TEMPLATE template0`,
    );
  }
}

/** Brings the database to PG_SCHEMA_VERSION (one transaction per migration), or refuses a newer schema. */
export async function migratePostgres(db: PgDatabase, where: string, options: { readonly?: boolean } = {}): Promise<void> {
  const version = await currentVersion(db);
  if (version > PG_SCHEMA_VERSION) {
    throw new SchemaVersionError(
      `${where}: the database has schema version ${version}, newer than this whosaid understands (${PG_SCHEMA_VERSION}); upgrade whosaid`,
    );
  }
  if (version === PG_SCHEMA_VERSION) return;
  if (options.readonly) {
    throw new PostgresOpenError(
      `${where} has schema version ${version}, this whosaid expects ${PG_SCHEMA_VERSION}; run \`whosaid ingest\` to upgrade it`,
    );
  }
  if (version === 0) {
    const [other] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('statements', 'articles', 'speakers')`,
    );
    if (other && other.n > 0) {
      throw new PostgresOpenError(
        `${where}: the schema already has tables of another program (no schema_migrations); use an empty database or schema`,
      );
    }
  }
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    // Another process may have migrated while we waited for the lock.
    const now = await currentVersion(tx);
    for (const migration of PG_MIGRATIONS) {
      if (migration.version <= now) continue;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
    }
  });
}
