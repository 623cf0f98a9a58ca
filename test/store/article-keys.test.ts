// Issue 12: the same link or the same text added by two processes at once was stored twice and "corroborated
// itself". The index now holds one article per link and per text for each owner: a second connection's
// insert of the same link or text is refused inside its own transaction ("duplicate"), whatever it checked before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article, ArticleMeta } from '../../src/model.ts';
import { randomBytes } from 'node:crypto';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { ArticleToStore, Store } from '../../src/store/store.ts';
import { lineExtractor } from '../ingest/helpers.ts';
import { openTestPostgres, STORE_ENGINES } from '../support/store-engines.ts';

function article(file: string, body: string, meta: Partial<ArticleMeta> = {}): ArticleToStore {
  const a: Article = {
    file,
    body,
    hash: `bytes-of-${file}`,
    meta: { title: 'Ferry talks', outlet: 'Harbour Post', url: null, published: '2025-05-02', language: 'en', ...meta },
  };
  return {
    file,
    article: a,
    stamp: { size: body.length, mtimeMs: 1 },
    statements: lineExtractor(body).map((statement) => ({ statement, topics: [] })),
  };
}

const BODY = 'Mira Testandottir direct: The ferry will sail again on Monday.';
const URL = 'https://www.harbour-post.example/news/ferry-talks';

describe.each(STORE_ENGINES)('%s store: one article per link and per text, held by the index itself', (engine) => {
  let dir: string;
  let first: Store;
  let second: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'whosaid-keys-'));
    if (engine === 'sqlite') {
      first = openSqliteStore(join(dir, 'whosaid.db'));
      second = openSqliteStore(join(dir, 'whosaid.db'));
    } else {
      // Two pools on one schema: two processes sharing the database.
      const schema = `k_${process.pid}_${randomBytes(4).toString('hex')}`;
      first = await openTestPostgres({ schema });
      second = await openTestPostgres({ schema });
    }
  });
  afterEach(async () => {
    await first.close();
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second process storing the same link (tracking parameters aside) gets "duplicate", and nothing is stored', async () => {
    expect(await first.storeArticles([article('articles/a.md', BODY, { url: URL })])).toEqual([
      { result: 'added', created: [expect.any(Number)] },
    ]);
    const other = article('articles/b.md', `${BODY}\nJon Harbourmaster direct: The quay is repaired.`, {
      url: 'https://harbour-post.example/news/ferry-talks/?utm_source=feed#top',
    });
    expect(await second.storeArticles([other])).toEqual([{ result: 'duplicate', of: 'articles/a.md', reason: 'url', created: [] }]);
    expect(await first.indexedFiles()).toEqual(['articles/a.md']);
    expect((await first.stats()).statements).toBe(1);
  });

  it('the same text under another link or file is a duplicate too; another server may hold its own copy', async () => {
    await first.storeArticles([article('articles/a.md', BODY, { url: URL })]);
    expect(
      await second.storeArticles([article('articles/c.md', `  ${BODY.toUpperCase()} `, { url: 'https://elsewhere.example/x' })]),
    ).toEqual([{ result: 'duplicate', of: 'articles/a.md', reason: 'content', created: [] }]);
    expect(await second.storeArticles([article('uploads/d.md', BODY, { url: URL, owner: '111' })])).toEqual([
      { result: 'added', created: [expect.any(Number)] },
    ]);
    expect((await first.indexedFiles()).sort()).toEqual(['articles/a.md', 'uploads/d.md']);
  });

  it('an indexed article updated with its own link and text is no duplicate of itself', async () => {
    await first.storeArticles([article('articles/a.md', BODY, { url: URL })]);
    const changed = article('articles/a.md', `${BODY}\nJon Harbourmaster direct: The quay is repaired.`, { url: URL });
    expect(await second.storeArticles([changed])).toEqual([{ result: 'updated', created: [expect.any(Number)] }]);
  });
});
