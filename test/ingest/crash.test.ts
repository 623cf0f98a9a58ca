import { spawn } from 'node:child_process';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshIndex, indexFileFor } from '../../src/ingest/data-dir.ts';
import { checkConsistency, lineExtractor, tempDataDir, writeArticle } from './helpers.ts';

const ARTICLES = 600;
const PER_ARTICLE = 20;
let data: { dir: string; cleanup: () => void };
afterEach(() => data.cleanup());

function body(i: number): string {
  const lines: string[] = [];
  for (let j = 0; j < PER_ARTICLE; j++) {
    // Every third statement is shared with the next article (cross-outlet dedup under a crash too).
    const n = j % 3 === 0 ? `${Math.floor(i / 2)}-${j}` : `${i}-${j}`;
    lines.push(`Speaker ${j % 7} Testperson direct: Statement ${n} about troops and guarantees.`);
  }
  return lines.join('\n');
}

describe('a process killed during ingest', () => {
  it('leaves a consistent index that the next ingest completes', async () => {
    data = tempDataDir();
    for (let i = 0; i < ARTICLES; i++) {
      const day = new Date(Date.UTC(2025, 0, 1 + (i % 200))).toISOString().slice(0, 10);
      writeArticle(data.dir, `a-${String(i).padStart(4, '0')}.md`, { published: day, outlet: `Outlet ${i % 5}`, body: body(i) });
    }
    const child = spawn(process.execPath, ['src/bin/run-ts.mjs', 'test/ingest/crash-child.ts', data.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stored = 0;
    let finished = false;
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        stored += chunk.split('\n').filter((l) => l === 'stored').length;
        if (chunk.includes('done')) finished = true;
        if (stored >= 300 && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    expect(finished).toBe(false);

    const index = openSqliteStore(indexFileFor(data.dir));
    try {
      expect(checkConsistency(index.db)).toEqual([]);
      const counts = index.db
        .prepare(
          'SELECT a.file, count(ss.statement_id) AS n FROM articles a LEFT JOIN statement_sources ss ON ss.article_id = a.id GROUP BY a.id',
        )
        .all() as { file: string; n: number }[];
      expect(counts.length).toBeGreaterThan(0);
      expect(counts.length).toBeLessThan(ARTICLES);
      // Every article is there whole, or not at all.
      for (const c of counts) expect(c.n, c.file).toBe(PER_ARTICLE);

      const report = await refreshIndex(index, data.dir, { extract: lineExtractor });
      expect(report.failed).toEqual([]);
      expect(report.added).toBe(ARTICLES - counts.length);
      expect(report.unchanged).toBe(counts.length);
      expect(checkConsistency(index.db)).toEqual([]);
      expect((await index.stats()).articles).toBe(ARTICLES);
    } finally {
      index.close();
    }

    // The same corpus ingested without interruption holds the same statements.
    const clean = tempDataDir();
    try {
      for (let i = 0; i < ARTICLES; i++) {
        const day = new Date(Date.UTC(2025, 0, 1 + (i % 200))).toISOString().slice(0, 10);
        writeArticle(clean.dir, `a-${String(i).padStart(4, '0')}.md`, { published: day, outlet: `Outlet ${i % 5}`, body: body(i) });
      }
      const reference = openSqliteStore(indexFileFor(clean.dir));
      await refreshIndex(reference, clean.dir, { extract: lineExtractor });
      const resumed = openSqliteStore(indexFileFor(data.dir));
      const texts = (db: typeof reference.db) =>
        db
          .prepare(
            'SELECT text, published, (SELECT count(*) FROM statement_sources WHERE statement_id = id) AS n FROM statements ORDER BY text',
          )
          .all();
      expect(texts(resumed.db)).toEqual(texts(reference.db));
      resumed.close();
      reference.close();
    } finally {
      clean.cleanup();
    }
  }, 60_000);
});
