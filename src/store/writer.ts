// All writes to the index: registry sync, one transaction per article, removals. Speakers named in
// articles are resolved here against every spelling the index knows (registry first), or join it.
import type { Database as Db, Statement } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Article, ArticleSpeaker, ExtractedStatement } from '../model.ts';
import { foldText, nameKey } from '../speakers/fold.ts';
import type { SpeakerRegistry } from '../speakers/registry.ts';
import { roleOn, type RoleHeld } from '../speakers/roles.ts';
import { firstIdOn, lastIdOn } from './statement-ids.ts';

/** A statement ready to store: the extractor's output plus the topics tagged for it. */
export interface StatementToStore {
  statement: ExtractedStatement;
  topics: string[];
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface IndexedArticleState extends FileStamp {
  file: string;
  hash: string;
}

interface SpeakerInfo {
  curated: boolean;
  /** Registry roles (curated speakers). */
  roles: RoleHeld[];
  /** Canonical name and aliases, for the full-text index. */
  names: string;
  /** Display role of an uncurated speaker and the article date it comes from. */
  role: string | null;
  roleSince: string | null;
  /** Article roles already recorded in speaker_roles. */
  recorded: Set<string>;
}

interface ResolvedSpeaker {
  id: number;
  role: string | null;
  names: string;
}

/** Same speaker, same words (case, quotes, punctuation, whitespace and diacritics folded) = one statement. */
export function statementDedupKey(speakerId: number | null, text: string): string {
  return createHash('sha1')
    .update(`${speakerId ?? '-'}\u0000${foldText(text)}`)
    .digest('base64url');
}

export class IndexWriter {
  private readonly q: Record<string, Statement>;
  private speakerCache = new Map<number, SpeakerInfo>();
  /** Folded name -> speaker id, as resolved in this connection (cleared whenever a speaker may have gone). */
  private idByKey = new Map<string, number>();
  private surnames: Map<string, number[]> | null = null;

