// Issue 15: an index built before a change to the topic catalog kept its old topic tags (unchanged files are
// skipped). The index records the catalog's version; a refresh under another version tags every stored
// statement again (from its text and context, as ingest tags it), without re-reading the articles.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshIndex } from '../../src/ingest/data-dir.ts';
import type { Store } from '../../src/store/store.ts';
import { buildTopicCatalog, parseTopicsFile } from '../../src/topics/index.ts';
import { openTestStore, STORE_ENGINES } from '../support/store-engines.ts';
import { lineExtractor, tempDataDir, writeArticle } from './helpers.ts';

const FERRIES = `
- id: ferries
  name: Ferries
  description: Ferry crossings
  terms: [ferry]
`;
// The same topic, now also about harbours, and a new topic.
const HARBOURS = `
- id: ferries
  name: Ferries
  description: Ferry crossings
  terms: [ferry, quay]
- id: weather
  name: Weather
  description: Storms and wind
  terms: [storm*]
`;

const catalog = (source: string) => buildTopicCatalog(parseTopicsFile(source, 'test-topics.yaml'));

describe.each(STORE_ENGINES)('%s store: topic tags follow the topic catalog', (engine) => {
  let data: ReturnType<typeof tempDataDir>;
  let index: Store;
  let extracted: number;
  const extract: typeof lineExtractor = (body) => {
    extracted++;
    return lineExtractor(body);
  };
  const refresh = (source: string) => refreshIndex(index, data.dir, { extract, topics: catalog(source) });
  const tags = async () => (await index.findStatements({}, { limit: 10 })).items.map((s) => `${s.text} -> ${s.topics.join(',')}`).sort();

  beforeEach(async () => {
    data = tempDataDir();
    index = await openTestStore(engine, join(data.dir, 'whosaid.db'));
    extracted = 0;
    writeArticle(data.dir, 'harbour.md', {
      body: ['Mira Testandottir direct: The ferry sails on Monday.', 'Jon Harbourmaster direct: The quay survived the storms.'].join('\n'),
    });
    writeArticle(data.dir, 'plain.md', { body: 'Ola Plainson direct: Nothing to add today.' });
  });
  afterEach(async () => {
    await index.close();
    data.cleanup();
  });

  it('a changed catalog re-tags statements of unchanged files at the next refresh', async () => {
    expect(await refresh(FERRIES)).toMatchObject({ added: 2, unchanged: 0 });
    expect(await tags()).toEqual([
      'Nothing to add today. -> ',
      'The ferry sails on Monday. -> ferries',
      'The quay survived the storms. -> ',
    ]);

    const report = await refresh(HARBOURS);
    expect(report).toMatchObject({ added: 0, updated: 0, unchanged: 2, removed: 0, failed: [] });
    expect(await tags()).toEqual([
      'Nothing to add today. -> ',
      'The ferry sails on Monday. -> ferries',
      'The quay survived the storms. -> ferries,weather',
    ]);
    expect((await index.findStatements({ topic: 'weather' }, { limit: 10 })).items.map((s) => s.text)).toEqual([
      'The quay survived the storms.',
    ]);
  });

  it('an unchanged catalog re-extracts nothing, even reformatted', async () => {
    await refresh(FERRIES);
    expect(extracted).toBe(2);
    const reformatted = `# the same topics\n- {id: ferries, name: Ferries, description: Ferry crossings, terms: [ferry]}\n`;
    expect(await refresh(reformatted)).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    expect(extracted).toBe(2);
  });

  it('a catalog change back and forth re-tags both ways, and no article is extracted again', async () => {
    await refresh(HARBOURS);
    await refresh(FERRIES);
    expect(await tags()).toEqual([
      'Nothing to add today. -> ',
      'The ferry sails on Monday. -> ferries',
      'The quay survived the storms. -> ',
    ]);
    expect((await index.findStatements({ topic: 'weather' }, { limit: 10 })).total).toBe(0);
    expect(extracted).toBe(2);
  });
});
