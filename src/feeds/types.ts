// The contract between /feeds (and `whosaid feeds`) and the feed service: follow RSS and Atom feeds, poll
// them, and ingest each new item through the article intake.
import type { Requester } from '../intake/types.ts';

export interface FeedRecord {
  id: number;
  url: string;
  title: string | null;
  addedBy: string;
  addedAt: string;
  /** Its items at the time it was added were taken (silently); later items count as news. */
  primed: boolean;
  /** Consecutive failed polls (0 when the last poll worked). */
  failures: number;
  lastPolledAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  /** When the next poll is due (ms since the epoch). */
  nextPollMs: number;
  /** Items taken so far. */
  items: number;
  /** Tenancy: the server the feed and its articles belong to; null: global. */
  guildId: string | null;
  /** The channel it was added from (Discord), where notices about it go unless WHOSAID_ALERT_CHANNEL is set. */
  alertChannel: string | null;
  /** When it was declared broken (a notice was sent); null while it works or has not failed long enough. */
  brokenSince: string | null;
}

export type FeedAddOutcome =
  { kind: 'added'; feed: FeedRecord; items: number } | { kind: 'exists'; feed: FeedRecord } | { kind: 'refused'; reason: string };

export interface PollResult {
  feedId: number;
  url: string;
  status: 'not-modified' | 'ok' | 'error';
  /** Items seen for the first time in this poll. */
  newItems: number;
  /** Of those, articles added to the index. */
  added: number;
  error?: string;
}

export interface FeedService {
  /** requestedBy.owner: the server the feed belongs to (absent: global). */
  add(url: string, requestedBy: Requester): Promise<FeedAddOutcome>;
  /** One owner's feeds (a guild id, null: the global ones); every feed when absent. */
  list(owner?: string | null): Promise<FeedRecord[]>;
  /** By id or by address, among one owner's feeds when given; null when no feed matches. */
  remove(idOrUrl: string, owner?: string | null): Promise<FeedRecord | null>;
}