  constructor(
    private readonly db: Db,
    /** Called after every committed change, so readers drop their caches. */
    private readonly changed: () => void,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      metaGet: p('SELECT value FROM meta WHERE key = ?'),
      metaSet: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      articleByFile: p('SELECT id, file, hash, size, mtime_ms AS mtimeMs FROM articles WHERE file = ?'),
      articleFiles: p('SELECT file FROM articles ORDER BY file'),
      articleStates: p('SELECT file, hash, size, mtime_ms AS mtimeMs FROM articles'),
      articleInsert: p(
        `INSERT INTO articles (file, hash, size, mtime_ms, title, outlet, url, published, language, ingested_at)
         VALUES (@file, @hash, @size, @mtimeMs, @title, @outlet, @url, @published, @language, @now)`,
      ),
      articleUpdate: p(
        `UPDATE articles SET hash = @hash, size = @size, mtime_ms = @mtimeMs, title = @title, outlet = @outlet, url = @url,
           published = @published, language = @language, ingested_at = @now WHERE id = @id`,
      ),
      articleStamp: p('UPDATE articles SET size = ?, mtime_ms = ? WHERE file = ?'),
      articleDelete: p('DELETE FROM articles WHERE id = ?'),
      sourcesOfArticle: p(
        'SELECT ss.statement_id AS id, s.speaker_id AS speakerId FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id WHERE ss.article_id = ?',
      ),
      sourcesDelete: p('DELETE FROM statement_sources WHERE article_id = ?'),
      sourceInsert: p(
        `INSERT OR IGNORE INTO statement_sources (statement_id, article_id, span_start, span_end, parts, mention, rule, confidence)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      statementByKey: p('SELECT id, published FROM statements WHERE dedup_key = ?'),
      statementInsert: p(
        `INSERT INTO statements (id, dedup_key, speaker_id, speaker_role, speaker_names, text, kind, context, venue, cue, topics, published)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      statementMaxIdIn: p('SELECT max(id) FROM statements WHERE id BETWEEN ? AND ?').pluck(),
      statementPublished: p('SELECT published FROM statements WHERE id = ?').pluck(),
      statementRekey: p('UPDATE statements SET id = ?, published = ? WHERE id = ?'),
      sourcesRekey: p('UPDATE statement_sources SET statement_id = ? WHERE statement_id = ?'),
      topicsRekey: p('UPDATE statement_topics SET statement_id = ?, published = ? WHERE statement_id = ?'),
      statementEarliest: p(
        'SELECT min(a.published) AS published FROM statement_sources ss JOIN articles a ON a.id = ss.article_id WHERE ss.statement_id = ?',
      ),
      statementDelete: p('DELETE FROM statements WHERE id = ?'),
      statementFtsValues: p('SELECT id, text, context, speaker_names FROM statements WHERE id = ?'),
      ftsInsert: p('INSERT INTO statements_fts (rowid, text, context, speaker_names) VALUES (?, ?, ?, ?)'),
      ftsDelete: p(
        `INSERT INTO statements_fts (statements_fts, rowid, text, context, speaker_names) VALUES ('delete', @id, @text, @context, @speaker_names)`,
      ),
      topicInsert: p('INSERT OR IGNORE INTO statement_topics (topic, published, statement_id) VALUES (?, ?, ?)'),
      speakerByName: p(
        `SELECT s.id FROM speaker_names n JOIN speakers s ON s.id = n.speaker_id WHERE n.key = ?
         ORDER BY s.curated DESC, s.statement_count DESC, s.id LIMIT 1`,
      ),
      speakerByKey: p('SELECT id FROM speakers WHERE key = ?'),
      speakerInsert: p(
        'INSERT INTO speakers (name, key, type, role, role_since, curated) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING',
      ),
      speakerCurate: p('UPDATE speakers SET name = ?, type = ?, role = ?, role_since = NULL, curated = 1 WHERE id = ?'),
      speakerUncurateMissing: p('UPDATE speakers SET curated = 0 WHERE curated = 1 AND id NOT IN (SELECT value FROM json_each(?))'),
      speakerInfo: p('SELECT curated, role, role_since AS roleSince FROM speakers WHERE id = ?'),
      speakerRoleRecorded: p(`SELECT 1 FROM speaker_roles WHERE speaker_id = ? AND title = ? AND source = 'article'`).pluck(),
      speakerNames: p('SELECT name FROM speaker_names WHERE speaker_id = ? ORDER BY name = (SELECT name FROM speakers WHERE id = ?) DESC, name'),
      speakerNameInsert: p('INSERT OR IGNORE INTO speaker_names (key, speaker_id, name) VALUES (?, ?, ?)'),
      speakerNamesDelete: p('DELETE FROM speaker_names WHERE speaker_id = ?'),
      speakerNameOwners: p('SELECT n.speaker_id AS id FROM speaker_names n JOIN speakers s ON s.id = n.speaker_id WHERE n.key = ? AND s.curated = 0'),
      speakerRoles: p(
        `SELECT title, nullif(date_from, '') AS "from", nullif(date_to, '') AS "to" FROM speaker_roles WHERE speaker_id = ? AND source = 'registry'`,
      ),
      speakerRolesDelete: p(`DELETE FROM speaker_roles WHERE speaker_id = ? AND source = 'registry'`),
      speakerRoleInsert: p(
        'INSERT OR IGNORE INTO speaker_roles (speaker_id, title, date_from, date_to, source) VALUES (?, ?, ?, ?, ?)',
      ),
      speakerArticleRole: p(
        'UPDATE speakers SET role = ?, role_since = ? WHERE id = ? AND curated = 0 AND (role_since IS NULL OR role_since <= ?)',
      ),
      speakerCountAdd: p('UPDATE speakers SET statement_count = statement_count + ? WHERE id = ?'),
      statementSpeaker: p('SELECT speaker_id FROM statements WHERE id = ?').pluck(),
      // A speaker a watch names is kept even without statements: SQLite would hand a deleted id to the next
      // new speaker, and the watch would then follow someone else.
      speakerDropIfOrphan: p(
        'DELETE FROM speakers WHERE id = ? AND curated = 0 AND statement_count = 0 AND NOT EXISTS (SELECT 1 FROM watches w WHERE w.speaker_id = speakers.id)',
      ),
      staleArticlesOfSpeaker: p(
        `UPDATE articles SET hash = '' WHERE id IN (
           SELECT ss.article_id FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id WHERE s.speaker_id = ?)`,
      ),
      curatedSpeakers: p('SELECT id, name FROM speakers WHERE curated = 1'),
    };
  }

