// The SQLite engine's typed handles: a read handle refuses any statement that would write; the read-only
// store refuses every write, before SQLite is asked.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadHandle, WriteHandle } from '../../src/store/handles.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'whosaid-handles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('read and write handles', () => {
  it('a read handle prepares queries only; a write handle writes', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    const read = new ReadHandle(db);
    for (const sql of ['INSERT INTO t VALUES (1)', 'UPDATE t SET x = 2', 'DELETE FROM t', 'CREATE TABLE u (y)', 'DROP TABLE t']) {
      expect(() => read.read(sql), sql).toThrow(/a read handle cannot write/);
    }
    const write = new WriteHandle(db);
    write.write('INSERT INTO t VALUES (?)').run(7);
    expect(read.read('SELECT x FROM t').pluck().all()).toEqual([7]);
    db.close();
  });

  it('a read-only store answers queries and refuses ingest, feeds and watches', async () => {
    const file = join(dir, 'index', 'whosaid.db');
    await openSqliteStore(file).close();
    const store = openSqliteStore(file, { readonly: true });
    expect((await store.stats()).statements).toBe(0);
    await expect(store.storeArticles([])).rejects.toThrow(/read-only/);
    await expect(store.removeArticles(['a.md'])).rejects.toThrow(/read-only/);
    expect(() => store.feeds).toThrow(/read-only/);
    expect(() => store.watches).toThrow(/read-only/);
    await store.close();
  });
});
