// The SQLite engine's writes, composed from the table families: registry sync, articles stored one
// transaction each (several may share a commit), removals. Which speaker a mention is decided in
// speakers/resolve.ts over this connection's SpeakerDirectory (SpeakerWrites); here it is only applied.
import type { Article, ArticleSpeaker } from '../model.ts';
import type { SpeakerRegistry } from '../speakers/registry.ts';
import { articleRoleChange, identifySpeaker, statementRole } from '../speakers/resolve.ts';
import { ArticleWrites, statementDedupKey } from './articles.ts';
import { CrossFamilyWrites } from './cross-family.ts';
import type { WriteHandle } from './handles.ts';
import { MetaWrites, readMeta } from './meta.ts';
import { SpeakerWrites } from './speakers.ts';
import { storedDate } from './undated.ts';
import type { ArticleToStore, FileStamp, IndexedArticleState, StoredArticle, TopicTagger } from './store.ts';

export { statementDedupKey };

/** Statements re-tagged per transaction when the topic catalog changed. */
const RETAG_PAGE = 2000;

interface ResolvedSpeaker {
  id: number;
  role: string | null;
  names: string;
}

export class IndexWriter {
  private readonly articles: ArticleWrites;
  private readonly speakers: SpeakerWrites;
  private readonly cross: CrossFamilyWrites;
  private readonly meta: MetaWrites;

  constructor(
    private readonly w: WriteHandle,
    /** Called after every committed change, so readers drop their caches. */
    private readonly changed: () => void,
  ) {
    this.articles = new ArticleWrites(w);
    this.speakers = new SpeakerWrites(w);
    this.cross = new CrossFamilyWrites(w);
    this.meta = new MetaWrites(w);
  }

  /** Loads the curated registry into the speakers tables when it changed since the last sync. */
  syncRegistry(registry: SpeakerRegistry): boolean {
    if (readMeta(this.w, 'registry_hash') === registry.hash) return false;
    this.transaction(() => {
      const curatedIds: number[] = [];
      for (const speaker of registry.speakers) {
        const { id, namesakes } = this.speakers.curate(speaker);
        curatedIds.push(id);
        // Articles whose statements went to an uncurated namesake are re-read at the next ingest.
        for (const owner of namesakes) this.cross.markArticlesOfSpeakerStale(owner);
        this.speakers.setRegistryEntry(id, speaker);
      }
      this.speakers.uncurateAllBut(curatedIds);
      this.meta.put('registry_hash', registry.hash);
    });
    this.speakers.forget();
    this.changed();
    return true;
  }

  /**
   * One transaction per page of statements (other writers are not held up for a whole big index); the
   * version is recorded last, so an interrupted re-tag starts again at the next ingest.
   */
  retagTopics(version: string, tag: TopicTagger): number | null {
    if (readMeta(this.w, 'topics_version') === version) return null;
    let changed = 0;
    for (let after = -1; ;) {
      const page = this.transaction(() => this.articles.retagPage(tag, after, RETAG_PAGE));
      changed += page.changed;
      if (page.changed) this.changed();
      if (page.last === null) break;
      after = page.last;
    }
    this.setMeta('topics_version', version);
    return changed;
  }

  /**
   * Runs `work` inside one transaction, so many articles share one commit (and FTS5 flushes fewer, larger
   * segments). An error inside rolls back the whole of it: never half an article. No savepoint per
   * article: FTS5 flushes a segment at every savepoint.
   */
  transaction<T>(work: () => T): T {
    try {
      return this.w.transaction(work);
    } catch (error) {
      // Rolled back: forget speakers that may have been created inside.
      this.speakers.forget();
      throw error;
    }
  }

  articleStates(): Map<string, IndexedArticleState> {
    return this.articles.states();
  }

  indexedFiles(): string[] {
    return this.articles.files();
  }

  restamp(file: string, stamp: FileStamp): void {
    this.transaction(() => this.articles.restamp(file, stamp));
  }

  /** Stores articles in one transaction (each whole, or none of them). */
  storeArticles(items: readonly ArticleToStore[]): StoredArticle[] {
    const out = this.transaction(() => items.map((item) => this.storeArticle(item)));
    this.changed();
    return out;
  }

  /** Removes articles (one transaction); statements no other article reported go with them. Returns those removed. */
  removeArticles(files: readonly string[]): string[] {
    const removed = this.transaction(() => files.filter((file) => this.removeArticle(file)));
    if (removed.length) this.changed();
    return removed;
  }

