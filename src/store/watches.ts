// Watches and the statements already posted for each, in the index database (migration 4). A statement is
// remembered by its dedup key (speaker + folded words), which survives the re-numbering of statement ids.
import type { Database as Db } from 'better-sqlite3';
import type { NewWatch, WatchRecord } from '../watches/types.ts';

const SELECT = `SELECT id, guild_id AS guildId, channel_id AS channelId, speaker_id AS speakerId, speaker_name AS speakerName,
  topic, query, ping_role_id AS pingRoleId, created_by AS createdBy, created_at AS createdAt FROM watches`;

export class WatchStore {
  constructor(private readonly db: Db) {}

  add(watch: NewWatch, nowMs = Date.now()): WatchRecord {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO watches (guild_id, channel_id, speaker_id, speaker_name, topic, query, ping_role_id, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          watch.guildId,
          watch.channelId,
          watch.speakerId,
          watch.speakerName,
          watch.topic,
          watch.query,
          watch.pingRoleId,
          watch.createdBy,
          new Date(nowMs).toISOString(),
        ).lastInsertRowid,
    );
    return this.get(id)!;
  }

  get(id: number): WatchRecord | null {
    return (this.db.prepare(`${SELECT} WHERE id = ?`).get(id) as WatchRecord | undefined) ?? null;
  }

  /** Every watch (all guilds), or one guild's (null: the console's). */
  list(guildId?: string | null): WatchRecord[] {
    if (guildId === undefined) return this.db.prepare(`${SELECT} ORDER BY id`).all() as WatchRecord[];
    return this.db.prepare(`${SELECT} WHERE guild_id IS ? ORDER BY id`).all(guildId) as WatchRecord[];
  }

  remove(id: number, guildId: string | null): WatchRecord | null {
    const watch = this.get(id);
    if (!watch || watch.guildId !== guildId) return null;
    this.db.prepare('DELETE FROM watches WHERE id = ?').run(id);
    return watch;
  }

  /** The dedup keys of statements, by id. */
  statementKeys(ids: number[]): Map<number, string> {
    const q = this.db.prepare('SELECT dedup_key FROM statements WHERE id = ?').pluck();
    const out = new Map<number, string>();
    for (const id of ids) {
      const key = q.get(id) as string | undefined;
      if (key) out.set(id, key);
    }
    return out;
  }

  /** Records statements as posted for a watch; returns those not posted before (each goes out once). */
  claim(watchId: number, keys: string[], nowMs = Date.now()): Set<string> {
    const insert = this.db.prepare('INSERT OR IGNORE INTO watch_posts (watch_id, statement_key, posted_at) VALUES (?, ?, ?)');
    const fresh = new Set<string>();
    const at = new Date(nowMs).toISOString();
    this.db.transaction(() => {
      for (const key of keys) if (insert.run(watchId, key, at).changes) fresh.add(key);
    })();
    return fresh;
  }
}
