// Tenancy at the store, on both engines: the global corpus is seen by everyone, a server's additions by that
// server only (statements, speakers, sources, counts, "also reported by"), and by no other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/model.ts';
import type { ArticleToStore } from '../../src/store/store.ts';
import { lineExtractor } from '../ingest/helpers.ts';
import { STORE_ENGINES } from '../support/store-engines.ts';
import { buildFixture, type Fixture } from './fixture.ts';

const A = '111111111111111111';
const B = '222222222222222222';

function upload(file: string, owner: string, outlet: string, published: string, body: string): ArticleToStore {
  const article: Article = {
    file,
    meta: { title: `Upload ${file}`, outlet, url: null, published, language: 'en', owner, provenance: 'uploaded' },
    body,
    hash: `hash-${file}`,
  };
  return {
    file,
    article,
    stamp: { size: body.length, mtimeMs: 0 },
    statements: lineExtractor(body).map((statement) => ({ statement, topics: [] })),
  };
}

describe.each(STORE_ENGINES)('%s store: tenancy', (engine) => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await buildFixture(
      {
        'global.md': {
          published: '2025-06-01',
          outlet: 'Wire One',
          body: 'Ona Example [harbour master] direct: The quay opens in May.',
        },
      },
      engine,
    );
    await fx.index.storeArticles([
      upload(
        'uploads/a.md',
        A,
        'Coast Weekly',
        '2025-06-03',
        ['Ona Example direct: The quay opens in May.', 'Ivo Private [pilot] direct: Fog grounded every flight.'].join('\n'),
      ),
      upload('uploads/b.md', B, 'Bay Herald', '2025-06-04', 'Ona Example direct: Ferries resume on Monday.'),
    ]);
  });
  afterAll(() => fx.cleanup());

  it('each server sees the global corpus and its own additions, never another server’s', async () => {
    const texts = async (guild: string | null) =>
      (await fx.index.forTenant(guild).findStatements({}, { limit: 10 })).items.map((s) => `${s.speaker?.name}: ${s.text}`).sort();
    expect(await texts(null)).toEqual(['Ona Example: The quay opens in May.']);
    expect(await texts(A)).toEqual([
      'Ivo Private: Fog grounded every flight.',
      'Ona Example: The quay opens in May.',
      'Ona Example: The quay opens in May.',
    ]);
    expect(await texts(B)).toEqual(['Ona Example: Ferries resume on Monday.', 'Ona Example: The quay opens in May.']);

    // A server's copy of a global quote is its own statement: it never corroborates the global one.
    const global = (await fx.index.findStatements({ text: 'quay' }, { limit: 10 })).items;
    expect(global.map((s) => s.sources.map((src) => src.outlet))).toEqual([['Wire One']]);
    const forA = (await fx.index.forTenant(A).findStatements({ text: 'quay' }, { limit: 10 })).items;
    expect(forA.map((s) => s.sources.map((src) => [src.outlet, src.claimed ?? 'fetched'])).sort()).toEqual([
      [['Coast Weekly', 'here']],
      [['Wire One', 'fetched']],
    ]);
  });

  it('speakers, counts, sources and stats are per server', async () => {
    expect(await fx.index.forTenant(B).lookupSpeaker('Ivo Private')).toMatchObject({ kind: 'unknown' });
    expect(await fx.index.forTenant(A).lookupSpeaker('Ivo Private')).toMatchObject({ kind: 'found', speaker: { statementCount: 1 } });
    expect(await fx.index.lookupSpeaker('Ivo Private')).toMatchObject({ kind: 'unknown' });
    const ona = async (guild: string | null) => {
      const found = await fx.index.forTenant(guild).lookupSpeaker('Ona Example');
      return found.kind === 'found' ? found.speaker.statementCount : -1;
    };
    expect([await ona(null), await ona(A), await ona(B)]).toEqual([1, 2, 2]);
    const outlets = async (guild: string | null) =>
      (await fx.index.forTenant(guild).listSources({}, { limit: 10 })).items.map((s) => `${s.outlet}:${s.statementCount}`);
    expect(await outlets(null)).toEqual(['Wire One:1']);
    expect(await outlets(A)).toEqual(['Coast Weekly:2', 'Wire One:1']);
    expect(await outlets(B)).toEqual(['Bay Herald:1', 'Wire One:1']);
    expect(await fx.index.forTenant(B).stats()).toMatchObject({ articles: 2, statements: 2, speakers: 1, outlets: 2 });
    expect(await fx.index.stats()).toMatchObject({ articles: 1, statements: 1, speakers: 1, outlets: 1 });
    expect(await fx.index.forTenant(A).dateRange({})).toEqual({ count: 3, first: '2025-06-01', last: '2025-06-03' });
    expect((await fx.index.forTenant(A).listSpeakers({}, { limit: 10 })).items.map((s) => [s.name, s.statementCount])).toEqual([
      ['Ona Example', 2],
      ['Ivo Private', 1],
    ]);
  });
});
