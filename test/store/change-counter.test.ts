// Several processes on one Postgres: a store's caches (the speaker table behind lookup and autocomplete,
// totals, stats, date ranges) notice what another store (another process's pool) wrote, through the
// change counter, without this store writing anything itself.
import { afterEach, describe, expect, it } from 'vitest';
import { refreshIndex } from '../../src/ingest/data-dir.ts';
import { PgStatementQueries } from '../../src/store/postgres/queries.ts';
import type { PostgresStore } from '../../src/store/postgres/store.ts';
import { lineExtractor, tempDataDir, writeArticle } from '../ingest/helpers.ts';
import { openTestPostgres } from '../support/store-engines.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two stores (two processes' pools) on one new schema, and a data folder; closed and removed after the test. */
async function twoStoresOneSchema(
  prefix: string,
): Promise<{ stores: [PostgresStore, PostgresStore]; data: ReturnType<typeof tempDataDir> }> {
  const schema = `${prefix}_${process.pid}_${Date.now() % 100000}`;
  const stores: [PostgresStore, PostgresStore] = [await openTestPostgres({ schema }), await openTestPostgres({ schema })];
  const data = tempDataDir();
  cleanups.push(
    () => stores[0].close(),
    () => stores[1].close(),
    data.cleanup,
  );
  return { stores, data };
}

describe('change counter: caches across stores sharing one Postgres', () => {
  it('a reader sees speakers, totals, stats and date ranges another store wrote after the reader cached them', async () => {
    const { stores, data } = await twoStoresOneSchema('cc');
    const [writer, reader] = stores;

    writeArticle(data.dir, 'one.md', { published: '2025-09-01', body: 'Ines Varga direct: The bridge stays open.' });
    expect((await refreshIndex(writer, data.dir, { extract: lineExtractor })).added).toBe(1);

    // The reader warms every cache.
    expect((await reader.lookupSpeaker('Ines Varga')).kind).toBe('found');
    expect((await reader.lookupSpeaker('Pavel Koren')).kind).toBe('unknown');
    expect(await reader.suggestSpeakers('pav', 5)).toEqual([]);
    expect((await reader.findStatements({ text: 'bridge' }, { limit: 5 })).total).toBe(1);
    expect((await reader.stats()).statements).toBe(1);
    const before = await reader.dateRange({});

    // Another process writes (its own pool, its own writer).
    writeArticle(data.dir, 'two.md', {
      published: '2025-09-02',
      body: 'Pavel Koren direct: The bridge needs repair.\nInes Varga indirect: the bridge repairs start soon.',
    });
    expect((await refreshIndex(writer, data.dir, { extract: lineExtractor })).added).toBe(1);

    const pavel = await reader.lookupSpeaker('Pavel Koren');
    expect(pavel.kind).toBe('found');
    expect((await reader.suggestSpeakers('pav', 5)).map((s) => s.name)).toEqual(['Pavel Koren']);
    expect((await reader.findStatements({ text: 'bridge' }, { limit: 5 })).total).toBe(3);
    expect(await reader.stats()).toEqual(await writer.stats());
    expect((await reader.stats()).statements).toBe(3);
    const after = await reader.dateRange({});
    expect(after).not.toEqual(before);
    expect(after).toEqual(await writer.dateRange({}));
  }, 120_000);

  it("a store's first search asks for its page once, at start-up and after its own write, and still sees others' writes", async () => {
    const { stores, data } = await twoStoresOneSchema('cc1');
    const [store, other] = stores;
    writeArticle(data.dir, 'one.md', { published: '2025-09-01', body: 'Ines Varga direct: The bridge stays open.' });
    await refreshIndex(other, data.dir, { extract: lineExtractor });

    // A fresh set of queries (a process just started) over the store's database, recording what it sends: asking a
    // page again (the same statement with the same values) is the retry meant for caches another process outdated.
    let sent: string[] = [];
    const queries = new PgStatementQueries({
      query: (text, values, name) => {
        sent.push(JSON.stringify([text, values ?? []]));
        return store.database.query(text, values, name);
      },
    });
    const repeated = () => sent.filter((q, i) => sent.indexOf(q) !== i).length;
    for (const filter of [{ text: 'bridge' }, {}]) {
      sent = [];
      expect((await queries.findStatements(filter, { limit: 5 })).total).toBe(1);
      expect(repeated()).toBe(0);
      queries.invalidate(); // as after this process's own write
      sent = [];
      expect((await queries.findStatements(filter, { limit: 5 })).total).toBe(1);
      expect(repeated()).toBe(0);
    }

    // Another process's write is still seen by the next search.
    writeArticle(data.dir, 'two.md', { published: '2025-09-02', body: 'Pavel Koren direct: The bridge needs repair.' });
    await refreshIndex(other, data.dir, { extract: lineExtractor });
    expect((await queries.findStatements({ text: 'bridge' }, { limit: 5 })).total).toBe(2);
    expect((await queries.findStatements({}, { limit: 5 })).total).toBe(2);
  }, 120_000);
});
