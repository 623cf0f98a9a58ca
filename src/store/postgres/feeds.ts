// Feeds and watches of the Postgres engine: the SQLite engine's feeds.ts and watches.ts, over the pool.
import type { NewWatch, WatchRecord } from '../../watches/types.ts';
import type { FeedRecords, FeedState, WatchRecords } from '../store.ts';
import type { PgDatabase } from './connection.ts';
import { pgLeaseDueFeeds, pgReleaseFeed } from './coordination.ts';

interface FeedRow extends Omit<FeedState, 'primed'> {
  primed: number;
}

const FEED = `SELECT f.id, f.url, f.title, f.added_by AS "addedBy", f.added_at AS "addedAt", f.primed, f.etag,
  f.last_modified AS "lastModified", f.next_poll_ms AS "nextPollMs", f.failures, f.last_polled_at AS "lastPolledAt",
  f.last_ok_at AS "lastOkAt", f.last_error AS "lastError", f.guild_id AS "guildId",
  f.alert_channel AS "alertChannel", f.broken_since AS "brokenSince",
  (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id) AS items
  FROM feeds f`;

const toState = (row: FeedRow): FeedState => ({ ...row, primed: row.primed === 1 });

export class PgFeedStore implements FeedRecords {
  constructor(private readonly db: PgDatabase) {}

  async list(guildId?: string | null): Promise<FeedState[]> {
    const rows =
      guildId === undefined
        ? await this.db.query<FeedRow>(`${FEED} ORDER BY f.id`)
        : await this.db.query<FeedRow>(`${FEED} WHERE f.guild_id IS NOT DISTINCT FROM $1 ORDER BY f.id`, [guildId]);
    return rows.map(toState);
  }

  async get(id: number): Promise<FeedState | null> {
    const [row] = await this.db.query<FeedRow>(`${FEED} WHERE f.id = $1`, [id]);
    return row ? toState(row) : null;
  }

  /** The feed at this address of one owner (a guild id; null: global), or of any owner (the global one first). */
  async byUrl(url: string, guildId?: string | null): Promise<FeedState | null> {
    const [row] =
      guildId === undefined
        ? await this.db.query<FeedRow>(`${FEED} WHERE f.url = $1 ORDER BY f.guild_id IS NOT NULL, f.id LIMIT 1`, [url])
        : await this.db.query<FeedRow>(`${FEED} WHERE f.url = $1 AND coalesce(f.guild_id, '') = coalesce($2, '')`, [url, guildId]);
    return row ? toState(row) : null;
  }

  async due(nowMs: number): Promise<FeedState[]> {
    return (await this.db.query<FeedRow>(`${FEED} WHERE f.next_poll_ms <= $1 ORDER BY f.next_poll_ms, f.id`, [nowMs])).map(toState);
  }

  async claimDue(holder: string, options: { nowMs: number; leaseMs: number; limit: number }): Promise<FeedState[]> {
    const ids = await pgLeaseDueFeeds(this.db, holder, options);
    if (!ids.length) return [];
    return (await this.db.query<FeedRow>(`${FEED} WHERE f.id = ANY($1::bigint[]) ORDER BY f.next_poll_ms, f.id`, [ids])).map(toState);
  }

  async release(id: number, holder: string): Promise<void> {
    await pgReleaseFeed(this.db, id, holder);
  }

  async nextDue(): Promise<number | null> {
    const [row] = await this.db.query<{ n: number | null }>('SELECT min(next_poll_ms) AS n FROM feeds');
    return row?.n ?? null;
  }

  async add(feed: {
    url: string;
    title: string | null;
    addedBy: string;
    nowMs: number;
    guildId?: string | null;
    alertChannel?: string | null;
  }): Promise<FeedState> {
    const [row] = await this.db.query<{ id: number }>(
      'INSERT INTO feeds (url, title, added_by, added_at, next_poll_ms, guild_id, alert_channel) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [feed.url, feed.title, feed.addedBy, new Date(feed.nowMs).toISOString(), feed.nowMs, feed.guildId ?? null, feed.alertChannel ?? null],
    );
    return (await this.get(row!.id))!;
  }

  async remove(id: number): Promise<boolean> {
    return (await this.db.query('DELETE FROM feeds WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async seen(feedId: number, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await this.db.query<{ key: string }>('SELECT key FROM feed_items WHERE feed_id = $1 AND key = ANY($2::text[])', [
      feedId,
      keys,
    ]);
    return new Set(rows.map((r) => r.key));
  }

