// The Postgres test harness itself: both engines start, connect, have the extensions the store will use,
// fold Cyrillic case (the `C`-locale pitfall), and keep one test file's schema apart from another's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EXTENSIONS, findPostgresBin, startTestPostgres, type TestPostgres } from './postgres.ts';

const engines = [
  // Where the server binaries are missing, both rows run on PGlite: nothing is skipped.
  { name: 'server (or PGlite where missing)', prefer: 'server' as const },
  { name: 'PGlite', prefer: 'pglite' as const },
];

describe.each(engines)('test Postgres: $name', { timeout: 120_000 }, ({ prefer }) => {
  let db: TestPostgres;

  beforeAll(async () => {
    db = await startTestPostgres({ prefer });
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it('starts the engine this machine has', () => {
    const expected = prefer === 'pglite' || !findPostgresBin() ? 'pglite' : 'server';
    expect(db.engine).toBe(expected);
    if (db.engine === 'server') expect(db.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
  });

  it('answers queries with parameters, and has the extensions', async () => {
    expect(await db.query('SELECT $1::int + 1 AS n', [41])).toEqual([{ n: 42 }]);
    const installed = await db.query<{ extname: string }>('SELECT extname FROM pg_extension ORDER BY extname');
    expect(installed.map((e) => e.extname)).toEqual(expect.arrayContaining([...EXTENSIONS]));
    expect(await db.query(`SELECT unaccent('Ukrajinská') AS folded`)).toEqual([{ folded: 'Ukrajinska' }]);
    const [similar] = await db.query<{ s: number }>(`SELECT similarity('Zelensky', 'Zelenskyy') AS s`);
    expect(similar!.s).toBeGreaterThan(0.5);
  });

  it('folds Cyrillic case, so a lower-case search finds a capitalised name', async () => {
    const [row] = await db.query<{ lower: string; hit: boolean }>(
      `SELECT lower('Зеленський') AS lower, to_tsvector('simple', 'Зеленський сказав') @@ to_tsquery('simple', 'зеленський') AS hit`,
    );
    expect(row).toEqual({ lower: 'зеленський', hit: true });
  });

  it('keeps one schema per test file apart', async () => {
    const a = await db.createSchema(`harness_a_${prefer}`);
    const b = await db.createSchema(`harness_b_${prefer}`);
    await db.query(`CREATE TABLE ${a.schema}.t (v text)`);
    await db.query(`CREATE TABLE ${b.schema}.t (v text)`);
    await db.query(`INSERT INTO ${a.schema}.t VALUES ('a')`);
    expect(await db.query(`SELECT v FROM ${b.schema}.t`)).toEqual([]);
    if (a.url) {
      // The server's schema URL puts the schema first on the search path of every `pg` connection.
      const client = new pg.Client({ connectionString: a.url });
      await client.connect();
      try {
        expect((await client.query('SELECT v FROM t')).rows).toEqual([{ v: 'a' }]);
      } finally {
        await client.end();
      }
    }
    await expect(db.createSchema('Robert"); DROP TABLE t; --')).rejects.toThrow(/schema name/);
  });
});
