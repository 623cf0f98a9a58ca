// The SQLite engine of the Store: one better-sqlite3 connection (WAL), a read handle for the queries and,
// unless opened read-only, a write handle for ingest, feeds and watches. Its work is synchronous; the
// promises only make it interchangeable with an engine that has round trips.
import type { Database as Db } from 'better-sqlite3';
import { lockWaitMs, openDatabase, waitingNotice, type OpenOptions } from './database.ts';
import { FeedStore } from './feeds.ts';
import { ReadHandle, WriteHandle, type LockWait } from './handles.ts';
import { SqliteStatementQueries } from './statement-queries.ts';
import type {
  ArticleToStore,
  FeedRecords,
  StatementQueries,
  FileStamp,
  IndexedArticleState,
  Store,
  StoredArticle,
  TopicTagger,
  WatchOutbox,
  WatchRecords,
} from './store.ts';
import type {
  DateRange,
  DayCount,
  DayCountFilter,
  IndexStats,
  Page,
  PageRequest,
  SourceSummary,
  SpeakerLookup,
  SpeakerMatch,
  StatementFilter,
  StatementRecord,
} from './types.ts';
import { pruneDone, SeenInteractions } from './interactions.ts';
import { SoleLeader, type Leadership, type LeadershipOptions } from './store.ts';
import { OutboxStore } from './outbox.ts';
import { WatchStore } from './watches.ts';
import { IndexWriter } from './writer.ts';
import type { SpeakerRegistry } from '../speakers/registry.ts';

type Promised<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };

/** The same methods, answering with promises (a synchronous throw becomes a rejection). */
function promised<T extends object, K extends keyof T>(target: T, keys: readonly K[]): Promised<Pick<T, K>> {
  const out: Record<PropertyKey, unknown> = {};
  for (const key of keys) {
    const method = target[key] as (...args: unknown[]) => unknown;
    out[key] = async (...args: unknown[]) => method.apply(target, args);
  }
  return out as Promised<Pick<T, K>>;
}

