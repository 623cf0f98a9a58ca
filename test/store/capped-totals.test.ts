// Postgres caps the totals of big results (counting every match of a common word is slow at scale): past
// TOTAL_CAP the page says "10,000+" and still pages newest first and by relevance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOTAL_CAP } from '../../src/store/postgres/queries.ts';
import { RELEVANCE_WINDOW } from '../../src/store/statement-queries.ts';
import type { PostgresStore } from '../../src/store/postgres/store.ts';
import { firstIdOn } from '../../src/store/statement-ids.ts';
import { pageLine } from '../../src/reply/present.ts';
import { openTestPostgres } from '../support/store-engines.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';

let store: PostgresStore;
beforeAll(async () => {
  store = await openTestPostgres();
  // More statements than the cap, written straight into the table (ingesting 10,000 articles would be slow).
  await store.database.query(
    `INSERT INTO statements (id, dedup_key, text, kind, published)
     SELECT $1::bigint + g, 'k' || g, 'Convoy ' || g || ' carried troops north', 'direct', '2025-03-0' || (1 + g % 2)::text
     FROM generate_series(0, $2::int) AS g`,
    [firstIdOn('2025-03-01'), TOTAL_CAP + 50],
  );
  // Ids were numbered for 2025-03-01; move the odd ones to their day's block as the writer would.
  await store.database.query(`UPDATE statements SET id = id - $1::bigint + $2::bigint WHERE published = '2025-03-02'`, [
    firstIdOn('2025-03-01'),
    firstIdOn('2025-03-02'),
  ]);
  await store.database.query(`UPDATE change_counter SET n = n + 1`);
}, 120_000);
afterAll(() => store.close());

describe('capped totals (Postgres)', { timeout: 60_000 }, () => {
  it('stops counting at the cap, and says so', async () => {
    const all = await store.findStatements({}, { limit: 10 });
    expect(all).toMatchObject({ total: TOTAL_CAP, totalCapped: true, offset: 0 });
    expect(all.items).toHaveLength(10);
    expect(all.items[0]!.published).toBe('2025-03-02');

    const newest = await store.findStatements({ text: 'troops' }, { limit: 10, order: 'newest' });
    expect(newest).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    const next = await store.findStatements({ text: 'troops' }, { limit: 10, order: 'newest', cursor: newest.nextCursor });
    expect(next.offset).toBe(10);
    expect(next.items[0]!.id).toBeLessThan(newest.items[9]!.id);

    const ranked = await store.findStatements({ text: 'convoy troops' }, { limit: 5 });
    expect(ranked).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    expect(ranked.items).toHaveLength(5);
    expect(ranked.items[0]!.snippet).toContain('\u0002troops\u0003');

    // Few matches are counted exactly.
    const one = await store.findStatements({ text: '"Convoy 7 carried"' }, { limit: 10 });
    expect(one).toMatchObject({ total: 1 });
    expect(one.totalCapped).toBeUndefined();

    expect(pageLine({ total: all.total, totalCapped: true, offset: 0, shown: 10 }, 'statement')).toBe('1–10 of 10,000+ statements');
    expect(pageLine({ total: 3, offset: 0, shown: 3 }, 'statement')).toBe('3 statements');
  });
});

// The capped total is cached between pages; asked again, a capped query must rank the same window (the
// newest RELEVANCE_WINDOW matches' days), not one drawn from the first TOTAL_CAP + 1 matches found on disk.
describe('relevance window of a capped query asked twice (Postgres)', { timeout: 60_000 }, () => {
  let twice: PostgresStore;
  beforeAll(async () => {
    twice = await openTestPostgres();
    // Older statements first on disk, each saying the word three times (they would outrank the newer ones)...
    await twice.database.query(
      `INSERT INTO statements (id, dedup_key, text, kind, published)
       SELECT $1::bigint + g, 'old' || g, 'Troops troops troops moved ' || g, 'direct', '2025-03-01' FROM generate_series(0, $2::int) AS g`,
      [firstIdOn('2025-03-01'), TOTAL_CAP + 10],
    );
    // ...then a newer day holding more than the window: the window is that day alone.
    await twice.database.query(
      `INSERT INTO statements (id, dedup_key, text, kind, published)
       SELECT $1::bigint + g, 'new' || g, 'A convoy carried troops ' || g, 'direct', '2025-03-02' FROM generate_series(0, $2::int) AS g`,
      [firstIdOn('2025-03-02'), 600],
    );
    // Table statistics as autovacuum keeps them (the newest rows are searched first by their share of the table).
    await twice.database.query('ANALYZE statements');
    await twice.database.query(`UPDATE change_counter SET n = n + 1`);
  }, 120_000);
  afterAll(() => twice.close());

  it('ranks the newest matches the second time too', async () => {
    const first = await twice.findStatements({ text: 'troops' }, { limit: 5 });
    expect(first).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    // The whole newest day is the window; its statements rank alike, so the lowest ids come first.
    expect(first.items.map((s) => s.id)).toEqual([0, 1, 2, 3, 4].map((g) => firstIdOn('2025-03-02') + g));
    const again = await twice.findStatements({ text: 'troops' }, { limit: 5 });
    expect(again).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    expect(again.items.map((s) => s.id)).toEqual(first.items.map((s) => s.id));
    const next = await twice.findStatements({ text: 'troops' }, { limit: 5, cursor: again.nextCursor });
    expect(next.items.map((s) => s.published)).toEqual(Array(5).fill('2025-03-02'));
  });
});