  async markSeen(feedId: number, item: { key: string; url: string | null; outcome: string; nowMs: number }): Promise<void> {
    await this.db.query('INSERT INTO feed_items (feed_id, key, url, outcome, seen_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      feedId,
      item.key,
      item.url,
      item.outcome,
      new Date(item.nowMs).toISOString(),
    ]);
  }

  async polledOk(
    id: number,
    state: { etag: string | null; lastModified: string | null; title: string | null; primed: boolean; nextPollMs: number; nowMs: number },
  ): Promise<void> {
    const now = new Date(state.nowMs).toISOString();
    await this.db.query(
      `UPDATE feeds SET etag = $1, last_modified = $2, title = coalesce($3, title), primed = greatest(primed, $4), next_poll_ms = $5,
         failures = 0, last_error = NULL, last_polled_at = $6, last_ok_at = $6 WHERE id = $7`,
      [state.etag, state.lastModified, state.title, state.primed ? 1 : 0, state.nextPollMs, now, id],
    );
  }

  async polledWithError(id: number, state: { error: string; failures: number; nextPollMs: number; nowMs: number }): Promise<void> {
    await this.db.query('UPDATE feeds SET failures = $1, last_error = $2, next_poll_ms = $3, last_polled_at = $4 WHERE id = $5', [
      state.failures,
      state.error,
      state.nextPollMs,
      new Date(state.nowMs).toISOString(),
      id,
    ]);
  }

  async dueNow(id: number, nowMs: number): Promise<void> {
    await this.db.query('UPDATE feeds SET next_poll_ms = $1 WHERE id = $2', [nowMs, id]);
  }

  async setBroken(id: number, since: string | null): Promise<void> {
    await this.db.query('UPDATE feeds SET broken_since = $1 WHERE id = $2', [since, id]);
  }
}

const WATCH = `SELECT id, guild_id AS "guildId", channel_id AS "channelId", speaker_id AS "speakerId", speaker_name AS "speakerName",
  topic, query, ping_role_id AS "pingRoleId", exclude, open_thread AS "openThread", created_by AS "createdBy", created_at AS "createdAt" FROM watches`;

type WatchRow = Omit<WatchRecord, 'exclude'> & { exclude: string };

function watchRecord(row: WatchRow | undefined): WatchRecord | null {
  if (!row) return null;
  const exclude: unknown = JSON.parse(row.exclude);
  return {
    ...row,
    exclude: Array.isArray(exclude) ? exclude.filter((w): w is string => typeof w === 'string') : [],
    openThread: row.openThread === true,
  };
}

export class PgWatchStore implements WatchRecords {
  constructor(private readonly db: PgDatabase) {}

  async add(watch: NewWatch, nowMs = Date.now()): Promise<WatchRecord> {
    const [row] = await this.db.query<WatchRow>(
      `INSERT INTO watches (guild_id, channel_id, speaker_id, speaker_name, topic, query, ping_role_id, exclude, open_thread, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        watch.guildId,
        watch.channelId,
        watch.speakerId,
        watch.speakerName,
        watch.topic,
        watch.query,
        watch.pingRoleId,
        JSON.stringify(watch.exclude ?? []),
        watch.openThread === true,
        watch.createdBy,
        new Date(nowMs).toISOString(),
      ],
    );
    return (await this.get(row!.id))!;
  }

  async get(id: number): Promise<WatchRecord | null> {
    return watchRecord((await this.db.query<WatchRow>(`${WATCH} WHERE id = $1`, [id]))[0]);
  }

  async list(guildId?: string | null): Promise<WatchRecord[]> {
    const rows =
      guildId === undefined
        ? await this.db.query<WatchRow>(`${WATCH} ORDER BY id`)
        : await this.db.query<WatchRow>(`${WATCH} WHERE guild_id IS NOT DISTINCT FROM $1 ORDER BY id`, [guildId]);
    return rows.map((row) => watchRecord(row)!);
  }

  async remove(id: number, guildId: string | null): Promise<WatchRecord | null> {
    const watch = await this.get(id);
    if (!watch || watch.guildId !== guildId) return null;
    await this.db.query('DELETE FROM watches WHERE id = $1', [id]);
    return watch;
  }
}