  /** Loads the curated registry into the speakers tables when it changed since the last sync. */
  syncRegistry(registry: SpeakerRegistry): boolean {
    if ((this.q.metaGet!.get('registry_hash') as { value: string } | undefined)?.value === registry.hash) return false;
    this.atomic(() => {
        const curatedIds: number[] = [];
        for (const speaker of registry.speakers) {
          const key = nameKey(speaker.name);
          const role = roleOn(speaker.roles, null);
          let id = (this.q.speakerByKey!.get(key) as { id: number } | undefined)?.id;
          if (id === undefined) {
            id = Number(this.q.speakerInsert!.run(speaker.name, key, speaker.type, role, null, 1).lastInsertRowid);
          } else {
            this.q.speakerCurate!.run(speaker.name, speaker.type, role, id);
          }
          curatedIds.push(id);
          // Articles whose statements went to an uncurated namesake are re-read at the next ingest.
          for (const alias of [speaker.name, ...speaker.aliases]) {
            for (const owner of this.q.speakerNameOwners!.all(nameKey(alias)) as { id: number }[]) {
              if (owner.id !== id) this.q.staleArticlesOfSpeaker!.run(owner.id);
            }
          }
          this.q.speakerNamesDelete!.run(id);
          for (const alias of [speaker.name, ...speaker.aliases]) this.q.speakerNameInsert!.run(nameKey(alias), id, alias);
          this.q.speakerRolesDelete!.run(id);
          for (const r of speaker.roles) this.q.speakerRoleInsert!.run(id, r.title, r.from ?? '', r.to ?? '', 'registry');
        }
        this.q.speakerUncurateMissing!.run(JSON.stringify(curatedIds));
        this.q.metaSet!.run('registry_hash', registry.hash);
      });
    this.forgetSpeakers();
    this.changed();
    return true;
  }

  /**
   * Runs `work` inside one transaction, so many articles share one commit (and FTS5 flushes fewer, larger
   * segments). A crash or an error inside rolls back the whole batch: never half an article.
   */
  batch<T>(work: () => T): T {
    if (this.db.inTransaction) return work();
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      // Rolled back: forget speakers that may have been created inside.
      this.forgetSpeakers();
      throw error;
    }
  }

  /**
   * Runs `body` atomically: its own transaction, or, inside batch(), part of the batch (which rolls back
   * whole on failure). No savepoint per article: FTS5 flushes a segment at every savepoint.
   */
  private atomic<T>(body: () => T): T {
    return this.db.inTransaction ? body() : this.batch(body);
  }

  /** Every indexed article's file, hash and stamp (one query instead of one per file at start-up). */
  articleStates(): Map<string, IndexedArticleState> {
    return new Map((this.q.articleStates!.all() as IndexedArticleState[]).map((a) => [a.file, a]));
  }

  indexedFiles(): string[] {
    return (this.q.articleFiles!.all() as { file: string }[]).map((r) => r.file);
  }

  /** Same content, new size/mtime (a touched file): remember the stamp so the next run skips reading it. */
  restamp(file: string, stamp: FileStamp): void {
    this.q.articleStamp!.run(stamp.size, Math.trunc(stamp.mtimeMs), file);
  }

