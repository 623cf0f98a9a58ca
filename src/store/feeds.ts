// Feed family (feeds, feed_items): feeds, their HTTP cache state and the items already taken (migration 4).
import type { WriteHandle } from './handles.ts';
import type { FeedState } from './store.ts';

interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  addedBy: string;
  addedAt: string;
  primed: number;
  etag: string | null;
  lastModified: string | null;
  nextPollMs: number;
  failures: number;
  lastPolledAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  guildId: string | null;
  alertChannel: string | null;
  brokenSince: string | null;
  items: number;
}

const SELECT = `SELECT f.id, f.url, f.title, f.added_by AS addedBy, f.added_at AS addedAt, f.primed, f.etag,
  f.last_modified AS lastModified, f.next_poll_ms AS nextPollMs, f.failures, f.last_polled_at AS lastPolledAt,
  f.last_ok_at AS lastOkAt, f.last_error AS lastError, f.guild_id AS guildId,
  f.alert_channel AS alertChannel, f.broken_since AS brokenSince,
  (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id) AS items
  FROM feeds f`;

function toState(row: FeedRow): FeedState {
  return { ...row, primed: row.primed === 1 };
}

export class FeedStore {
  constructor(private readonly w: WriteHandle) {}

  /** Every feed, or one owner's (a guild id; null: the global feeds). */
  list(guildId?: string | null): FeedState[] {
    if (guildId === undefined) return (this.w.read(`${SELECT} ORDER BY f.id`).all() as FeedRow[]).map(toState);
    return (this.w.read(`${SELECT} WHERE f.guild_id IS ? ORDER BY f.id`).all(guildId) as FeedRow[]).map(toState);
  }

  get(id: number): FeedState | null {
    const row = this.w.read(`${SELECT} WHERE f.id = ?`).get(id) as FeedRow | undefined;
    return row ? toState(row) : null;
  }

  /** The feed at this address of one owner (a guild id; null: global), or of any owner (the global one first). */
  byUrl(url: string, guildId?: string | null): FeedState | null {
    const row = (
      guildId === undefined
        ? this.w.read(`${SELECT} WHERE f.url = ? ORDER BY f.guild_id IS NOT NULL, f.id LIMIT 1`).get(url)
        : this.w.read(`${SELECT} WHERE f.url = ? AND ifnull(f.guild_id, '') = ifnull(?, '')`).get(url, guildId)
    ) as FeedRow | undefined;
    return row ? toState(row) : null;
  }

  /** Feeds whose next poll is due at `nowMs`, the longest overdue first. */
  due(nowMs: number): FeedState[] {
    return (this.w.read(`${SELECT} WHERE f.next_poll_ms <= ? ORDER BY f.next_poll_ms, f.id`).all(nowMs) as FeedRow[]).map(toState);
  }

  /** One process owns an SQLite index: every due feed is granted (the poller keeps one code path for both engines). */
  claimDue(_holder: string, options: { nowMs: number; leaseMs: number; limit: number }): FeedState[] {
    return this.due(options.nowMs).slice(0, options.limit);
  }

  release(_id: number, _holder: string): void {}

  /** The earliest next poll of any feed (ms), or null without feeds. */
  nextDue(): number | null {
    return this.w.read('SELECT min(next_poll_ms) FROM feeds').pluck().get() as number | null;
  }

  add(feed: {
    url: string;
    title: string | null;
    addedBy: string;
    nowMs: number;
    guildId?: string | null;
    alertChannel?: string | null;
  }): FeedState {
    const id = Number(
      this.w
        .write('INSERT INTO feeds (url, title, added_by, added_at, next_poll_ms, guild_id, alert_channel) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(
          feed.url,
          feed.title,
          feed.addedBy,
          new Date(feed.nowMs).toISOString(),
          feed.nowMs,
          feed.guildId ?? null,
          feed.alertChannel ?? null,
        ).lastInsertRowid,
    );
    return this.get(id)!;
  }

  remove(id: number): boolean {
    return this.w.write('DELETE FROM feeds WHERE id = ?').run(id).changes > 0;
  }

  /** Which of these item keys the feed has already taken. */
  seen(feedId: number, keys: string[]): Set<string> {
    const out = new Set<string>();
    const q = this.w.read('SELECT 1 FROM feed_items WHERE feed_id = ? AND key = ?').pluck();
    for (const key of keys) if (q.get(feedId, key)) out.add(key);
    return out;
  }

  markSeen(feedId: number, item: { key: string; url: string | null; outcome: string; nowMs: number }): void {
    this.w
      .write('INSERT OR IGNORE INTO feed_items (feed_id, key, url, outcome, seen_at) VALUES (?, ?, ?, ?, ?)')
      .run(feedId, item.key, item.url, item.outcome, new Date(item.nowMs).toISOString());
  }

  polledOk(
    id: number,
    state: { etag: string | null; lastModified: string | null; title: string | null; primed: boolean; nextPollMs: number; nowMs: number },
  ): void {
    const now = new Date(state.nowMs).toISOString();
    this.w
      .write(
        `UPDATE feeds SET etag = ?, last_modified = ?, title = coalesce(?, title), primed = max(primed, ?), next_poll_ms = ?,
           failures = 0, last_error = NULL, last_polled_at = ?, last_ok_at = ? WHERE id = ?`,
      )
      .run(state.etag, state.lastModified, state.title, state.primed ? 1 : 0, state.nextPollMs, now, now, id);
  }

  polledWithError(id: number, state: { error: string; failures: number; nextPollMs: number; nowMs: number }): void {
    this.w
      .write('UPDATE feeds SET failures = ?, last_error = ?, next_poll_ms = ?, last_polled_at = ? WHERE id = ?')
      .run(state.failures, state.error, state.nextPollMs, new Date(state.nowMs).toISOString(), id);
  }

  /** Poll this feed soon (a new feed, or `whosaid feeds poll`). */
  dueNow(id: number, nowMs: number): void {
    this.w.write('UPDATE feeds SET next_poll_ms = ? WHERE id = ?').run(nowMs, id);
  }

  setBroken(id: number, since: string | null): void {
    this.w.write('UPDATE feeds SET broken_since = ? WHERE id = ?').run(since, id);
  }
}
