// The Postgres engine's writes: the same steps as the SQLite engine's writer (writer.ts, articles.ts,
// speakers.ts, cross-family.ts), over one transaction per call. Writers of every process take one advisory
// lock per transaction, so statement ids (numbered per day) and speaker identity are decided one writer at a
// time; the speaker directory speakers/resolve.ts decides over is held in memory and re-read whenever
// another process wrote (the change counter moved).
import type { Article, ArticleSpeaker, SpeakerType } from '../../model.ts';
import { nameKey } from '../../speakers/fold.ts';
import type { RegistrySpeaker, SpeakerRegistry } from '../../speakers/registry.ts';
import { articleRoleChange, identifySpeaker, statementRole, surnameKey, type SpeakerDirectory } from '../../speakers/resolve.ts';
import { roleOn, type RoleHeld } from '../../speakers/roles.ts';
import { articleKeys, statementDedupKey } from '../articles.ts';
import { STATEMENT_COLUMN_NAMES, statementRowValues, type StatementRowInput } from '../statement-row.ts';
import { firstIdOn, lastIdOn } from '../statement-ids.ts';
import { storedDate } from '../undated.ts';
import type { ArticleToStore, FileStamp, IndexedArticleState, StoredArticle, TopicTagger } from '../store.ts';
import type { PgDatabase, Sql } from './connection.ts';

/** Held (per transaction) by every writer of articles, statements and speakers, in every process. */
const WRITE_LOCK = 0x77686f74;
/** Statements re-tagged per transaction when the topic catalog changed. */
const RETAG_PAGE = 2000;

interface DirectoryEntry {
  name: string;
  curated: boolean;
  count: number;
}

interface SpeakerInfo {
  curated: boolean;
  role: string | null;
  roleSince: string | null;
  roles: RoleHeld[];
  names: string;
  recorded: Set<string>;
}

interface ResolvedSpeaker {
  id: number;
  role: string | null;
  names: string;
}

/** The speakers as the resolver sees them: folded names -> speakers, curated surnames. */
class Directory implements SpeakerDirectory {
  readonly speakers = new Map<number, DirectoryEntry>();
  readonly byKey = new Map<string, Set<number>>();
  readonly remembered = new Map<string, number>();
  private surnames: Map<string, number[]> | null = null;

  static async load(tx: Sql): Promise<Directory> {
    const d = new Directory();
    for (const r of await tx.query<{ id: number; name: string; curated: number; n: number }>(
      'SELECT id, name, curated, statement_count AS n FROM speakers',
    )) {
      d.speakers.set(r.id, { name: r.name, curated: r.curated === 1, count: r.n });
    }
    for (const r of await tx.query<{ key: string; id: number }>('SELECT key, speaker_id AS id FROM speaker_names')) d.addName(r.key, r.id);
    return d;
  }

  addName(key: string, id: number): void {
    let ids = this.byKey.get(key);
    if (!ids) this.byKey.set(key, (ids = new Set()));
    ids.add(id);
  }

  idByNameKey(key: string): number | undefined {
    const known = this.remembered.get(key);
    if (known !== undefined) return known;
    let best: number | undefined;
    let bestEntry: DirectoryEntry | undefined;
    for (const id of this.byKey.get(key) ?? []) {
      const entry = this.speakers.get(id);
      if (!entry) continue;
      // Curated first, then the busiest, then the oldest (as the SQLite engine's ORDER BY).
      if (
        !bestEntry ||
        Number(entry.curated) > Number(bestEntry.curated) ||
        (entry.curated === bestEntry.curated && (entry.count > bestEntry.count || (entry.count === bestEntry.count && id < best!)))
      ) {
        best = id;
        bestEntry = entry;
      }
    }
    return best;
  }

