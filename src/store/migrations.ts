// Versioned schema migrations, applied in order at open. PRAGMA user_version holds the version reached.
// Append new migrations at the end; never edit one that has shipped.
import type { Database } from 'better-sqlite3';
import { UserFacingError } from '../errors.ts';

export const MIGRATIONS: readonly string[] = [
  // 1: articles, speakers, statements (deduplicated across outlets), topics, full-text index.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT NOT NULL,
    url TEXT,
    published TEXT NOT NULL,
    language TEXT NOT NULL,
    ingested_at TEXT NOT NULL
  );
  CREATE INDEX articles_published ON articles(published, id);

  CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL CHECK (type IN ('person', 'organisation', 'group', 'unknown')),
    role TEXT,
    role_since TEXT,
    curated INTEGER NOT NULL DEFAULT 0,
    statement_count INTEGER NOT NULL DEFAULT 0
  );

  -- Every folded spelling a speaker is known by (canonical name and aliases).
  CREATE TABLE speaker_names (
    key TEXT NOT NULL,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (key, speaker_id)
  ) WITHOUT ROWID;
  CREATE INDEX speaker_names_speaker ON speaker_names(speaker_id);

  CREATE TABLE speaker_roles (
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    date_from TEXT NOT NULL DEFAULT '',
    date_to TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('registry', 'article')),
    PRIMARY KEY (speaker_id, title, source, date_from)
  );

  -- One row per distinct statement: same speaker and same words (folded) are one statement.
  CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    dedup_key TEXT NOT NULL UNIQUE,
    speaker_id INTEGER REFERENCES speakers(id),
    speaker_role TEXT,
    speaker_names TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'mixed', 'continuation')),
    context TEXT,
    venue TEXT,
    cue TEXT,
    topics TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL
  );
  CREATE INDEX statements_published ON statements(published, id);
  CREATE INDEX statements_speaker ON statements(speaker_id, published, id);
  CREATE INDEX statements_kind ON statements(kind, published, id);

  CREATE TABLE statement_topics (
    topic TEXT NOT NULL,
    published TEXT NOT NULL,
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    PRIMARY KEY (topic, published, statement_id)
  ) WITHOUT ROWID;
  CREATE INDEX statement_topics_statement ON statement_topics(statement_id);

  -- Which articles reported a statement, and where in each body.
  CREATE TABLE statement_sources (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    parts TEXT,
    mention TEXT,
    rule TEXT NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (statement_id, article_id)
  ) WITHOUT ROWID;
  CREATE INDEX statement_sources_article ON statement_sources(article_id, statement_id);

  CREATE VIRTUAL TABLE statements_fts USING fts5(
    text, context, speaker_names,
    content = 'statements', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
  );
  CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts(rowid, text, context, speaker_names) VALUES (new.id, new.text, new.context, new.speaker_names);
  END;
  CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, text, context, speaker_names)
      VALUES ('delete', old.id, old.text, old.context, old.speaker_names);
  END;
  CREATE TRIGGER statements_fts_update AFTER UPDATE OF text, context, speaker_names ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, text, context, speaker_names)
      VALUES ('delete', old.id, old.text, old.context, old.speaker_names);
    INSERT INTO statements_fts(rowid, text, context, speaker_names) VALUES (new.id, new.text, new.context, new.speaker_names);
  END;
  `,
  // 2: the full-text index is written by the writer, not by triggers: a trigger writing an FTS5 table runs
  // in a statement savepoint, which makes FTS5 flush a segment per row (six times slower ingest).
  `
  DROP TRIGGER statements_fts_insert;
  DROP TRIGGER statements_fts_delete;
  DROP TRIGGER statements_fts_update;
  `,
  // 3: statement ids now carry their publication day (statement-ids.ts). Statements stored before are
  // dropped and their articles marked changed, so the next ingest stores them again under new ids.
  `
  DELETE FROM statement_topics;
  DELETE FROM statement_sources;
  DELETE FROM statements;
  INSERT INTO statements_fts(statements_fts) VALUES ('delete-all');
  UPDATE speakers SET statement_count = 0;
  DELETE FROM speakers WHERE curated = 0;
  UPDATE articles SET hash = '';
  `,
  // 4: news feeds the bot follows (their HTTP cache state and the items already taken), and watches that
  // post new statements to a channel (with the statements already posted, by dedup key).
  `
  CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    primed INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    next_poll_ms INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    last_polled_at TEXT,
    last_ok_at TEXT,
    last_error TEXT
  );
  CREATE TABLE feed_items (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    url TEXT,
    outcome TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE watches (
    id INTEGER PRIMARY KEY,
    guild_id TEXT,
    channel_id TEXT NOT NULL,
    speaker_id INTEGER,
    speaker_name TEXT,
    topic TEXT,
    query TEXT,
    ping_role_id TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE watch_posts (
    watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    statement_key TEXT NOT NULL,
    posted_at TEXT NOT NULL,
    PRIMARY KEY (watch_id, statement_key)
  ) WITHOUT ROWID;
  `,
  // 5: a watch's excluded words and phrases (a JSON array of strings).
  `
  ALTER TABLE watches ADD COLUMN exclude TEXT NOT NULL DEFAULT '[]';
  `,
  // 6: who a statement is from when it is no person (issue 13): an unnamed source's description, bound to its
  // article (never a speakers row, so never merged across outlets nor listed as a person); why nobody is
  // named (an unattributed statement's reason); the source an interviewee's words cite. Unnamed sources
  // stored before as speakers are re-read: their articles are marked changed.
  `
  ALTER TABLE statements ADD COLUMN unnamed_source TEXT;
  ALTER TABLE statements ADD COLUMN unattributed TEXT;
  ALTER TABLE statements ADD COLUMN inner_source TEXT;
  UPDATE articles SET hash = '';
  `,
  // 7: tenancy. What a Discord server adds (uploads, links, feeds) is that server's: owner holds its guild id,
  // NULL for the global corpus (every row stored before this version). Statements carry their articles'
  // owner (a server's copy of a quote is its own statement, so it cannot corroborate a global one);
  // provenance says whether an article's outlet and link were fetched or only claimed by an upload.
  `
  ALTER TABLE articles ADD COLUMN owner TEXT;
  ALTER TABLE articles ADD COLUMN provenance TEXT;
  ALTER TABLE statements ADD COLUMN owner TEXT;
  CREATE INDEX statements_owner ON statements(owner, id) WHERE owner IS NOT NULL;
  CREATE INDEX articles_owner ON articles(owner, id) WHERE owner IS NOT NULL;
  ALTER TABLE feeds ADD COLUMN guild_id TEXT;
  `,
  // 8: a feed address is unique per owner, not across all servers: each server (and the global corpus, NULL)
  // may follow the same feed, its items taken for that owner. SQLite cannot drop the column's UNIQUE, so the
  // table is rebuilt; feed_items is rebuilt first (pointing at the new table), so no cascade touches its rows.
  `
  CREATE TABLE feeds_v8 (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    title TEXT,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    primed INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    next_poll_ms INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    last_polled_at TEXT,
    last_ok_at TEXT,
    last_error TEXT,
    guild_id TEXT
  );
  INSERT INTO feeds_v8 (id, url, title, added_by, added_at, primed, etag, last_modified, next_poll_ms, failures,
      last_polled_at, last_ok_at, last_error, guild_id)
    SELECT id, url, title, added_by, added_at, primed, etag, last_modified, next_poll_ms, failures,
      last_polled_at, last_ok_at, last_error, guild_id FROM feeds;
  CREATE TABLE feed_items_v8 (
    feed_id INTEGER NOT NULL REFERENCES feeds_v8(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    url TEXT,
    outcome TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
  ) WITHOUT ROWID;
  INSERT INTO feed_items_v8 SELECT feed_id, key, url, outcome, seen_at FROM feed_items;
  DROP TABLE feed_items;
  DROP TABLE feeds;
  ALTER TABLE feeds_v8 RENAME TO feeds;
  ALTER TABLE feed_items_v8 RENAME TO feed_items;
  CREATE UNIQUE INDEX feeds_owner_url ON feeds(ifnull(guild_id, ''), url);
  `,
  // 9: the watch outbox. A post is queued in the transaction that records its statements
  // as due for the watch (watch_posts, one row per watch and statement, now naming its outbox row), and is
  // marked posted only after Discord accepted it. Each post keeps one nonce for every attempt, so a retry
  // after a crash gets the message already sent instead of a second one. target: who can deliver it
  // ('discord': a channel id; 'terminal': the console's). Leases let several processes share the work.
  // Also the interaction ids already answered (replay protection in HTTP mode).
  `
  CREATE TABLE watch_outbox (
    id INTEGER PRIMARY KEY,
    watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    target TEXT NOT NULL CHECK (target IN ('discord', 'terminal')),
    channel_id TEXT NOT NULL,
    ping_role_id TEXT,
    nonce TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'posted', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL DEFAULT 0,
    leased_by TEXT,
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    message_id TEXT,
    created_at TEXT NOT NULL,
    done_at TEXT
  );
  CREATE INDEX watch_outbox_pending ON watch_outbox(target, next_attempt_ms, id) WHERE state = 'pending';
  CREATE INDEX watch_outbox_watch ON watch_outbox(watch_id);
  ALTER TABLE watch_posts ADD COLUMN outbox_id INTEGER REFERENCES watch_outbox(id) ON DELETE SET NULL;
  -- Interaction ids already answered (HTTP mode), until they expire: Discord redelivering one is answered once.
  CREATE TABLE seen_interactions (id TEXT PRIMARY KEY, expires_ms INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX seen_interactions_expiry ON seen_interactions(expires_ms);
  `,
  // 10: broken-feed notices. alert_channel: the channel a feed was added from (its notices go there);
  // broken_since: when it was declared broken (one notice sent), cleared when it works again.
  `
  ALTER TABLE feeds ADD COLUMN alert_channel TEXT;
  ALTER TABLE feeds ADD COLUMN broken_since TEXT;
  `,
  // 11: one article per link and per text, for each owner, enforced by the index itself: two processes adding
  // the same link at once store it once (the other sees "already in the index"), so it cannot corroborate
  // itself. url_key: the normalised link (articles/url-key.ts); body_hash: articles/content-hash.ts. Filled
  // by the writer: the articles are marked changed, so the next ingest stores them again with their keys.
  `
  ALTER TABLE articles ADD COLUMN url_key TEXT;
  ALTER TABLE articles ADD COLUMN body_hash TEXT;
  CREATE UNIQUE INDEX articles_owner_url_key ON articles(ifnull(owner, ''), url_key) WHERE url_key IS NOT NULL;
  CREATE UNIQUE INDEX articles_owner_body_hash ON articles(ifnull(owner, ''), body_hash) WHERE body_hash IS NOT NULL;
  UPDATE articles SET hash = '';
  `,
  // 12: a watch may open a discussion thread under each of its posts (/watch add thread:true).
  `
  ALTER TABLE watches ADD COLUMN open_thread INTEGER NOT NULL DEFAULT 0;
  `,
  // 13: nothing here. The Postgres engine's 13 drops a table its 9 created and nothing used; the two engines
  // keep the same version numbers (migrate-store copies only between equal versions).
  `
  -- no change in SQLite
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaVersionError extends UserFacingError {
  override name = 'SchemaVersionError';
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the database to SCHEMA_VERSION, one transaction per migration. */
export function migrate(db: Database, file: string): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new SchemaVersionError(
      `${file}: the index has schema version ${current}, newer than this whosaid understands (${SCHEMA_VERSION}); upgrade whosaid or delete the index to rebuild it`,
    );
  }
  if (current === SCHEMA_VERSION) return;
  // Another process may be opening the same new (or older) index at this moment: each step takes the write
  // lock first (IMMEDIATE) and reads the version again under it, so a step is applied exactly once.
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      const now = schemaVersion(db);
      if (now > version) return;
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
