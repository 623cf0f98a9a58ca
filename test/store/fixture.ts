// A small index built through the real ingest path with the deterministic line extractor, on either engine.
import { refreshIndex, indexFileFor } from '../../src/ingest/data-dir.ts';
import type { Store } from '../../src/store/store.ts';
import { lineExtractor, tempDataDir, writeArticle, type ArticleSpec } from '../ingest/helpers.ts';
import { openTestStore, type StoreEngine } from '../support/store-engines.ts';

export interface Fixture {
  dir: string;
  index: Store;
  cleanup: () => Promise<void>;
}

export async function buildFixture(articles: Record<string, ArticleSpec>, engine: StoreEngine = 'sqlite'): Promise<Fixture> {
  const data = tempDataDir();
  for (const [name, spec] of Object.entries(articles)) writeArticle(data.dir, name, spec);
  const index = await openTestStore(engine, indexFileFor(data.dir));
  const report = await refreshIndex(index, data.dir, { extract: lineExtractor });
  if (report.failed.length) throw new Error(JSON.stringify(report.failed));
  return {
    dir: data.dir,
    index,
    cleanup: async () => {
      await index.close();
      data.cleanup();
    },
  };
}

/** n articles, one a day from 2025-01-01, each with one statement by the given speaker. */
export function dailyArticles(n: number, speaker: string, say: (i: number) => string): Record<string, ArticleSpec> {
  const out: Record<string, ArticleSpec> = {};
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
    out[`day-${String(i).padStart(3, '0')}.md`] = { published: day, body: `${speaker} direct: ${say(i)}` };
  }
  return out;
}
