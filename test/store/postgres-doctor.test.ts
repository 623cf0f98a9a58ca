// `whosaid doctor` with DATABASE_URL set looked at the local SQLite folder and said nothing of the database
// the bot actually used. It now examines the Postgres store: schema version, invalid indexes, half-written
// data, and an unreachable server, each named, changing nothing; the password never appears.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnosis } from '../../src/cli/doctor.ts';
import { refreshIndex } from '../../src/ingest/data-dir.ts';
import { diagnosePostgres } from '../../src/store/postgres/doctor.ts';
import { PG_SCHEMA_VERSION } from '../../src/store/postgres/migrations.ts';
import type { PostgresStore } from '../../src/store/postgres/store.ts';
import { lineExtractor, tempDataDir, writeArticle } from '../ingest/helpers.ts';
import { openTestPostgres } from '../support/store-engines.ts';

let store: PostgresStore;
const data = tempDataDir();

beforeAll(async () => {
  store = await openTestPostgres();
  for (let i = 0; i < 3; i++) {
    writeArticle(data.dir, `pier-${i}.md`, { title: `Pier ${i}`, body: `Ada Quayside direct: The pier ${i} reopens in spring.` });
  }
  await refreshIndex(store, data.dir, { extract: lineExtractor });
}, 120_000);

afterAll(async () => {
  await store.close();
  data.cleanup();
});

describe('doctor on a Postgres store', { timeout: 120_000 }, () => {
  it('finds a sound store sound, with its schema version and what only it holds', async () => {
    const d = await diagnosePostgres(store.database, 'postgres://ada@db.example/whosaid');
    expect(d).toMatchObject({ engine: 'postgres', verdict: 'ok', schemaVersion: PG_SCHEMA_VERSION, problems: [] });
    expect(d.kept).toEqual({ feeds: 0, watches: 0 });
    expect(formatDiagnosis(d)).toMatch(/^ok: the index postgres:\/\/ada@db\.example\/whosaid is sound/);
  });

  it('names an invalid index and half-written data, with what to do, and changes nothing', async () => {
    const db = store.database;
    await db.query(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'statements_tsv'::regclass`);
    const [victim] = await db.query<{ id: number }>('SELECT id FROM statements ORDER BY id LIMIT 1');
    await db.query('DELETE FROM statement_sources WHERE statement_id = $1', [victim!.id]);
    await db.query('UPDATE speakers SET statement_count = statement_count + 5 WHERE id = (SELECT min(speaker_id) FROM statements)');
    try {
      const d = await diagnosePostgres(db, 'db');
      expect(d.verdict).toBe('damaged');
      expect(d.problems).toEqual([
        'index statements_tsv is invalid (REINDEX INDEX CONCURRENTLY statements_tsv)',
        'statements that belong to no article: 1 (half-written data)',
        'speakers whose statement count disagrees with their statements: 1',
      ]);
      const text = formatDiagnosis(d);
      expect(text).toContain('damaged: the database db is not sound');
      expect(text).toContain('restore your Postgres backup');
      expect(text).not.toContain('--rebuild-statements`');
      // Examining changed nothing: the same problems are there to see again.
      expect((await diagnosePostgres(db, 'db')).problems).toEqual(d.problems);
    } finally {
      await db.query(`UPDATE pg_index SET indisvalid = true WHERE indexrelid = 'statements_tsv'::regclass`);
    }
  });

  it('says "missing" for a schema whosaid never created', async () => {
    const empty = await openTestPostgres();
    try {
      await empty.database.query('DROP TABLE schema_migrations');
      const d = await diagnosePostgres(empty.database, 'db');
      expect(d.verdict).toBe('missing');
      expect(formatDiagnosis(d)).toContain('there is no whosaid schema in db');
    } finally {
      await empty.close();
    }
  });

  it('`whosaid doctor` with DATABASE_URL reports an unreachable server in a line, exit 1, without the password', () => {
    const result = spawnSync(process.execPath, ['src/bin/whosaid.mjs', 'doctor'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://ada:hunter2secret@127.0.0.1:1/whosaid' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^unreadable: the database postgres:\/\/ada@127\.0\.0\.1:1\/whosaid is not readable\n {2}problem: .*ECONNREFUSED/,
    );
    expect(result.stdout + result.stderr).not.toContain('hunter2secret');
  });
});
