// The one storage interface the rest of whosaid uses (handlers, app.ts, ingest, intake, feeds, watches, cli).
// Async so that an engine with network round trips (Postgres) can implement it; the SQLite engine
// (sqlite.ts) answers from its one connection. No engine type crosses this line: records in, records out.
// Room store/: ALL SQL, one module per table family, typed read and write handles, migrations. May import
// model.ts, speakers/ (fold, registry, resolve), feeds/ and watches/ record types, errors.ts; nothing above.
import type { Article, ExtractedStatement } from '../model.ts';
import type { SpeakerRegistry } from '../speakers/registry.ts';
import type { FeedRecord } from '../feeds/types.ts';
import type { NewWatch, WatchRecord } from '../watches/types.ts';
import type {
  DayCount,
  DayCountFilter,
  DateRange,
  IndexStats,
  Page,
  PageRequest,
  SourceSummary,
  SpeakerLookup,
  SpeakerMatch,
  StatementFilter,
  StatementRecord,
} from './types.ts';

export type * from './types.ts';
export { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN } from './types.ts';

/** The queries command handlers make: all a handler receives of the store. */
export interface StatementQueries {
  findStatements(filter: StatementFilter, page: PageRequest): Promise<Page<StatementRecord>>;
  /** Resolve what a user typed (any case, diacritics, transliteration, surname, typo) to one speaker, or suggestions. */
  lookupSpeaker(query: string): Promise<SpeakerLookup>;
  /** Autocomplete: ranked by match quality, then statement count. */
  suggestSpeakers(prefix: string, limit: number): Promise<SpeakerMatch[]>;
  listSpeakers(filter: { topic?: string }, page: PageRequest): Promise<Page<SpeakerMatch>>;
  listSources(filter: { speakerId?: number }, page: PageRequest): Promise<Page<SourceSummary>>;
  getSpeaker(id: number): Promise<SpeakerMatch | null>;
  /** Count and publication-day range of a speaker's and/or a topic's statements; null when there are none. */
  dateRange(filter: { speakerId?: number; topic?: string }): Promise<DateRange | null>;
  /** Statements per publication day, split by topic or by speaker (what /timeline draws). */
  statementCounts(filter: DayCountFilter): Promise<DayCount[]>;
  stats(): Promise<IndexStats>;
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface IndexedArticleState extends FileStamp {
  file: string;
  hash: string;
}

/** Topic ids for a statement's text and context (topics/ decides; the store only applies it). */
export type TopicTagger = (text: string, context: string | null) => string[];

/** A statement ready to store: the extractor's output plus the topics tagged for it. */
export interface StatementToStore {
  statement: ExtractedStatement;
  topics: string[];
}

/** One article as ingest hands it over: its index key (file), the parsed article, its stamp and statements. */
export interface ArticleToStore {
  file: string;
  article: Article;
  stamp: FileStamp;
  statements: StatementToStore[];
}

export type StoredArticle =
  | {
      result: 'added' | 'updated';
      /** Ids of the statements this article made new (not merged into ones already known). */
      created: number[];
    }
  | {
      /** Not stored: the index already holds this owner's article with the same link or text (`of`, its file). */
      result: 'duplicate';
      of: string;
      reason: 'url' | 'content';
      created: [];
    };

/** The writes of ingest. Speaker identity is decided by speakers/resolve.ts over the engine's directory. */
export interface ArticleWrites {
  /** Loads the curated registry into the speakers when it changed since the last sync; true when it did. */
  syncRegistry(registry: SpeakerRegistry): Promise<boolean>;
  /**
   * When the index was tagged with another topic catalog version: every statement tagged again by `tag`
   * (from its text and context, as ingest tags it), a page per transaction, then `version` recorded (an
   * interrupted re-tag is done again). Null when the version is the stored one, else how many statements'
   * topics changed.
   */
  retagTopics(version: string, tag: TopicTagger): Promise<number | null>;
  /** Every indexed article's file, hash and stamp. */
  articleStates(): Promise<Map<string, IndexedArticleState>>;
  indexedFiles(): Promise<string[]>;
  /** Same content, new size/mtime (a touched file): remember the stamp so the next run skips reading it. */
  restamp(file: string, stamp: FileStamp): Promise<void>;
  /**
   * Adds or replaces articles with their statements, all in one transaction: each article whole, and on
   * any error none of them (the caller may then store them one transaction each).
   */
  storeArticles(articles: readonly ArticleToStore[]): Promise<StoredArticle[]>;
  /** Removes articles in one transaction; statements no other article reported go with them. Returns those removed. */
  removeArticles(files: readonly string[]): Promise<string[]>;
  setMeta(key: string, value: string): Promise<void>;
}

export interface FeedState extends FeedRecord {
  etag: string | null;
  lastModified: string | null;
}

/** Feeds, their HTTP cache state and the items already taken. */
export interface FeedRecords {
  /** Every feed, or one owner's: a guild id, null for the global feeds (tenancy). */
  list(guildId?: string | null): Promise<FeedState[]>;
  get(id: number): Promise<FeedState | null>;
  byUrl(url: string, guildId?: string | null): Promise<FeedState | null>;
  /** Feeds whose next poll is due at `nowMs`, the longest overdue first. */
  due(nowMs: number): Promise<FeedState[]>;
  /**
   * Feed poll leases: the feeds due at nowMs that no other process holds, at most `limit`, leased to `holder`
   * until nowMs + leaseMs (a holder that dies loses them when the lease runs out). Postgres: FOR UPDATE SKIP
   * LOCKED, so racing processes get disjoint feeds. SQLite (one process): the due feeds, always granted.
   */
  claimDue(holder: string, options: { nowMs: number; leaseMs: number; limit: number }): Promise<FeedState[]>;
  /** Gives a leased feed back (its poll is done, or was not started). */
  release(id: number, holder: string): Promise<void>;
  /** The earliest next poll of any feed (ms), or null without feeds. */
  nextDue(): Promise<number | null>;
  /** guildId: the server the feed (and what it brings) belongs to; absent or null: global. */
  /** alertChannel: where notices about the feed go (the channel it was added from). */
  add(feed: {
    url: string;
    title: string | null;
    addedBy: string;
    nowMs: number;
    guildId?: string | null;
    alertChannel?: string | null;
  }): Promise<FeedState>;
  remove(id: number): Promise<boolean>;
  /** Which of these item keys the feed has already taken. */
  seen(feedId: number, keys: string[]): Promise<Set<string>>;
  markSeen(feedId: number, item: { key: string; url: string | null; outcome: string; nowMs: number }): Promise<void>;
  polledOk(
    id: number,
    state: { etag: string | null; lastModified: string | null; title: string | null; primed: boolean; nextPollMs: number; nowMs: number },
  ): Promise<void>;
  polledWithError(id: number, state: { error: string; failures: number; nextPollMs: number; nowMs: number }): Promise<void>;
  /** Poll this feed soon (a new feed, or `whosaid feeds poll`). */
  dueNow(id: number, nowMs: number): Promise<void>;
  /** Declares the feed broken since this instant (ISO), or working again (null). */
  setBroken(id: number, since: string | null): Promise<void>;
}

/** Watches and the statements already posted for each (by statement dedup key). */
export interface WatchRecords {
  add(watch: NewWatch, nowMs?: number): Promise<WatchRecord>;
  get(id: number): Promise<WatchRecord | null>;
  /** Every watch (all guilds), or one guild's (null: the console's). */
  list(guildId?: string | null): Promise<WatchRecord[]>;
  /** Removes a watch of that guild; null when there is none with that id. */
  remove(id: number, guildId: string | null): Promise<WatchRecord | null>;
}

/** Who can deliver a post: Discord (the channel is a channel id) or the operator's terminal (the console's watches). */
export type OutboxTarget = 'discord' | 'terminal';

/** A post to queue: one message (what one article brought one watch). */
export interface OutboxMessage {
  target: OutboxTarget;
  channelId: string;
  pingRoleId: string | null;
  /** The post as the watch service serialized it (the store does not read it). */
  payload: string;
}

/** A queued watch post. */
export interface OutboxEntry extends OutboxMessage {
  id: number;
  watchId: number;
  /** Discord's message nonce for this post (at most 25 characters): the same on every attempt. */
  nonce: string;
  state: 'pending' | 'posted' | 'rejected';
  /** Failed attempts so far. */
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  /** When it was queued (ISO time). */
  createdAt: string;
}

/**
 * Watch posts on their way out. enqueue records statements as due for a watch and queues their post in one
 * transaction; a poster claims due posts (a lease, so several processes share the work and a crashed
 * holder's posts go to another after the lease), posts them, and reports back. A post is `posted` only after
 * the platform accepted it; a refusal is kept as `rejected` with the error; other failures retry later.
 */
export interface WatchOutbox {
  /**
   * In one transaction: records the statement keys as due for the watch and, when some were not due before,
   * queues the message `compose` makes of those (null: nothing to post). Returns the queued post, or null.
   */
  enqueue(
    watchId: number,
    keys: string[],
    compose: (fresh: Set<string>) => OutboxMessage | null,
    nowMs?: number,
  ): Promise<OutboxEntry | null>;
  /**
   * Leases up to `limit` posts for `target` that are pending, due at `nowMs` and not leased by another holder
   * (an expired lease counts as none) to `holder` until nowMs + leaseMs. Oldest first.
   */
  claim(holder: string, options: { target: OutboxTarget; limit: number; leaseMs: number; nowMs: number }): Promise<OutboxEntry[]>;
  /** The platform accepted the post. */
  posted(id: number, result: { messageId: string | null; nowMs: number }): Promise<void>;
  /** The post failed: `retryAtMs` null means for good (`rejected`), else it is due again then. */
  failed(id: number, result: { error: string; retryAtMs: number | null; nowMs: number }): Promise<void>;
  /** When the next pending post for `target` is due (ms), or null when none is pending. */
  nextDue(target: OutboxTarget): Promise<number | null>;
  /** Posts in any state, oldest first (one watch's, or all): for operators and tests. */
  list(watchId?: number): Promise<OutboxEntry[]>;
}

/**
 * Tenancy. Everything added from a Discord server (uploads, links, feeds, watches) belongs to that server
 * (its guild id); the curated corpus and what the CLI, the console and owner servers add are global. The
 * Store's own queries see the global corpus alone; forTenant(guildId) sees the global corpus plus that
 * server's additions and nothing of other servers' (statements, speakers, sources, "also reported by").
 */
export interface TenantQueries {
  forTenant(guildId: string | null): StatementQueries;
}

export interface Store extends StatementQueries, ArticleWrites, TenantQueries {
  /** Where the data lives, for messages (a file path, a database name). */
  readonly location: string;
  /**
   * 'postgres': a database several processes (and machines) share, articles included: a data folder's
   * files are added to it, never pruned from it (another machine's folder may hold other articles).
   */
  readonly engine: 'sqlite' | 'postgres';
  /** Opened for queries only: every write rejects. */
  readonly readonly: boolean;
  readonly feeds: FeedRecords;
  readonly watches: WatchRecords;
  /** Watch posts on their way out (each statement goes out once per watch, and only after Discord accepted it). */
  readonly outbox: WatchOutbox;
  /**
   * Replay protection for HTTP interactions, shared by every process on the store: true the first time an
   * interaction id is offered (or after its record expired), false for a repeat.
   */
  firstSeenInteraction(id: string, options: { nowMs: number; ttlMs: number }): Promise<boolean>;
  /** The dedup keys of statements, by id (what a watch remembers a posted statement by). */
  statementKeys(ids: number[]): Promise<Map<number, string>>;
  /**
   * A once-only chore (pruneDone): expired interaction ids go, and outbox posts finished (posted or rejected)
   * before nowMs - keepMs. watch_posts stay: they remember what was posted.
   */
  pruneDone(options: { nowMs: number; keepMs: number }): Promise<{ interactions: number; outbox: number }>;
  /**
   * Who runs once-only chores among the processes sharing this store. SQLite (one process): always this one.
   * Postgres: an advisory lock on a dedicated connection (handed over when its holder dies).
   */
  leadership(name: string, options?: LeadershipOptions): Leadership;
  close(): Promise<void>;
}

export interface LeadershipOptions {
  /** How often a follower tries again (ms). */
  retryMs?: number;
  onChange?: (leader: boolean) => void;
}

/** Leadership of one name: start() tries (and keeps trying) to lead; stop() gives it up. */
export interface Leadership {
  readonly isLeader: boolean;
  start(): Promise<boolean>;
  stop(): Promise<void>;
}

/** The one process of an SQLite index leads always. */
export class SoleLeader implements Leadership {
  private leading = false;
  constructor(private readonly options: LeadershipOptions = {}) {}
  get isLeader(): boolean {
    return this.leading;
  }
  async start(): Promise<boolean> {
    if (!this.leading) {
      this.leading = true;
      this.options.onChange?.(true);
    }
    return true;
  }
  async stop(): Promise<void> {
    if (this.leading) {
      this.leading = false;
      this.options.onChange?.(false);
    }
  }
}
