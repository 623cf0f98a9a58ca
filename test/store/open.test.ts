import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexOpenError } from '../../src/store/database.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'whosaid-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('opening the index', () => {
  it('creates the directory and the schema, in WAL mode, and reopens without migrating again', async () => {
    const file = join(dir, 'nested', 'index', 'whosaid.db');
    const index = openSqliteStore(file);
    expect(index.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(index.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    index.closeNow();
    const again = openSqliteStore(file);
    expect(await again.stats()).toMatchObject({ articles: 0, statements: 0, lastIngest: null });
    again.closeNow();
    const reader = openSqliteStore(file, { readonly: true });
    expect((await reader.stats()).articles).toBe(0);
    await expect(reader.setMeta('x', 'y')).rejects.toThrow(/read-only/);
    expect(() => reader.watches).toThrow(/read-only/);
    reader.closeNow();
  });

  it('upgrades an index from before watch exclusions (version 4): its watches exclude nothing', async () => {
    const file = join(dir, 'v4.db');
    const db = new Database(file);
    for (const [i, sql] of MIGRATIONS.slice(0, 4).entries()) {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    }
    db.prepare(
      `INSERT INTO watches (guild_id, channel_id, speaker_id, speaker_name, topic, query, ping_role_id, created_by, created_at)
       VALUES ('1', '2', NULL, NULL, NULL, 'radars', NULL, 't', '2025-01-01T00:00:00.000Z')`,
    ).run();
    db.close();
    const index = openSqliteStore(file);
    expect(index.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(await index.watches.list('1')).toEqual([expect.objectContaining({ id: 1, query: 'radars', exclude: [] })]);
    index.closeNow();
  });

  it('upgrades an index from before per-server feeds (version 7): feeds and their taken items kept, an address unique per owner', async () => {
    const file = join(dir, 'v7.db');
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    for (const [i, sql] of MIGRATIONS.slice(0, 7).entries()) {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    }
    db.prepare(
      `INSERT INTO feeds (id, url, title, added_by, added_at, primed, guild_id) VALUES (3, 'https://news.example.org/feed.xml', 'News', 't', '2025-01-01', 1, '111')`,
    ).run();
    db.prepare(`INSERT INTO feed_items (feed_id, key, url, outcome, seen_at) VALUES (3, 'item-1', NULL, 'added', '2025-01-01')`).run();
    db.close();
    const index = openSqliteStore(file);
    expect(await index.feeds.get(3)).toMatchObject({ url: 'https://news.example.org/feed.xml', guildId: '111', primed: true, items: 1 });
    expect(await index.feeds.seen(3, ['item-1', 'item-2'])).toEqual(new Set(['item-1']));
    const url = 'https://news.example.org/feed.xml';
    const other = await index.feeds.add({ url, title: null, addedBy: 't', nowMs: 0, guildId: '222' });
    const global = await index.feeds.add({ url, title: null, addedBy: 't', nowMs: 0, guildId: null });
    expect(new Set([3, other.id, global.id]).size).toBe(3);
    await expect(index.feeds.add({ url, title: null, addedBy: 't', nowMs: 0, guildId: '222' })).rejects.toThrow(/UNIQUE/);
    await expect(index.feeds.add({ url, title: null, addedBy: 't', nowMs: 0, guildId: null })).rejects.toThrow(/UNIQUE/);
    expect((await index.feeds.byUrl(url, '222'))?.id).toBe(other.id);
    expect((await index.feeds.byUrl(url))?.id).toBe(global.id);
    expect(index.db.pragma('foreign_key_check')).toEqual([]);
    index.closeNow();
  });

  it('explains a missing index, an unusable directory, a foreign file and a newer schema', () => {
    expect(() => openSqliteStore(join(dir, 'none', 'whosaid.db'), { readonly: true })).toThrow(IndexOpenError);
    expect(() => openSqliteStore(join(dir, 'none', 'whosaid.db'), { readonly: true })).toThrow(/does not exist.*whosaid ingest/);
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => openSqliteStore(join(dir, 'file', 'index', 'whosaid.db'))).toThrow(/cannot create the index directory/);
    writeFileSync(join(dir, 'junk.db'), 'this is not a database at all, just some text that goes on for a while'.repeat(20));
    expect(() => openSqliteStore(join(dir, 'junk.db'))).toThrow(/not a whosaid index/);
    const future = join(dir, 'future.db');
    const db = new Database(future);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(future)).toThrow(/newer than this whosaid/);
  });
});