  /** Adds or replaces one article and its statements, in one transaction. */
  /** `created`, when given, receives the ids of statements this article made new (not merged into known ones). */
  storeArticle(file: string, article: Article, stamp: FileStamp, statements: StatementToStore[], created?: number[]): 'added' | 'updated' {
    const outcome = this.atomic((): 'added' | 'updated' => {
        const now = new Date().toISOString();
        const existing = this.q.articleByFile!.get(file) as { id: number } | undefined;
        const row = {
          file,
          hash: article.hash,
          size: stamp.size,
          mtimeMs: Math.trunc(stamp.mtimeMs),
          title: article.meta.title,
          outlet: article.meta.outlet,
          url: article.meta.url,
          published: article.meta.published,
          language: article.meta.language,
          now,
        };
        const touched = new Set<number>();
        const speakers = new Set<number>();
        let articleId: number;
        if (existing) {
          articleId = existing.id;
          for (const old of this.q.sourcesOfArticle!.all(articleId) as { id: number; speakerId: number | null }[]) {
            touched.add(old.id);
            if (old.speakerId !== null) speakers.add(old.speakerId);
          }
          this.q.sourcesDelete!.run(articleId);
          this.q.articleUpdate!.run({ ...row, id: articleId });
        } else {
          articleId = Number(this.q.articleInsert!.run(row).lastInsertRowid);
        }
        const resolved = new Map<string, ResolvedSpeaker | null>();
        const newBySpeaker = new Map<number, number>();
        for (const { statement, topics } of statements) {
          const who = statement.speaker;
          const memo = who ? `${who.name}\u0000${who.role ?? ''}\u0000${who.type}` : '';
          let speaker = resolved.get(memo);
          if (speaker === undefined) {
            speaker = this.resolveSpeaker(who, article.meta.published);
            resolved.set(memo, speaker);
          }
          const key = statementDedupKey(speaker?.id ?? null, statement.text);
          // Searchable beside the statement: the speaker's names and the role it was said in ("shipping union").
          const searchNames = [speaker?.names, speaker?.role].filter(Boolean).join(' ; ');
          let id = (this.q.statementByKey!.get(key) as { id: number } | undefined)?.id;
          if (id === undefined) {
            id = this.newStatementId(article.meta.published);
            this.q.statementInsert!.run(
                id,
                key,
                speaker?.id ?? null,
                speaker?.role ?? null,
                searchNames,
                statement.text,
                statement.kind,
                statement.context,
                statement.venue,
                statement.cue?.text ?? null,
                topics.join(' '),
                article.meta.published,
            );
            this.q.ftsInsert!.run(BigInt(id), statement.text, statement.context, searchNames);
            for (const topic of topics) this.q.topicInsert!.run(topic, article.meta.published, id);
            if (speaker) newBySpeaker.set(speaker.id, (newBySpeaker.get(speaker.id) ?? 0) + 1);
            created?.push(id);
          } else {
            touched.add(id);
          }
          this.q.sourceInsert!.run(
            id,
            articleId,
            statement.span.start,
            statement.span.end,
            statement.parts ? JSON.stringify(statement.parts) : null,
            statement.speaker?.mention ? JSON.stringify(statement.speaker.mention) : null,
            statement.rule,
            statement.confidence,
          );
        }
        for (const [speakerId, n] of newBySpeaker) this.q.speakerCountAdd!.run(n, speakerId);
        this.settle(touched, speakers);
        return existing ? 'updated' : 'added';
      });
    this.changed();
    return outcome;
  }

  /** Removes an article; statements no other article reported go with it. */
  removeArticle(file: string): boolean {
    const removed = this.atomic(() => {
        const existing = this.q.articleByFile!.get(file) as { id: number } | undefined;
        if (!existing) return false;
        const touched = new Set<number>();
        const speakers = new Set<number>();
        for (const old of this.q.sourcesOfArticle!.all(existing.id) as { id: number; speakerId: number | null }[]) {
          touched.add(old.id);
          if (old.speakerId !== null) speakers.add(old.speakerId);
        }
        this.q.sourcesDelete!.run(existing.id);
        this.q.articleDelete!.run(existing.id);
        this.settle(touched, speakers);
        return true;
      });
    if (removed) this.changed();
    return removed;
  }

  setMeta(key: string, value: string): void {
    this.q.metaSet!.run(key, value);
    this.changed();
  }

  /** After sources were removed: drop statements nobody reports any more, re-date the rest, drop speakers left with none. */
  private settle(statementIds: Set<number>, speakerIds: Set<number>): void {
    for (const id of statementIds) {
      const earliest = (this.q.statementEarliest!.get(id) as { published: string | null }).published;
      if (earliest === null) {
        const speakerId = this.q.statementSpeaker!.get(id) as number | null;
        // External-content FTS5: a row is removed by giving back the values it was indexed with.
        this.q.ftsDelete!.run(this.ftsValues(id));
        this.q.statementDelete!.run(id);
        if (speakerId !== null) this.q.speakerCountAdd!.run(-1, speakerId);
      } else if (this.q.statementPublished!.get(id) !== earliest) {
        this.rekey(id, earliest);
      }
    }
    for (const id of speakerIds) {
      if (this.q.speakerDropIfOrphan!.run(id).changes) this.forgetSpeakers();
    }
  }