export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  private readonly queries: SqliteStatementQueries;
  /** Per-tenant query views (each with its own caches), created on first use. */
  private readonly tenants = new Map<string, StatementQueries>();
  private readonly tenantQueries: SqliteStatementQueries[] = [];
  private readonly writeHandle: WriteHandle | null;
  private writerInstance: IndexWriter | null = null;
  private feedRecords: FeedRecords | null = null;
  private watchRecords: WatchRecords | null = null;
  private outboxRecords: WatchOutbox | null = null;
  private seenInteractions: SeenInteractions | null = null;

  constructor(
    private readonly database: Db,
    readonly location: string,
    readonly readonly: boolean,
    lockWait: LockWait | null = null,
  ) {
    this.queries = new SqliteStatementQueries(new ReadHandle(database));
    this.writeHandle = readonly ? null : new WriteHandle(database, lockWait);
  }

  /** The connection itself: for this engine's own tests and benches (consistency checks, checkpoints). */
  get db(): Db {
    return this.database;
  }

  get feeds(): FeedRecords {
    this.feedRecords ??= promised(new FeedStore(this.write()), [
      'list',
      'get',
      'byUrl',
      'due',
      'claimDue',
      'release',
      'nextDue',
      'add',
      'remove',
      'seen',
      'markSeen',
      'polledOk',
      'polledWithError',
      'dueNow',
      'setBroken',
    ] as const);
    return this.feedRecords;
  }

  get watches(): WatchRecords {
    this.watchRecords ??= promised(new WatchStore(this.write()), ['add', 'get', 'list', 'remove'] as const);
    return this.watchRecords;
  }

  get outbox(): WatchOutbox {
    this.outboxRecords ??= promised(new OutboxStore(this.write()), ['enqueue', 'claim', 'posted', 'failed', 'nextDue', 'list'] as const);
    return this.outboxRecords;
  }

  forTenant(guildId: string | null): StatementQueries {
    if (guildId === null) return this;
    let view = this.tenants.get(guildId);
    if (!view) {
      const queries = new SqliteStatementQueries(new ReadHandle(this.database), guildId);
      view = promised(queries, [
        'findStatements',
        'lookupSpeaker',
        'suggestSpeakers',
        'listSpeakers',
        'listSources',
        'getSpeaker',
        'dateRange',
        'statementCounts',
        'stats',
      ] as const);
      this.tenantQueries.push(queries);
      this.tenants.set(guildId, view);
    }
    return view;
  }

  async findStatements(filter: StatementFilter, page: PageRequest): Promise<Page<StatementRecord>> {
    return this.queries.findStatements(filter, page);
  }

  async lookupSpeaker(query: string): Promise<SpeakerLookup> {
    return this.queries.lookupSpeaker(query);
  }

  async suggestSpeakers(prefix: string, limit: number): Promise<SpeakerMatch[]> {
    return this.queries.suggestSpeakers(prefix, limit);
  }

  async listSpeakers(filter: { topic?: string }, page: PageRequest): Promise<Page<SpeakerMatch>> {
    return this.queries.listSpeakers(filter, page);
  }

  async listSources(filter: { speakerId?: number }, page: PageRequest): Promise<Page<SourceSummary>> {
    return this.queries.listSources(filter, page);
  }

  async getSpeaker(id: number): Promise<SpeakerMatch | null> {
    return this.queries.getSpeaker(id);
  }

  async dateRange(filter: { speakerId?: number; topic?: string }): Promise<DateRange | null> {
    return this.queries.dateRange(filter);
  }

  async statementCounts(filter: DayCountFilter): Promise<DayCount[]> {
    return this.queries.statementCounts(filter);
  }

  async stats(): Promise<IndexStats> {
    return this.queries.stats();
  }

  async statementKeys(ids: number[]): Promise<Map<number, string>> {
    return this.queries.statementKeys(ids);
  }

  async firstSeenInteraction(id: string, options: { nowMs: number; ttlMs: number }): Promise<boolean> {
    this.seenInteractions ??= new SeenInteractions(this.write());
    return this.seenInteractions.firstSeen(id, options);
  }

  async pruneDone(options: { nowMs: number; keepMs: number }): Promise<{ interactions: number; outbox: number }> {
    return pruneDone(this.write(), { nowMs: options.nowMs, doneBefore: new Date(options.nowMs - options.keepMs).toISOString() });
  }

  leadership(_name: string, options: LeadershipOptions = {}): Leadership {
    return new SoleLeader(options);
  }

  async syncRegistry(registry: SpeakerRegistry): Promise<boolean> {
    return this.writer().syncRegistry(registry);
  }

  async retagTopics(version: string, tag: TopicTagger): Promise<number | null> {
    return this.writer().retagTopics(version, tag);
  }

  async articleStates(): Promise<Map<string, IndexedArticleState>> {
    return this.writer().articleStates();
  }

  async indexedFiles(): Promise<string[]> {
    return this.writer().indexedFiles();
  }

  async restamp(file: string, stamp: FileStamp): Promise<void> {
    this.writer().restamp(file, stamp);
  }

  async storeArticles(articles: readonly ArticleToStore[]): Promise<StoredArticle[]> {
    return this.writer().storeArticles(articles);
  }

  async removeArticles(files: readonly string[]): Promise<string[]> {
    return this.writer().removeArticles(files);
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.writer().setMeta(key, value);
  }

  async close(): Promise<void> {
    this.closeNow();
  }

  /** Closes the connection at once (idempotent). */
  closeNow(): void {
    if (this.database.open) this.database.close();
  }

  private write(): WriteHandle {
    if (!this.writeHandle) throw new Error(`${this.location} is open read-only`);
    return this.writeHandle;
  }

  private writer(): IndexWriter {
    this.writerInstance ??= new IndexWriter(this.write(), () => {
      this.queries.invalidate();
      for (const q of this.tenantQueries) q.invalidate();
    });
    return this.writerInstance;
  }
}

/** Opens the SQLite store at `file` (created and migrated unless read-only). Throws IndexOpenError. */
export function openSqliteStore(file: string, options: OpenOptions = {}): SqliteStore {
  const lockWait = { limitMs: lockWaitMs(options), onWait: options.onLockWait ?? waitingNotice, location: file };
  return new SqliteStore(openDatabase(file, options), file, options.readonly ?? false, lockWait);
}
