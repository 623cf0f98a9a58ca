import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexOpenError } from '../../src/store/database.ts';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { openStatementIndex } from '../../src/store/statement-index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'whosaid-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('opening the index', () => {
  it('creates the directory and the schema, in WAL mode, and reopens without migrating again', () => {
    const file = join(dir, 'nested', 'index', 'whosaid.db');
    const index = openStatementIndex(file);
    expect(index.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(index.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    index.close();
    const again = openStatementIndex(file);
    expect(again.stats()).toMatchObject({ articles: 0, statements: 0, lastIngest: null });
    again.close();
    const reader = openStatementIndex(file, { readonly: true });
    expect(reader.stats().articles).toBe(0);
    expect(() => reader.writer).toThrow(/read-only/);
    reader.close();
  });

  it('explains a missing index, an unusable directory, a foreign file and a newer schema', () => {
    expect(() => openStatementIndex(join(dir, 'none', 'whosaid.db'), { readonly: true })).toThrow(IndexOpenError);
    expect(() => openStatementIndex(join(dir, 'none', 'whosaid.db'), { readonly: true })).toThrow(/does not exist.*whosaid ingest/);
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => openStatementIndex(join(dir, 'file', 'index', 'whosaid.db'))).toThrow(/cannot create the index directory/);
    writeFileSync(join(dir, 'junk.db'), 'this is not a database at all, just some text that goes on for a while'.repeat(20));
    expect(() => openStatementIndex(join(dir, 'junk.db'))).toThrow(/not a whosaid index/);
    const future = join(dir, 'future.db');
    const db = new Database(future);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStatementIndex(future)).toThrow(/newer than this whosaid/);
  });
});
