// Statement family writes (articles, statements, statement_sources, statement_topics, statements_fts): an
// article's row, its statements (deduplicated across outlets by dedup key), their sources and topics, the
// full-text rows (written here, not by triggers: see migration 2), and re-dating/re-keying by day (statement-ids.ts).
import type { Statement } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Article, ExtractedStatement } from '../model.ts';
import { contentHash } from '../articles/content-hash.ts';
import { urlKey } from '../articles/url-key.ts';
import { STATEMENT_COLUMN_NAMES, statementRowValues } from './statement-row.ts';
import { foldText } from '../speakers/fold.ts';
import type { WriteHandle } from './handles.ts';
import type { FileStamp, IndexedArticleState, TopicTagger } from './store.ts';
import { firstIdOn, lastIdOn } from './statement-ids.ts';
import { storedDate } from './undated.ts';

/**
 * Same speaker, same words (case, quotes, punctuation, whitespace and diacritics folded) = one statement.
 * `unnamed`: an unnamed source's article and description; its words are one statement only within that article.
 * `owner`: a server's additions are keyed apart from the global corpus and from other servers' (tenancy).
 */
export function statementDedupKey(
  speakerId: number | null,
  text: string,
  { unnamed, owner }: { unnamed?: { file: string; description: string }; owner?: string } = {},
): string {
  const who = unnamed ? `unnamed\u0000${unnamed.file}\u0000${foldText(unnamed.description)}` : `${speakerId ?? '-'}`;
  return createHash('sha1')
    .update(`${owner ? `${owner}\u0001` : ''}${who}\u0000${foldText(text)}`)
    .digest('base64url');
}

/** The keys the index holds an owner's articles unique by (migration 11): the normalised link and the text's hash. */
export function articleKeys(article: Article): { urlKey: string | null; bodyHash: string } {
  return { urlKey: urlKey(article.meta.url), bodyHash: contentHash(article.body) };
}

export interface NewStatement {
  key: string;
  speaker: { id: number; role: string | null; names: string } | null;
  statement: ExtractedStatement;
  topics: string[];
  published: string;
  /** The owning server's guild id; absent for the global corpus. */
  owner?: string;
}

export class ArticleWrites {
  private readonly q: Record<string, Statement>;

