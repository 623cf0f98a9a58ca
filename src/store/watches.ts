// Watch family (watches, watch_posts): watches and the statements already due for each (migration 4; the
// outbox that posts them is outbox.ts). A
// statement is remembered by its dedup key (speaker + folded words), which survives the re-numbering of
// statement ids; the keys come from the statement family (SqliteStatementQueries.statementKeys).
import type { WriteHandle } from './handles.ts';
import type { NewWatch, WatchRecord } from '../watches/types.ts';

const SELECT = `SELECT id, guild_id AS guildId, channel_id AS channelId, speaker_id AS speakerId, speaker_name AS speakerName,
  topic, query, ping_role_id AS pingRoleId, exclude, open_thread AS openThread, created_by AS createdBy, created_at AS createdAt FROM watches`;

type WatchRow = Omit<WatchRecord, 'exclude' | 'openThread'> & { exclude: string; openThread: number };

function record(row: WatchRow | undefined): WatchRecord | null {
  if (!row) return null;
  const exclude: unknown = JSON.parse(row.exclude);
  return {
    ...row,
    exclude: Array.isArray(exclude) ? exclude.filter((w): w is string => typeof w === 'string') : [],
    openThread: row.openThread === 1,
  };
}

export class WatchStore {
  constructor(private readonly w: WriteHandle) {}

  add(watch: NewWatch, nowMs = Date.now()): WatchRecord {
    const id = Number(
      this.w
        .write(
          `INSERT INTO watches (guild_id, channel_id, speaker_id, speaker_name, topic, query, ping_role_id, exclude, open_thread, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          watch.guildId,
          watch.channelId,
          watch.speakerId,
          watch.speakerName,
          watch.topic,
          watch.query,
          watch.pingRoleId,
          JSON.stringify(watch.exclude ?? []),
          watch.openThread ? 1 : 0,
          watch.createdBy,
          new Date(nowMs).toISOString(),
        ).lastInsertRowid,
    );
    return this.get(id)!;
  }

  get(id: number): WatchRecord | null {
    return record(this.w.read(`${SELECT} WHERE id = ?`).get(id) as WatchRow | undefined);
  }

  /** Every watch (all guilds), or one guild's (null: the console's). */
  list(guildId?: string | null): WatchRecord[] {
    const rows = (
      guildId === undefined
        ? this.w.read(`${SELECT} ORDER BY id`).all()
        : this.w.read(`${SELECT} WHERE guild_id IS ? ORDER BY id`).all(guildId)
    ) as WatchRow[];
    return rows.map((row) => record(row)!);
  }

  remove(id: number, guildId: string | null): WatchRecord | null {
    const watch = this.get(id);
    if (!watch || watch.guildId !== guildId) return null;
    this.w.write('DELETE FROM watches WHERE id = ?').run(id);
    return watch;
  }
}
