// Many processes on one Postgres: the watch outbox (claims that two processes never share), and the
// coordination tables of migration 9. Claims are `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED
// LIMIT n) RETURNING`: a row another transaction is claiming is skipped, not waited for, so racing processes
// take disjoint rows; a lease that runs out (its holder died) makes the row claimable again.
import type { Leadership, LeadershipOptions, OutboxEntry, OutboxMessage, OutboxTarget, WatchOutbox } from '../store.ts';
import { outboxNonce } from '../outbox.ts';
import pg from 'pg';
import type { PgDatabase } from './connection.ts';

/** Migration 9 on Postgres (the SQLite engine's 9, plus the tables only several processes need). */
export const COORDINATION_MIGRATION = `
  CREATE TABLE watch_outbox (
    id BIGSERIAL PRIMARY KEY,
    watch_id BIGINT NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    target TEXT NOT NULL CHECK (target IN ('discord', 'terminal')),
    channel_id TEXT NOT NULL,
    ping_role_id TEXT,
    nonce TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'posted', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL DEFAULT 0,
    leased_by TEXT,
    lease_until_ms BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    message_id TEXT,
    created_at TEXT NOT NULL,
    done_at TEXT
  );
  CREATE INDEX watch_outbox_pending ON watch_outbox(target, next_attempt_ms, id) WHERE state = 'pending';
  CREATE INDEX watch_outbox_watch ON watch_outbox(watch_id);
  ALTER TABLE watch_posts ADD COLUMN outbox_id BIGINT REFERENCES watch_outbox(id) ON DELETE SET NULL;
  CREATE TABLE seen_interactions (
    id TEXT PRIMARY KEY,
    expires_ms BIGINT NOT NULL
  );
  CREATE INDEX seen_interactions_expiry ON seen_interactions(expires_ms);
  ALTER TABLE feeds ADD COLUMN leased_by TEXT;
  ALTER TABLE feeds ADD COLUMN lease_until_ms BIGINT NOT NULL DEFAULT 0;
  CREATE TABLE change_counters (
    name TEXT PRIMARY KEY,
    counter BIGINT NOT NULL DEFAULT 0
  );
`;

const COLUMNS = `id, watch_id AS "watchId", target, channel_id AS "channelId", ping_role_id AS "pingRoleId", nonce, payload, state,
  attempts, last_error AS "lastError", message_id AS "messageId", created_at AS "createdAt"`;

export class PgOutboxStore implements WatchOutbox {
  constructor(private readonly db: PgDatabase) {}

