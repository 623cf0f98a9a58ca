// The whole path with the real parser, extractor, registry and topics, on the seed article shipped in data/.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndexForDataDir, refreshIndex } from '../../src/ingest/data-dir.ts';
import type { SqliteStatementIndex } from '../../src/store/statement-index.ts';
import { tempDataDir } from './helpers.ts';

const SEED = new URL('../../data/articles/2025-08-23-unn-nato-troops-ukraine.md', import.meta.url);
let data: { dir: string; cleanup: () => void };
let index: SqliteStatementIndex;

beforeAll(() => {
  data = tempDataDir();
  copyFileSync(SEED, join(data.dir, 'articles', 'seed.md'));
  index = openIndexForDataDir(data.dir);
});
afterAll(() => {
  index.close();
  data.cleanup();
});

const count = (name: string) => {
  const r = index.lookupSpeaker(name);
  return r.kind === 'found' ? r.speaker.statementCount : 0;
};

describe('the seed article through the real extractor', () => {
  it('lands statements under the registry speakers, never under people who are only talked about', () => {
    const report = refreshIndex(index, data.dir);
    expect(report).toMatchObject({ added: 1, failed: [] });
    expect(report.statements).toBeGreaterThanOrEqual(8);
    expect(count('Dragone')).toBeGreaterThanOrEqual(5);
    expect(count('zelensky')).toBeGreaterThanOrEqual(1);
    expect(count('Rutte')).toBeGreaterThanOrEqual(1);
    expect(count('Andrii Yermak')).toBeGreaterThanOrEqual(1);
    expect(count('Trump')).toBe(0);
    expect(count('Putin')).toBe(0);
    const dragone = index.lookupSpeaker('Cavo Dragone');
    if (dragone.kind !== 'found') throw new Error('Cavo Dragone not found');
    const troops = index.findStatements({ speakerId: dragone.speaker.id, topic: 'troops' }, { limit: 10 });
    expect(troops.total).toBeGreaterThanOrEqual(1);
    expect(troops.items[0]!.sources[0]).toMatchObject({ outlet: 'UNN', published: '2025-08-23', file: 'articles/seed.md' });
    expect(refreshIndex(index, data.dir)).toMatchObject({ unchanged: 1, added: 0, updated: 0 });
  });
});
