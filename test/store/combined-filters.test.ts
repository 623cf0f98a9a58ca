// Combined filters (speaker + topic, search + speaker) return exactly the pages the single-filter results
// give when filtered in memory, whichever table the index drives the query from.
import { STORE_ENGINES } from '../support/store-engines.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CURSOR_LENGTH } from '../../src/store/cursor.ts';
import type { Page, PageRequest, StatementFilter, StatementRecord } from '../../src/store/types.ts';
import type { ArticleSpec } from '../ingest/helpers.ts';
import { buildFixture, type Fixture } from './fixture.ts';

describe.each(STORE_ENGINES)('%s store', (engine) => {
  let fx: Fixture;
  beforeAll(async () => {
    const articles: Record<string, ArticleSpec> = {};
    for (let i = 0; i < 36; i++) {
      const day = new Date(Date.UTC(2025, 0, 1 + Math.floor(i / 2))).toISOString().slice(0, 10);
      const lines = [
        `Mark Rutte direct: Remark ${i} on ${i % 3 === 0 ? 'NATO' : 'troops'} and ${i % 2 ? 'drones' : 'budgets'}.`,
        `Mark Rutte indirect: point ${i} about troops${i % 4 === 0 ? ' and drones' : ''}.`,
      ];
      if (i % 3 === 1) lines.push(`Andrii Yermak direct: Answer ${i} on troops${i % 2 ? ' and drones' : ''}.`);
      if (i % 5 === 2) lines.push(`Jane Ordinary direct: Note ${i} on NATO drones.`);
      articles[`a-${String(i).padStart(3, '0')}.md`] = { published: day, body: lines.join('\n') };
    }
    fx = await buildFixture(articles, engine);
  });
  afterAll(() => fx.cleanup());

  async function speakerId(name: string): Promise<number> {
    const found = await fx.index.lookupSpeaker(name);
    if (found.kind !== 'found') throw new Error(name);
    return found.speaker.id;
  }

  /** Every page forward from the first, then every page back from the last; checks offsets, totals, cursors. */
  async function walk(
    filter: StatementFilter,
    request: Omit<PageRequest, 'cursor'>,
  ): Promise<{ forward: Page<StatementRecord>[]; ids: number[] }> {
    const forward: Page<StatementRecord>[] = [];
    let cursor: string | null = null;
    do {
      const page = await fx.index.findStatements(filter, { ...request, cursor });
      forward.push(page);
      cursor = page.nextCursor;
      for (const c of [page.nextCursor, page.prevCursor]) if (c) expect(c.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    } while (cursor && forward.length < 50);
    let offset = 0;
    for (const page of forward) {
      expect(page.offset).toBe(offset);
      offset += page.items.length;
    }
    for (let i = forward.length - 1; i > 0; i--) {
      const back = await fx.index.findStatements(filter, { ...request, cursor: forward[i]!.prevCursor });
      expect(back.items.map((s) => s.id)).toEqual(forward[i - 1]!.items.map((s) => s.id));
      expect(back.offset).toBe(forward[i - 1]!.offset);
    }
    return { forward, ids: forward.flatMap((p) => p.items.map((s) => s.id)) };
  }

  describe('combined filters', () => {
    it('speaker + topic: same pages whether the speaker or the topic drives', async () => {
      const all = (await walk({}, { limit: 100 })).ids.map((id) => id);
      const records = new Map((await walk({}, { limit: 100 })).forward.flatMap((p) => p.items).map((s) => [s.id, s]));
      expect(all.length).toBeGreaterThan(80);
      const stats = await fx.index.stats();
      const cases: [string, string][] = [
        ['Mark Rutte', 'troops'],
        ['Mark Rutte', 'nato'],
        ['Andrii Yermak', 'troops'],
        ['Jane Ordinary', 'nato'],
        ['Jane Ordinary', 'troops'],
      ];
      const drivers = new Set<string>();
      for (const [name, topic] of cases) {
        const id = await speakerId(name);
        drivers.add((await fx.index.getSpeaker(id))!.statementCount <= (stats.byTopic[topic] ?? 0) ? 'speaker' : 'topic');
        const expected = all.filter((s) => records.get(s)!.speaker?.id === id && records.get(s)!.topics.includes(topic));
        for (const limit of [3, 5]) {
          const { forward, ids } = await walk({ speakerId: id, topic }, { limit });
          expect(ids, `${name} ${topic}`).toEqual(expected);
          for (const page of forward) expect(page.total).toBe(expected.length);
        }
        const ranged = all.filter(
          (s) => expected.includes(s) && records.get(s)!.published! >= '2025-01-05' && records.get(s)!.published! <= '2025-01-14',
        );
        expect((await walk({ speakerId: id, topic, from: '2025-01-05', to: '2025-01-14' }, { limit: 2 })).ids).toEqual(ranged);
      }
      expect(drivers).toEqual(new Set(['speaker', 'topic']));
    });

    it('search + speaker: the speaker’s share of the unfiltered search, in either order', async () => {
      for (const order of ['newest', 'relevance'] as const) {
        for (const text of ['drones', 'troops', 'tro*', 'nato drones']) {
          const everyone = (await walk({ text }, { limit: 100, order })).forward.flatMap((p) => p.items);
          for (const name of ['Mark Rutte', 'Andrii Yermak', 'Jane Ordinary']) {
            const id = await speakerId(name);
            const expected = everyone.filter((s) => s.speaker?.id === id).map((s) => s.id);
            const { forward, ids } = await walk({ text, speakerId: id }, { limit: 3, order });
            expect(ids, `${order} ${text} ${name}`).toEqual(expected);
            for (const page of forward) expect(page.total).toBe(expected.length);
            const withKind = everyone.filter((s) => s.speaker?.id === id && s.kind === 'direct').map((s) => s.id);
            expect((await walk({ text, speakerId: id, kind: 'direct' }, { limit: 4, order })).ids).toEqual(withKind);
          }
        }
      }
    });
  });
});
