// Opening the Postgres engine: versioned migrations (schema_migrations), refusing a newer schema, another
// program's tables, a C-locale database and an unreachable server, each with one line; DATABASE_URL selects
// the engine, and `whosaid ingest` loads a data folder's articles (their text too) into it.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openStore, refreshIndex } from '../../src/ingest/data-dir.ts';
import { checkLocale, PG_MIGRATIONS, PG_SCHEMA_VERSION, PostgresOpenError } from '../../src/store/postgres/migrations.ts';
import type { PostgresStore } from '../../src/store/postgres/store.ts';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { lineExtractor, tempDataDir, writeArticle } from '../ingest/helpers.ts';
import { openTestPostgres } from '../support/store-engines.ts';

const oneLine = (error: unknown) => {
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('the Postgres engine opens', { timeout: 120_000 }, () => {
  it('migrates a new schema to the SQLite version number, and opens it again (read-only too)', async () => {
    const schema = `open_${process.pid}`;
    const store = await openTestPostgres({ schema });
    expect(PG_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
    const versions = await store.database.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => v.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await store.close();
    const again = await openTestPostgres({ schema });
    expect(await again.stats()).toMatchObject({ articles: 0, statements: 0 });
    await again.close();
    const reader = await openTestPostgres({ schema, readonly: true });
    expect(reader.readonly).toBe(true);
    await expect(reader.setMeta('x', 'y')).rejects.toThrow(/read-only/);
    await reader.close();
  });

  it('has no unused change_counters table, new or upgraded from version 12 (which created it)', async () => {
    const schema = `counters_${process.pid}`;
    const hasTable = async (store: PostgresStore) =>
      (await store.database.query<{ ok: boolean }>(`SELECT to_regclass('change_counters') IS NOT NULL AS ok`))[0]!.ok;
    const store = await openTestPostgres({ schema });
    expect(await hasTable(store)).toBe(false);
    // As a database last migrated by whosaid at version 12 left it: the table that 9 created, still there.
    const nine = PG_MIGRATIONS.find((m) => m.version === 9)!.sql;
    const created = /CREATE TABLE change_counters \([^;]*\);/.exec(nine);
    expect(created).not.toBeNull();
    await store.database.query(created![0]);
    await store.database.query('DELETE FROM schema_migrations WHERE version > 12');
    expect(await hasTable(store)).toBe(true);
    await store.setMeta('kept', 'yes');
    await store.close();
    const upgraded = await openTestPostgres({ schema });
    expect(await hasTable(upgraded)).toBe(false);
    const kept = await upgraded.database.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'kept'`);
    expect(kept).toEqual([{ value: 'yes' }]);
    const versions = await upgraded.database.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => v.version).at(-1)).toBe(PG_SCHEMA_VERSION);
    await upgraded.close();
  });

  it('refuses a newer schema, and a schema holding another program’s tables, with one line', async () => {
    const schema = `newer_${process.pid}`;
    const store = await openTestPostgres({ schema });
    await store.database.query('INSERT INTO schema_migrations (version) VALUES ($1)', [PG_SCHEMA_VERSION + 1]);
    await store.close();
    const newer = await failure(openTestPostgres({ schema }));
    expect(oneLine(newer)).toMatch(new RegExp(`schema version ${PG_SCHEMA_VERSION + 1}, newer than this whosaid understands`));

    const other = `other_${process.pid}`;
    const foreign = await openTestPostgres({ schema: other, readonly: true }).catch((e: unknown) => e);
    // Read-only on an empty schema: nothing to read yet.
    expect(oneLine(foreign)).toMatch(/schema version 0, this whosaid expects/);
    const admin = await openTestPostgres({ schema: `admin_${process.pid}` });
    await admin.database.query(`CREATE TABLE ${other}.articles (id int)`);
    await admin.close();
    expect(oneLine(await failure(openTestPostgres({ schema: other })))).toMatch(/tables of another program/);
  });

  it('refuses a database whose LC_CTYPE is C (Cyrillic would never match), with one line', async () => {
    const stub = (ctype: string, folds: boolean) => ({ query: async <T>() => [{ ctype, folds }] as T[] });
    await expect(checkLocale(stub('C.UTF-8', true), 'db')).resolves.toBeUndefined();
    for (const ctype of ['C', 'POSIX']) {
      const error = await failure(checkLocale(stub(ctype, false), 'db'));
      expect(error).toBeInstanceOf(PostgresOpenError);
      expect(oneLine(error)).toMatch(new RegExp(`LC_CTYPE is ${ctype}.*UTF-8 locale`));
    }
    const url = inject('postgresUrl');
    if (url) {
      // The real thing: a database created with the C locale.
      const admin = new pg.Pool({ connectionString: url, max: 1 });
      const name = `c_locale_${process.pid}`;
      await admin.query(`CREATE DATABASE ${name} LOCALE 'C' TEMPLATE template0`);
      try {
        const error = await failure(openStore({ dataDir: '/nonexistent', databaseUrl: url.replace(/\/postgres$/, `/${name}`) }));
        expect(oneLine(error)).toMatch(/LC_CTYPE is C\b/);
      } finally {
        await admin.query(`DROP DATABASE ${name}`);
        await admin.end();
      }
    }
  });

  it("runs without JIT compilation and with random pages priced for data in memory, keeping the URL's own start-up options (a search_path)", async () => {
    const store = await openTestPostgres();
    try {
      // Every statement of a pooled connection and of a transaction: the URL carries `?options=-c search_path=…`.
      const [plain] = await store.database.query<{ jit: string; search_path: string; random_page_cost: string }>(
        "SELECT current_setting('jit') AS jit, current_setting('search_path') AS search_path, current_setting('random_page_cost') AS random_page_cost",
      );
      const [inside] = await store.database.transaction((q) => q.query<{ jit: string }>("SELECT current_setting('jit') AS jit"));
      expect(plain!.search_path).toMatch(/^t_\d+_[0-9a-f]+, ?public$/);
      if (inject('postgresUrl')) {
        expect(plain!.jit).toBe('off');
        expect(inside!.jit).toBe('off');
        expect(plain!.random_page_cost).toBe('1.1');
      }
    } finally {
      await store.close();
    }
  });

  it("lets the URL's own start-up options override whosaid's (an operator's random_page_cost for disks)", async () => {
    if (!inject('postgresUrl')) return; // PGlite has no start-up packet: checked on the real server only
    const store = await openTestPostgres({ urlOptions: '-c random_page_cost=4 -c jit=on' });
    try {
      const [row] = await store.database.query<{ jit: string; random_page_cost: string }>(
        "SELECT current_setting('jit') AS jit, current_setting('random_page_cost') AS random_page_cost",
      );
      expect(row).toEqual({ jit: 'on', random_page_cost: '4' });
    } finally {
      await store.close();
    }
  });

  it('names an unreachable server in one line, without its password', async () => {
    const error = await failure(openStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://someone:s3cret@127.0.0.1:1/whosaid' }));
    expect(error).toBeInstanceOf(PostgresOpenError);
    const message = oneLine(error);
    expect(message).toMatch(/^cannot connect to postgres:\/\/someone@127\.0\.0\.1:1\/whosaid: /);
    expect(message).not.toContain('s3cret');
  });
});

describe('articles in Postgres', { timeout: 120_000 }, () => {
  let data: ReturnType<typeof tempDataDir>;
  let store: PostgresStore;
  beforeAll(async () => {
    data = tempDataDir();
    store = await openTestPostgres();
  });
  afterAll(async () => {
    await store.close();
    data.cleanup();
  });

  it('keeps each article’s text and metadata, and never prunes the shared database to one folder', async () => {
    writeArticle(data.dir, 'harbour.md', {
      title: 'Harbour news',
      outlet: 'Coast Wire',
      published: '2025-04-02',
      body: 'Ona Example [harbour master] direct: The quay opens in May.',
    });
    await refreshIndex(store, data.dir, { extract: lineExtractor });
    const [row] = await store.database.query<{ file: string; title: string; outlet: string; body: string }>(
      'SELECT file, title, outlet, body FROM articles',
    );
    expect(row).toMatchObject({ file: 'articles/harbour.md', title: 'Harbour news', outlet: 'Coast Wire' });
    expect(row!.body).toContain('The quay opens in May.');
    rmSync(join(data.dir, 'articles', 'harbour.md'));
    const report = await refreshIndex(store, data.dir, { extract: lineExtractor });
    expect(report.removed).toBe(0);
    expect(await store.indexedFiles()).toEqual(['articles/harbour.md']);
  });
});

describe('DATABASE_URL selects the engine for the command line', { timeout: 120_000 }, () => {
  it('`whosaid ingest` loads the data folder into Postgres and `whosaid stats` reads it there', async () => {
    const url = inject('postgresUrl');
    // PGlite lives in this process only: there the command line's own path is checked by the error it gives.
    const data = tempDataDir();
    try {
      writeArticle(data.dir, 'rutte.md', {
        title: 'Alliance',
        outlet: 'Wire One',
        published: '2025-05-06',
        body: '"We will defend every inch of allied territory," said Mark Rutte, the NATO Secretary General, on Tuesday.',
      });
      const schema = `cli_${process.pid}`;
      const databaseUrl = url
        ? `${url}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`
        : 'postgres://nobody@127.0.0.1:1/whosaid';
      if (url) {
        const admin = new pg.Pool({ connectionString: url, max: 1 });
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.end();
      }
      const run = (args: string[]) =>
        spawnSync(process.execPath, ['src/bin/whosaid.mjs', ...args], {
          env: { PATH: process.env.PATH ?? '', WHOSAID_DATA_DIR: data.dir, DATABASE_URL: databaseUrl },
          encoding: 'utf8',
          timeout: 90_000,
        });
      const ingest = run(['ingest', '--json']);
      if (!url) {
        expect(ingest.status).not.toBe(0);
        expect(ingest.stderr).toMatch(/cannot connect to postgres:\/\/nobody@127\.0\.0\.1:1\/whosaid/);
        return;
      }
      expect(ingest.status, ingest.stderr).toBe(0);
      expect(JSON.parse(ingest.stdout)).toMatchObject({ added: 1, failed: [] });
      const stats = run(['stats', '--json']);
      expect(stats.status, stats.stderr).toBe(0);
      const json = JSON.parse(stats.stdout);
      expect(json).toMatchObject({ articles: 1, outlets: 1 });
      expect(json.statements).toBeGreaterThan(0);
      expect(json.file).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres/);
    } finally {
      data.cleanup();
    }
  });
});