// Past the cap the newest matches are found newest rows first when they are dense among the newest rows, else
// through the GIN index; later pages find the window again the same way. Either way every page ranks the same
// window: every match on the days from the newest RELEVANCE_WINDOW matches' first day.
describe('relevance pages of capped queries, matches dense or sparse among the newest rows (Postgres)', { timeout: 120_000 }, () => {
  let paged: PostgresStore;
  const days = ['2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06'];
  const perDay = 6000;
  // Newer rows: 'troops' in every other one (dense), 'convoy' in one of 60 (sparse: 1.7%).
  const troops = (g: number) => g % 2 === 0;
  const convoy = (g: number) => g % 60 === 0;
  beforeAll(async () => {
    paged = await openTestPostgres();
    // An older day where both words are in more statements than the cap.
    await paged.database.query(
      `INSERT INTO statements (id, dedup_key, text, kind, published)
       SELECT $1::bigint + g, 'old' || g, 'Troops and convoy ' || g, 'direct', '2025-03-01' FROM generate_series(0, $2::int) AS g`,
      [firstIdOn('2025-03-01'), TOTAL_CAP + 10],
    );
    for (const day of days) {
      await paged.database.query(
        `INSERT INTO statements (id, dedup_key, text, kind, published)
         SELECT $1::bigint + g, $2 || g, 'Patrol ' || g || CASE WHEN g % 2 = 0 THEN ' troops' ELSE '' END
                                          || CASE WHEN g % 60 = 0 THEN ' convoy' ELSE '' END, 'direct', $2
         FROM generate_series(0, $3::int - 1) AS g`,
        [firstIdOn(day), day, perDay],
      );
    }
    await paged.database.query('ANALYZE statements');
    await paged.database.query(`UPDATE change_counter SET n = n + 1`);
  }, 120_000);
  afterAll(() => paged.close());

  /** Every relevance page of `text`, 100 at a time: the ids in page order. */
  async function allPages(text: string): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await paged.findStatements({ text }, { limit: 100, ...(cursor ? { cursor } : {}) });
      expect(page).toMatchObject({ total: TOTAL_CAP, totalCapped: true, offset: ids.length });
      ids.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  /** The window by its definition: the matches on the days from the newest RELEVANCE_WINDOW matches' first day. */
  function window(matches: (g: number) => boolean): number[] {
    const newestFirst = days
      .slice()
      .reverse()
      .flatMap((day) =>
        Array.from({ length: perDay }, (_, k) => perDay - 1 - k)
          .filter(matches)
          .map((g) => ({ day, id: firstIdOn(day) + g })),
      );
    const firstDay = newestFirst[RELEVANCE_WINDOW - 1]!.day;
    return newestFirst.filter((m) => m.day >= firstDay).map((m) => m.id);
  }

  it('ranks the same window on every page, dense or sparse', async () => {
    for (const [text, matches] of [
      ['troops', troops],
      ['convoy', convoy],
    ] as const) {
      const ids = await allPages(text);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.slice().sort((a, b) => a - b)).toEqual(window(matches).sort((a, b) => a - b));
    }
  });
});

// SQLite caps full-text totals the same way (listing without text keeps exact totals: they come from day counts).
describe('capped full-text totals (SQLite)', { timeout: 60_000 }, () => {
  let dir: string;
  let sqlite: SqliteStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'whosaid-capped-'));
    sqlite = openSqliteStore(join(dir, 'whosaid.db'));
    sqlite.db
      .prepare(
        `WITH RECURSIVE g(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g WHERE n < ?)
         INSERT INTO statements (id, dedup_key, text, kind, published)
         SELECT ? + n, 'k' || n, 'Convoy ' || n || ' carried troops north', 'direct', '2025-03-01' FROM g`,
      )
      .run(TOTAL_CAP + 50, firstIdOn('2025-03-01'));
    // The writer fills the full-text table (no triggers).
    sqlite.db.exec(
      'INSERT INTO statements_fts (rowid, text, context, speaker_names) SELECT id, text, context, speaker_names FROM statements',
    );
  });
  afterAll(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops counting matches at the cap, and says so', async () => {
    const newest = await sqlite.findStatements({ text: 'troops' }, { limit: 10, order: 'newest' });
    expect(newest).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    const next = await sqlite.findStatements({ text: 'troops' }, { limit: 10, order: 'newest', cursor: newest.nextCursor });
    expect(next.offset).toBe(10);
    const ranked = await sqlite.findStatements({ text: 'convoy troops' }, { limit: 5 });
    expect(ranked).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    expect(ranked.items[0]!.snippet).toContain('\u0002troops\u0003');
    const one = await sqlite.findStatements({ text: '"Convoy 7 carried"' }, { limit: 10 });
    expect(one).toMatchObject({ total: 1 });
    expect(one.totalCapped).toBeUndefined();
    // Without text the total is exact.
    expect(await sqlite.findStatements({}, { limit: 10 })).toMatchObject({ total: TOTAL_CAP + 51 });
  });
});
