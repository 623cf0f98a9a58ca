// The whole path with the real parser, extractor, registry and topics, on the seed article shipped in data/.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshIndex, indexFileFor } from '../../src/ingest/data-dir.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { tempDataDir } from './helpers.ts';

const SEED = new URL('../../data/articles/2025-08-23-unn-nato-troops-ukraine.md', import.meta.url);
let data: { dir: string; cleanup: () => void };
let index: SqliteStore;

beforeAll(() => {
  data = tempDataDir();
  copyFileSync(SEED, join(data.dir, 'articles', 'seed.md'));
  index = openSqliteStore(indexFileFor(data.dir));
});
afterAll(() => {
  index.close();
  data.cleanup();
});

const count = async (name: string) => {
  const r = await index.lookupSpeaker(name);
  return r.kind === 'found' ? r.speaker.statementCount : 0;
};

describe('the seed article through the real extractor', () => {
  it('lands statements under the registry speakers, never under people who are only talked about', async () => {
    const report = await refreshIndex(index, data.dir);
    expect(report).toMatchObject({ added: 1, failed: [] });
    expect(report.statements).toBeGreaterThanOrEqual(8);
    expect(await count('Dragone')).toBeGreaterThanOrEqual(5);
    expect(await count('zelensky')).toBeGreaterThanOrEqual(1);
    expect(await count('Rutte')).toBeGreaterThanOrEqual(1);
    expect(await count('Andrii Yermak')).toBeGreaterThanOrEqual(1);
    expect(await count('Trump')).toBe(0);
    expect(await count('Putin')).toBe(0);
    const dragone = await index.lookupSpeaker('Cavo Dragone');
    if (dragone.kind !== 'found') throw new Error('Cavo Dragone not found');
    const troops = await index.findStatements({ speakerId: dragone.speaker.id, topic: 'troops' }, { limit: 10 });
    expect(troops.total).toBeGreaterThanOrEqual(1);
    expect(troops.items[0]!.sources[0]).toMatchObject({ outlet: 'UNN', published: '2025-08-23', file: 'articles/seed.md' });
    expect(await refreshIndex(index, data.dir)).toMatchObject({ unchanged: 1, added: 0, updated: 0 });
  });
});
