import { openTestStore, STORE_ENGINES } from '../support/store-engines.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/slash/invoke.ts';
import { refreshIndex, indexFileFor } from '../../src/ingest/data-dir.ts';
import type { Store } from '../../src/store/store.ts';
import type { DigestReply } from '../../src/reply/types.ts';
import { topicCatalog } from '../../src/topics/index.ts';
import { lineExtractor, tempDataDir, writeArticle } from '../ingest/helpers.ts';
import { commands } from '../../commands/index.ts';

describe.each(STORE_ENGINES)('%s store', (engine) => {
  let data: { dir: string; cleanup: () => void };
  let index: Store;

  beforeEach(async () => {
    data = tempDataDir();
    index = await openTestStore(engine, indexFileFor(data.dir));
    // One early statement on troops, then 230 later ones: more than /summary reads to pick key quotes.
    writeArticle(data.dir, 'early.md', {
      body: 'Ona Example [harbour master] direct: No troops will land here this year.',
      published: '2025-01-05',
    });
    const many = Array.from(
      { length: 230 },
      (_, i) => `Ona Example [harbour master] indirect: troops of battalion ${i} may pass through the port`,
    );
    writeArticle(data.dir, 'late.md', { body: many.join('\n'), published: '2025-09-20' });
    writeArticle(data.dir, 'other.md', { body: 'Ivo Other [pilot] direct: Our troops need more fuel.', published: '2025-03-01' });
    await refreshIndex(index, data.dir, { extract: lineExtractor });
  });
  afterEach(async () => {
    await index.close();
    data.cleanup();
  });

  describe('date ranges', () => {
    it('count and span a speaker, a topic, and both together', async () => {
      const ona = await index.lookupSpeaker('Ona Example');
      if (ona.kind !== 'found') throw new Error('speaker not found');
      expect(await index.dateRange({ speakerId: ona.speaker.id })).toEqual({ count: 231, first: '2025-01-05', last: '2025-09-20' });
      expect(await index.dateRange({ speakerId: ona.speaker.id, topic: 'troops' })).toEqual({
        count: 231,
        first: '2025-01-05',
        last: '2025-09-20',
      });
      expect(await index.dateRange({ topic: 'troops' })).toEqual({ count: 232, first: '2025-01-05', last: '2025-09-20' });
      expect(await index.dateRange({ speakerId: ona.speaker.id, topic: 'coalition' })).toBeNull();
    });

    it('/summary gives the whole date range even when a speaker has more statements than it reads', async () => {
      const reply = (await runCommand(
        commands,
        { command: 'summary', options: { topic: 'troops' } },
        { index, topics: topicCatalog(), cursor: null, member: { canManage: false, canPin: false } },
      )) as DigestReply;
      expect(reply.type).toBe('digest');
      const ona = reply.sections.find((s) => s.speaker?.name === 'Ona Example')!;
      expect(ona).toMatchObject({ count: 231, firstDate: '2025-01-05', lastDate: '2025-09-20' });
      expect(reply.totalStatements).toBe(232);
    });
  });
});