  curatedIdsBySurname(surname: string): readonly number[] {
    if (!this.surnames) {
      this.surnames = new Map();
      for (const [id, entry] of this.speakers) {
        if (!entry.curated) continue;
        const key = surnameKey(entry.name);
        if (key !== null) this.surnames.set(key, [...(this.surnames.get(key) ?? []), id]);
      }
      for (const ids of this.surnames.values()) ids.sort((a, b) => a - b);
    }
    return this.surnames.get(surname) ?? [];
  }
}

/** The statements table's columns (statement-row.ts), with their types for unnest(). */
const BIGINT_COLUMNS = new Set<string>(['id', 'speaker_id']);
const STATEMENT_COLUMNS = STATEMENT_COLUMN_NAMES.map((name) => [name, BIGINT_COLUMNS.has(name) ? 'bigint' : 'text'] as const);
const PUBLISHED = STATEMENT_COLUMN_NAMES.indexOf('published');
/** Past the columns: the topics as a list, for statement_topics. */
const TOPIC_LIST = STATEMENT_COLUMNS.length;

type StatementRow = unknown[];

function statementRow(id: number, s: StatementRowInput): StatementRow {
  return [...statementRowValues(id, s).values, s.topics];
}

export class PgIndexWriter {
  private directory: Directory | null = null;
  /** The change counter as our last commit left it; another value means another process wrote. */
  private counter = -1;
  private info = new Map<number, SpeakerInfo>();
  /** The highest statement id per day, within the current write transaction (the writers' lock holds it still). */
  private dayMax = new Map<number, number>();

  constructor(
    private readonly db: PgDatabase,
    /** Called after every committed change, so readers drop their caches. */
    private readonly changed: () => void,
  ) {}