  /** INSERT … ON CONFLICT DO NOTHING RETURNING: each (watch, statement) is queued once, even by racing processes. */
  async enqueue(
    watchId: number,
    keys: string[],
    compose: (fresh: Set<string>) => OutboxMessage | null,
    nowMs = Date.now(),
  ): Promise<OutboxEntry | null> {
    if (!keys.length) return null;
    const at = new Date(nowMs).toISOString();
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ key: string }>(
        `INSERT INTO watch_posts (watch_id, statement_key, posted_at) SELECT $1, k, $3 FROM unnest($2::text[]) AS k
         ON CONFLICT DO NOTHING RETURNING statement_key AS key`,
        [watchId, keys, at],
      );
      const fresh = new Set(rows.map((r) => r.key));
      if (!fresh.size) return null;
      const message = compose(fresh);
      if (!message) return null;
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO watch_outbox (watch_id, target, channel_id, ping_role_id, nonce, payload, next_attempt_ms, created_at)
         VALUES ($1, $2, $3, $4, 'pending.' || md5(random()::text), $5, $6, $7) RETURNING id`,
        [watchId, message.target, message.channelId, message.pingRoleId, message.payload, nowMs, at],
      );
      const id = Number(row!.id);
      const [entry] = await tx.query<OutboxEntry>(`UPDATE watch_outbox SET nonce = $1 WHERE id = $2 RETURNING ${COLUMNS}`, [
        outboxNonce(id),
        id,
      ]);
      await tx.query('UPDATE watch_posts SET outbox_id = $1 WHERE watch_id = $2 AND statement_key = ANY($3::text[])', [
        id,
        watchId,
        [...fresh],
      ]);
      return entry!;
    });
  }

  async claim(holder: string, options: { target: OutboxTarget; limit: number; leaseMs: number; nowMs: number }): Promise<OutboxEntry[]> {
    const { target, limit, leaseMs, nowMs } = options;
    const rows = await this.db.query<OutboxEntry>(
      `UPDATE watch_outbox SET leased_by = $1, lease_until_ms = $2
       WHERE id IN (SELECT id FROM watch_outbox
         WHERE state = 'pending' AND target = $3 AND next_attempt_ms <= $4 AND lease_until_ms <= $4
         ORDER BY next_attempt_ms, id LIMIT $5 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [holder, nowMs + leaseMs, target, nowMs, limit],
    );
    return rows.sort((a, b) => a.id - b.id);
  }

  async posted(id: number, result: { messageId: string | null; nowMs: number }): Promise<void> {
    await this.db.query(
      `UPDATE watch_outbox SET state = 'posted', message_id = $1, done_at = $2, leased_by = NULL, lease_until_ms = 0
       WHERE id = $3 AND state = 'pending'`,
      [result.messageId, new Date(result.nowMs).toISOString(), id],
    );
  }

  async failed(id: number, result: { error: string; retryAtMs: number | null; nowMs: number }): Promise<void> {
    if (result.retryAtMs === null) {
      await this.db.query(
        `UPDATE watch_outbox SET state = 'rejected', attempts = attempts + 1, last_error = $1, done_at = $2, leased_by = NULL,
           lease_until_ms = 0 WHERE id = $3 AND state = 'pending'`,
        [result.error, new Date(result.nowMs).toISOString(), id],
      );
      return;
    }
    await this.db.query(
      `UPDATE watch_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_ms = $2, leased_by = NULL, lease_until_ms = 0
       WHERE id = $3 AND state = 'pending'`,
      [result.error, result.retryAtMs, id],
    );
  }

  async nextDue(target: OutboxTarget): Promise<number | null> {
    const [row] = await this.db.query<{ next: number | null }>(
      `SELECT min(greatest(next_attempt_ms, lease_until_ms)) AS next FROM watch_outbox WHERE state = 'pending' AND target = $1`,
      [target],
    );
    return row?.next === null || row?.next === undefined ? null : Number(row.next);
  }

  async list(watchId?: number): Promise<OutboxEntry[]> {
    return watchId === undefined
      ? this.db.query<OutboxEntry>(`SELECT ${COLUMNS} FROM watch_outbox ORDER BY id`)
      : this.db.query<OutboxEntry>(`SELECT ${COLUMNS} FROM watch_outbox WHERE watch_id = $1 ORDER BY id`, [watchId]);
  }
}

/** Replay protection (see Store.firstSeenInteraction): the insert that wins decides, whichever process runs it. */
export async function pgFirstSeenInteraction(db: PgDatabase, id: string, options: { nowMs: number; ttlMs: number }): Promise<boolean> {
  await db.query('DELETE FROM seen_interactions WHERE id IN (SELECT id FROM seen_interactions WHERE expires_ms <= $1 LIMIT 100)', [
    options.nowMs,
  ]);
  const rows = await db.query('INSERT INTO seen_interactions (id, expires_ms) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id', [
    id,
    options.nowMs + options.ttlMs,
  ]);
  return rows.length > 0;
}

/**
 * Leases due feeds to `holder`: rows another process is leasing right now are skipped (SKIP LOCKED), rows
 * whose lease has not run out are not due. Returns the ids leased, longest overdue first.
 */