  setMeta(key: string, value: string): void {
    this.transaction(() => this.meta.put(key, value));
    this.changed();
  }

  /** Adds or replaces one article and its statements; inside the caller's transaction. */
  private storeArticle({ file, article, stamp, statements }: ArticleToStore): StoredArticle {
    const published = storedDate(article.meta.published);
    const existing = this.articles.idOf(file);
    // The same link or text already held for this owner (e.g. added by another process a moment ago): a new
    // file is not stored; an indexed one that shares them (from before the keys existed) stays, unkeyed.
    const same = this.articles.sameArticle(existing, article);
    if (same && existing === undefined) return { result: 'duplicate', ...same, created: [] };
    const touched = new Set<number>();
    const speakers = new Set<number>();
    if (existing !== undefined) this.articles.dropSources(existing, touched, speakers);
    const articleId = this.articles.put(existing, file, article, stamp, !same);
    const resolved = new Map<string, ResolvedSpeaker | null>();
    const newBySpeaker = new Map<number, number>();
    const created: number[] = [];
    for (const { statement, topics } of statements) {
      const who = statement.speaker;
      const memo = who ? `${who.name}\u0000${who.role ?? ''}\u0000${who.type}\u0000${who.unnamed ? 'u' : ''}` : '';
      let speaker = resolved.get(memo);
      if (speaker === undefined) {
        speaker = this.resolveSpeaker(article, statement.speaker);
        resolved.set(memo, speaker);
      }
      const unnamed = who?.unnamed ? { file, description: who.name } : undefined;
      const owner = article.meta.owner;
      const key = statementDedupKey(speaker?.id ?? null, statement.text, { unnamed, owner });
      let id = this.articles.statementIdByKey(key);
      if (id === undefined) {
        id = this.articles.insertStatement({ key, speaker, statement, topics, published, ...(owner ? { owner } : {}) });
        if (speaker) newBySpeaker.set(speaker.id, (newBySpeaker.get(speaker.id) ?? 0) + 1);
        created.push(id);
      } else {
        touched.add(id);
      }
      this.articles.addSource(id, articleId, statement);
    }
    for (const [speakerId, n] of newBySpeaker) this.speakers.addStatements(speakerId, n);
    this.settle(touched, speakers);
    return { result: existing !== undefined ? 'updated' : 'added', created };
  }

  private removeArticle(file: string): boolean {
    const existing = this.articles.idOf(file);
    if (existing === undefined) return false;
    const touched = new Set<number>();
    const speakers = new Set<number>();
    this.articles.dropSources(existing, touched, speakers);
    this.articles.deleteArticle(existing);
    this.settle(touched, speakers);
    return true;
  }

  /** After sources were removed: statements nobody reports go (and count no more), speakers left with none go. */
  private settle(statementIds: Set<number>, speakerIds: Set<number>): void {
    for (const [speakerId, n] of this.articles.settle(statementIds)) this.speakers.addStatements(speakerId, -n);
    for (const id of speakerIds) if (this.cross.dropSpeakerIfOrphan(id)) this.speakers.forget();
  }

  /** Applies the identity speakers/resolve.ts decides: a known speaker, or a new one; role history updated. */
  private resolveSpeaker(article: Article, speaker: ArticleSpeaker | null): ResolvedSpeaker | null {
    // An unnamed source is a description bound to its article (stored on the statement), never a speaker.
    if (speaker?.unnamed) return null;
    const identity = identifySpeaker(speaker, this.speakers);
    if (!identity || !speaker) return null;
    const published = article.meta.published;
    const id =
      identity.kind === 'known'
        ? identity.id
        : this.speakers.create({ key: identity.key, name: identity.name, type: speaker.type, role: speaker.role }, storedDate(published));
    this.speakers.remember(identity.key, id);
    const info = this.speakers.info(id);
    // Tenancy: a server's upload never changes the role every server is shown for a speaker (its statements
    // still carry the role their article gave).
    if (speaker.role && !article.meta.owner) {
      const change = articleRoleChange(info, speaker.role, published, !info.curated && this.speakers.roleRecorded(id, speaker.role));
      if (change.record) this.speakers.recordArticleRole(id, speaker.role, storedDate(published));
      if (change.display) this.speakers.setDisplayRole(id, speaker.role, storedDate(published));
    }
    return { id, role: statementRole(info, speaker.role, published), names: info.names };
  }
}
