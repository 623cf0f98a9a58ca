import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshIndex, indexFileFor } from '../../src/ingest/data-dir.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { lineExtractor, tempDataDir, writeArticle } from './helpers.ts';

let data: { dir: string; cleanup: () => void };
let index: SqliteStore;
const refresh = () => refreshIndex(index, data.dir, { extract: lineExtractor });
const speakerId = (name: string) =>
  (index.db.prepare('SELECT id FROM speakers WHERE name = ?').get(name) as { id: number } | undefined)?.id;

beforeEach(() => {
  data = tempDataDir();
  index = openSqliteStore(indexFileFor(data.dir));
});
afterEach(() => {
  index.close();
  data.cleanup();
});

describe('a speaker someone watches', () => {
  it('keeps its id when its statements go, so the watch never follows a newcomer', async () => {
    writeArticle(data.dir, 'a.md', { body: 'Ona Example [harbour master] direct: The port stays open all winter.' });
    await refresh();
    const watched = await speakerId('Ona Example')!;
    index.db
      .prepare(
        "INSERT INTO watches (channel_id, speaker_id, speaker_name, created_by, created_at) VALUES ('1', ?, 'Ona Example', 't', 't')",
      )
      .run(watched);

    writeArticle(data.dir, 'a.md', { body: 'Nobody said anything quotable today.' });
    await refresh();
    expect(await speakerId('Ona Example')).toBe(watched);

    writeArticle(data.dir, 'b.md', { body: 'Ivo Newcomer [pilot] direct: We fly at dawn.', published: '2025-09-03' });
    await refresh();
    expect(await speakerId('Ivo Newcomer')).not.toBe(watched);
  });

  it('still drops a discovered speaker nobody watches once it has no statements', async () => {
    writeArticle(data.dir, 'a.md', { body: 'Ona Example [harbour master] direct: The port stays open all winter.' });
    await refresh();
    writeArticle(data.dir, 'a.md', { body: 'Nobody said anything quotable today.' });
    await refresh();
    expect(await speakerId('Ona Example')).toBeUndefined();
  });
});
