import { STORE_ENGINES } from '../support/store-engines.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN } from '../../src/store/types.ts';
import { buildFixture, type Fixture } from './fixture.ts';

describe.each(STORE_ENGINES)('%s store', (engine) => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await buildFixture(
      {
        'a.md': {
          published: '2025-08-20',
          outlet: 'Wire One',
          body: [
            'Volodymyr Zelensky direct: Security guarantees must be as strong as Article 5.',
            'Giuseppe Cavo Dragone [head of the NATO Military Committee] direct: Sending ground troops is premature.',
            'Mark Rutte indirect: the coalition of the willing is preparing plans.',
          ].join('\n'),
        },
        'b.md': {
          published: '2025-08-25',
          outlet: 'Wire Two',
          body: [
            'Volodymyr Zelenskiy direct: Our drones are made in Ukraine.',
            'Dragone direct: Soldiers from many countries could take part.',
            'ZELENSKYY mixed: the talks in Genève were "difficult but useful".',
          ].join('\n'),
        },
        'c.md': {
          published: '2025-09-10',
          outlet: 'Wire One',
          body: [
            'Volodymyr Zelenskyy direct: We need troops on the ground and air defence.',
            'Andrii Yermak direct: Coordination with partners is under way.',
            'Jane Ordinary [farmer in Poltava] direct: The troops passed by the fields.',
          ].join('\n'),
        },
      },
      engine,
    );
  });
  afterAll(() => fx.cleanup());

  describe('speaker lookup', () => {
    it('finds one person however the name is spelled', async () => {
      const ids = await Promise.all(
        ['zelensky', 'ZELENSKIY', 'Zelenskyy', 'Zelenskyi', 'volodymyr zelensky', 'Zelénskyy'].map(async (q) => {
          const r = await fx.index.lookupSpeaker(q);
          expect(r.kind, q).toBe('found');
          return r.kind === 'found' ? r.speaker.id : -1;
        }),
      );
      expect(new Set(ids).size).toBe(1);
      const z = await fx.index.getSpeaker(ids[0]!)!;
      expect(z).toMatchObject({ name: 'Volodymyr Zelenskyy', statementCount: 4, role: 'President of Ukraine' });
    });

    it('finds by surname, partial name and transliteration of the first name', async () => {
      expect(await fx.index.lookupSpeaker('Dragone')).toMatchObject({ kind: 'found', speaker: { name: 'Giuseppe Cavo Dragone' } });
      expect(await fx.index.lookupSpeaker('cavo dragone')).toMatchObject({ kind: 'found', speaker: { name: 'Giuseppe Cavo Dragone' } });
      expect(await fx.index.lookupSpeaker('Giuseppe Dragone')).toMatchObject({ kind: 'found', speaker: { name: 'Giuseppe Cavo Dragone' } });
      expect(await fx.index.lookupSpeaker('Andriy Yermak')).toMatchObject({
        kind: 'found',
        speaker: { name: 'Andriy Yermak', statementCount: 1 },
      });
      expect(await fx.index.lookupSpeaker('ordinary')).toMatchObject({
        kind: 'found',
        speaker: { name: 'Jane Ordinary', role: 'farmer in Poltava' },
      });
    });

    it('tolerates typos and suggests instead of returning nothing', async () => {
      expect(await fx.index.lookupSpeaker('Dragonne')).toMatchObject({ kind: 'found', speaker: { name: 'Giuseppe Cavo Dragone' } });
      const typo = await fx.index.lookupSpeaker('Dargone');
      expect(typo.kind).toBe('unknown');
      if (typo.kind === 'unknown') expect(typo.suggestions[0]!.name).toBe('Giuseppe Cavo Dragone');
      const r = await fx.index.lookupSpeaker('Zelenskky Volodimir');
      expect(r.kind === 'found' || (r.kind === 'unknown' && r.suggestions[0]?.name === 'Volodymyr Zelenskyy')).toBe(true);
      expect(await fx.index.lookupSpeaker('')).toEqual({ kind: 'unknown', suggestions: [] });
      expect(await fx.index.lookupSpeaker('"*NEAR(')).toMatchObject({ kind: 'unknown' });
    });

    it('autocompletes by match quality, then statement count', async () => {
      expect((await fx.index.suggestSpeakers('dra', 5))[0]).toMatchObject({ name: 'Giuseppe Cavo Dragone', statementCount: 2 });
      expect((await fx.index.suggestSpeakers('zel', 5))[0]!.name).toBe('Volodymyr Zelenskyy');
      expect((await fx.index.suggestSpeakers('Dragonn', 5))[0]!.name).toBe('Giuseppe Cavo Dragone');
      const ma = (await fx.index.suggestSpeakers('ma', 10)).map((m) => m.name);
      expect(ma.indexOf('Mark Rutte')).toBeLessThan(ma.indexOf('Emmanuel Macron'));
      const top = await fx.index.suggestSpeakers('', 3);
      expect(top[0]!.name).toBe('Volodymyr Zelenskyy');
      expect(await fx.index.suggestSpeakers('qqqq', 5)).toEqual([]);
    });
  });

  describe('statement queries', () => {
    it('filters by speaker, topic, kind and date range together, newest first', async () => {
      const z = await fx.index.lookupSpeaker('zelensky');
      if (z.kind !== 'found') throw new Error('zelensky not found');
      const all = await fx.index.findStatements({ speakerId: z.speaker.id }, { limit: 10 });
      expect(all.items.map((s) => s.published)).toEqual(['2025-09-10', '2025-08-25', '2025-08-25', '2025-08-20']);
      const troops = await fx.index.findStatements({ speakerId: z.speaker.id, topic: 'troops' }, { limit: 10 });
      expect(troops.items.map((s) => s.text)).toEqual(['We need troops on the ground and air defence.']);
      const mixed = await fx.index.findStatements({ speakerId: z.speaker.id, kind: 'mixed' }, { limit: 10 });
      expect(mixed.total).toBe(1);
      const august = await fx.index.findStatements({ speakerId: z.speaker.id, from: '2025-08-21', to: '2025-08-31' }, { limit: 10 });
      expect(august.total).toBe(2);
      const topicOnly = await fx.index.findStatements({ topic: 'troops', from: '2025-09-01' }, { limit: 10 });
      expect(topicOnly.items.map((s) => s.speaker?.name).sort()).toEqual(['Jane Ordinary', 'Volodymyr Zelenskyy']);
      expect(topicOnly.total).toBe(2);
      expect((await fx.index.findStatements({ from: '2025-08-25', to: '2025-08-25' }, { limit: 1 })).total).toBe(3);
      expect((await fx.index.findStatements({ to: '2025-08-24' }, { limit: 1 })).total).toBe(3);
      expect((await fx.index.findStatements({ from: '2025-09-11' }, { limit: 1 })).total).toBe(0);
      expect((await fx.index.findStatements({ topic: 'troops', to: '2025-08-31' }, { limit: 10 })).total).toBe(
        (await fx.index.findStatements({ topic: 'troops' }, { limit: 10 })).total - 2,
      );
      const combined = await fx.index.findStatements({ text: 'troops', topic: 'troops', kind: 'direct', to: '2025-08-31' }, { limit: 10 });
      expect(combined.items.map((s) => s.speaker?.name)).toEqual(['Giuseppe Cavo Dragone']);
    });

    it('searches full text with diacritics folded, prefixes, speaker names and highlighted snippets', async () => {
      const geneva = await fx.index.findStatements({ text: 'geneve' }, { limit: 10 });
      expect(geneva.total).toBe(1);
      const prefix = await fx.index.findStatements({ text: 'guarant*' }, { limit: 10 });
      expect(prefix.items[0]!.snippet).toContain(`${HIGHLIGHT_OPEN}guarantees${HIGHLIGHT_CLOSE}`);
      const byName = await fx.index.findStatements({ text: 'dragone soldiers' }, { limit: 10 });
      expect(byName.items.map((s) => s.text)).toEqual(['Soldiers from many countries could take part.']);
      const phrase = await fx.index.findStatements({ text: '"ground troops"' }, { limit: 10 });
      expect(phrase.total).toBe(1);
      const records = (await fx.index.findStatements({ text: 'troops' }, { limit: 10, order: 'newest' })).items;
      expect(records.map((s) => s.published)).toEqual([...records.map((s) => s.published)].sort().reverse());
    });

    it('finds the same statements for a word typed twice or in another case, and for words in another order', async () => {
      const ids = (page: { items: { id: number }[] }) => page.items.map((s) => s.id);
      for (const order of ['newest', 'relevance'] as const) {
        const once = await fx.index.findStatements({ text: 'troops' }, { limit: 10, order });
        const twice = await fx.index.findStatements({ text: 'troops TROOPS troops' }, { limit: 10, order });
        expect(once.total).toBe(3);
        expect(twice.total).toBe(once.total);
        expect([...ids(twice)].sort()).toEqual([...ids(once)].sort());
        const ground = await fx.index.findStatements({ text: 'ground troops' }, { limit: 10, order });
        const reversed = await fx.index.findStatements({ text: 'troops ground' }, { limit: 10, order });
        expect(ground.total).toBe(2);
        expect(reversed.total).toBe(ground.total);
        expect([...ids(reversed)].sort()).toEqual([...ids(ground)].sort());
      }
    });

    it('never throws on hostile full-text input', async () => {
      const hostile = [
        '"',
        '""',
        '*',
        '**',
        'NEAR(',
        'NEAR(troops',
        'troops NEAR/2 guarantees',
        'AND',
        'OR',
        'NOT',
        'troops OR',
        'NOT troops',
        '(',
        ')',
        '((troops',
        'text:troops',
        '{text context}: troops',
        '^troops',
        "'",
        "don't",
        '-troops',
        '+',
        'troops"',
        '"unterminated phrase',
        'a*b*c',
        '\u0000',
        '\u0301',
        '🙂',
        '🙂 troops',
        'x'.repeat(5000),
        'troops '.repeat(200),
        'с тобой',
        '  ',
        '\\',
      ];
      for (const text of hostile) {
        await expect(fx.index.findStatements({ text }, { limit: 5 }), text).resolves.toBeDefined();
        await expect(fx.index.findStatements({ text }, { limit: 5, order: 'newest' }), text).resolves.toBeDefined();
      }
      expect((await fx.index.findStatements({ text: 'troops OR' }, { limit: 5 })).total).toBe(0);
      expect((await fx.index.findStatements({ text: 'NEAR(troops' }, { limit: 5 })).total).toBe(0);
      expect(await fx.index.findStatements({ text: '"*"' }, { limit: 5 })).toMatchObject({ total: 0, items: [] });
    });

    it('lists speakers by statement count, for a topic too, and sources per speaker', async () => {
      const speakers = await fx.index.listSpeakers({}, { limit: 10 });
      expect(speakers.items[0]!.name).toBe('Volodymyr Zelenskyy');
      expect(speakers.total).toBe(5);
      const troops = await fx.index.listSpeakers({ topic: 'troops' }, { limit: 10 });
      expect(troops.items.map((s) => s.name).sort()).toEqual(['Giuseppe Cavo Dragone', 'Jane Ordinary', 'Volodymyr Zelenskyy']);
      const z = await fx.index.lookupSpeaker('zelensky');
      if (z.kind !== 'found') throw new Error('zelensky not found');
      const sources = await fx.index.listSources({ speakerId: z.speaker.id }, { limit: 10 });
      expect(sources.items.map((s) => [s.published, s.statementCount])).toEqual([
        ['2025-09-10', 1],
        ['2025-08-25', 2],
        ['2025-08-20', 1],
      ]);
    });

    it('reports what it holds', async () => {
      const stats = await fx.index.stats();
      expect(stats).toMatchObject({ articles: 3, statements: 9, speakers: 5, outlets: 2 });
      expect(stats.byKind).toEqual({ direct: 7, indirect: 1, mixed: 1, continuation: 0 });
      expect(stats.byTopic.troops).toBeGreaterThanOrEqual(3);
      expect(stats.lastIngest).toMatch(/^\d{4}-/);
    });
  });
});