export async function pgLeaseDueFeeds(
  db: PgDatabase,
  holder: string,
  options: { nowMs: number; leaseMs: number; limit: number },
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `UPDATE feeds SET leased_by = $1, lease_until_ms = $2
     WHERE id IN (SELECT id FROM feeds WHERE next_poll_ms <= $3 AND lease_until_ms <= $3
       ORDER BY next_poll_ms, id LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    [holder, options.nowMs + options.leaseMs, options.nowMs, options.limit],
  );
  return rows.map((r) => Number(r.id));
}

/** Ends `holder`'s lease on a feed (a lease another process took over after expiry is left alone). */
export async function pgReleaseFeed(db: PgDatabase, id: number, holder: string): Promise<void> {
  await db.query('UPDATE feeds SET leased_by = NULL, lease_until_ms = 0 WHERE id = $1 AND leased_by = $2', [id, holder]);
}

/** What both leaders share: the leading flag with its change callback, start/stop, and the retry timer. */
abstract class RetryingLeader implements Leadership {
  protected timer: NodeJS.Timeout | null = null;
  protected leading = false;
  protected stopped = false;

  constructor(private readonly leadership: LeadershipOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Tries now and then every retryMs (default 5 s) until it leads; returns whether it leads after the first try. */
  async start(): Promise<boolean> {
    this.stopped = false;
    await this.attempt();
    return this.leading;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.release();
  }

  protected abstract attempt(): Promise<void>;
  protected abstract release(): Promise<void>;

  protected get retryMs(): number {
    return this.leadership.retryMs ?? 5_000;
  }

  protected retryIn(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.attempt();
    }, ms);
    this.timer.unref();
  }

  protected clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  protected set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.leadership.onChange?.(leading);
  }
}

/**
 * A leader for once-only chores: whoever holds `pg_try_advisory_lock(key)` on its own dedicated connection.
 * Postgres drops the lock with the connection, so when the holder dies (even SIGKILL) another process's next
 * try takes it. A lost connection makes this process a follower until it reconnects and wins again.
 */
export class AdvisoryLeader extends RetryingLeader {
  private client: pg.Client | null = null;

  constructor(
    private readonly url: string,
    private readonly key: number,
    options: LeadershipOptions = {},
  ) {
    super(options);
  }

  protected override async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.set(false);
    await client?.end().catch(() => {});
  }

  protected async attempt(): Promise<void> {
    if (this.stopped || this.leading) return;
    try {
      if (!this.client) {
        const client = new pg.Client({ connectionString: this.url });
        client.on('error', () => this.lost(client));
        client.on('end', () => this.lost(client));
        await client.connect();
        this.client = client;
      }
      const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [this.key]);
      this.set(rows[0]?.ok === true);
    } catch {
      this.set(false);
    }
    if (!this.leading && !this.stopped) this.retryIn(this.retryMs);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.set(false);
    if (!this.stopped && !this.timer) this.retryIn(this.retryMs);
  }
}

/** Expired interaction ids, and outbox posts finished before nowMs - keepMs: removed (the chores' leader does it). */
export async function pgPruneDone(
  db: PgDatabase,
  options: { nowMs: number; keepMs: number },
): Promise<{ interactions: number; outbox: number }> {
  const doneBefore = new Date(options.nowMs - options.keepMs).toISOString();
  return db.transaction(async (tx) => {
    const interactions = await tx.query('DELETE FROM seen_interactions WHERE expires_ms <= $1 RETURNING id', [options.nowMs]);
    const outbox = await tx.query(
      `DELETE FROM watch_outbox WHERE state <> 'pending' AND done_at IS NOT NULL AND done_at < $1 RETURNING id`,
      [doneBefore],
    );
    return { interactions: interactions.length, outbox: outbox.length };
  });
}

/** An advisory-lock key (int4) for a leadership name in one database (and schema: the url names it). */
export function leaderKey(scope: string, name: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${scope}\u0000${name}`) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
  return h | 0;
}

/**
 * Leadership where no dedicated connection can be opened (a store on an in-process PGlite): a lease in the
 * meta table (`leader:<name>` -> holder and expiry), renewed every renewMs while held. A holder that stops
 * (its store closed) gives the lease up at once; one that dies stops renewing and loses it after leaseMs.
 */
export class LeaseLeader extends RetryingLeader {
  constructor(
    private readonly db: PgDatabase,
    private readonly name: string,
    private readonly holder: string,
    private readonly options: LeadershipOptions & { leaseMs?: number; now?: () => number } = {},
  ) {
    super(options);
  }

  /** Gives the lease up (another contender's next try takes it). */
  protected override async release(): Promise<void> {
    if (this.leading) {
      await this.db
        .query(`DELETE FROM meta WHERE key = $1 AND value::json->>'holder' = $2`, [`leader:${this.name}`, this.holder])
        .catch(() => {});
    }
    this.set(false);
  }

  /** Stops renewing without giving the lease up: what a killed holder leaves behind (tests). */
  abandon(): void {
    this.stopped = true;
    this.clearTimer();
  }

  protected async attempt(): Promise<void> {
    if (this.stopped) return;
    const leaseMs = this.options.leaseMs ?? 30_000;
    const now = (this.options.now ?? Date.now)();
    try {
      const rows = await this.db.query(
        `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value
         WHERE meta.value::json->>'holder' = $3 OR (meta.value::json->>'until')::bigint <= $4 RETURNING key`,
        [`leader:${this.name}`, JSON.stringify({ holder: this.holder, until: now + leaseMs }), this.holder, now],
      );
      this.set(rows.length > 0);
    } catch {
      this.set(false);
    }
    if (this.stopped) return;
    // A leader renews well before its lease runs out; a follower tries again.
    this.retryIn(this.leading ? Math.max(1, Math.floor(leaseMs / 3)) : this.retryMs);
  }
}
