// Migration 5 (issue 13): an index made before unnamed sources were kept apart holds "senior NATO official" as a
// speaker. After the upgrade its articles are read again, the description moves onto the statement and the
// speaker row goes: /speakers and /quote speaker: no longer know it; /search still finds the words.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexFileFor, refreshIndex } from '../../src/ingest/data-dir.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { tempDataDir, writeArticle } from '../ingest/helpers.ts';

let data: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  data = tempDataDir();
});
afterEach(() => data.cleanup());

describe('migration 6 (from an index at version 4)', () => {
  it('re-reads articles so an unnamed source stored as a speaker stops being one', async () => {
    const path = writeArticle(data.dir, 'a.md', {
      outlet: 'Baltic Wire',
      body: 'A senior NATO official said that the alliance had no plan to send a brigade to the Narva front.',
    });
    const { size, mtimeMs } = statSync(path);
    const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
    // The index as version 4 left it: the article unchanged on disk, its statement under a speaker row.
    mkdirSync(dirname(indexFileFor(data.dir)), { recursive: true });
    const db = new Database(indexFileFor(data.dir));
    for (const sql of MIGRATIONS.slice(0, 4)) db.exec(sql);
    db.pragma('user_version = 4');
    db.prepare(
      `INSERT INTO articles (id, file, hash, size, mtime_ms, title, outlet, url, published, language, ingested_at)
       VALUES (1, 'articles/a.md', ?, ?, ?, 'A test article', 'Baltic Wire', NULL, '2025-09-01', 'en', '2025-09-01T00:00:00Z')`,
    ).run(hash, size, Math.trunc(mtimeMs));
    db.exec(`INSERT INTO speakers (id, name, key, type, statement_count) VALUES (7, 'senior NATO official', 'senior nato official', 'person', 1);
      INSERT INTO speaker_names (key, speaker_id, name) VALUES ('senior nato official', 7, 'senior NATO official');
      INSERT INTO statements (id, dedup_key, speaker_id, speaker_names, text, kind, published)
        VALUES (1, 'k', 7, 'senior NATO official', 'that the alliance had no plan to send a brigade to the Narva front', 'indirect', '2025-09-01');
      INSERT INTO statements_fts (rowid, text, context, speaker_names)
        VALUES (1, 'that the alliance had no plan to send a brigade to the Narva front', NULL, 'senior NATO official');
      INSERT INTO statement_sources (statement_id, article_id, span_start, span_end, rule, confidence) VALUES (1, 1, 0, 10, 'old', 0.9);`);
    db.close();

    const index = openSqliteStore(indexFileFor(data.dir));
    try {
      expect((await index.lookupSpeaker('senior NATO official')).kind).toBe('found');
      const report = await refreshIndex(index, data.dir);
      expect(report).toMatchObject({ updated: 1, unchanged: 0, failed: [] });
      expect((await index.lookupSpeaker('senior NATO official')).kind).toBe('unknown');
      expect((await index.stats()).speakers).toBe(0);
      const found = await index.findStatements({ text: 'NATO official' }, { limit: 5 });
      expect(found.items.map((s) => [s.speaker, s.unnamedSource])).toEqual([[null, 'senior NATO official']]);
    } finally {
      index.closeNow();
    }
  });
});
