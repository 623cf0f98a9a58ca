// The Postgres engine of the Store: a `pg` pool, the schema migrated at open (schema_migrations), queries
// (queries.ts), ingest writes (writer.ts), feeds and watches (feeds.ts). Chosen when DATABASE_URL is a
// postgres:// URL; several processes may share one database.
import { UserFacingError } from '../../errors.ts';
import type { SpeakerRegistry } from '../../speakers/registry.ts';
import type {
  ArticleToStore,
  FeedRecords,
  FileStamp,
  IndexedArticleState,
  Leadership,
  LeadershipOptions,
  StatementQueries,
  Store,
  StoredArticle,
  TopicTagger,
  WatchOutbox,
  WatchRecords,
} from '../store.ts';
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
} from '../types.ts';
import { poolDatabase, redactUrl, type PgDatabase } from './connection.ts';
import { randomUUID } from 'node:crypto';
import { AdvisoryLeader, LeaseLeader, leaderKey, PgOutboxStore, pgFirstSeenInteraction, pgPruneDone } from './coordination.ts';
import { PgFeedStore, PgWatchStore } from './feeds.ts';
import { checkLocale, migratePostgres, PostgresOpenError } from './migrations.ts';
import { PgStatementQueries } from './queries.ts';
import { PgIndexWriter } from './writer.ts';

export interface PostgresOpenOptions {
  readonly?: boolean;
  /** The connection URL, for leadership's dedicated connections (openPostgresStore passes it). */
  url?: string;
  /** Pool size (default 8). */
  max?: number;
}

export class PostgresStore implements Store {
  readonly engine = 'postgres';
  private readonly queries: PgStatementQueries;
  private readonly tenants = new Map<string, PgStatementQueries>();
  private readonly writerInstance: PgIndexWriter | null;
  readonly feeds: FeedRecords;
  readonly watches: WatchRecords;
  readonly outbox: WatchOutbox;

  constructor(
    readonly database: PgDatabase,
    readonly location: string,
    readonly readonly: boolean,
    private readonly url: string | null = null,
  ) {
    this.queries = new PgStatementQueries(database);
    this.writerInstance = readonly
      ? null
      : new PgIndexWriter(database, () => {
          this.queries.invalidate();
          for (const q of this.tenants.values()) q.invalidate();
        });
    this.feeds = new PgFeedStore(database);
    this.watches = new PgWatchStore(database);
    this.outbox = new PgOutboxStore(database);
  }

  forTenant(guildId: string | null): StatementQueries {
    if (guildId === null) return this;
    let view = this.tenants.get(guildId);
    if (!view) {
      view = new PgStatementQueries(this.database, guildId);
      this.tenants.set(guildId, view);
    }
    return view;
  }

  findStatements(filter: StatementFilter, page: PageRequest): Promise<Page<StatementRecord>> {
    return this.queries.findStatements(filter, page);
  }

  lookupSpeaker(query: string): Promise<SpeakerLookup> {
    return this.queries.lookupSpeaker(query);
  }

  suggestSpeakers(prefix: string, limit: number): Promise<SpeakerMatch[]> {
    return this.queries.suggestSpeakers(prefix, limit);
  }

  listSpeakers(filter: { topic?: string }, page: PageRequest): Promise<Page<SpeakerMatch>> {
    return this.queries.listSpeakers(filter, page);
  }

  listSources(filter: { speakerId?: number }, page: PageRequest): Promise<Page<SourceSummary>> {
    return this.queries.listSources(filter, page);
  }

  getSpeaker(id: number): Promise<SpeakerMatch | null> {
    return this.queries.getSpeaker(id);
  }

  dateRange(filter: { speakerId?: number; topic?: string }): Promise<DateRange | null> {
    return this.queries.dateRange(filter);
  }

  statementCounts(filter: DayCountFilter): Promise<DayCount[]> {
    return this.queries.statementCounts(filter);
  }

  stats(): Promise<IndexStats> {
    return this.queries.stats();
  }

  firstSeenInteraction(id: string, options: { nowMs: number; ttlMs: number }): Promise<boolean> {
    return pgFirstSeenInteraction(this.database, id, options);
  }

  pruneDone(options: { nowMs: number; keepMs: number }): Promise<{ interactions: number; outbox: number }> {
    return pgPruneDone(this.database, options);
  }

  /** An advisory lock on a dedicated connection; on a database reached without a URL (PGlite), a lease in meta. */
  leadership(name: string, options: LeadershipOptions = {}): Leadership {
    if (this.url) return new AdvisoryLeader(this.url, leaderKey(this.url, name), options);
    return new LeaseLeader(this.database, name, randomUUID(), { leaseMs: 30_000, ...options });
  }

  statementKeys(ids: number[]): Promise<Map<number, string>> {
    return this.queries.statementKeys(ids);
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
    return this.writer().restamp(file, stamp);
  }

  async storeArticles(articles: readonly ArticleToStore[]): Promise<StoredArticle[]> {
    return this.writer().storeArticles(articles);
  }

  async removeArticles(files: readonly string[]): Promise<string[]> {
    return this.writer().removeArticles(files);
  }

  async setMeta(key: string, value: string): Promise<void> {
    return this.writer().setMeta(key, value);
  }

  private closing: Promise<void> | null = null;

  close(): Promise<void> {
    this.closing ??= this.database.end();
    return this.closing;
  }

  private writer(): PgIndexWriter {
    if (!this.writerInstance) throw new Error(`${this.location} is open read-only`);
    return this.writerInstance;
  }
}

/** Connects, checks the locale and migrates (unless read-only). Failures are one line (PostgresOpenError). */
export async function openPostgresStoreOn(
  database: PgDatabase,
  location: string,
  options: PostgresOpenOptions = {},
): Promise<PostgresStore> {
  try {
    await database.query('SELECT 1');
  } catch (error) {
    await database.end().catch(() => {});
    throw new PostgresOpenError(`cannot connect to ${location}: ${oneLine(error)}`);
  }
  try {
    await checkLocale(database, location);
    await migratePostgres(database, location, options);
  } catch (error) {
    await database.end().catch(() => {});
    if (error instanceof UserFacingError) throw error;
    throw new PostgresOpenError(`${location} is not a usable whosaid database: ${oneLine(error)}`);
  }
  return new PostgresStore(database, location, options.readonly ?? false, options.url ?? null);
}

/** Opens the Postgres store at `url` (postgres://…). */
export function openPostgresStore(url: string, options: PostgresOpenOptions = {}): Promise<PostgresStore> {
  return openPostgresStoreOn(poolDatabase(url, options.max === undefined ? {} : { max: options.max }), redactUrl(url), { url, ...options });
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
