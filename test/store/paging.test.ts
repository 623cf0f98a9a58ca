import { STORE_ENGINES } from '../support/store-engines.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { writeArticle } from '../ingest/helpers.ts';
import { lineExtractor } from '../ingest/helpers.ts';
import { refreshIndex } from '../../src/ingest/data-dir.ts';
import { MAX_CURSOR_LENGTH } from '../../src/store/cursor.ts';
import { buildFixture, dailyArticles, type Fixture } from './fixture.ts';

describe.each(STORE_ENGINES)('%s store', (engine) => {
  let fx: Fixture;
  afterEach(() => fx.cleanup());

  describe('paging', () => {
    it('walks forward and back with stable cursors, offsets and totals', async () => {
      fx = await buildFixture(
        dailyArticles(25, 'Mark Rutte', (i) => `Statement number ${i} about troops.`),
        engine,
      );
      const p1 = await fx.index.findStatements({}, { limit: 10 });
      expect(p1).toMatchObject({ total: 25, offset: 0, prevCursor: null });
      expect(p1.items.map((s) => s.published)[0]).toBe('2025-01-25');
      const p2 = await fx.index.findStatements({}, { limit: 10, cursor: p1.nextCursor });
      expect(p2.offset).toBe(10);
      const p3 = await fx.index.findStatements({}, { limit: 10, cursor: p2.nextCursor });
      expect(p3).toMatchObject({ offset: 20, nextCursor: null });
      expect(p3.items).toHaveLength(5);
      const back = await fx.index.findStatements({}, { limit: 10, cursor: p3.prevCursor });
      expect(back.items.map((s) => s.id)).toEqual(p2.items.map((s) => s.id));
      expect(back.offset).toBe(10);
      const first = await fx.index.findStatements({}, { limit: 10, cursor: back.prevCursor });
      expect(first.items.map((s) => s.id)).toEqual(p1.items.map((s) => s.id));
      expect(first).toMatchObject({ offset: 0, prevCursor: null });
      const all = [...p1.items, ...p2.items, ...p3.items].map((s) => s.id);
      expect(new Set(all).size).toBe(25);
      for (const c of [p1.nextCursor, p2.nextCursor, p2.prevCursor, p3.prevCursor]) {
        expect(c).toBeTruthy();
        expect(c!.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
      }
    });

    it('pages full-text results newest first and within a date range', async () => {
      fx = await buildFixture(
        dailyArticles(30, 'Mark Rutte', (i) => `Remark ${i} about troops${i % 2 ? ' and drones' : ''}.`),
        engine,
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await fx.index.findStatements({ text: 'troops' }, { limit: 7, order: 'newest', cursor });
        expect(page.total).toBe(30);
        seen.push(...page.items.map((s) => s.published!));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...seen].sort().reverse());
      expect(new Set(seen).size).toBe(30);
      const ranged = await fx.index.findStatements({ text: 'drones', from: '2025-01-10', to: '2025-01-20' }, { limit: 3, order: 'newest' });
      expect(ranged.total).toBe(6);
      expect(ranged.items.map((s) => s.published)).toEqual(['2025-01-20', '2025-01-18', '2025-01-16']);
      const rest = await fx.index.findStatements(
        { text: 'drones', from: '2025-01-10', to: '2025-01-20' },
        { limit: 3, order: 'newest', cursor: ranged.nextCursor },
      );
      expect(rest.items.map((s) => s.published)).toEqual(['2025-01-14', '2025-01-12', '2025-01-10']);
      const back = await fx.index.findStatements(
        { text: 'drones', from: '2025-01-10', to: '2025-01-20' },
        { limit: 3, order: 'newest', cursor: rest.prevCursor },
      );
      expect(back.items.map((s) => s.id)).toEqual(ranged.items.map((s) => s.id));
      const relevant = await fx.index.findStatements({ text: 'drones', from: '2025-01-10', to: '2025-01-20' }, { limit: 10 });
      expect(relevant.items).toHaveLength(6);
      for (const s of relevant.items) expect(s.snippet).toContain('\u0002drones\u0003');
    });

    it('continues after the last item seen when newer statements arrive in between', async () => {
      fx = await buildFixture(
        dailyArticles(12, 'Mark Rutte', (i) => `Point ${i}.`),
        engine,
      );
      const p1 = await fx.index.findStatements({}, { limit: 5 });
      writeArticle(fx.dir, 'newer.md', { published: '2025-06-01', body: 'Mark Rutte direct: Something new.' });
      await refreshIndex(fx.index, fx.dir, { extract: lineExtractor });
      const p2 = await fx.index.findStatements({}, { limit: 5, cursor: p1.nextCursor });
      expect(p2.items[0]!.published).toBe('2025-01-07');
      expect(p2.total).toBe(13);
    });

    it('ignores cursors that are garbage or belong to another query', async () => {
      fx = await buildFixture(
        dailyArticles(8, 'Mark Rutte', (i) => `Remark ${i} on troops.`),
        engine,
      );
      const topicPage = await fx.index.findStatements({ topic: 'troops' }, { limit: 3 });
      for (const cursor of ['', 'zzz', 'n1.abcd.d1.i2', 'x'.repeat(200), topicPage.nextCursor]) {
        const page = await fx.index.findStatements({}, { limit: 3, cursor });
        expect(page.offset).toBe(0);
        expect(page.items).toHaveLength(3);
      }
    });

    it('pages relevance-ordered search results and speaker lists', async () => {
      fx = await buildFixture(
        dailyArticles(9, 'Mark Rutte', (i) => `${'troops '.repeat(i + 1)}are discussed here.`),
        engine,
      );
      const p1 = await fx.index.findStatements({ text: 'troops' }, { limit: 4, order: 'relevance' });
      const p2 = await fx.index.findStatements({ text: 'troops' }, { limit: 4, order: 'relevance', cursor: p1.nextCursor });
      const p3 = await fx.index.findStatements({ text: 'troops' }, { limit: 4, order: 'relevance', cursor: p2.nextCursor });
      expect([p1.total, p2.offset, p3.offset, p3.items.length]).toEqual([9, 4, 8, 1]);
      for (const c of [p1.nextCursor, p2.nextCursor, p3.prevCursor]) expect(c!.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
      const back = await fx.index.findStatements({ text: 'troops' }, { limit: 4, order: 'relevance', cursor: p3.prevCursor });
      expect(back.items.map((s) => s.id)).toEqual(p2.items.map((s) => s.id));
      expect(new Set([...p1.items, ...p2.items, ...p3.items].map((s) => s.id)).size).toBe(9);
      const speakers = await fx.index.listSpeakers({}, { limit: 1 });
      expect(speakers).toMatchObject({ total: 1, nextCursor: null });
      const sources = await fx.index.listSources({}, { limit: 4 });
      const sources2 = await fx.index.listSources({}, { limit: 4, cursor: sources.nextCursor });
      expect(sources.total).toBe(9);
      expect(sources2.offset).toBe(4);
      expect(sources2.items[0]!.published! < sources.items[3]!.published!).toBe(true);
    });
  });
});