  constructor(private readonly w: WriteHandle) {
    const p = (sql: string) => w.write(sql);
    this.q = {
      byFile: p('SELECT id FROM articles WHERE file = ?'),
      files: p('SELECT file FROM articles ORDER BY file'),
      states: p('SELECT file, hash, size, mtime_ms AS mtimeMs FROM articles'),
      insert: p(
        `INSERT INTO articles (file, hash, size, mtime_ms, title, outlet, url, published, language, ingested_at, owner, provenance, url_key, body_hash)
         VALUES (@file, @hash, @size, @mtimeMs, @title, @outlet, @url, @published, @language, @now, @owner, @provenance, @urlKey, @bodyHash)`,
      ),
      update: p(
        `UPDATE articles SET hash = @hash, size = @size, mtime_ms = @mtimeMs, title = @title, outlet = @outlet, url = @url,
           published = @published, language = @language, ingested_at = @now, owner = @owner, provenance = @provenance,
           url_key = @urlKey, body_hash = @bodyHash WHERE id = @id`,
      ),
      sameUrl: p(`SELECT file FROM articles WHERE ifnull(owner, '') = ifnull(?, '') AND url_key = ? AND id IS NOT ?`).pluck(),
      sameBody: p(`SELECT file FROM articles WHERE ifnull(owner, '') = ifnull(?, '') AND body_hash = ? AND id IS NOT ?`).pluck(),
      stamp: p('UPDATE articles SET size = ?, mtime_ms = ? WHERE file = ?'),
      delete: p('DELETE FROM articles WHERE id = ?'),
      sourcesOf: p(
        'SELECT ss.statement_id AS id, s.speaker_id AS speakerId FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id WHERE ss.article_id = ?',
      ),
      sourcesDelete: p('DELETE FROM statement_sources WHERE article_id = ?'),
      sourceInsert: p(
        `INSERT OR IGNORE INTO statement_sources (statement_id, article_id, span_start, span_end, parts, mention, rule, confidence)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      statementByKey: p('SELECT id, published FROM statements WHERE dedup_key = ?'),
      statementInsert: p(
        `INSERT INTO statements (${STATEMENT_COLUMN_NAMES.join(', ')}) VALUES (${STATEMENT_COLUMN_NAMES.map(() => '?').join(', ')})`,
      ),
      maxIdIn: p('SELECT max(id) FROM statements WHERE id BETWEEN ? AND ?').pluck(),
      published: p('SELECT published FROM statements WHERE id = ?').pluck(),
      rekey: p('UPDATE statements SET id = ?, published = ? WHERE id = ?'),
      sourcesRekey: p('UPDATE statement_sources SET statement_id = ? WHERE statement_id = ?'),
      topicsRekey: p('UPDATE statement_topics SET statement_id = ?, published = ? WHERE statement_id = ?'),
      earliest: p(
        // The earliest dated source; '' (undated) only when no source has a date; null when none is left.
        `SELECT coalesce(min(nullif(a.published, '')), min(a.published)) AS published
         FROM statement_sources ss JOIN articles a ON a.id = ss.article_id WHERE ss.statement_id = ?`,
      ),
      statementDelete: p('DELETE FROM statements WHERE id = ?'),
      ftsValues: p('SELECT id, text, context, speaker_names FROM statements WHERE id = ?'),
      ftsInsert: p('INSERT INTO statements_fts (rowid, text, context, speaker_names) VALUES (?, ?, ?, ?)'),
      ftsDelete: p(
        `INSERT INTO statements_fts (statements_fts, rowid, text, context, speaker_names) VALUES ('delete', @id, @text, @context, @speaker_names)`,
      ),
      topicInsert: p('INSERT OR IGNORE INTO statement_topics (topic, published, statement_id) VALUES (?, ?, ?)'),
      speakerOf: p('SELECT speaker_id FROM statements WHERE id = ?').pluck(),
    };
  }

  /** Every indexed article's file, hash and stamp. */
  states(): Map<string, IndexedArticleState> {
    return new Map((this.q.states!.all() as IndexedArticleState[]).map((a) => [a.file, a]));
  }

  files(): string[] {
    return (this.q.files!.all() as { file: string }[]).map((r) => r.file);
  }

  idOf(file: string): number | undefined {
    return (this.q.byFile!.get(file) as { id: number } | undefined)?.id;
  }

  restamp(file: string, stamp: FileStamp): void {
    this.q.stamp!.run(stamp.size, Math.trunc(stamp.mtimeMs), file);
  }

  /**
   * Tags again the statements after id `after` (up to `limit`, by id): how many changed, and the last id
   * seen (null when none was left).
   */
  retagPage(tag: TopicTagger, after: number, limit: number): { changed: number; last: number | null } {
    const rows = this.w
      .write('SELECT id, text, context, topics, published FROM statements WHERE id > ? ORDER BY id LIMIT ?')
      .all(after, limit) as {
      id: number;
      text: string;
      context: string | null;
      topics: string;
      published: string;
    }[];
    const setTopics = this.w.write('UPDATE statements SET topics = ? WHERE id = ?');
    const dropTopics = this.w.write('DELETE FROM statement_topics WHERE statement_id = ?');
    let changed = 0;
    for (const row of rows) {
      const topics = tag(row.text, row.context).join(' ');
      if (topics === row.topics) continue;
      changed++;
      setTopics.run(topics, row.id);
      dropTopics.run(row.id);
      for (const topic of topics ? topics.split(' ') : []) this.q.topicInsert!.run(topic, row.published, row.id);
    }
    return { changed, last: rows.length ? rows[rows.length - 1]!.id : null };
  }

  /** The file of another article of the same owner with this article's link or text, if the index holds one. */
  sameArticle(existingId: number | undefined, article: Article): { of: string; reason: 'url' | 'content' } | null {
    const { urlKey, bodyHash } = articleKeys(article);
    const owner = article.meta.owner ?? null;
    const byUrl = urlKey === null ? undefined : (this.q.sameUrl!.get(owner, urlKey, existingId ?? null) as string | undefined);
    if (byUrl !== undefined) return { of: byUrl, reason: 'url' };
    const byBody = this.q.sameBody!.get(owner, bodyHash, existingId ?? null) as string | undefined;
    return byBody === undefined ? null : { of: byBody, reason: 'content' };
  }

  /**
   * Inserts or updates the article's row (its statements' sources are handled by the caller). `keyed`: false
   * stores it without its unique link and text keys (an indexed article that shares them with another).
   */
  put(existingId: number | undefined, file: string, article: Article, stamp: FileStamp, keyed = true): number {
    const keys = keyed ? articleKeys(article) : { urlKey: null, bodyHash: null };
    const row = {
      ...keys,
      file,
      hash: article.hash,
      size: stamp.size,
      mtimeMs: Math.trunc(stamp.mtimeMs),
      title: article.meta.title,
      outlet: article.meta.outlet,
      url: article.meta.url,
      published: storedDate(article.meta.published),
      language: article.meta.language,
      owner: article.meta.owner ?? null,
      provenance: article.meta.provenance ?? null,
      now: new Date().toISOString(),
    };
    if (existingId !== undefined) {
      this.q.update!.run({ ...row, id: existingId });
      return existingId;
    }
    return Number(this.q.insert!.run(row).lastInsertRowid);
  }

  /** Removes the article's sources; returns the statements they pointed at and those statements' speakers. */
  dropSources(articleId: number, statements: Set<number>, speakers: Set<number>): void {
    for (const old of this.q.sourcesOf!.all(articleId) as { id: number; speakerId: number | null }[]) {
      statements.add(old.id);
      if (old.speakerId !== null) speakers.add(old.speakerId);
    }
    this.q.sourcesDelete!.run(articleId);
  }

  deleteArticle(articleId: number): void {
    this.q.delete!.run(articleId);
  }

  statementIdByKey(key: string): number | undefined {
    return (this.q.statementByKey!.get(key) as { id: number } | undefined)?.id;
  }

  /** A new statement, its full-text row and its topics; returns its id (in the day block of `published`). */
  insertStatement(s: NewStatement): number {
    const id = this.newStatementId(s.published);
    const { values, names } = statementRowValues(id, s);
    this.q.statementInsert!.run(...values);
    this.q.ftsInsert!.run(BigInt(id), s.statement.text, s.statement.context, names);
    for (const topic of s.topics) this.q.topicInsert!.run(topic, s.published, id);
    return id;
  }

  addSource(statementId: number, articleId: number, statement: ExtractedStatement): void {
    this.q.sourceInsert!.run(
      statementId,
      articleId,
      statement.span.start,
      statement.span.end,
      statement.parts ? JSON.stringify(statement.parts) : null,
      statement.speaker?.mention ? JSON.stringify(statement.speaker.mention) : null,
      statement.rule,
      statement.confidence,
    );
  }

  /**
   * After sources were removed: drops statements nobody reports any more (returning, per speaker, how many
   * went) and re-dates the rest to their earliest source.
   */
  settle(statementIds: Set<number>): Map<number, number> {
    const gone = new Map<number, number>();
    for (const id of statementIds) {
      const earliest = (this.q.earliest!.get(id) as { published: string | null }).published;
      if (earliest === null) {
        const speakerId = this.q.speakerOf!.get(id) as number | null;
        // External-content FTS5: a row is removed by giving back the values it was indexed with.
        this.q.ftsDelete!.run(this.ftsValues(id));
        this.q.statementDelete!.run(id);
        if (speakerId !== null) gone.set(speakerId, (gone.get(speakerId) ?? 0) + 1);
      } else if (this.q.published!.get(id) !== earliest) {
        this.rekey(id, earliest);
      }
    }
    return gone;
  }

  /** The next free id in the day block of `published` (see statement-ids.ts). */
  private newStatementId(published: string): number {
    const max = this.q.maxIdIn!.get(firstIdOn(published), lastIdOn(published)) as number | null;
    const id = max === null ? firstIdOn(published) : max + 1;
    if (id > lastIdOn(published)) throw new Error(`more statements on ${published} than the index can number`);
    return id;
  }

  /** A statement's earliest source changed: it moves to an id of its new day, children and FTS row along. */
  private rekey(id: number, published: string): void {
    const next = this.newStatementId(published);
    const fts = this.ftsValues(id);
    this.w.deferForeignKeys();
    this.q.ftsDelete!.run(fts);
    this.q.rekey!.run(next, published, id);
    this.q.sourcesRekey!.run(next, id);
    this.q.topicsRekey!.run(next, published, id);
    this.q.ftsInsert!.run(BigInt(next), fts.text, fts.context, fts.speaker_names);
  }

  /** The values a statement was indexed with, as the FTS5 'delete' command needs them (rowid as an integer). */
  private ftsValues(id: number): { id: bigint; text: string; context: string | null; speaker_names: string } {
    const row = this.q.ftsValues!.get(id) as { text: string; context: string | null; speaker_names: string };
    return { ...row, id: BigInt(id) };
  }
}
