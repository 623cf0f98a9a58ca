// `whosaid migrate-store`: an SQLite index (articles, a feed with a taken item, a watch with a queued post)
// copied into a fresh Postgres schema answers the same store queries, with the same ids and counts; the
// articles gain their text; a second copy into the now non-empty database is refused and changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { migrateSqliteToPostgres, MigrateStoreError } from '../../src/store/migrate-store.ts';
import type { PostgresStore } from '../../src/store/postgres/store.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { openTestPostgres } from '../support/store-engines.ts';
import { buildFixture, type Fixture } from './fixture.ts';

const NOW = Date.UTC(2025, 9, 2, 12);
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sourceIndex(): Promise<{ fixture: Fixture; sqlite: SqliteStore }> {
  const fixture = await buildFixture({
    'a.md': {
      title: 'Harbour plan',
      outlet: 'Test Wire',
      published: '2025-09-01',
      body: 'Mira Kessel [harbour minister] direct: The new quay opens in spring.\nOtto Brandt indirect: the budget was too small.',
    },
    'b.md': {
      title: 'Quay delays',
      outlet: 'Coast Post',
      published: '2025-09-03',
      body: 'Mira Kessel direct: Spring remains our aim for the quay.',
    },
    'c.md': { published: '2025-09-04', body: 'Лейла Орлова direct: Зелений порт буде готовий.' },
  });
  cleanups.push(fixture.cleanup);
  const sqlite = fixture.index as SqliteStore;
  const feed = await sqlite.feeds.add({ url: 'https://feeds.example.org/harbour.xml', title: 'Harbour', addedBy: 'ops', nowMs: NOW });
  await sqlite.feeds.markSeen(feed.id, { key: 'item-1', url: 'https://example.org/1', outcome: 'added', nowMs: NOW });
  const speaker = await sqlite.lookupSpeaker('Mira Kessel');
  if (speaker.kind !== 'found') throw new Error('fixture speaker missing');
  const watch = await sqlite.watches.add(
    {
      guildId: 'g1',
      channelId: 'c1',
      speakerId: speaker.speaker.id,
      speakerName: 'Mira Kessel',
      topic: null,
      query: null,
      pingRoleId: null,
      createdBy: 'u1',
    },
    NOW,
  );
  await sqlite.outbox.enqueue(
    watch.id,
    ['k1', 'k2'],
    () => ({ target: 'discord', channelId: 'c1', pingRoleId: null, payload: '{"p":1}' }),
    NOW,
  );
  return { fixture, sqlite };
}

async function freshPostgres(): Promise<PostgresStore> {
  const pg = await openTestPostgres();
  cleanups.push(() => pg.close());
  return pg;
}

describe('migrate-store: SQLite index -> empty Postgres', () => {
  it('copies every table with its ids, verifies the counts, and the Postgres store answers as the SQLite one', async () => {
    const { fixture, sqlite } = await sourceIndex();
    const pg = await freshPostgres();
    const report = await migrateSqliteToPostgres(sqlite.db, pg.database, { dataDir: fixture.dir, where: 'test' });

    const count = (table: string) => (sqlite.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(report.missingText).toEqual([]);
    expect(report.counts).toMatchObject({
      articles: 3,
      statements: 4,
      feeds: 1,
      feed_items: 1,
      watches: 1,
      watch_outbox: 1,
      watch_posts: 2,
    });
    for (const [table, n] of Object.entries(report.counts)) {
      expect(n).toBe(count(table));
      const [row] = await pg.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(row!.n).toBe(n);
    }

    expect(await pg.stats()).toEqual(await sqlite.stats());
    for (const name of ['Mira Kessel', 'Otto Brandt', 'Лейла Орлова'])
      expect(await pg.lookupSpeaker(name)).toEqual(await sqlite.lookupSpeaker(name));
    const mira = await pg.lookupSpeaker('Mira Kessel');
    if (mira.kind !== 'found') throw new Error('not found');
    const bySpeaker = await pg.findStatements({ speakerId: mira.speaker.id }, { limit: 10 });
    expect(bySpeaker).toEqual(await sqlite.findStatements({ speakerId: mira.speaker.id }, { limit: 10 }));
    expect(bySpeaker.items.map((s) => s.text)).toEqual(['Spring remains our aim for the quay.', 'The new quay opens in spring.']);
    // Full text on Postgres is built from the copied rows (the generated tsvector), Cyrillic included.
    expect((await pg.findStatements({ text: 'quay' }, { limit: 10, order: 'newest' })).items.map((s) => s.id)).toEqual(
      (await sqlite.findStatements({ text: 'quay' }, { limit: 10, order: 'newest' })).items.map((s) => s.id),
    );
    expect((await pg.findStatements({ text: 'порт' }, { limit: 10 })).items.map((s) => s.text)).toEqual(['Зелений порт буде готовий.']);
    expect(await pg.listSources({}, { limit: 10 })).toEqual(await sqlite.listSources({}, { limit: 10 }));

    expect(await pg.feeds.list()).toEqual(await sqlite.feeds.list());
    const [feed] = await pg.feeds.list();
    expect([...(await pg.feeds.seen(feed!.id, ['item-1', 'item-2']))]).toEqual(['item-1']);
    expect(await pg.watches.list()).toEqual(await sqlite.watches.list());
    expect(await pg.outbox.list()).toEqual(await sqlite.outbox.list());

    // The articles' text came along (Postgres mode keeps it in the database).
    const bodies = await pg.database.query<{ file: string; body: string }>('SELECT file, body FROM articles ORDER BY file');
    expect(bodies.map((b) => b.file)).toEqual(['articles/a.md', 'articles/b.md', 'articles/c.md']);
    expect(bodies[1]!.body).toContain('Spring remains our aim for the quay.');

    // Sequences continue after the copied ids.
    const added = await pg.feeds.add({ url: 'https://feeds.example.org/other.xml', title: null, addedBy: 'ops', nowMs: NOW });
    expect(added.id).toBe(feed!.id + 1);
    const watch = await pg.watches.add(
      { guildId: 'g1', channelId: 'c2', speakerId: null, speakerName: null, topic: 'x', query: null, pingRoleId: null, createdBy: 'u1' },
      NOW,
    );
    expect(watch.id).toBe((await sqlite.watches.list())[0]!.id + 1);
  }, 120_000);

  it('refuses a database that already holds data, with one line, and writes nothing', async () => {
    const { fixture, sqlite } = await sourceIndex();
    const pg = await freshPostgres();
    await pg.feeds.add({ url: 'https://feeds.example.org/already.xml', title: null, addedBy: 'ops', nowMs: NOW });
    const attempt = migrateSqliteToPostgres(sqlite.db, pg.database, { dataDir: fixture.dir, where: 'postgres://db' });
    await expect(attempt).rejects.toThrow(MigrateStoreError);
    await expect(attempt).rejects.toThrow(/^postgres:\/\/db is not empty \(feeds hold rows\); migrate-store only fills an empty database$/);
    const [row] = await pg.database.query<{ n: number }>('SELECT count(*)::int AS n FROM articles');
    expect(row!.n).toBe(0);
    expect(await pg.feeds.list()).toHaveLength(1);
  }, 120_000);
});