  /** One write transaction: the writers' lock, a fresh directory if someone else wrote, the counter bumped. */
  private async write<T>(work: (tx: Sql, directory: Directory) => Promise<T>): Promise<T> {
    try {
      const result = await this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
        this.dayMax = new Map();
        const [row] = await tx.query<{ n: number }>('SELECT n FROM change_counter');
        if (!this.directory || row!.n !== this.counter) {
          this.directory = await Directory.load(tx);
          this.info.clear();
        }
        const out = await work(tx, this.directory);
        const [next] = await tx.query<{ n: number }>('UPDATE change_counter SET n = n + 1 RETURNING n');
        return { out, n: next!.n };
      });
      this.counter = result.n;
      return result.out;
    } catch (error) {
      // Rolled back: what the directory learnt inside may not exist.
      this.directory = null;
      this.info.clear();
      this.counter = -1;
      throw error;
    } finally {
      this.changed();
    }
  }

  async syncRegistry(registry: SpeakerRegistry): Promise<boolean> {
    const [stored] = await this.db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'registry_hash'`);
    if (stored?.value === registry.hash) return false;
    await this.write(async (tx) => {
      const curatedIds: number[] = [];
      for (const speaker of registry.speakers) {
        const { id, namesakes } = await this.curate(tx, speaker);
        curatedIds.push(id);
        for (const owner of namesakes) {
          await tx.query(
            `UPDATE articles SET hash = '' WHERE id IN (
               SELECT ss.article_id FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id WHERE s.speaker_id = $1)`,
            [owner],
          );
        }
        await tx.query('DELETE FROM speaker_names WHERE speaker_id = $1', [id]);
        for (const alias of [speaker.name, ...speaker.aliases]) {
          await tx.query('INSERT INTO speaker_names (key, speaker_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
            nameKey(alias),
            id,
            alias,
          ]);
        }
        await tx.query(`DELETE FROM speaker_roles WHERE speaker_id = $1 AND source = 'registry'`, [id]);
        for (const r of speaker.roles) {
          await tx.query(
            `INSERT INTO speaker_roles (speaker_id, title, date_from, date_to, source) VALUES ($1, $2, $3, $4, 'registry') ON CONFLICT DO NOTHING`,
            [id, r.title, r.from ?? '', r.to ?? ''],
          );
        }
      }
      await tx.query('UPDATE speakers SET curated = 0 WHERE curated = 1 AND NOT (id = ANY($1::bigint[]))', [curatedIds]);
      await this.putMeta(tx, 'registry_hash', registry.hash);
    });
    // The registry rewrote names and roles: the directory is read again at the next write.
    this.directory = null;
    return true;
  }

  /**
   * One transaction per page of statements (other writers are not held up for a whole big index); the
   * version is recorded last, so an interrupted re-tag starts again at the next ingest.
   */
  async retagTopics(version: string, tag: TopicTagger): Promise<number | null> {
    const [stored] = await this.db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'topics_version'`);
    if (stored?.value === version) return null;
    let changed = 0;
    for (let after = -1; ;) {
      const page = await this.write(async (tx) => {
        const rows = await tx.query<{ id: number; text: string; context: string | null; topics: string; published: string }>(
          'SELECT id, text, context, topics, published FROM statements WHERE id > $1 ORDER BY id LIMIT $2',
          [after, RETAG_PAGE],
        );
        let n = 0;
        for (const row of rows) {
          const topics = tag(row.text, row.context);
          if (topics.join(' ') === row.topics) continue;
          n++;
          await tx.query('UPDATE statements SET topics = $1 WHERE id = $2', [topics.join(' '), row.id]);
          await tx.query('DELETE FROM statement_topics WHERE statement_id = $1', [row.id]);
          if (topics.length) {
            await tx.query(
              `INSERT INTO statement_topics (topic, published, statement_id) SELECT t, $2, $3 FROM unnest($1::text[]) AS t ON CONFLICT DO NOTHING`,
              [topics, row.published, row.id],
            );
          }
        }
        return { changed: n, last: rows.length ? Number(rows[rows.length - 1]!.id) : null };
      });
      changed += page.changed;
      if (page.last === null) break;
      after = page.last;
    }
    await this.setMeta('topics_version', version);
    return changed;
  }

  private async curate(tx: Sql, speaker: RegistrySpeaker): Promise<{ id: number; namesakes: number[] }> {
    const key = nameKey(speaker.name);
    const role = roleOn(speaker.roles, null);
    const [found] = await tx.query<{ id: number }>('SELECT id FROM speakers WHERE key = $1', [key]);
    let id = found?.id;
    if (id === undefined) {
      const [row] = await tx.query<{ id: number }>(
        'INSERT INTO speakers (name, key, type, role, role_since, curated) VALUES ($1, $2, $3, $4, NULL, 1) RETURNING id',
        [speaker.name, key, speaker.type, role],
      );
      id = row!.id;
    } else {
      await tx.query('UPDATE speakers SET name = $1, type = $2, role = $3, role_since = NULL, curated = 1 WHERE id = $4', [
        speaker.name,
        speaker.type,
        role,
        id,
      ]);
    }
    const namesakes: number[] = [];
    for (const alias of [speaker.name, ...speaker.aliases]) {
      for (const owner of await tx.query<{ id: number }>(
        'SELECT n.speaker_id AS id FROM speaker_names n JOIN speakers s ON s.id = n.speaker_id WHERE n.key = $1 AND s.curated = 0',
        [nameKey(alias)],
      )) {
        if (owner.id !== id) namesakes.push(owner.id);
      }
    }
    return { id, namesakes };
  }

  async articleStates(): Promise<Map<string, IndexedArticleState>> {
    const rows = await this.db.query<IndexedArticleState>('SELECT file, hash, size, mtime_ms AS "mtimeMs" FROM articles');
    return new Map(rows.map((a) => [a.file, a]));
  }

  async indexedFiles(): Promise<string[]> {
    return (await this.db.query<{ file: string }>('SELECT file FROM articles ORDER BY file COLLATE "C"')).map((r) => r.file);
  }

  async restamp(file: string, stamp: FileStamp): Promise<void> {
    await this.db.query('UPDATE articles SET size = $1, mtime_ms = $2 WHERE file = $3', [stamp.size, Math.trunc(stamp.mtimeMs), file]);
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.putMeta(this.db, key, value);
    this.changed();
  }

  private async putMeta(db: Sql, key: string, value: string): Promise<void> {
    await db.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  async storeArticles(items: readonly ArticleToStore[]): Promise<StoredArticle[]> {
    return this.write(async (tx, directory) => {
      const out: StoredArticle[] = [];
      for (const item of items) out.push(await this.storeArticle(tx, directory, item));
      return out;
    });
  }

  async removeArticles(files: readonly string[]): Promise<string[]> {
    return this.write(async (tx, directory) => {
      const removed: string[] = [];
      for (const file of files) {
        const [row] = await tx.query<{ id: number }>('SELECT id FROM articles WHERE file = $1', [file]);
        if (!row) continue;
        const touched = new Set<number>();
        const speakers = new Set<number>();
        await this.dropSources(tx, row.id, touched, speakers);
        await tx.query('DELETE FROM articles WHERE id = $1', [row.id]);
        await this.settle(tx, directory, touched, speakers);
        removed.push(file);
      }
      return removed;
    });
  }

  private async storeArticle(tx: Sql, directory: Directory, { file, article, stamp, statements }: ArticleToStore): Promise<StoredArticle> {
    const published = storedDate(article.meta.published);
    // The same link or text already held for this owner: a new file is not stored; an indexed one that shares
    // them (from before the keys existed) stays, unkeyed (as the SQLite writer does).
    const { existing, same } = await this.findArticle(tx, file, article);
    if (same && !existing) return { result: 'duplicate', ...same, created: [] };
    const touched = new Set<number>();
    const speakers = new Set<number>();
    if (existing) await this.dropSources(tx, existing.id, touched, speakers);
    const articleId = await this.putArticle(tx, existing?.id, file, article, stamp, !same);
    // Another process inserted the same link or text after the check above (ON CONFLICT DO NOTHING).
    if (articleId === null) {
      const raced = await this.sameArticle(tx, undefined, article);
      return { result: 'duplicate', of: raced?.of ?? file, reason: raced?.reason ?? 'url', created: [] };
    }
    const resolved = new Map<string, ResolvedSpeaker | null>();
    const newBySpeaker = new Map<number, number>();
    const created: number[] = [];
    const owner = article.meta.owner;
    const keyed: { key: string; speaker: ResolvedSpeaker | null; item: (typeof statements)[number] }[] = [];
    for (const item of statements) {
      const who = item.statement.speaker;
      const memo = who ? `${who.name}\u0000${who.role ?? ''}\u0000${who.type}\u0000${who.unnamed ? 'u' : ''}` : '';
      let speaker = resolved.get(memo);
      if (speaker === undefined) {
        speaker = await this.resolveSpeaker(tx, directory, article, who);
        resolved.set(memo, speaker);
      }
      const unnamed = who?.unnamed ? { file, description: who.name } : undefined;
      keyed.push({ key: statementDedupKey(speaker?.id ?? null, item.statement.text, { unnamed, owner }), speaker, item });
    }
    // One round trip each for the known keys, the new statements, their topics and the sources (not four per
    // statement); a key repeated within the article is the statement its first occurrence created.
    const known = new Map<string, number>();
    if (keyed.length) {
      for (const r of await tx.query<{ id: number; key: string }>(
        'SELECT id, dedup_key AS key FROM statements WHERE dedup_key = ANY($1::text[])',
        [[...new Set(keyed.map((k) => k.key))]],
      )) {
        known.set(r.key, r.id);
      }
    }
    const rows: StatementRow[] = [];
    const ids: number[] = [];
    for (const { key, speaker, item } of keyed) {
      let id = known.get(key);
      if (id === undefined) {
        id = await this.newStatementId(tx, published);
        rows.push(statementRow(id, { key, speaker, statement: item.statement, topics: item.topics, published, owner: owner ?? null }));
        known.set(key, id);
        if (speaker) newBySpeaker.set(speaker.id, (newBySpeaker.get(speaker.id) ?? 0) + 1);
        created.push(id);
      } else {
        touched.add(id);
      }
      ids.push(id);
    }
    // The new statements, their topics, the article's sources and the speakers' counts: one statement (its
    // foreign keys are checked at its end, when the statements it inserts exist).
    const parts: string[] = [];
    const values: unknown[] = [];
    const bind = (value: unknown, type: string) => {
      values.push(value);
      return `$${values.length}::${type}`;
    };
    if (rows.length) {
      const columns = STATEMENT_COLUMNS.map(([name, type], c) => ({
        name,
        param: bind(
          rows.map((r) => r[c]),
          `${type}[]`,
        ),
      }));
      parts.push(
        `INSERT INTO statements (${columns.map((c) => c.name).join(', ')}) SELECT * FROM unnest(${columns.map((c) => c.param).join(', ')})`,
      );
      const topics = rows.flatMap((r) => (r[TOPIC_LIST] as string[]).map((t) => [t, r[PUBLISHED], r[0]] as const));
      if (topics.length) {
        parts.push(
          `INSERT INTO statement_topics (topic, published, statement_id)
           SELECT * FROM unnest(${bind(
             topics.map((t) => t[0]),
             'text[]',
           )}, ${bind(
             topics.map((t) => t[1]),
             'text[]',
           )}, ${bind(
             topics.map((t) => t[2]),
             'bigint[]',
           )}) ON CONFLICT DO NOTHING`,
        );
      }
    }
    if (keyed.length) {
      const column = <T>(get: (k: (typeof keyed)[number]) => T) => keyed.map(get);
      parts.push(
        `INSERT INTO statement_sources (statement_id, article_id, span_start, span_end, parts, mention, rule, confidence)
         SELECT s, ${bind(articleId, 'bigint')}, a, b, p, m, r, c
         FROM unnest(${bind(ids, 'bigint[]')}, ${bind(
           column((k) => k.item.statement.span.start),
           'integer[]',
         )}, ${bind(
           column((k) => k.item.statement.span.end),
           'integer[]',
         )}, ${bind(
           column((k) => (k.item.statement.parts ? JSON.stringify(k.item.statement.parts) : null)),
           'text[]',
         )}, ${bind(
           column((k) => (k.item.statement.speaker?.mention ? JSON.stringify(k.item.statement.speaker.mention) : null)),
           'text[]',
         )}, ${bind(
           column((k) => k.item.statement.rule),
           'text[]',
         )}, ${bind(
           column((k) => k.item.statement.confidence),
           'double precision[]',
         )}) AS u(s, a, b, p, m, r, c)
         ON CONFLICT DO NOTHING`,
      );
    }
    if (newBySpeaker.size) {
      parts.push(
        `UPDATE speakers SET statement_count = statement_count + u.n
         FROM unnest(${bind([...newBySpeaker.keys()], 'bigint[]')}, ${bind([...newBySpeaker.values()], 'bigint[]')}) AS u(id, n)
         WHERE speakers.id = u.id`,
      );
    }
    if (parts.length) {
      const [last, ...rest] = parts.reverse();
      await tx.query(`${rest.length ? `WITH ${rest.map((sql, i) => `w${i} AS (${sql})`).join(', ')} ` : ''}${last}`, values);
    }
    for (const [id, n] of newBySpeaker) {
      const entry = directory.speakers.get(id);
      if (entry) entry.count += n;
    }
    await this.settle(tx, directory, touched, speakers);
    return { result: existing ? 'updated' : 'added', created };
  }

  /** The article's row for `file`, and another article with the same link or text: one round trip. */
  private async findArticle(
    tx: Sql,
    file: string,
    article: Article,
  ): Promise<{ existing: { id: number } | undefined; same: { of: string; reason: 'url' | 'content' } | null }> {
    const { urlKey, bodyHash } = articleKeys(article);
    const [row] = await tx.query<{ existing: number | null; byUrl: string | null; byBody: string | null }>(
      `WITH e AS (SELECT id FROM articles WHERE file = $1)
       SELECT (SELECT id FROM e) AS existing,
              (SELECT file FROM articles WHERE coalesce(owner, '') = coalesce($2, '') AND url_key = $3 AND id IS DISTINCT FROM (SELECT id FROM e) LIMIT 1) AS "byUrl",
              (SELECT file FROM articles WHERE coalesce(owner, '') = coalesce($2, '') AND body_hash = $4 AND id IS DISTINCT FROM (SELECT id FROM e) LIMIT 1) AS "byBody"`,
      [file, article.meta.owner ?? null, urlKey, bodyHash],
      'whosaid_find_article',
    );
    const existing = row?.existing === null || row?.existing === undefined ? undefined : { id: row.existing };
    const same = row?.byUrl
      ? { of: row.byUrl, reason: 'url' as const }
      : row?.byBody
        ? { of: row.byBody, reason: 'content' as const }
        : null;
    return { existing, same };
  }

  private async sameArticle(
    tx: Sql,
    existingId: number | undefined,
    article: Article,
  ): Promise<{ of: string; reason: 'url' | 'content' } | null> {
    const { urlKey, bodyHash } = articleKeys(article);
    const owner = article.meta.owner ?? null;
    if (urlKey !== null) {
      const [row] = await tx.query<{ file: string }>(
        `SELECT file FROM articles WHERE coalesce(owner, '') = coalesce($1, '') AND url_key = $2 AND id IS DISTINCT FROM $3`,
        [owner, urlKey, existingId ?? null],
      );
      if (row) return { of: row.file, reason: 'url' };
    }
    const [row] = await tx.query<{ file: string }>(
      `SELECT file FROM articles WHERE coalesce(owner, '') = coalesce($1, '') AND body_hash = $2 AND id IS DISTINCT FROM $3`,
      [owner, bodyHash, existingId ?? null],
    );
    return row ? { of: row.file, reason: 'content' } : null;
  }

  /** The article's row; null when another process just stored the same link or text (nothing inserted). */
  private async putArticle(
    tx: Sql,
    existingId: number | undefined,
    file: string,
    article: Article,
    stamp: FileStamp,
    keyed = true,
  ): Promise<number | null> {
    const keys = keyed ? articleKeys(article) : { urlKey: null, bodyHash: null };
    const values = [
      article.hash,
      stamp.size,
      Math.trunc(stamp.mtimeMs),
      article.meta.title,
      article.meta.outlet,
      article.meta.url,
      storedDate(article.meta.published),
      article.meta.language,
      new Date().toISOString(),
      article.meta.owner ?? null,
      article.meta.provenance ?? null,
      article.body,
      keys.urlKey,
      keys.bodyHash,
    ];
    if (existingId !== undefined) {
      await tx.query(
        `UPDATE articles SET hash = $1, size = $2, mtime_ms = $3, title = $4, outlet = $5, url = $6, published = $7, language = $8,
           ingested_at = $9, owner = $10, provenance = $11, body = $12, url_key = $13, body_hash = $14 WHERE id = $15`,
        [...values, existingId],
      );
      return existingId;
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO articles (hash, size, mtime_ms, title, outlet, url, published, language, ingested_at, owner, provenance, body, url_key, body_hash, file)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING RETURNING id`,
      [...values, file],
    );
    return row?.id ?? null;
  }

  private async dropSources(tx: Sql, articleId: number, statements: Set<number>, speakers: Set<number>): Promise<void> {
    for (const old of await tx.query<{ id: number; speakerId: number | null }>(
      `SELECT ss.statement_id AS id, s.speaker_id AS "speakerId" FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id
       WHERE ss.article_id = $1`,
      [articleId],
    )) {
      statements.add(old.id);
      if (old.speakerId !== null) speakers.add(old.speakerId);
    }
    await tx.query('DELETE FROM statement_sources WHERE article_id = $1', [articleId]);
  }

  private async newStatementId(tx: Sql, published: string): Promise<number> {
    const first = firstIdOn(published);
    let max = this.dayMax.get(first);
    if (max === undefined) {
      const [row] = await tx.query<{ max: number | null }>('SELECT max(id) AS max FROM statements WHERE id BETWEEN $1 AND $2', [
        first,
        lastIdOn(published),
      ]);
      max = row?.max ?? first - 1;
    }
    const id = max + 1;
    if (id > lastIdOn(published)) throw new Error(`more statements on ${published} than the index can number`);
    this.dayMax.set(first, id);
    return id;
  }

  /** After sources were removed: statements nobody reports go (and count no more), the rest move to their earliest day; orphan speakers go. */
  private async settle(tx: Sql, directory: Directory, statementIds: Set<number>, speakerIds: Set<number>): Promise<void> {
    const gone = new Map<number, number>();
    for (const id of statementIds) {
      const [row] = await tx.query<{ earliest: string | null; published: string; speakerId: number | null }>(
        // The earliest dated source; '' (undated) only when no source has a date; null when none is left.
        `SELECT (SELECT coalesce(min(nullif(a.published, '')), min(a.published)) FROM statement_sources ss
                 JOIN articles a ON a.id = ss.article_id WHERE ss.statement_id = s.id) AS earliest,
                s.published, s.speaker_id AS "speakerId"
         FROM statements s WHERE s.id = $1`,
        [id],
      );
      if (!row) continue;
      if (row.earliest === null) {
        await tx.query('DELETE FROM statements WHERE id = $1', [id]);
        if (row.speakerId !== null) gone.set(row.speakerId, (gone.get(row.speakerId) ?? 0) + 1);
      } else if (row.published !== row.earliest) {
        // Children follow the new id (ON UPDATE CASCADE); the topics' copy of the day is updated here.
        const next = await this.newStatementId(tx, row.earliest);
        await tx.query('UPDATE statements SET id = $1, published = $2 WHERE id = $3', [next, row.earliest, id]);
        await tx.query('UPDATE statement_topics SET published = $1 WHERE statement_id = $2', [row.earliest, next]);
      }
    }
    await this.addStatements(tx, directory, new Map([...gone].map(([speakerId, n]) => [speakerId, -n])));
    for (const id of speakerIds) {
      const dropped = await tx.query(
        `DELETE FROM speakers WHERE id = $1 AND curated = 0 AND statement_count = 0
           AND NOT EXISTS (SELECT 1 FROM watches w WHERE w.speaker_id = speakers.id) RETURNING id`,
        [id],
      );
      if (dropped.length) {
        directory.speakers.delete(id);
        for (const [key, ids] of directory.byKey) if (ids.delete(id) && !ids.size) directory.byKey.delete(key);
        directory.remembered.clear();
        this.info.delete(id);
      }
    }
  }

  /** Moves the speakers' statement counts by the amounts given, in one round trip. */
  private async addStatements(tx: Sql, directory: Directory, amounts: ReadonlyMap<number, number>): Promise<void> {
    if (!amounts.size) return;
    await tx.query(
      `UPDATE speakers SET statement_count = statement_count + u.n FROM unnest($1::bigint[], $2::bigint[]) AS u(id, n) WHERE speakers.id = u.id`,
      [[...amounts.keys()], [...amounts.values()]],
    );
    for (const [id, n] of amounts) {
      const entry = directory.speakers.get(id);
      if (entry) entry.count += n;
    }
  }

  private async resolveSpeaker(
    tx: Sql,
    directory: Directory,
    article: Article,
    speaker: ArticleSpeaker | null,
  ): Promise<ResolvedSpeaker | null> {
    if (speaker?.unnamed) return null;
    const identity = identifySpeaker(speaker, directory);
    if (!identity || !speaker) return null;
    const published = article.meta.published;
    let id: number;
    if (identity.kind === 'known') {
      id = identity.id;
    } else {
      id = await this.createSpeaker(
        tx,
        directory,
        { key: identity.key, name: identity.name, type: speaker.type, role: speaker.role },
        storedDate(published),
      );
    }
    directory.remembered.set(identity.key, id);
    const info = await this.speakerInfo(tx, id);
    if (speaker.role && !article.meta.owner) {
      const recorded = !info.curated && (await this.roleRecorded(tx, id, info, speaker.role));
      const change = articleRoleChange(info, speaker.role, published, recorded);
      if (change.record) {
        await tx.query(
          `INSERT INTO speaker_roles (speaker_id, title, date_from, date_to, source) VALUES ($1, $2, $3, '', 'article') ON CONFLICT DO NOTHING`,
          [id, speaker.role, storedDate(published)],
        );
        info.recorded.add(speaker.role);
      }
      if (change.display) {
        await tx.query(
          'UPDATE speakers SET role = $1, role_since = $2 WHERE id = $3 AND curated = 0 AND (role_since IS NULL OR role_since <= $2)',
          [speaker.role, storedDate(published), id],
        );
        info.role = speaker.role;
        info.roleSince = storedDate(published);
      }
    }
    return { id, role: statementRole(info, speaker.role, published), names: info.names };
  }

  private async createSpeaker(
    tx: Sql,
    directory: Directory,
    speaker: { key: string; name: string; type: SpeakerType; role: string | null },
    published: string,
  ): Promise<number> {
    await tx.query(
      'INSERT INTO speakers (name, key, type, role, role_since, curated) VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT (key) DO NOTHING',
      [speaker.name, speaker.key, speaker.type, speaker.role, speaker.role ? published : null],
    );
    const [row] = await tx.query<{ id: number; curated: number; n: number; name: string }>(
      'SELECT id, curated, statement_count AS n, name FROM speakers WHERE key = $1',
      [speaker.key],
    );
    const id = row!.id;
    await tx.query('INSERT INTO speaker_names (key, speaker_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      speaker.key,
      id,
      speaker.name,
    ]);
    if (!directory.speakers.has(id)) directory.speakers.set(id, { name: row!.name, curated: row!.curated === 1, count: row!.n });
    directory.addName(speaker.key, id);
    this.info.delete(id);
    return id;
  }

  private async speakerInfo(tx: Sql, id: number): Promise<SpeakerInfo> {
    let info = this.info.get(id);
    if (!info) {
      const [row] = await tx.query<{ curated: number; role: string | null; roleSince: string | null; name: string }>(
        'SELECT curated, role, role_since AS "roleSince", name FROM speakers WHERE id = $1',
        [id],
      );
      const roles = await tx.query<RoleHeld>(
        `SELECT title, nullif(date_from, '') AS "from", nullif(date_to, '') AS "to" FROM speaker_roles WHERE speaker_id = $1 AND source = 'registry'`,
        [id],
      );
      const names = await tx.query<{ name: string }>(
        // The canonical name first, then the others in SQLite's (binary) order.
        `SELECT name FROM speaker_names WHERE speaker_id = $1 ORDER BY name = $2 DESC, name COLLATE "C"`,
        [id, row!.name],
      );
      info = {
        curated: row!.curated === 1,
        role: row!.role,
        roleSince: row!.roleSince,
        roles,
        names: names.map((r) => r.name).join(' ; '),
        recorded: new Set(),
      };
      this.info.set(id, info);
    }
    return info;
  }

  private async roleRecorded(tx: Sql, id: number, info: SpeakerInfo, role: string): Promise<boolean> {
    if (info.recorded.has(role)) return true;
    const rows = await tx.query(`SELECT 1 FROM speaker_roles WHERE speaker_id = $1 AND title = $2 AND source = 'article'`, [id, role]);
    if (rows.length) info.recorded.add(role);
    return rows.length > 0;
  }
}