  /** The next free id in the day block of `published` (see statement-ids.ts). */
  private newStatementId(published: string): number {
    const max = this.q.statementMaxIdIn!.get(firstIdOn(published), lastIdOn(published)) as number | null;
    const id = max === null ? firstIdOn(published) : max + 1;
    if (id > lastIdOn(published)) throw new Error(`more statements on ${published} than the index can number`);
    return id;
  }

  /** A statement's earliest source changed: it moves to an id of its new day, children and FTS row along. */
  private rekey(id: number, published: string): void {
    const next = this.newStatementId(published);
    const fts = this.ftsValues(id);
    // The children follow within this transaction; foreign keys are checked at commit.
    this.db.pragma('defer_foreign_keys = ON');
    this.q.ftsDelete!.run(fts);
    this.q.statementRekey!.run(next, published, id);
    this.q.sourcesRekey!.run(next, id);
    this.q.topicsRekey!.run(next, published, id);
    this.q.ftsInsert!.run(BigInt(next), fts.text, fts.context, fts.speaker_names);
  }

  /** The values a statement was indexed with, as the FTS5 'delete' command needs them (rowid as an integer). */
  private ftsValues(id: number): { id: bigint; text: string; context: string | null; speaker_names: string } {
    const row = this.q.statementFtsValues!.get(id) as { text: string; context: string | null; speaker_names: string };
    return { ...row, id: BigInt(id) };
  }

  private forgetSpeakers(): void {
    this.speakerCache.clear();
    this.idByKey.clear();
    this.surnames = null;
  }

  private resolveSpeaker(speaker: ArticleSpeaker | null, published: string): ResolvedSpeaker | null {
    if (!speaker) return null;
    const key = nameKey(speaker.name);
    if (!key) return null;
    let id = this.idByKey.get(key) ?? (this.q.speakerByName!.get(key) as { id: number } | undefined)?.id;
    if (id === undefined && !key.includes(' ')) {
      const owners = this.curatedSurnames().get(key);
      if (owners?.length === 1) id = owners[0];
    }
    if (id === undefined) {
      this.q.speakerInsert!.run(speaker.name.trim(), key, speaker.type, speaker.role, speaker.role ? published : null, 0);
      id = (this.q.speakerByKey!.get(key) as { id: number }).id;
      this.q.speakerNameInsert!.run(key, id, speaker.name.trim());
      this.speakerCache.delete(id);
    }
    this.idByKey.set(key, id);
    const info = this.speakerInfo(id);
    if (speaker.role && !info.curated) {
      // History of the roles articles gave (first sighting), and the display role from the latest article.
      if (!info.recorded.has(speaker.role)) {
        if (!this.q.speakerRoleRecorded!.get(id, speaker.role)) this.q.speakerRoleInsert!.run(id, speaker.role, published, '', 'article');
        info.recorded.add(speaker.role);
      }
      if (info.roleSince === null || info.roleSince < published || (info.roleSince === published && info.role !== speaker.role)) {
        this.q.speakerArticleRole!.run(speaker.role, published, id, published);
        info.role = speaker.role;
        info.roleSince = published;
      }
    }
    return { id, role: speaker.role ?? roleOn(info.roles, published), names: info.names };
  }

  private speakerInfo(id: number): SpeakerInfo {
    let info = this.speakerCache.get(id);
    if (!info) {
      const row = this.q.speakerInfo!.get(id) as { curated: number; role: string | null; roleSince: string | null };
      info = {
        curated: row.curated === 1,
        roles: this.q.speakerRoles!.all(id) as RoleHeld[],
        names: (this.q.speakerNames!.all(id, id) as { name: string }[]).map((r) => r.name).join(' ; '),
        role: row.role,
        roleSince: row.roleSince,
        recorded: new Set(),
      };
      this.speakerCache.set(id, info);
    }
    return info;
  }

  /** Surname key -> curated speakers with that surname, so "Dragone" alone finds the registry's person. */
  private curatedSurnames(): Map<string, number[]> {
    if (!this.surnames) {
      this.surnames = new Map();
      for (const row of this.q.curatedSpeakers!.all() as { id: number; name: string }[]) {
        const tokens = nameKey(row.name).split(' ');
        if (tokens.length < 2) continue;
        const surname = tokens[tokens.length - 1]!;
        this.surnames.set(surname, [...(this.surnames.get(surname) ?? []), row.id]);
      }
    }
    return this.surnames;
  }
}
