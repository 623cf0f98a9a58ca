// Watch outbox family (watch_outbox, and watch_posts' link to it): migration 9. See WatchOutbox in store.ts.
// SQLite has one writer at a time, so a claim is one UPDATE … RETURNING inside an IMMEDIATE transaction.
import { randomBytes } from 'node:crypto';
import type { WriteHandle } from './handles.ts';
import type { OutboxEntry, OutboxMessage, OutboxTarget } from './store.ts';

const COLUMNS = `id, watch_id AS watchId, target, channel_id AS channelId, ping_role_id AS pingRoleId, nonce, payload, state,
  attempts, last_error AS lastError, message_id AS messageId, created_at AS createdAt`;

/** A nonce Discord accepts (at most 25 characters): the row's id and a random part, so a rebuilt index never reuses one. */
export function outboxNonce(id: number): string {
  return `w${id.toString(36)}.${randomBytes(8).toString('base64url')}`;
}

export class OutboxStore {
  constructor(private readonly w: WriteHandle) {}

  enqueue(watchId: number, keys: string[], compose: (fresh: Set<string>) => OutboxMessage | null, nowMs = Date.now()): OutboxEntry | null {
    const at = new Date(nowMs).toISOString();
    return this.w.transaction(() => {
      const insert = this.w.write('INSERT OR IGNORE INTO watch_posts (watch_id, statement_key, posted_at) VALUES (?, ?, ?)');
      const fresh = new Set<string>();
      for (const key of keys) if (insert.run(watchId, key, at).changes) fresh.add(key);
      if (!fresh.size) return null;
      const message = compose(fresh);
      if (!message) return null;
      const id = Number(
        this.w
          .write(
            `INSERT INTO watch_outbox (watch_id, target, channel_id, ping_role_id, nonce, payload, next_attempt_ms, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            watchId,
            message.target,
            message.channelId,
            message.pingRoleId,
            `pending.${randomBytes(8).toString('hex')}`,
            message.payload,
            nowMs,
            at,
          ).lastInsertRowid,
      );
      this.w.write('UPDATE watch_outbox SET nonce = ? WHERE id = ?').run(outboxNonce(id), id);
      const link = this.w.write('UPDATE watch_posts SET outbox_id = ? WHERE watch_id = ? AND statement_key = ?');
      for (const key of fresh) link.run(id, watchId, key);
      return this.get(id);
    });
  }

  claim(holder: string, options: { target: OutboxTarget; limit: number; leaseMs: number; nowMs: number }): OutboxEntry[] {
    const { target, limit, leaseMs, nowMs } = options;
    return this.w
      .transaction(
        () =>
          this.w
            .write(
              `UPDATE watch_outbox SET leased_by = ?, lease_until_ms = ?
             WHERE id IN (SELECT id FROM watch_outbox
               WHERE state = 'pending' AND target = ? AND next_attempt_ms <= ? AND lease_until_ms <= ?
               ORDER BY next_attempt_ms, id LIMIT ?)
             RETURNING ${COLUMNS}`,
            )
            .all(holder, nowMs + leaseMs, target, nowMs, nowMs, limit) as OutboxEntry[],
      )
      .sort((a, b) => a.id - b.id);
  }

  posted(id: number, result: { messageId: string | null; nowMs: number }): void {
    this.w
      .write(
        `UPDATE watch_outbox SET state = 'posted', message_id = ?, done_at = ?, leased_by = NULL, lease_until_ms = 0
         WHERE id = ? AND state = 'pending'`,
      )
      .run(result.messageId, new Date(result.nowMs).toISOString(), id);
  }

  failed(id: number, result: { error: string; retryAtMs: number | null; nowMs: number }): void {
    if (result.retryAtMs === null) {
      this.w
        .write(
          `UPDATE watch_outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?, done_at = ?, leased_by = NULL,
             lease_until_ms = 0 WHERE id = ? AND state = 'pending'`,
        )
        .run(result.error, new Date(result.nowMs).toISOString(), id);
      return;
    }
    this.w
      .write(
        `UPDATE watch_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_ms = ?, leased_by = NULL, lease_until_ms = 0
         WHERE id = ? AND state = 'pending'`,
      )
      .run(result.error, result.retryAtMs, id);
  }

  nextDue(target: OutboxTarget): number | null {
    return this.w
      .read(`SELECT min(max(next_attempt_ms, lease_until_ms)) FROM watch_outbox WHERE state = 'pending' AND target = ?`)
      .pluck()
      .get(target) as number | null;
  }

  list(watchId?: number): OutboxEntry[] {
    return (
      watchId === undefined
        ? this.w.read(`SELECT ${COLUMNS} FROM watch_outbox ORDER BY id`).all()
        : this.w.read(`SELECT ${COLUMNS} FROM watch_outbox WHERE watch_id = ? ORDER BY id`).all(watchId)
    ) as OutboxEntry[];
  }

  private get(id: number): OutboxEntry | null {
    return (this.w.read(`SELECT ${COLUMNS} FROM watch_outbox WHERE id = ?`).get(id) as OutboxEntry | undefined) ?? null;
  }
}
